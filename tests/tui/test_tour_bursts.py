"""The tour under a burst of keys: enter pressed 17 times with no pause (or tiny ones) walks
the same steps, pressing the same keys, to the same network as enter pressed slowly; a burst
of left goes back to the start. A teacher rehearsing found the burst's enters reaching the
error landscape mid-swap (its enter takes a step, at alpha 32), lost between screens, or
moving on before the Repeat step's run had started."""

from __future__ import annotations

import asyncio
import re

import numpy as np
import pytest
from textual.events import Key
from textual.pilot import Pilot

import tui.app
from tests.tui.explore_app import SIZE, make_explore_app
from tui.app import SimulatorApp
from tui.screens.latest_size import SimulatorScreen
from tui.screens.predictions import PredictionsScreen
from tui.screens.tour import TourScreen
from tui.simulation import SPEEDS
from tui.tour import Tour
from tui.tour_steps import STEPS

pytestmark = pytest.mark.slow

ENTERS = 17
"""t, then 17 enters: the Repeat step's run sent to full speed, then the predictions."""

REPEAT = next(k for k, s in enumerate(STEPS) if s.live)


def settled(app: SimulatorApp, stopped: bool) -> Tour | None:
    """The tour, once its box is up and nothing it started is under way: the Repeat step's
    run has started, and stopped if it went to full speed (or ``stopped``); else None."""
    screen, sim = app.screen, app.sim
    if not isinstance(screen, TourScreen) or screen.retired or not screen.is_mounted:
        return None
    tour = screen.tour
    if STEPS[tour.step].live and sim.running is False and sim.stop is None:
        return None  # the run is yet to start
    if sim.running and (stopped or sim.speed == len(SPEEDS) - 1):
        return None
    return tour


async def calm(pilot: Pilot[int], app: SimulatorApp, stopped: bool = True, at: int = -1) -> Tour:
    """The tour once ``settled`` (and at step ``at``, if given: a burst may still be going)."""
    for _ in range(2000):
        await pilot.pause(0.01)
        tour = settled(app, stopped)
        if tour is not None and at in (-1, tour.step):
            await pilot.pause(0.05)
            if settled(app, stopped) is tour and at in (-1, tour.step):
                return tour
    raise AssertionError(f"the tour did not settle (at step {at}): {app.screen_stack}")


def burst(app: SimulatorApp, key: str, times: int) -> None:
    """``times`` presses of ``key``, all at once (as a terminal delivers a fast burst)."""
    for _ in range(times):
        app.post_message(Key(key, "\r" if key == "enter" else None))


async def state(app: SimulatorApp, pilot: Pilot[int], at: int = -1) -> dict[str, object]:
    """What the walk left: the step, its texts before the run, the network, the run's stop."""
    tour = await calm(pilot, app, at=at)
    sim, t = app.sim, app.sim.trainer
    return {
        "step": tour.step,
        "texts": tour.texts[:REPEAT],
        "weights": t.network.parameters().tolist(),
        "epoch": t.epoch,
        "kept": sim.stop.epoch_kept if sim.stop else None,
        "alpha": t.config.learning_rate,
        "view": type(app.screen_stack[-2]).__name__,
    }


async def paced(pilot: Pilot[int], app: SimulatorApp) -> dict[str, object]:
    """t, then each enter once the one before has done all it does (the Repeat step's run
    started: enter then sends it to full speed, and the next waits for its stop)."""
    await pilot.press("t")
    for _ in range(ENTERS):
        await calm(pilot, app, stopped=False)
        await pilot.press("enter")
    return await state(app, pilot)


async def test_a_burst_of_enter_walks_to_the_network_a_paced_walk_does() -> None:
    reference = make_explore_app()
    async with reference.run_test(size=SIZE) as pilot:
        slow = await paced(pilot, reference)
    assert slow["step"] == REPEAT + 1 and slow["view"] == PredictionsScreen.__name__
    assert slow["alpha"] == reference.sim.trainer.config.learning_rate  # the + taken back
    assert isinstance(slow["epoch"], int) and isinstance(slow["kept"], int)
    assert 0 < slow["kept"] < slow["epoch"]  # the run stopped by its rule, keeping an epoch
    for pause in (None, 0.01):
        app = make_explore_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await pilot.pause()
            start = app.sim.trainer.network
            if pause is None:
                burst(app, "enter", ENTERS)
            else:
                for _ in range(ENTERS):
                    burst(app, "enter", 1)
                    await asyncio.sleep(pause)
            fast = await state(app, pilot, at=REPEAT + 1)
            assert fast == slow, f"pause {pause}"
            # and a burst of left back to the start takes back every step's keys
            burst(app, "left", REPEAT + 1)
            tour = await calm(pilot, app, at=0)
            t = app.sim.trainer
            assert tour.step == 0 and t.epoch == 0 and app.sim.stop is None
            assert t.network is start or np.array_equal(t.network.parameters(), start.parameters())
            assert t.config.learning_rate == slow["alpha"] and len(app.screen_stack) == 2


async def test_a_slow_frame_at_a_paced_runs_start_does_not_stall_its_redraws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key's slow frame (a busy machine; the tour's screens settling after a burst) was
    counted against the screen's share, which only a run bound by the machine must mind: a run
    at 20 epochs a second then drew nothing for seconds (the status line stuck at epoch 0)."""

    async def slow_frame(self: object) -> bool:
        await asyncio.sleep(0.6)
        return True

    monkeypatch.setattr(tui.app, "KEY_FRAME_WAIT", 0.6)
    monkeypatch.setattr(SimulatorScreen, "wait_for_refresh", slow_frame)
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        t = app.sim.trainer
        assert SPEEDS[app.sim.speed] == 20  # a paced run: it waits between its epochs
        await pilot.press("space")  # a key: the run waits for its (slow) frame
        while app.sim.running and t.epoch < 40:
            await pilot.pause(0.02)
        status = str(app.query_one("#status").render())
        found = re.search(r"epoch (\d+)", status)
        assert found and int(found[1]) >= 20, f"at epoch {t.epoch} the status says {status!r}"
