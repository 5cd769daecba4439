"""Terminal manners, mixed into the App: themes (ctrl+t cycles), the ASCII fallback, and
exports that go to the browser when the app runs under ``passfail-tui serve``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, cast

from textual.app import App
from textual.driver import Driver

from tui import glyphs
from tui.themes import CONTRAST, THEMES, contrast_theme, next_theme


def ascii_driver(driver_class: type[Driver]) -> type[Driver]:
    """``driver_class``, but every character it writes outside ASCII gets a stand-in."""

    class AsciiDriver(driver_class):  # type: ignore[valid-type,misc]
        def write(self, data: str) -> None:
            super().write(glyphs.transliterate(data))

    AsciiDriver.__name__ = f"Ascii{driver_class.__name__}"
    return AsciiDriver


class TerminalManners:
    """Themes, ASCII drawing and web delivery; the App calls ``start_manners`` on mount."""

    start_theme: str = THEMES[0]
    """``--theme``: the theme the app opens in."""

    ascii_mode: bool = False
    """``--ascii`` (or a C locale): draw with ASCII only."""

    def use_ascii(self, on: bool) -> None:
        """Switch ASCII drawing on or off before the app runs (wraps the output driver)."""
        app = cast(App[Any], self)
        self.ascii_mode = on
        if on and not app.driver_class.__name__.startswith("Ascii"):
            app.driver_class = ascii_driver(app.driver_class)

    def start_manners(self) -> None:
        """Register the contrast theme, open in ``start_theme``, set the glyphs."""
        app = cast(App[Any], self)
        app.set_class(self.ascii_mode, "-ascii")
        if CONTRAST not in app.available_themes:
            app.register_theme(contrast_theme())
        app.theme = self.start_theme

    def action_cycle_theme(self) -> None:
        """ctrl+t: the next of textual-dark, textual-light, passfail-contrast."""
        app = cast(App[Any], self)
        app.theme = next_theme(app.theme)
        app.notify(f"theme: {app.theme}", title="ctrl+t", timeout=2)

    def deliver_to_browser(self, text: str | bytes, path: str | Path) -> bool:
        """Under ``serve``, send ``text`` to the browser (see ``deliver_to_browser``)."""
        return deliver_to_browser(cast(App[Any], self), text, path)


def deliver_to_browser(app: App[Any], text: str | bytes, path: str | Path) -> bool:
    """Under ``serve``, send ``text`` (or bytes, as they are) to the browser as a download
    named like ``path`` and return True; in a terminal return False (the caller writes it)."""
    if not app.is_web:
        return False
    name = Path(path).name or "passfail-export.txt"
    if isinstance(text, bytes):
        app.deliver_binary(io.BytesIO(text), save_filename=name)
    else:
        app.deliver_text(io.StringIO(text), save_filename=name)
    app.notify(f"sent {name} to the browser", title="download")
    return True
