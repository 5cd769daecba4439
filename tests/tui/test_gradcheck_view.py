"""The gradient check (g): backprop beside central differences for every weight and bias."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot

from engine.explain import fmt
from engine.gradcheck import gradient_check
from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.screens.gradcheck import SLOPE_PLACES, GradientCheckScreen
from tui.widgets.pane import Pane

SIZE = (80, 24)


def shown(app: SimulatorApp) -> str:
    assert isinstance(app.screen, GradientCheckScreen)
    return str(app.screen.query_one("#gradcheck", Pane).text)


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def expected(app: SimulatorApp) -> list[str]:
    """Each parameter's row as the engine's gradient check computes it."""
    t, row = app.sim.trainer, app.sim.row
    rows = gradient_check(t.network, t.X[row : row + 1], t.y[row : row + 1], t.config.loss)
    assert len(rows) == t.network.n_parameters
    return [
        f"{r.name} {fmt(r.value)} {fmt(r.backprop, SLOPE_PLACES)} "
        f"{fmt(r.numeric, SLOPE_PLACES)} {r.relative_error:.1e} ✓"
        for r in rows
    ]


@pytest.mark.slow
async def test_every_weight_and_bias_beside_its_finite_difference() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "g")
        lines = [re.sub(r"\s+", " ", line).strip() for line in shown(app).splitlines()]
        for row in expected(app):
            assert row in lines
        assert "backprop agrees with the finite differences" in shown(app)
        assert max(len(line) for line in shown(app).splitlines()) <= SIZE[0] - 4


@pytest.mark.slow
async def test_the_table_follows_the_student_and_the_steps() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "g", "n")
        assert app.sim.row != 0 and app.sim.student_name(app.sim.row) in shown(app)
        await press(pilot, "b", "e")
        assert app.sim.trainer.epoch == 1 and "epoch 1" in shown(app)
        lines = [re.sub(r"\s+", " ", line).strip() for line in shown(app).splitlines()]
        for row in expected(app):
            assert row in lines
        await press(pilot, "escape")
        assert not isinstance(app.screen, GradientCheckScreen)


@pytest.mark.slow
async def test_g_from_the_math_view_and_back() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "m", "g")
        assert isinstance(app.screen, GradientCheckScreen)
        await press(pilot, "g")
        assert type(app.screen).__name__ == "MathScreen"


@pytest.mark.slow
@pytest.mark.parametrize("decay", ["auto", "0"])
async def test_gs_note_says_whenever_a_weight_decay_is_in_effect(decay: str) -> None:
    """Auto (the default: 0.15 x fan-in / n a layer) as much as a number given."""
    app = make_app("--weight-decay", decay)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "g")
        noted = "weight decay is not part of the error: not checked" in shown(app)
        assert noted == any(app.sim.trainer.recipe.weight_decay) == (decay == "auto")


@pytest.mark.slow
def test_gradient_check_snapshot_120x40(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), press=["f", "b", "g"])
