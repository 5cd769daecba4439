"""Shown instead of a broken layout when the terminal is smaller than the screen needs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.screens.modal import OnceModal

MIN_WIDTH, MIN_HEIGHT = 80, 24
"""The smallest terminal the simulator lays out in."""


class TooSmallScreen(OnceModal[None]):
    """ "needs at least 80x24": goes away by itself when the terminal grows."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        """Say how big the terminal is and how big it needs to be."""
        self.query_one(Static).update(
            f"passfail-tui needs at least [b]{MIN_WIDTH}x{MIN_HEIGHT}[/b]\n"
            f"this terminal is {width}x{height}\n\n"
            "make the window larger (or the font smaller)\nq quits"
        )
