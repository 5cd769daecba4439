"""Error landscape (l): the marked point is the training loss, the tangent backprop's slope."""

from __future__ import annotations

import re

import pytest

from engine.network import loss_value
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.landscape import LandscapeScreen
from tui.simulation import ALPHA_RANGE
from tui.widgets.status import StatusLine
from tui.widgets.weights import WeightsPane


@pytest.mark.slow
async def test_marked_point_is_the_current_training_loss_and_slope_is_backprops() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "l")
        screen = app.screen
        assert isinstance(screen, LandscapeScreen)
        t = app.sim.trainer
        for index in range(t.network.n_parameters):
            w, here = screen.current
            assert w == t.network.parameters()[index]
            assert here == pytest.approx(t.measure().train_loss, rel=1e-12)
            assert here == pytest.approx(
                loss_value(t.config.loss, t.network.forward(t.X_train), t.y_train), rel=1e-12
            )
            trace = t.network.forward(t.X_train)
            g = t.network.backward(trace, t.y_train, t.config.loss).flat()[index]
            assert screen.gradient == pytest.approx(g, rel=1e-9, abs=1e-15)
            assert screen.next[0] == pytest.approx(w - t.learning_rate_now * g)  # the schedule's
            await press(pilot, "down")
        assert screen.index == 0  # wrapped round
        await press(pilot, "tab", "tab", "shift+tab")
        assert screen.index == 1


@pytest.mark.slow
async def test_alpha_keys_and_a_big_step_overshoots() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "e", "l")
        screen = app.screen
        t = app.sim.trainer
        n = t.network.n_parameters
        await press(pilot, *["up"] * 3)  # a weight into the output
        assert screen.index == n - 3
        alpha = t.config.learning_rate
        await press(pilot, "minus")
        assert t.config.learning_rate == alpha / 2
        before = t.network
        target = screen.next[0]
        await press(pilot, "enter")  # take the step on this weight only
        assert t.network.parameters()[n - 3] == pytest.approx(target)
        assert screen.current[1] == pytest.approx(t.measure().train_loss)
        await press(pilot, "u")
        assert t.network is before
        assert screen.next[1] < screen.current[1]  # a small alpha goes downhill
        assert "downhill" in str(screen.query_one("#landscape-info").render())
        for _ in range(20):  # double alpha until the step jumps across the valley
            await press(pilot, "plus")
            if screen.next[1] > screen.current[1]:
                break
        assert screen.next[1] > screen.current[1]  # alpha far too big: lands higher up
        assert "overshoots" in str(screen.query_one("#landscape-info").render())
        await press(pilot, "escape")
        assert not isinstance(app.screen, LandscapeScreen)


@pytest.mark.slow
async def test_plus_in_the_landscape_stops_at_the_main_screens_limit() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "l")
        await press(pilot, *["plus"] * 15)  # 0.5 x 2^15 would be 16384
        landscape = app.sim.trainer.config.learning_rate
        await press(pilot, "escape", *["plus"] * 15)
        assert landscape == app.sim.trainer.config.learning_rate == ALPHA_RANGE[1] == 1024
        assert "stays 1024" in app.query_one(StatusLine).text


@pytest.mark.slow
async def test_undo_is_the_same_in_every_view() -> None:
    """u after a step leaves the same state from the main screen, l and w: the step taken
    back, no ▲▼ marks left from it, and the guess shown follows the weights."""
    states = []
    for view in ("", "l", "w"):
        app = make_explore_app()
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f", "b", "e", "e")
            before = app.sim.trainer.network
            await press(pilot, "e")
            if view:
                await press(pilot, view, "u", "escape")
            else:
                await press(pilot, "u")
            sim = app.sim
            assert sim.trainer.network is before and sim.before is None
            assert sim.trace is not None and sim.trace_net is sim.trainer.network
            weights = app.query_one(WeightsPane).text
            assert "▲" not in weights and "▼" not in weights
            states.append(
                (sim.trainer.epoch, sim.before, sim.trainer.network.parameters().tolist())
            )
    assert states[0] == states[1] == states[2]


@pytest.mark.slow
async def test_the_next_step_says_approx_when_its_shown_figures_do_not_give_it() -> None:
    """w − α·slope worked by hand from the line's own figures (w, α and the slope as shown):
    ``=`` when that gives the landing shown, to its 3 decimals; else ``≈`` (the reviewer's
    2.275 + 0.417 x 0.0129 = 2.280, shown ``= 2.281``)."""
    app = make_explore_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, *["e"] * 10, "l")
        screen = app.screen
        assert isinstance(screen, LandscapeScreen)
        said = set()
        number = r"([+−-]?\d+\.\d+)"
        for _ in range(app.sim.trainer.network.n_parameters):
            info = re.sub(r"\s+", " ", str(screen.query_one("#landscape-info").render()))
            found = re.search(
                rf"= {number} · training loss \S+ · slope {number} · α (\S+) next step "
                rf"w − α·slope (=|≈) {number} → ",
                info,
            )
            assert found is not None, info
            w, g, alpha, relation, landing = found.groups()
            w_, g_, landing_ = (float(v.replace("−", "-")) for v in (w, g, landing))
            gap = abs(w_ - float(alpha) * g_ - landing_)
            if relation == "=":  # a tie (gap 0.0005 exactly) may go either way
                assert gap <= 0.0005 + 1e-9, info
            else:
                assert gap >= 0.0005 - 1e-9, info
            assert gap <= 0.002, info  # ≈: off by a unit or so of its last digit
            said.add(relation)
            await press(pilot, "down")
        assert said == {"=", "≈"}  # both happen here, and each is said
