"""Decision map (d): the grid is the network's forward pass over two grades."""

from __future__ import annotations

import numpy as np
import pytest

from engine.landscape import decision_grid, feature_range
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.decision_map import MARGIN, DecisionMapScreen, MapGrid, labelled_rows


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


async def test_the_heading_says_the_held_grade_and_its_value_at_80x24() -> None:
    """The grade off the axes is held at the student's: the heading gives its value."""
    from tests.tui.test_glossary import screen_text

    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "d")
        held = app.sim.trainer.dataset.X[app.sim.row, 2]
        text = " ".join(screen_text(app).split())
        name = app.sim.student_name(app.sim.row)
        assert f"held at {name}'s: oral_tests {held:.4g} ██ fail" in text, text


@pytest.mark.parametrize("rows", [3, 4, 5, 6, 17, 36])
def test_a_middle_y_label_only_with_a_blank_row_either_side(rows: int) -> None:
    """4 rows (compare at 80x24): 100 and 0, no '33.33' crowded between; 36 rows (d at
    120x40) keep the middle row's '48.57'."""
    labelled = labelled_rows(rows)
    assert labelled[0] == 0 and labelled[-1] == rows - 1
    assert (len(labelled) == 3) == (rows >= 5)
    assert all(b - a >= 2 for a, b in zip(labelled, labelled[1:], strict=False))


@pytest.mark.slow
async def test_d_at_120x40_labels_a_middle_row() -> None:
    from tests.tui.test_glossary import screen_text

    app = make_explore_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "d")
        grid = app.screen.query_one(MapGrid)
        rows = grid.size.height - 1
        middle = np.linspace(*reversed(feature_range(app.sim.trainer.dataset.X[:, 1])), rows)
        label = f"{middle[rows // 2]:>5.4g}"
        assert label.strip() not in ("100", "0", "50")  # an even count: no exact middle
        assert any(row.startswith(label + " ") for row in screen_text(app).splitlines())
