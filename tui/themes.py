"""Themes: Textual's dark and light, and a high-contrast one for projectors.

Importing this module does not import textual (the command line lists the names);
``contrast_theme`` builds the Theme when the app starts.
"""

from __future__ import annotations

from typing import Any

CONTRAST = "passfail-contrast"
"""Black on white, saturated colours only: survives a washed-out projector."""

THEMES = ("textual-dark", "textual-light", CONTRAST)
"""What ``--theme`` accepts and the order ctrl+t cycles through."""


def contrast_theme() -> Any:
    """The high-contrast Theme (pure black text on white, dark saturated accents)."""
    from textual.theme import Theme

    return Theme(
        name=CONTRAST,
        primary="#0000C0",
        secondary="#5000A0",
        accent="#A04000",
        warning="#A05000",
        error="#C00000",
        success="#006000",
        foreground="#000000",
        background="#FFFFFF",
        surface="#FFFFFF",
        panel="#E0E0E0",
        boost="#E8E8E8",
        dark=False,
        variables={
            "text-muted": "#202020",
            "footer-key-foreground": "#0000C0",
            "block-cursor-background": "#000000",
            "block-cursor-foreground": "#FFFFFF",
            "border": "#000000",
        },
    )


def next_theme(current: str) -> str:
    """The theme after ``current`` in THEMES (the first if ``current`` is not one of them)."""
    if current not in THEMES:
        return THEMES[0]
    return THEMES[(THEMES.index(current) + 1) % len(THEMES)]
