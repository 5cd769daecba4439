"""The Hidden pane names a saturated node (issue 15 item 4): the engine's lesson, measured over
the training students, whole at 80x24 (short, in the border) and at 120x40 (in full)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.diagnose import saturation
from tests.tui.conftest import make_app
from tests.tui.explore_app import press
from tests.tui.test_glossary import screen_text
from tui.app import SimulatorApp
from tui.widgets.hidden import HiddenPane

H2_BIAS = 7
"""h2's bias in ``Network.parameters()`` order for the 3-2-1 network (W1 3x2, then b1)."""


def saturate_h2(app: SimulatorApp) -> float:
    """Raise h2's bias until it is flat for 90% or more (but not all) of the training students,
    as the what-if view would; returns the share the engine measures."""
    t = app.sim.trainer
    flat = t.network.parameters()
    for bias in np.arange(1.0, 12.0, 0.05):
        flat[H2_BIAS] = bias
        found = saturation(t.network.with_parameters(flat), t.X_train)
        if [s.node for s in found] == ["h2"] and found[0].share < 1.0:
            break
    else:
        pytest.fail("no bias of h2 saturates it for 90-99% of the training students")
    app.sim.set_parameter(H2_BIAS, float(bias), f"b h2 = {bias:g}")
    app.sim.reguess()
    app.draw()
    return found[0].share


@pytest.mark.slow
async def test_a_saturated_node_is_named_at_80x24_and_not_before() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f")
        assert saturation(app.sim.trainer.network, app.sim.trainer.X_train) == []
        assert "saturated" not in screen_text(app)
        share = saturate_h2(app)
        await pilot.pause()
        assert 0.9 <= share < 1.0
        assert f"h2 saturated for {share:.0%}: slope ~0" in screen_text(app)
        await press(pilot, "u")  # the hand edit taken back: the line goes with it
        assert "saturated" not in screen_text(app)


@pytest.mark.slow
async def test_a_tall_screen_gives_the_whole_lesson() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f")
        share = saturate_h2(app)
        await pilot.pause()
        text = " ".join(app.query_one(HiddenPane).text.split())
        assert (
            f"h2 is saturated for {share:.0%} of students: its slope is ~0, "
            "it has almost stopped learning"
        ) in text
        assert app.query_one(HiddenPane).max_scroll_y == 0  # nothing scrolled out of sight


@pytest.mark.slow
async def test_a_dead_relu_node_is_named() -> None:
    app = make_app("--activation", "relu")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f")
        app.sim.set_parameter(H2_BIAS, -50.0, "b h2 = -50")
        app.sim.reguess()
        app.draw()
        await pilot.pause()
        found = saturation(app.sim.trainer.network, app.sim.trainer.X_train)
        assert [s.node for s in found] == ["h2"]
        assert f"h2 dead for {found[0].share:.0%}: slope 0" in screen_text(app)


def test_the_measure_is_taken_once_per_network() -> None:
    pane = HiddenPane()
    app = make_app()
    t = app.sim.trainer
    first = pane.flat_nodes(t.network, t.X_train)
    assert pane.flat_nodes(t.network, t.X_train) is first
    flat = t.network.parameters()
    flat[H2_BIAS] = 40.0
    assert [s.node for s in pane.flat_nodes(t.network.with_parameters(flat), t.X_train)] == ["h2"]
