"""Every key, through the pilot, asserting on what the screen shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot

from engine.model_file import load_model
from engine.network import loss_value
from tests.tui.conftest import make_app
from tui.app import SPEEDS, SimulatorApp
from tui.autoplay import STUDENT_PACES
from tui.messages import JumpToStudent
from tui.screens.help import HelpScreen
from tui.screens.save import SaveScreen
from tui.screens.too_small import TooSmallScreen
from tui.widgets.hidden import HiddenPane
from tui.widgets.inputs import InputsPane
from tui.widgets.loss_chart import LossChart
from tui.widgets.output import OutputPane
from tui.widgets.status import StatusLine
from tui.widgets.weights import WeightsPane

SIZE = (80, 24)


def text(app: SimulatorApp, pane: type) -> str:
    return str(app.query_one(pane).text)


def status(app: SimulatorApp) -> str:
    return text(app, StatusLine)


def signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else " ") + f"{abs(value):.3f}"


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.slow
async def test_opening_screen_shows_the_first_training_student() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = app.sim.trainer
        inputs = text(app, InputsPane)
        assert t.dataset.names[app.sim.row] in inputs
        assert f"student 1 of {t.n_train} training" in inputs
        assert "training" in inputs
        for j, name in enumerate(t.dataset.feature_names):  # i1 first, cut to fit at 80x24
            assert re.search(rf"^i{j + 1} {re.escape(name[:10])}", inputs, re.M), inputs
            assert f"{t.X[app.sim.row, j]:.3f}" in inputs
            assert f"{t.dataset.X[app.sim.row, j]:.4g}" in inputs
        assert "no guess yet" in text(app, HiddenPane)
        assert "epoch 0" in status(app) and "α 0.5" in status(app) and "stochastic" in status(app)
        assert "sigmoid" in status(app) and f"student 1 of {t.n_train} training" in status(app)
        weights = text(app, WeightsPane)
        assert "inputs 1x3 · weights 3x2 → hidden 1x2" in weights
        assert "hidden 1x2 · weights 2x1 → output 1x1" in weights
        assert signed(float(t.network.weights[0][0, 0])) in weights


@pytest.mark.slow
async def test_f_shows_the_engines_forward_pass() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        t, row = app.sim.trainer, app.sim.row
        trace = t.network.forward(t.X[row : row + 1])
        p = float(trace.output[0, 0])
        out = text(app, OutputPane)
        assert f"{p:.1%}" in out
        assert ("pass" if p >= 0.5 else "fail") in out
        assert f"{loss_value('bce', trace, t.y[row : row + 1]):.4f}" in out
        hidden = text(app, HiddenPane)
        for j in range(2):
            assert signed(float(trace.z[0][0, j])) in hidden
            assert signed(float(trace.a[1][0, j])) in hidden
        assert f"{p:.1%}" in status(app)


@pytest.mark.slow
async def test_b_runs_the_forward_pass_first_and_updates_every_weight() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.sim.trainer.network
        await press(pilot, "b")
        assert "guessed first" in status(app)
        after = app.sim.trainer.network
        assert after is not before
        weights = text(app, WeightsPane)
        assert signed(float(after.weights[0][0, 0])) in weights
        assert "▲" in weights or "▼" in weights
        assert "before the update" in app.query_one(OutputPane).border_subtitle
        await press(pilot, "f")
        await press(pilot, "b")
        assert "guessed first" not in status(app) and "blamed" in status(app)


@pytest.mark.slow
async def test_b_is_refused_on_a_held_out_student() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        held_out = int(app.sim.trainer.split.test[0])
        app.post_message(JumpToStudent(held_out))
        await pilot.pause()
        assert "held-out" in text(app, InputsPane)
        net = app.sim.trainer.network
        await press(pilot, "b")
        assert "refused" in status(app)
        assert app.sim.trainer.network is net
        await press(pilot, "n")
        assert app.sim.trainer.is_training(app.sim.row)


@pytest.mark.slow
async def test_n_and_shift_n_walk_the_training_students() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        rows = sorted(int(r) for r in app.sim.trainer.split.train)
        assert app.sim.row == rows[0]
        await press(pilot, "n")
        assert app.sim.row == rows[1]
        assert app.sim.trainer.dataset.names[rows[1]] in text(app, InputsPane)
        await press(pilot, "N", "N")
        assert app.sim.row == rows[-1]
        assert f"student {len(rows)} of {len(rows)} training" in status(app)


@pytest.mark.slow
async def test_e_runs_one_epoch_and_charts_it() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e")
        assert app.sim.trainer.epoch == 1
        record = app.sim.trainer.history[-1]
        assert "epoch 1" in status(app)
        assert f"{record.train_loss:.4f}" in status(app)
        chart = app.query_one(LossChart)
        assert f"{record.train_loss:.3f}/{record.test_loss:.3f}" in chart.border_subtitle


@pytest.mark.slow
async def test_space_runs_and_pauses() -> None:
    app = make_app("--mode", "batch")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "space")
        assert "running" in status(app)
        await pilot.pause(0.4)
        first = app.sim.trainer.epoch
        assert first > 0
        await pilot.pause(0.3)
        assert app.sim.trainer.epoch > first
        await press(pilot, "space")
        assert "paused" in status(app)
        stopped = app.sim.trainer.epoch
        assert f"epoch {stopped}" in status(app)
        await pilot.pause(0.2)
        assert app.sim.trainer.epoch == stopped


@pytest.mark.slow
@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_quit_mid_run(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "space")
        await pilot.pause(0.2)
        assert app.sim.running
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.slow
async def test_slower_and_faster() -> None:
    """The speed keys, pressed while paused, step through STUDENT_PACES and SPEEDS and stop at
    both ends; a run
    at 1 epoch a second has run its first epoch and waits for the next."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert SPEEDS[app.sim.speed] == 20  # a run starts at a pace a class can watch
        await press(pilot, *["greater_than_sign"] * len(SPEEDS), "less_than_sign")
        assert f"speed: {SPEEDS[-2]}/s" in status(app)
        await press(pilot, *["less_than_sign"] * (len(SPEEDS) + len(STUDENT_PACES) + 2))
        assert "speed: 1 student/2s" in status(app)  # autoplay's slowest pace
        await press(pilot, *["greater_than_sign"] * len(STUDENT_PACES))
        assert "speed: 1/s" in status(app)
        await press(pilot, "greater_than_sign")
        assert f"speed: {SPEEDS[1]}/s" in status(app)
        await press(pilot, *["greater_than_sign"] * (len(SPEEDS) + 2))
        assert "speed: max" in status(app)
        assert app.sim.trainer.epoch == 0
        await press(pilot, *["less_than_sign"] * (len(SPEEDS) - 1))
        await press(pilot, "space")
        assert "▶ 1/s" in status(app)
        assert app.sim.trainer.epoch >= 1  # the first epoch is due at once
        await press(pilot, "space")
        assert app.sim.trainer.epoch < 100  # far below full speed (thousands a second)
        assert f"epoch {app.sim.trainer.epoch}" in status(app)


@pytest.mark.slow
async def test_undo_reset_and_new_seed() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        initial = app.sim.trainer.network
        await press(pilot, "e", "e")
        await press(pilot, "u")
        assert app.sim.trainer.epoch == 1 and "took back epoch 2" in status(app)
        await press(pilot, "u", "u")
        assert app.sim.trainer.epoch == 0 and "nothing to undo" in status(app)
        assert app.sim.trainer.network is initial
        await press(pilot, "e", "b", "r")
        assert app.sim.trainer.network is initial and app.sim.trainer.epoch == 0
        assert "initial weights (seed 0)" in status(app)
        assert "no epochs yet" in str(app.query_one("#chart-empty").render())
        await press(pilot, "R")
        assert app.sim.trainer.config.seed == 1 and "seed 1" in status(app)
        assert not np.allclose(app.sim.trainer.network.weights[0], initial.weights[0])
        w = float(app.sim.trainer.network.weights[0][0, 0])
        assert signed(w) in text(app, WeightsPane)


@pytest.mark.slow
async def test_learning_rate_keys() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "plus")
        assert app.sim.trainer.config.learning_rate == 1.0 and status(app).splitlines()[0].endswith(
            "α 1"
        )
        await press(pilot, "equals_sign")
        assert app.sim.trainer.config.learning_rate == 2.0
        await press(pilot, "minus", "minus", "minus")
        assert app.sim.trainer.config.learning_rate == 0.25 and "α 0.25" in status(app)


@pytest.mark.slow
async def test_a_cycles_the_hidden_activation_and_m_the_mode() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "a")
        assert app.sim.trainer.config.activation == "tanh"
        assert "tanh" in status(app) and "tanh" in text(app, HiddenPane)
        await press(pilot, "a", "a", "a")
        assert app.sim.trainer.config.activation == "sigmoid"
        await press(pilot, "M")  # m is the math view (issue 6)
        assert "minibatch" in status(app) and app.sim.trainer.config.mode == "minibatch"


@pytest.mark.slow
async def test_divergence_pauses_and_keeps_finite_weights() -> None:
    app = make_app(
        "--mode", "batch", "--scale", "none", "--lr", "1000000", "--activation", "linear",
        "--hidden", "4",
    )  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "space")
        for _ in range(50):
            await pilot.pause(0.05)
            if not app.sim.running:
                break
        assert not app.sim.running
        assert "diverged" in status(app)
        assert np.all(np.isfinite(app.sim.trainer.network.parameters()))
        assert any("diverged" in str(n.message) for n in app._notifications)
        await press(pilot, "r")
        assert app.sim.trainer.epoch == 0


@pytest.mark.slow
async def test_ctrl_s_saves_the_model(tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "ctrl+s")
        assert isinstance(app.screen, SaveScreen)
        app.screen.query_one("Input").value = str(target)  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert "saved the model" in status(app)
    model = load_model(target)
    np.testing.assert_array_equal(model.network.parameters(), app.sim.trainer.network.parameters())
    assert json.loads(target.read_text())


@pytest.mark.slow
async def test_help_lists_every_key() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys").render())
        for shown in ["f", "b", "n", "N", "e", "space", "<", ">", "u", "r", "R", "+ =", "-", "a"]:
            assert f"{shown}  " in keys
        assert "ctrl+s" in keys and "quit" in keys and "?  this help" in keys
        await press(pilot, "f")  # simulator keys do nothing under the help
        assert app.sim.trace is None
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.slow
async def test_a_small_terminal_says_what_it_needs() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        shown = str(app.screen.query_one("#too-small-text").render())
        assert "80x24" in shown and "60x20" in shown
        await press(pilot, "f")
        assert app.sim.trace is None
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)


@pytest.mark.slow
async def test_palette_jumps_to_a_student_by_number() -> None:
    app = make_app("--hide-names")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+p")
        await pilot.press(*"17")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await pilot.pause()
        assert app.sim.row == 16
        inputs = text(app, InputsPane)
        assert "student 17" in inputs
        assert app.sim.trainer.dataset.names[16] not in inputs


@pytest.mark.slow
async def test_undo_says_when_it_takes_alpha_back_too_and_alpha_stays_in_range() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "+", "u")
        assert app.sim.trainer.config.learning_rate == 0.5
        assert "took back epoch 1; α back to 0.5" in status(app)
        await press(pilot, *["+"] * 15)
        assert app.sim.trainer.config.learning_rate == 1024.0
        assert "α stays 1024" in status(app)
        await press(pilot, *["-"] * 40)
        assert app.sim.trainer.config.learning_rate == 2.0**-20
        assert "α stays" in status(app)


@pytest.mark.slow
async def test_a_paused_run_shows_the_guess_of_the_weights_it_stopped_at() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "space")
        await pilot.pause(0.3)
        await press(pilot, "space")
        assert app.sim.trainer.epoch > 0
        assert app.sim.trace_net is app.sim.trainer.network
        assert "before the update" not in str(app.query_one(OutputPane).border_subtitle)
        p = float(
            app.sim.trainer.network.forward(
                app.sim.trainer.X[app.sim.row : app.sim.row + 1]
            ).output[0, 0]
        )
        assert f"{p:.1%}" in app.query_one(OutputPane).text
