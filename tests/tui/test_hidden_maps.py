"""Each hidden node's map (tui.widgets.hidden_maps) in a bare app, against the forward pass."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App, ComposeResult

from engine.hidden_nodes import best_cut, node_switch
from engine.landscape import feature_range
from tests.tui.conftest import make_app
from tui.widgets.hidden_map import HiddenMap, switch_cells
from tui.widgets.hidden_maps import HiddenMaps, MapSpec, node_caption


def article_spec(epochs: int = 0) -> MapSpec:
    t = make_app().sim.trainer
    for _ in range(epochs):
        t.run_epoch()
    train = t.split.train
    return MapSpec(
        t.network,
        t.scaler,
        np.array(t.dataset.X[0], dtype=np.float64),
        (0, 1),
        np.array(t.dataset.X[train], dtype=np.float64),
        np.array(t.y[train], dtype=np.float64),
        tuple(t.dataset.feature_names),
    )


class MapsApp(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.css_width = width

    def compose(self) -> ComposeResult:
        yield HiddenMaps()

    def on_mount(self) -> None:
        self.query_one(HiddenMaps).styles.width = self.css_width


def test_the_switch_line_runs_where_the_grid_crosses_the_level() -> None:
    grid = np.tile(np.linspace(0, 1, 6), (3, 1))  # crosses 0.5 between columns 2 and 3
    line = switch_cells(grid, 0.5)
    assert line[:, 2].all() and line.sum() == 3


@pytest.mark.parametrize("width", [60, 30], ids=["both", "one"])
async def test_each_hidden_map_is_that_nodes_activation_over_the_grid(width: int) -> None:
    spec = article_spec()
    app = MapsApp(width)
    async with app.run_test(size=(80, 24)) as pilot:
        maps = app.query_one(HiddenMaps)
        maps.show(spec)
        await pilot.pause()
        shown = list(maps.query(HiddenMap))
        assert len(shown) == (2 if width == 60 else 1)
        for hidden_map in shown:
            grid = hidden_map.grid
            rows, cols = grid.shape
            assert (rows, cols) == (hidden_map.size.height, hidden_map.size.width)
            (x0, x1), (y0, y1) = (feature_range(spec.X_train[:, k]) for k in (0, 1))
            for r, c in [(0, 0), (rows - 1, cols - 1), (rows // 2, cols // 3)]:
                raw = spec.base.copy()
                raw[0] = np.linspace(x0, x1, cols)[c]
                raw[1] = np.linspace(y1, y0, rows)[r]
                a = spec.network.forward(spec.scaler.transform(raw[None, :])).a[1]
                assert grid[r, c] == pytest.approx(a[0, hidden_map.node])
        if width == 30:
            assert shown[0].node == 0
            assert maps.cycle() == "showing h2"
            await pilot.pause()
            assert [m.node for m in maps.query(HiddenMap)] == [1]
        else:
            assert maps.cycle() == "every hidden node's map is on screen"


def test_the_caption_says_where_a_trained_node_switches() -> None:
    spec = article_spec(epochs=200)
    for node in (0, 1):
        switch = node_switch(spec.network, spec.scaler, spec.X_train, node)
        cut = best_cut(spec.X_train[:, switch.feature], spec.y_train, switch.feature)
        caption = node_caption(spec, node)
        assert caption.startswith(f"h{node + 1} ")
        assert spec.feature_names[switch.feature].replace("_", " ") in caption
        near = abs(switch.raw - cut.threshold) <= 5  # grades in percent: 5% of 0..100
        assert ("the data's best single cut is" in caption) == near
