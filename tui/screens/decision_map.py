"""Decision map: the probability of passing over two grades, the others held at one student's.

Each cell's background is the theme's ``$success`` (pass) or ``$error`` (fail), the fuller
the surer, fading to the background along the 50% line; the probabilities come from
``engine.landscape.decision_grid`` (the network's forward pass). Training students sit on
it as ``●`` (passed) and ``○`` (failed); ``◆`` is the current student.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Footer, Static

from engine.landscape import decision_grid, feature_range
from engine.network import Network
from tui.screens.explore import ExploreScreen
from tui.simulation import Simulation
from tui.widgets.hidden_maps import HiddenMaps, MapSpec

MARGIN = 6
"""Cells left of the grid for the y axis' numbers."""


def labelled_rows(rows: int) -> tuple[int, ...]:
    """The grid rows whose y value is written: the top, the bottom and the middle row, the
    middle only when a blank row parts it from each end (4 rows: top and bottom; a middle
    label crowded between them, "33.33" of 100, reads as a scale's middle that is not there)."""
    return (0, rows // 2, rows - 1) if rows >= 5 else (0, rows - 1)


class MapGrid(Widget):
    """The coloured grid itself, sized to the widget; set ``spec`` then refresh.

    ``network``: the network mapped (None: the simulator's own); its screen supplies
    ``sim`` and ``raw()`` (the grades held for the features off the axes).
    """

    DEFAULT_CSS = """
    MapGrid {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, network: Network | None = None) -> None:
        super().__init__(id=id)
        self.network = network
        self.spec: tuple[int, int] = (0, 1)
        self.grid: np.ndarray = np.zeros((0, 0))

    @property
    def screen_owner(self) -> DecisionMapScreen:
        return self.screen  # type: ignore[return-value]

    def render(self) -> Text:
        owner = self.screen_owner
        t = owner.sim.trainer
        i, j = self.spec
        cols = max(self.size.width - MARGIN, 4)
        rows = max(self.size.height - 1, 3)
        (x0, x1), (y0, y1) = feature_range(t.dataset.X[:, i]), feature_range(t.dataset.X[:, j])
        xs = np.linspace(x0, x1, cols)
        ys = np.linspace(y1, y0, rows)  # top row is the highest value
        base = owner.raw()
        self.grid = decision_grid(self.network or t.network, t.scaler, base, i, j, xs, ys)
        fail = Color.parse(owner.app.theme_variables.get("error", "red"))
        ok = Color.parse(owner.app.theme_variables.get("success", "green"))
        ink = Color.parse(owner.app.theme_variables.get("foreground", "white"))
        dark = Color.parse(owner.app.theme_variables.get("background", "black"))
        marks: dict[tuple[int, int], str] = {}

        def cell(x: float, y: float) -> tuple[int, int]:
            c = round((x - x0) / (x1 - x0) * (cols - 1))
            r = round((y1 - y) / (y1 - y0) * (rows - 1))
            return min(max(r, 0), rows - 1), min(max(c, 0), cols - 1)

        X, yv = t.dataset.X, t.y
        for row in t.split.train:
            at = cell(float(X[row, i]), float(X[row, j]))
            if marks.get(at) != "●":
                marks[at] = "●" if yv[row, 0] >= 0.5 else "○"
        marks[cell(float(base[i]), float(base[j]))] = "◆"
        text = Text()
        for r in range(rows):
            label = f"{ys[r]:>5.4g} " if r in labelled_rows(rows) else " " * MARGIN
            text.append(label[:MARGIN])
            for c in range(cols):
                p = float(self.grid[r, c])
                p = p if np.isfinite(p) else 0.5
                # dark along the 50% line, full colour where the network is sure
                bg = dark.blend(ok if p >= 0.5 else fail, 0.15 + 0.85 * min(1.0, 2 * abs(p - 0.5)))
                mark = marks.get((r, c), " ")
                text.append(mark, Style(bgcolor=bg.rich_color, color=ink.rich_color, bold=True))
            text.append("\n")
        mid = (x0 + x1) / 2
        axis = f"{x0:<.4g}".ljust(cols // 2) + f"{mid:.4g}"
        text.append(" " * MARGIN + axis.ljust(cols - len(f"{x1:.4g}")) + f"{x1:.4g}")
        return text


class DecisionMapScreen(ExploreScreen):
    """x / y choose the two grades; n / N the student whose other grades are held."""

    DEFAULT_CSS = """
    #map-info {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    #maps {
        height: 1fr;
    }
    #maps > MapGrid {
        width: 1fr;
    }
    DecisionMapScreen.-narrow #maps > MapGrid {
        width: 2fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "axis(0)", "x grade"),
        Binding("y", "axis(1)", "y grade"),
        Binding("n", "student(1)", "Next"),
        Binding("N", "student(-1)", "Prev", show=False),
        Binding("tab", "next_node", "Next node"),
    ]

    def __init__(self, sim: Simulation) -> None:
        super().__init__(sim)
        self.axes = (0, 1)

    def compose(self) -> ComposeResult:
        yield Static(id="map-info")
        with Horizontal(id="maps"):
            yield MapGrid(id="map-grid")
            yield HiddenMaps(id="hidden-maps")
        yield Footer()

    def on_mount(self) -> None:
        n = self.sim.trainer.dataset.n_features
        self.axes = (0, 1) if n > 1 else (0, 0)
        self.draw()

    def raw(self) -> np.ndarray:
        """The current student's raw grades (the ones not on an axis stay at these)."""
        return np.array(self.sim.trainer.dataset.X[self.sim.row], dtype=np.float64)

    def action_axis(self, which: int) -> None:
        """The next grade on the x (0) or y (1) axis, never the same as the other axis."""
        n = self.sim.trainer.dataset.n_features
        axes = list(self.axes)
        for _ in range(n):
            axes[which] = (axes[which] + 1) % n
            if n < 2 or axes[which] != axes[1 - which]:
                break
        self.axes = (axes[0], axes[1])
        self.draw()

    def action_next_node(self) -> None:
        """tab: the next hidden node's map, when the room holds fewer than there are."""
        self.notify(self.query_one(HiddenMaps).cycle(), title="tab", timeout=2)

    def action_student(self, by: int) -> None:
        """Hold the other grades at the next / previous training student's."""
        self.sim.move(by)
        self.draw()

    def draw(self) -> None:
        """The caption and the grid."""
        t = self.sim.trainer
        names = t.dataset.feature_names
        i, j = self.axes
        raw = self.raw()
        held = [f"{names[k]} {raw[k]:.4g}" for k in range(len(names)) if k not in self.axes]
        others = (  # the values, as the Inputs pane shows them: the map is for those grades
            f"held at {self.student_name(self.sim.row)}'s: {', '.join(held)}"
            if held
            else f"student: {self.student_name(self.sim.row)}"
        )
        self.query_one("#map-info", Static).update(
            f"P(pass) over [b]x: {names[i]}[/b] and [b]y: {names[j]}[/b] · {others}\n"
            "[$error]██[/] fail  [$success]██[/] pass · ● passed ○ failed (training) · "
            "◆ this student"
        )
        grid = self.query_one(MapGrid)
        grid.spec = self.axes
        grid.refresh()
        train = t.split.train
        self.query_one(HiddenMaps).show(
            MapSpec(
                t.network,
                t.scaler,
                self.raw(),
                self.axes,
                np.asarray(t.dataset.X[train], dtype=np.float64),
                np.asarray(t.y[train], dtype=np.float64),
                tuple(names),
            )
        )
