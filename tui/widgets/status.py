"""Status line: where training stands, and what the last key did."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from engine.recipe import alpha_text
from engine.undo import WeightsFrom
from tui.widgets.pane import esc


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


def state_text(
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
) -> str:
    """The first line, as markup: ``▶ 20/s epoch 12 · student 7 of 480 training · stochastic
    sigmoid · α 0.5`` (``paused`` in place of the speed when paused; ``epoch 212+12`` on from
    a model trained ``before`` = 212 epochs; ``α 0.049 (0.5 decayed)`` when the schedule makes
    the next step's alpha, ``learning_rate_now``, smaller; ``epoch 93, weights of 86`` or
    ``epoch 0 + 1 step`` when ``made``, the weights in use, are not the count's). Fits 80
    columns with epoch 1,000,000, a 4-digit speed, minibatch and relu (alpha last: cut
    first if need be, its "decayed" note before the alpha the next step uses)."""
    now = learning_rate if learning_rate_now is None else learning_rate_now
    if running:
        rate = speed.removeprefix("max ") if "/s" in speed else speed
        state = f"[reverse $success]▶ {esc(rate)}[/]"
    else:
        state = "[b reverse]paused[/]"
    return (
        f"{state} [b]{epoch_words(epoch, made or WeightsFrom(epoch), before)}[/b] · "
        f"{esc(position)} · {mode} "
        f"{activation} · α {esc(alpha_text(learning_rate, now, 2))}"
    )


class StatusLine(Static):
    """The run's state, epoch, focus student, α, mode and activation; the last key's effect."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._markup = ""

    def show(self, state: str, message: str) -> None:
        """``state``: ``state_text``'s line; ``message``: what the last key did (markup)."""
        markup = f"{state}\n[$accent]›[/] {message}"
        if markup != self._markup:
            self._markup = markup
            self.update(markup, layout=False)

    @property
    def text(self) -> str:
        """What the line shows, as plain text."""
        return Content.from_markup(self._markup).plain
