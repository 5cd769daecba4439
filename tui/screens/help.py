"""Help: every key and what it does, and a glossary of every term the screen uses, in the
article's words (two tabs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from tui.glossary import GLOSSARY
from tui.screens.modal import OnceModal
from tui.widgets.pane import esc

INTRO = (
    "Each student's grades go in; the [b]guessing game[/b] (forward pass) makes two "
    "[b]preliminary guesses[/b] and then the probability of passing; the error function "
    "says how wrong that was; the [b]blame game[/b] (backprop) gives every weight its share; "
    "each weight then moves against its slope by [b]alpha × slope[/b]. Repeat."
)

TABS = ("keys", "glossary")
"""The help's tabs, in order (``HelpScreen(tab=...)`` opens on one)."""


def glossary_markup() -> str:
    """Every glossary term in bold, its explanation on the lines below."""
    return "\n\n".join(f"[b $accent]{esc(t.name)}[/]\n{t.text}" for t in GLOSSARY)


class HelpScreen(OnceModal[None]):
    """All keys and the glossary; k / g (or ← →) switch tabs, escape or ? closes, q quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close"),
        Binding("q", "app.quit", "Quit"),
        Binding("k", "tab('keys')", "Keys", show=False),
        Binding("g", "tab('glossary')", "Glossary", show=False),
        Binding("down", "scroll(1)", "Down", show=False),
        Binding("up", "scroll(-1)", "Up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
    ]

    def __init__(self, keys: Sequence[tuple[str, str]], tab: str = "keys") -> None:
        super().__init__()
        self._keys = keys
        self._tab = tab if tab in TABS else TABS[0]

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self._keys)
        rows = "\n".join(f"[b $accent]{esc(k):>{width}}[/]  {esc(d)}" for k, d in self._keys)
        with Vertical(id="help-box") as box:
            box.border_title = "Help"
            box.border_subtitle = "k keys · g glossary · ↑↓ scroll · escape closes"
            with TabbedContent(initial=f"help-{self._tab}-tab"):
                with TabPane("Keys", id="help-keys-tab"), VerticalScroll():
                    yield Static(INTRO, id="help-intro")
                    yield Static(rows, id="help-keys")
                with TabPane("Glossary", id="help-glossary-tab"), VerticalScroll():
                    yield Static(glossary_markup(), id="help-glossary")

    def action_tab(self, tab: str) -> None:
        """Show the keys or the glossary."""
        self.query_one(TabbedContent).active = f"help-{tab}-tab"

    def action_scroll(self, lines: int) -> None:
        """Scroll the tab shown, whichever widget has the focus."""
        pane = self.query_one(TabbedContent).active_pane
        if pane is not None:
            pane.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        """Back to the simulator."""
        self.dismiss(None)
