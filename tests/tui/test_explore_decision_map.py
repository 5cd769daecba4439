"""Decision map (d): the grid is the network's forward pass over two grades."""

from __future__ import annotations

import numpy as np
import pytest

from engine.landscape import decision_grid, feature_range
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.decision_map import MARGIN, DecisionMapScreen, MapGrid


@pytest.mark.slow
async def test_grid_equals_the_forward_pass_and_keys_choose_the_axes() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "d")
        screen = app.screen
        assert isinstance(screen, DecisionMapScreen)
        assert screen.axes == (0, 1)
        grid = screen.query_one(MapGrid)
        t = app.sim.trainer
        rows, cols = grid.grid.shape
        assert cols == grid.size.width - MARGIN and rows == grid.size.height - 1
        (x0, x1), (y0, y1) = feature_range(t.dataset.X[:, 0]), feature_range(t.dataset.X[:, 1])
        expected = decision_grid(
            t.network,
            t.scaler,
            t.dataset.X[app.sim.row],
            0,
            1,
            np.linspace(x0, x1, cols),
            np.linspace(y1, y0, rows),
        )
        np.testing.assert_array_equal(grid.grid, expected)
        corner = t.dataset.X[app.sim.row].copy()
        corner[0], corner[1] = x0, y1
        p = t.network.forward(t.scaler.transform(corner[None, :])).output[0, 0]
        assert grid.grid[0, 0] == p
        await press(pilot, "x")
        assert screen.axes == (2, 1)  # skips the grade already on y
        await press(pilot, "y")
        assert screen.axes == (2, 0)
        info = str(screen.query_one("#map-info").render())
        assert "x: oral_tests" in info and "y: class_assignments" in info
        row = app.sim.row
        await press(pilot, "n")
        assert app.sim.row != row
        assert app.sim.trainer.dataset.names[app.sim.row] in str(
            screen.query_one("#map-info").render()
        )
        await press(pilot, "escape")
        assert not isinstance(app.screen, DecisionMapScreen)
