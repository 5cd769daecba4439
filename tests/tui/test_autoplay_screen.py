"""Autoplay on the screen (pilot): the beats at the slowest pace, in order and each shown long
enough on the simulation's own clock; keys answered between beats; an epoch played = e."""

from __future__ import annotations

import numpy as np
import pytest
from textual.pilot import Pilot

from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.autoplay import BEATS, MIN_BEAT, STUDENT_PACES
from tui.widgets.status import StatusLine
from tui.widgets.weights import WeightsPane

SIZE = (80, 24)


def status(app: SimulatorApp) -> str:
    return str(app.query_one(StatusLine).text)


async def slowest(pilot: Pilot[int], app: SimulatorApp) -> None:
    while app.sim.speed > -len(STUDENT_PACES):
        await pilot.press("less_than_sign")
    await pilot.pause()
    assert "/2s" in status(app)  # one student (or batch) step every 2 s


async def beats(pilot: Pilot[int], app: SimulatorApp, n: int) -> list[str]:
    """Wait (at most 20 s) until ``n`` beats have been shown; each beat's status line."""
    seen: list[str] = []
    for _ in range(400):
        log = app.sim.autoplay.log
        if len(log) > len(seen):
            seen.append(status(app).split("› ", 1)[1])
        if len(log) >= n:
            return seen
        await pilot.pause(0.05)
    raise AssertionError(f"only {len(app.sim.autoplay.log)} beats in 20 s")


@pytest.mark.slow
async def test_the_slowest_pace_shows_each_step_in_beats() -> None:
    app = make_app("--seed", "2")
    async with app.run_test(size=SIZE) as pilot:
        await slowest(pilot, app)
        await pilot.press("space")
        said = await beats(pilot, app, len(BEATS) + 1)
        log = list(app.sim.autoplay.log)
        assert [b.beat for b in log[:5]] == [*BEATS, "guess"]
        assert [b.step for b in log[:5]] == [1, 1, 1, 1, 2]
        assert all(b.seconds is not None and b.seconds >= MIN_BEAT for b in log[:4])
        assert [s.split(" ")[0] for s in said[:5]] == [*BEATS, "guess"]
        assert "▶" in status(app) and app.sim.trainer.epoch == 0
        await pilot.press("space")
        await pilot.pause()
        assert "autoplay paused" in status(app) and not app.sim.running


@pytest.mark.slow
async def test_keys_are_answered_during_the_beats() -> None:
    app = make_app("--seed", "2")
    async with app.run_test(size=SIZE) as pilot:
        await slowest(pilot, app)
        await pilot.press("space")
        await beats(pilot, app, 3)  # the blame: each weight's share in the Weights pane
        assert app.sim.autoplay.beat_name == "blame"
        weights = app.query_one(WeightsPane)
        assert "share of the blame" in weights.border_subtitle and "%" in str(weights.text)
        await pilot.press("plus")
        await pilot.pause()
        assert "learning rate α 0.5 → 1" in status(app) and app.sim.running
        await beats(pilot, app, 5)  # the update and the next guess still come
        await pilot.press("space")
        await pilot.pause()
        assert not app.sim.running
        shown = len(app.sim.autoplay.log)
        await pilot.pause(0.6)
        assert len(app.sim.autoplay.log) == shown  # paused between beats


@pytest.mark.slow
async def test_autoplaying_one_batch_epoch_equals_e() -> None:
    played, pressed = (
        make_app("--seed", "4", "--mode", "batch"),
        make_app("--seed", "4", "--mode", "batch"),
    )
    async with pressed.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        want = pressed.sim.trainer
    async with played.run_test(size=SIZE) as pilot:
        await slowest(pilot, played)
        await pilot.press("space")
        said = await beats(pilot, played, len(BEATS))  # one batch step is the whole epoch
        for _ in range(40):
            if played.sim.trainer.epoch:
                break
            await pilot.pause(0.05)
        got = played.sim.trainer
        assert said[0].startswith(f"guess · batch 1 of 1: {got.n_train} students")
        assert said[2].startswith(f"blame summed over {got.n_train} students")
        assert got.epoch == want.epoch == 1
        assert np.array_equal(got.network.parameters(), want.network.parameters())
        assert list(got.history) == list(want.history)
        assert "epoch 1 done" in status(played)
