"""Help: every key and what it does, in the article's words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.screens.modal import OnceModal
from tui.widgets.pane import esc

INTRO = (
    "Each student's grades go in; the [b]guessing game[/b] (forward pass) makes two "
    "[b]preliminary guesses[/b] and then the probability of passing; the error function "
    "says how wrong that was; the [b]blame game[/b] (backprop) gives every weight its share; "
    "each weight then moves a step of size [b]alpha[/b] against its slope. Repeat."
)


class HelpScreen(OnceModal[None]):
    """All keys; escape or ? closes it, q quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self._keys)
        rows = "\n".join(f"[b $accent]{esc(k):>{width}}[/]  {esc(d)}" for k, d in self._keys)
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape closes"
            yield Static(INTRO, id="help-intro")
            yield Static(rows, id="help-keys")

    def action_close(self) -> None:
        """Back to the simulator."""
        self.dismiss(None)
