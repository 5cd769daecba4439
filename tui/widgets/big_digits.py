"""Textual's ``Digits``, scaled up to the room it has: for projector mode (``z``), where
P(pass) and the loss must read from the back of a room.

Each 3x3 glyph of Textual's digit font is drawn ``2k+1`` cells wide and tall: the lines of
its box-drawing characters are drawn longer (a cell whose line runs right is followed by
``k-1`` cells of that line, one whose line runs down by ``k-1`` rows of it), so the glyphs
keep their shape at any size. ``k`` is the largest that fits the width the widget's parent
gives, in at most ``share`` of the screen's height with ``reserve`` rows left for the rest.
"""

from __future__ import annotations

import unicodedata

from rich.align import Align
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits

LARGEST = 12
"""The largest scale tried (a glyph 25 cells tall)."""


def arms(ch: str) -> set[str]:
    """Which ways a box-drawing character's lines run: up, down, left, right."""
    try:
        words = unicodedata.name(ch).split()
    except ValueError:
        return set()
    if words[:2] != ["BOX", "DRAWINGS"]:
        return set()
    out = {w.lower() for w in words if w in ("UP", "DOWN", "LEFT", "RIGHT")}
    out |= {"left", "right"} if "HORIZONTAL" in words else set()
    return out | ({"up", "down"} if "VERTICAL" in words else set())


def _fill(ch: str, way: str) -> str:
    """The cell that draws ``ch``'s line on, going ``way`` (right or down), or a space."""
    if way not in arms(ch):
        return " "
    heavy = "HEAVY" in unicodedata.name(ch)
    if way == "right":
        return "━" if heavy else "─"
    return "┃" if heavy else "│"


def glyph_rows(text: str, bold: bool = True) -> list[list[str]]:
    """Each character of ``text`` as 3 rows of Textual's digit font (``.`` as ``•``; one
    that is not in the font stands on the bottom row, one cell wide)."""
    font = DIGITS3X3_BOLD if bold else DIGITS3X3
    glyphs = []
    for ch in text.translate(DigitsRenderable.REPLACEMENTS):
        k = DIGITS.find(ch)
        glyphs.append([font[3 * k + r].ljust(3) for r in range(3)] if k >= 0 else [" ", " ", ch])
    return glyphs


def scaled(text: str, k: int, bold: bool = True) -> list[str]:
    """``text`` in the digit font at scale ``k``: ``2k+1`` rows (3 at ``k`` = 1)."""
    rows = [""] * 3
    for n, glyph in enumerate(glyph_rows(text, bold)):
        gap = " " if n and k > 1 else ""
        for r, row in enumerate(glyph):
            wide = "".join(
                ch + (_fill(ch, "right") * (k - 1) if c < len(row) - 1 else "")
                for c, ch in enumerate(row)
            )
            rows[r] += gap + wide
    out: list[str] = []
    for r, row in enumerate(rows):
        out.append(row)
        if r < 2:
            out += ["".join(_fill(ch, "down") for ch in row)] * (k - 1)
    return out


def scaled_width(text: str, k: int) -> int:
    """The cells ``scaled(text, k)`` is wide."""
    glyphs = glyph_rows(text)
    gaps = len(glyphs) - 1 if k > 1 and glyphs else 0
    return sum(2 * k + 1 if len(g[0]) == 3 else 1 for g in glyphs) + gaps


class BigDigits(Digits):
    """``Digits`` as large as the room allows: as wide as its parent lets it, at most
    ``share`` of the screen's height and ``reserve`` rows short of it."""

    DEFAULT_CSS = """
    BigDigits {
        width: auto;
        height: auto;
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        reserve: int = 0,
        share: float = 1.0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(value, id=id, classes=classes)
        self.reserve, self.share = reserve, share
        self.scale = 1
        """The scale last laid out (1: Textual's own 3 rows)."""

    def _fit(self, room: Size) -> int:
        height = self.screen.size.height if self.is_attached else room.height
        rows = min(height - self.reserve, int(height * self.share))
        fits = [
            k
            for k in range(1, LARGEST + 1)
            if 2 * k + 1 <= rows and scaled_width(self.value, k) <= room.width
        ]
        self.scale = max(fits, default=1)
        return self.scale

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return scaled_width(self.value, self._fit(container))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2 * self._fit(container) + 1

    def update(self, value: str) -> None:
        """Show ``value``; the layout follows (its scale may change with its length)."""
        super().update(value)
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        lines = scaled(self.value, self.scale, bold=bool(self.rich_style.bold))
        return Align(Text("\n".join(lines), style=self.rich_style), "center")
