"""The frame every pane shares, and how numbers are written on screen.

A pane is a scrollable box with a title holding one ``Static``; the App hands it what to
show through the pane's ``show`` method (data flows down). Signs are shown twice, by colour
(``$success`` / ``$error``) and by a ``+`` / ``−`` glyph, so they read with colour off.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Static

BLOCKS = " ▏▎▍▌▋▊▉█"
"""Eighths of a cell, for bars drawn in text."""


def esc(text: str) -> str:
    """``text`` safe to put inside content markup (names from a CSV may hold ``[``)."""
    return escape(text)


def plain_width(markup: str) -> int:
    """Cells ``markup`` takes on screen."""
    return Content.from_markup(markup).cell_length


def signed(value: float, places: int = 3, width: int = 0) -> str:
    """A number with its sign as a glyph and a colour, e.g. ``+0.523`` in green.

    ``width``: pad on the left to this many cells.
    """
    if value != value:  # NaN
        return "[$warning]" + "nan".rjust(width) + "[/]"
    if value > 0:
        return "[$success]" + f"+{value:.{places}f}".rjust(width) + "[/]"
    if value < 0:
        return "[$error]" + f"−{-value:.{places}f}".rjust(width) + "[/]"
    return f" {0.0:.{places}f}".rjust(width)


def change(value: float | None, places: int = 3, width: int = 0) -> str:
    """The change made by the last update: ``▲.004`` / ``▼.012`` (``change_text``) in green or
    red, left-aligned in ``width`` cells; blank if none."""
    if value is None:
        return " " * width
    text = change_text(value, places).ljust(width)
    colour = "$success" if value > 0 else "$error" if value < 0 else "$text-muted"
    return f"[{colour}]{text}[/]"


def change_text(value: float, places: int = 3) -> str:
    """``▲.004`` / ``▼.012`` / ``=.000``, in significant digits when ``places`` decimals would
    round the change to nothing (``▼2.2e-4``: it did move, by about that much)."""
    text = f"{abs(value):.{places}f}"
    if value and not float(text):
        mantissa, exponent = f"{abs(value):.1e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    text = text[1:] if text.startswith("0.") else text
    return ("▲" if value > 0 else "▼" if value < 0 else "=") + text


def bar(fraction: float, width: int, marker: int | None = None, ascii: bool = False) -> str:
    """A bar ``width`` cells long filled to ``fraction`` (clipped to [0, 1]).

    ``marker``: a cell to draw as ``│`` where the bar does not reach (the 0.5 threshold).
    ``ascii``: whole cells of ``#`` and ``-`` (the app's ``--ascii`` mode).
    """
    if fraction != fraction:
        fraction = 0.0
    fraction = min(max(fraction, 0.0), 1.0)
    if ascii:  # whole cells only: # filled, - empty, | the marker
        full = round(fraction * width)
        cells = ["#"] * full + ["-"] * (width - full)
        if marker is not None and full <= marker < width:
            cells[marker] = "|"
        return "".join(cells)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    cells = ["█"] * full
    if full < width:
        cells.append(BLOCKS[part] if part else " ")
    cells += [" "] * (width - len(cells))
    if marker is not None and 0 <= marker < width and cells[marker] == " ":
        cells[marker] = "│"
    return "".join(cells)


def ascii_mode(widget: Widget) -> bool:
    """Whether ``widget``'s app draws with ASCII only; False outside a running app."""
    try:
        return bool(getattr(widget.app, "ascii_mode", False))
    except Exception:  # no active app (NoActiveAppError is private to textual)
        return False


class Pane(VerticalScroll):
    """A titled, scrollable box showing one block of text."""

    DEFAULT_CSS = """
    Pane {
        height: auto;
    }
    Pane > .pane-body {
        width: auto;
        min-width: 100%;
    }
    """

    TITLE = ""
    """The pane's title, drawn in its border."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = self.TITLE
        self.can_focus = False
        self._body = Static("", classes="pane-body")
        self._markup = ""
        self._shape = (0, 0)

    def compose(self) -> ComposeResult:
        yield self._body

    def set_text(self, markup: str) -> None:
        """Replace what the pane shows (content markup, theme variables allowed)."""
        if markup == self._markup:
            return
        self.show_content(Content.from_markup(markup))
        self._markup = markup

    def show_content(self, content: Content) -> None:
        """Put ``content`` in the pane, laying the screen out again only when its shape
        (rows, widest row) changed: a new layout costs a frame."""
        plain = content.plain.split("\n")
        shape = (len(plain), max(len(line) for line in plain))
        self._body.update(content, layout=shape != self._shape)
        self._shape = shape

    @property
    def ascii(self) -> bool:
        """Whether the app draws with ASCII only (``--ascii`` or a C locale)."""
        return ascii_mode(self)

    @property
    def text(self) -> str:
        """What the pane shows, as plain text (for tests and screen readers)."""
        return Content.from_markup(self._markup).plain
