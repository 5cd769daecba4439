"""--preset mazur: Matt Mazur's worked example on screen, with his published values."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.engine.test_explain import MAZUR_PUBLISHED
from tests.tui.conftest import make_app
from tui.cli import main
from tui.screens.math_view import MathScreen
from tui.widgets.inputs import InputsPane
from tui.widgets.loss_chart import LossChart
from tui.widgets.output import OutputPane
from tui.widgets.pane import Pane
from tui.widgets.status import StatusLine

SIZE = (80, 24)


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.slow
async def test_after_f_b_the_screen_shows_mazurs_published_values() -> None:
    app = make_app("--preset", "mazur")
    async with app.run_test(size=SIZE) as pilot:
        assert app.sim.trainer.network.layer_sizes == (2, 2, 2)
        assert app.sim.trainer.config.update_biases is False and app.sim.places == 9
        await press(pilot, "f")
        assert "o1 0.751365070, o2 0.772928465" in app.query_one(StatusLine).text
        await press(pilot, "b")
        output = app.query_one(OutputPane).text
        for value in ("0.751365070", "0.772928465", "0.298371109"):
            assert value in output
        await press(pilot, "m")
        assert isinstance(app.screen, MathScreen)
        raw = str(app.screen.query_one("#math", Pane).text)
        text = re.sub(r"\s+", " ", raw)
        numbers = [float(m) for m in re.findall(r"-?\d+\.\d+", text)]
        for name, value in MAZUR_PUBLISHED.items():
            assert any(abs(x - float(value)) <= 1e-9 for x in numbers), f"{name} = {value}"
        assert "out_h1 = sigmoid(0.377500000) = 1 / (1 + e^-0.377500000) = 0.593269992" in text
        assert "w5 <- w5 - alpha x dE/dw5 = 0.400000000 - 0.5 x 0.0821670406 = 0.358916480" in text
        assert (
            "w1 <- w1 - alpha x dE/dw1 = 0.150000000 - 0.5 x 0.000438567734 = 0.149780716" in text
        )
        assert "b(h1) <-" not in text  # his biases stay frozen
        assert "over all weights;" in text  # the shares are over what moves
        net = app.sim.trainer.network
        assert abs(float(net.weights[1][0, 0]) - 0.35891648) < 1e-8  # w5+
        assert float(net.biases[0][0]) == 0.35


@pytest.mark.slow
async def test_verdict_and_accuracy_are_hidden_for_soft_targets() -> None:
    app = make_app("--preset", "mazur")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b", "e")
        shown = app.query_one(OutputPane).text + app.query_one(InputsPane).text
        for word in ("verdict", "pass", "fail", "right", "wrong", "P(pass)"):
            assert word not in shown
        assert "o1 0.01, o2 0.99" in app.query_one(InputsPane).text
        status = app.query_one(StatusLine).text
        assert "epoch 1: training loss" in status and "accuracy" not in status
        chart = app.query_one(LossChart)
        assert "acc" not in str(chart.border_title) + str(chart.border_subtitle)
        for key in ("d", "p", "v"):  # the pass/fail views are off
            await press(pilot, key)
            assert app.screen is app.default_screen
            assert f"{key}: not for a worked example" in app.query_one(StatusLine).text


@pytest.mark.slow
async def test_reset_keeps_his_weights_and_a_new_seed_keeps_two_outputs() -> None:
    app = make_app("--preset", "mazur")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b", "r")
        assert float(app.sim.trainer.network.weights[0][0, 0]) == 0.15
        await press(pilot, "R", "f")
        assert app.sim.trainer.network.layer_sizes == (2, 2, 2)
        assert len(app.query_one(OutputPane).text.split("target")) == 3


def test_preset_before_or_after_explain(capsys: Any) -> None:
    assert main(["--preset", "mazur", "explain"]) == 0
    assert "Mazur" in capsys.readouterr().out
    assert main(["explain", "--preset", "mazur"]) == 0
    assert "Mazur" in capsys.readouterr().out


@pytest.mark.slow
def test_mazur_math_view_snapshot_120x40(snap_compare: Any) -> None:
    assert snap_compare(
        make_app("--preset", "mazur"), terminal_size=(120, 40), press=["f", "b", "m"]
    )


@pytest.mark.slow
async def test_what_if_speaks_mazurs_names_and_outputs() -> None:
    from tui.screens.whatif import WhatIfScreen

    app = make_app("--preset", "mazur")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        edit = screen.query_one("#whatif-edit", Pane).text
        for name in ("w1 i1→h1", "w5 h1→o1", "w8 h2→o2", "b(h1)", "b(o2)"):
            assert name in edit
        await press(pilot, "right")  # i1 0.05 -> 0.10: a 0..1 input moves by 0.05
        assert screen.raw[0] == 0.1
        guess = screen.query_one("#whatif-guess", Pane).text
        out = app.sim.trainer.network.forward(screen.raw[None, :]).output[0]
        assert f"o1 {out[0]:.9f}" in guess and f"o2 {out[1]:.9f}" in guess
        assert "target 0.99" in guess
        for word in ("P(pass)", "verdict", "%"):
            assert word not in guess
