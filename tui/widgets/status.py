"""Status line: where training stands, and what the last key did."""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from engine.recipe import alpha_text
from engine.undo import WeightsFrom
from tui.widgets.pane import esc, plain_width

ALPHA_DIGITS = 3
"""Significant digits of a short alpha (the status line, ``+``/``-``, ``l``): 0.417, not 0.42."""

StatePart = tuple[int, str]
"""One part of the state line: (rank, markup); when the line is too wide for the window the
lowest rank goes first."""


def epoch_label(epoch: int, before: int = 0) -> str:
    """``12``, or ``212+12`` for the 12th epoch on from a model that had trained 212 (``before``:
    ``--model FILE``'s epochs, while the weights still descend from it)."""
    return f"{before:,}+{epoch:,}" if before else f"{epoch:,}"


def steps_since(made: WeightsFrom) -> str:
    """`` + 1 step``, `` + 3 steps``: the single steps (b) since the epoch; "" for none."""
    return f" + {made.steps:,} step{'' if made.steps == 1 else 's'}" if made.steps else ""


def epoch_words(epoch: int, made: WeightsFrom, before: int = 0) -> str:
    """The count and whose weights are in use (``Trainer.weights_from``): ``epoch 93``;
    ``epoch 0 + 1 step`` (b since epoch 0); ``epoch 93, weights of 86`` (a stop kept an
    earlier epoch's weights)."""
    now = f"epoch {epoch_label(epoch, before)}"
    if made.epoch == epoch:
        return now + steps_since(made)
    return f"{now}, weights of {epoch_label(made.epoch, before)}{steps_since(made)}"


def weights_note(made: WeightsFrom, before: int = 0) -> str:
    """Whose weights made a guess, as the panes say under it: ``epoch 86's weights``,
    ``epoch 0's weights + 1 step``."""
    return f"epoch {epoch_label(made.epoch, before)}'s weights{steps_since(made)}"


def state_parts(
    running: bool,
    speed: str,
    epoch: int,
    position: str,
    learning_rate: float,
    mode: str,
    activation: str,
    before: int = 0,
    learning_rate_now: float | None = None,
    made: WeightsFrom | None = None,
    quiz_score: str = "",
) -> list[StatePart]:
    """The first line's parts, as markup: ``▶ 20/s epoch 12``, ``student 7 of 480 training``,
    ``stochastic sigmoid``, ``α 0.5``, ``quiz 3/5`` (``paused`` in place of the speed when
    paused; ``epoch 212+12`` on from a model trained ``before`` = 212 epochs; ``epoch 93,
    weights of 86`` or ``epoch 0 + 1 step`` when ``made``, the weights in use, are not the
    count's; ``α 0.049 (0.5 decayed)`` when the schedule makes the next step's alpha,
    ``learning_rate_now``, smaller; the quiz's running score while it is on). Ranked so that a
    narrow window drops the student's position first (the Inputs pane shows it too), then the
    mode and activation."""
    now = learning_rate if learning_rate_now is None else learning_rate_now
    if running:
        rate = speed.removeprefix("max ") if "/s" in speed else speed
        state = f"[reverse $success]▶ {esc(rate)}[/]"
    else:
        state = "[b reverse]paused[/]"
    parts = [
        (9, f"{state} [b]{epoch_words(epoch, made or WeightsFrom(epoch), before)}[/b]"),
        (1, esc(position)),
        (2, f"{mode} {activation}"),
        (8, f"α {esc(alpha_text(learning_rate, now, ALPHA_DIGITS))}"),
    ]
    if quiz_score:
        parts.append((7, f"[b $accent]{esc(quiz_score)}[/]"))
    return parts


def fit_parts(parts: list[StatePart], width: int) -> str:
    """``parts`` joined with `` · ``, dropping the lowest-ranked until the line fits ``width``
    cells (the top-ranked ones always stay; ``width`` 0: all of them)."""
    kept = list(parts)
    while width > 0 and len(kept) > 1 and plain_width(" · ".join(m for _, m in kept)) > width:
        kept.remove(min(kept[1:], key=lambda p: p[0]))
    return " · ".join(m for _, m in kept)


class StatusLine(Static):
    """The run's state, epoch, focus student, α, mode and activation; the last key's effect."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._markup = ""
        self._parts: list[StatePart] = []
        self._message = ""

    def show(self, parts: list[StatePart], message: str) -> None:
        """``parts``: ``state_parts``' line, fitted to the window; ``message``: what the last
        key did (markup)."""
        self._parts, self._message = parts, message
        markup = f"{fit_parts(parts, self.content_region.width)}\n[$accent]›[/] {message}"
        if markup != self._markup:
            self._markup = markup
            self.update(markup, layout=False)

    def on_resize(self, event: Resize) -> None:
        """A wider or narrower window keeps more or fewer of the state's parts."""
        if self._parts:
            self.show(self._parts, self._message)

    @property
    def text(self) -> str:
        """What the line shows, as plain text."""
        return Content.from_markup(self._markup).plain
