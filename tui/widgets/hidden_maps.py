"""Beside the decision map: one map per first-layer hidden node, over the same two grades.

Each map (``HiddenMap``) has a caption naming the node, where it switches along its
dominant grade, and, when that lies near the data's best one-grade cut, the sentence saying
so (``engine.hidden_nodes.agreement``). When the room holds fewer maps than there are
nodes, ``cycle`` (the screen's ``tab``) shows the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from engine.data import Scaler
from engine.hidden_nodes import agreement, best_cut, grade_text, node_switch
from engine.landscape import feature_range, hidden_grid
from engine.names import node_names
from engine.network import Network
from tui.widgets.hidden_map import HiddenMap
from tui.widgets.pane import esc

Array = NDArray[np.float64]

MAP_WIDTH = 24
"""Fewest columns for one hidden node's map; fewer maps show when the room is narrower."""


@dataclass(frozen=True)
class MapSpec:
    """What the maps show: the network, how it scales grades, the held grades and axes."""

    network: Network
    scaler: Scaler
    base: Array
    """The raw grades of the student whose other grades are held, (n_features,)."""
    axes: tuple[int, int]
    """The grades on x and y (feature indexes)."""
    X_train: Array
    """The training students' raw grades, (n_train, n_features)."""
    y_train: Array
    """Their 0/1 outcomes, (n_train,) or (n_train, 1)."""
    feature_names: tuple[str, ...]


def node_caption(spec: MapSpec, node: int) -> str:
    """Where hidden ``node`` switches, and the sentence when that is the data's best cut."""
    name = node_names(spec.network.layer_sizes)[1][node]
    switch = node_switch(spec.network, spec.scaler, spec.X_train, node)
    if switch.raw is None:
        return f"{name}: its guess ignores every grade"
    column = spec.X_train[:, switch.feature]
    cut = best_cut(column, spec.y_train, switch.feature)
    grade = spec.feature_names[switch.feature]
    said = agreement(switch, cut, column, name, grade)
    if said is not None:
        return said
    way = "rises" if switch.rising else "falls"
    return f"{name} {way} through 0.5 at {grade.replace('_', ' ')} {grade_text(switch.raw, column)}"


class HiddenMaps(Vertical):
    """The hidden nodes' maps side by side, as many as fit; ``cycle`` pages through them."""

    DEFAULT_CSS = """
    HiddenMaps {
        width: 1fr;
        height: 1fr;
    }
    HiddenMaps > Horizontal {
        height: 1fr;
    }
    HiddenMaps .hidden-map-box {
        width: 1fr;
        height: 1fr;
        margin: 0 0 0 1;
    }
    HiddenMaps .hidden-map-caption {
        height: auto;
        max-height: 3;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec: MapSpec | None = None
        self.first = 0
        """The first node shown; ``cycle`` moves it on."""
        self._boxes: list[tuple[Static, HiddenMap]] = []

    def compose(self) -> ComposeResult:
        yield Horizontal()

    @property
    def n_nodes(self) -> int:
        """How many first-layer hidden nodes there are (0 without a hidden layer)."""
        sizes = self.spec.network.layer_sizes if self.spec is not None else (0, 0)
        return sizes[1] if len(sizes) > 2 else 0

    @property
    def room(self) -> int:
        """How many maps fit side by side (at least one)."""
        return max(1, self.size.width // MAP_WIDTH)

    def shown_nodes(self) -> list[int]:
        """The nodes on screen now, in order."""
        n = self.n_nodes
        return [(self.first + k) % n for k in range(min(self.room, n))] if n else []

    def cycle(self) -> str:
        """Show the next node's map (when not all fit); what changed, for the status line."""
        if self.n_nodes <= self.room:
            return "every hidden node's map is on screen"
        self.first = (self.first + 1) % self.n_nodes
        self.redraw()
        names = node_names(self.spec.network.layer_sizes)[1] if self.spec else []
        return "showing " + ", ".join(names[k] for k in self.shown_nodes())

    def on_mount(self) -> None:
        """The boxes are built once the panel is on screen."""
        self.redraw()

    def on_resize(self) -> None:
        """More or fewer maps fit."""
        self.redraw()

    def show(self, spec: MapSpec) -> None:
        """Draw the maps for ``spec`` (the screen calls this whenever its map changes)."""
        self.spec = spec
        if self.first >= max(self.n_nodes, 1):
            self.first = 0
        self.redraw()

    def redraw(self) -> None:
        """Rebuild the boxes for the nodes that fit, then hand each its grid."""
        nodes = self.shown_nodes()
        if len(self._boxes) != len(nodes) and self.is_mounted:
            row = self.query_one(Horizontal)
            row.remove_children()
            self._boxes = [(Static(classes="hidden-map-caption"), HiddenMap()) for _ in nodes]
            row.mount_all(Vertical(*box, classes="hidden-map-box") for box in self._boxes)
        spec = self.spec
        if spec is None:
            return
        i, j = spec.axes
        (x0, x1), (y0, y1) = (feature_range(spec.X_train[:, k]) for k in (i, j))
        for (caption, hidden_map), node in zip(self._boxes, nodes):

            def grid_for(cols: int, rows: int, node: int = node) -> Array:
                xs, ys = np.linspace(x0, x1, cols), np.linspace(y1, y0, rows)
                return hidden_grid(spec.network, spec.scaler, spec.base, i, j, xs, ys, node)

            caption.update(esc(node_caption(spec, node)))
            hidden_map.node = node
            hidden_map.show(grid_for, spec.network.activation)
