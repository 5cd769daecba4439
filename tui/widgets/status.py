"""Status line: where training stands, and what the last key did."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from engine.recipe import alpha_text
from tui.widgets.pane import esc


def epoch_label(epoch: int, before: int = 0) -> str:
    """``12``, or ``212+12`` for the 12th epoch on from a model that had trained 212 (``before``:
    ``--model FILE``'s epochs, while the weights still descend from it)."""
    return f"{before:,}+{epoch:,}" if before else f"{epoch:,}"


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
) -> str:
    """The first line, as markup: ``▶ 20/s epoch 12 · student 7 of 480 training · stochastic
    sigmoid · α 0.5`` (``paused`` in place of the speed when paused; ``epoch 212+12`` on from
    a model trained ``before`` = 212 epochs; ``α 0.049 (0.5 decayed)`` when the schedule makes
    the next step's alpha, ``learning_rate_now``, smaller). Fits 80 columns with epoch
    1,000,000, a 4-digit speed, minibatch and relu (alpha last: cut first if need be, its
    "decayed" note before the alpha the next step uses)."""
    now = learning_rate if learning_rate_now is None else learning_rate_now
    if running:
        rate = speed.removeprefix("max ") if "/s" in speed else speed
        state = f"[reverse $success]▶ {esc(rate)}[/]"
    else:
        state = "[b reverse]paused[/]"
    return (
        f"{state} [b]epoch {epoch_label(epoch, before)}[/b] · {esc(position)} · {mode} "
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
