"""One hidden node's map: what that preliminary guess believes about two grades.

Like the decision map's grid (Playground draws one inside every neuron): each cell's
background is the node's activation, ``$primary`` where it is high, fading to the
background where it is low, and the node's own switch line (where its sum crosses 0:
a = 0.5 for sigmoid) is drawn through the cells it crosses as ``·`` (ASCII ``.``). The
screen hands it a function that computes the grid at the widget's size
(``engine.landscape.hidden_grid``), so the map always fills its room.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widget import Widget

from engine.activations import ACTIVATIONS
from tui.widgets.pane import ascii_mode

Array = NDArray[np.float64]

GridFor = Callable[[int, int], Array]
"""(columns, rows) -> the node's activations, (rows, columns), top row the highest y."""

RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
"""The activation's own range, for the colour scale; others use the grid's own range."""


def switch_cells(grid: Array, level: float) -> NDArray[np.bool_]:
    """The cells where the grid crosses ``level``: a cell above it beside (right or below)
    one that is not, or the reverse."""
    above = grid > level
    line = np.zeros(grid.shape, dtype=bool)
    across = above[:, 1:] != above[:, :-1]
    down = above[1:, :] != above[:-1, :]
    line[:, :-1] |= across
    line[:-1, :] |= down
    return line


class HiddenMap(Widget):
    """A first-layer hidden node's activation over two grades, with its switch line."""

    DEFAULT_CSS = """
    HiddenMap {
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.grid_for: GridFor | None = None
        self.activation = "sigmoid"
        self.marks: dict[tuple[int, int], str] = {}
        self.node = 0
        """Which first-layer hidden node this map shows."""
        self.grid: Array = np.zeros((0, 0))
        """The activations last drawn, (rows, columns): what the tests compare."""

    def show(
        self, grid_for: GridFor, activation: str, marks: dict[tuple[int, int], str] | None = None
    ) -> None:
        """Draw the node whose grid ``grid_for`` computes; ``marks``: characters at
        (row, column) cells (the students), as the output's map places them."""
        self.grid_for, self.activation, self.marks = grid_for, activation, marks or {}
        self.refresh()

    def render(self) -> Text:
        if self.grid_for is None or self.size.width < 1 or self.size.height < 1:
            return Text("")
        cols, rows = self.size.width, self.size.height
        self.grid = np.asarray(self.grid_for(cols, rows), dtype=np.float64)
        finite = self.grid[np.isfinite(self.grid)]
        lo, hi = RANGES.get(
            self.activation,
            (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0),
        )
        span = hi - lo if hi > lo else 1.0
        level = float(ACTIVATIONS[self.activation](np.zeros(1))[0])
        line = switch_cells(self.grid, level)
        theme = self.app.theme_variables
        high = Color.parse(theme.get("primary", "blue"))
        dark = Color.parse(theme.get("background", "black"))
        ink = Color.parse(theme.get("foreground", "white"))
        dot = "." if ascii_mode(self) else "·"
        text = Text()
        for r in range(rows):
            for c in range(cols):
                v = float(self.grid[r, c])
                share = min(max((v - lo) / span, 0.0), 1.0) if np.isfinite(v) else 0.5
                bg = dark.blend(high, 0.1 + 0.9 * share)
                mark = self.marks.get((r, c), dot if line[r, c] else " ")
                text.append(mark, Style(bgcolor=bg.rich_color, color=ink.rich_color, bold=True))
            if r < rows - 1:
                text.append("\n")
        return text
