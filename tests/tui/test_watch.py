"""Watching it learn on the screen: the focus student's guess live during a run, runs that
end by themselves and say why, resets that u takes back, the chart from epoch 0 with markers
apart in ASCII and NO_COLOR, and a status line that fits 80 columns."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from textual.pilot import Pilot

from engine.trainer import WeightsFrom
from tests.tui.conftest import make_app
from tests.tui.test_chart import canvas, plot_lines, ticks_row
from tui.app import SimulatorApp
from tui.glyphs import transliterate
from tui.simulation import SPEEDS
from tui.widgets.loss_chart import LossChart
from tui.widgets.output import OutputPane
from tui.widgets.status import StatusLine

SIZE = (80, 24)


def status(app: SimulatorApp) -> str:
    return app.query_one(StatusLine).text


def probability(app: SimulatorApp) -> str:
    """The P(pass) the Output pane shows, as written."""
    found = re.search(r"P\(pass\)\s+([\d.]+%)", app.query_one(OutputPane).text)
    assert found, app.query_one(OutputPane).text
    return found.group(1)


async def wait_for(pilot: Pilot[int], done: object, most: int = 400) -> None:
    """Let the app run until ``done()`` holds (at most ``most`` short pauses)."""
    for _ in range(most):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


async def run_to_the_stop(pilot: Pilot[int], app: SimulatorApp) -> None:
    """space at full speed, then wait for the run to stop by itself and its last draw."""
    await pilot.press(*["greater_than_sign"] * len(SPEEDS))  # full speed, to be quick
    await pilot.press("space")
    await wait_for(pilot, lambda: not app.sim.running, most=2400)
    await pilot.pause()


@pytest.mark.slow
async def test_the_output_pane_shows_a_live_guess_during_a_run() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # no f first: the guess comes with the run
        t = app.sim.trainer
        await wait_for(pilot, lambda: t.epoch >= 2 and app.query_one(OutputPane).border_subtitle)
        assert app.sim.running
        first, first_label = probability(app), str(app.query_one(OutputPane).border_subtitle)
        assert re.fullmatch(r"epoch [\d,]+'s weights", first_label)
        await wait_for(pilot, lambda: probability(app) != first)
        assert app.sim.running
        assert str(app.query_one(OutputPane).border_subtitle) != first_label  # a later epoch
        await pilot.press("n")  # the focus moves, the guess follows, the run goes on
        await pilot.pause()
        sim = app.sim
        assert sim.running and sim.trace is not None and sim.row == sim.train_rows[1]
        shown = sim.trainer.forward_row(sim.row, sim.trace_net).output[0, 0]
        assert float(sim.trace.output[0, 0]) == float(shown)  # this student's guess
        await pilot.press("space")


@pytest.mark.slow
async def test_space_at_the_defaults_stops_by_itself_and_says_why() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_to_the_stop(pilot, app)
        stop, epoch = app.sim.stop, app.sim.trainer.epoch
        assert stop is not None and 0 < epoch <= 200
        assert f"stopped at {epoch}: {stop.text}" in status(app)
        if stop.epoch_kept < epoch:  # the stop rule kept its best epoch: the chart marks it
            assert f"kept {stop.epoch_kept}" in str(app.query_one(LossChart).border_title)


@pytest.mark.slow
async def test_r_then_u_restores_weights_settings_and_history() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "e", "e", "M", "plus", "f")
        t = app.sim.trainer
        weights, config, history = t.network.parameters(), t.config, list(t.history)
        initial = t.initial_network.parameters()
        for key in ("r", "R", "a"):
            await pilot.press(key)
            assert t.epoch == 0 and len(t.history) == 0
            assert "u takes it back" in status(app)
            await pilot.press("u")
            await pilot.pause()
            np.testing.assert_array_equal(t.network.parameters(), weights)
            np.testing.assert_array_equal(t.initial_network.parameters(), initial)
            assert t.config == config and t.epoch == 3 and list(t.history) == history
            assert "took back" in status(app)


async def test_the_chart_starts_at_epoch_zero() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "e", "e")
        await pilot.pause()
        chart = app.query_one(LossChart)
        assert ticks_row(chart).split()[0] == "0"
        assert any(row[:1].strip() for row in canvas(chart))  # a point at epoch 0
        start = app.sim.start_record()
        # The random start's held-out loss is the highest point: the top y label.
        top = max(start.train_loss, start.test_loss or 0.0)
        assert plot_lines(chart)[0].strip().startswith(f"{top:.2f}")


@pytest.mark.slow
@pytest.mark.parametrize("ascii", [True, False])
async def test_no_color_and_ascii_charts_use_distinct_markers(
    ascii: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    app.use_ascii(ascii)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "e", "e", "e", "e")
        await pilot.pause()
        drawn = set("".join(canvas(app.query_one(LossChart)))) - {" "}
        if ascii:
            drawn = {transliterate(ch) for ch in drawn}
            assert {"*", "o"} <= drawn and not drawn & set("|-+"), drawn
        else:
            assert "•" in drawn and any("\u2800" <= ch <= "\u28ff" for ch in drawn), drawn


async def test_y_cycles_the_chart_and_the_focus_view_follows_the_student() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "e", "y")
        chart = app.query_one(LossChart)
        assert chart.view == "accuracy" and "accuracy per epoch" in status(app)
        await pilot.press("y")
        assert chart.view == "focus"
        await pilot.press("e", "e")
        await pilot.pause()
        assert app.sim.student_name(app.sim.row) in str(chart.border_title)
        assert [e for e, _ in app.sim.focus.points] == [0, 1, 2, 3]
        p = app.sim.focus.points[-1][1]
        assert str(chart.border_subtitle) == f"now {p:.0%} at epoch 3"
        await pilot.press("y")
        assert chart.view == "loss"


async def test_the_status_line_fits_80_columns_at_its_widest() -> None:
    # alpha fixed: under the schedule alpha at epoch 1,000,000 is 2.5e-05, cut short
    app = make_app("--mode", "minibatch", "--activation", "relu", "--lr-decay", "0")
    async with app.run_test(size=SIZE) as pilot:
        sim = app.sim
        sim.show_student(sim.train_rows[-1])  # student 480 of 480 training
        sim.trainer.epoch = 1_000_000
        sim.trainer.weights_from = WeightsFrom(1_000_000)  # that epoch's own weights
        sim.set_speed(len(SPEEDS) - 1)
        sim.running = True  # as during a run at full speed, measured at 4 digits
        sim.pacer.measured = 9876.0
        app.draw()
        await pilot.pause()
        line = app.query_one(StatusLine).render_line(0).text
        sim.running = False
        parts = ("epoch 1,000,000", "student 480 of 480 training", "9876/s", "minibatch relu")
        for part in (*parts, "α 0.5"):
            assert part in line, line
        assert "…" not in line, line


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_after_a_run_that_stopped_by_itself(
    snap_compare: Any, size: tuple[int, int]
) -> None:
    async def run_to_the_end(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, SimulatorApp)
        await pilot.press("n", "f", *["greater_than_sign"] * len(SPEEDS), "space")
        await wait_for(pilot, lambda: not app.sim.running)  # paused: no measured speed shown

    assert snap_compare(make_app(), terminal_size=size, run_before=run_to_the_end)


@pytest.mark.slow
async def test_l_sets_a_target_loss_from_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"0.4", "enter")
        await pilot.pause()
        assert app.sim.target_loss == 0.4 and "at most 0.4" in status(app)
        await pilot.press("L", "escape")
        await pilot.pause()
        assert app.sim.target_loss == 0.4 and "the target stays" in status(app)
