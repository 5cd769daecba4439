"""What-if (w): edited grades, weights and alpha; the guess is the engine's forward pass."""

from __future__ import annotations

import numpy as np
import pytest
from textual.events import Paste

from engine.landscape import feature_step
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.whatif import WEIGHT_STEP, WhatIfScreen


def engine_probability(app, raw: np.ndarray) -> float:
    t = app.sim.trainer
    return float(t.network.forward(t.scaler.transform(raw[None, :])).output[0, 0])


@pytest.mark.slow
async def test_nudged_and_typed_grades_give_the_engines_probability() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "w")
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        row = app.sim.row
        original = app.sim.trainer.dataset.X.copy()
        await press(pilot, "right", "right")
        step = feature_step(original[:, 0])
        assert step == 5.0  # the bundled grades are percentages
        assert screen.raw[0] == pytest.approx(original[row, 0] + 2 * step)
        assert screen.probability == engine_probability(app, screen.raw)
        assert f"{screen.probability:.1%}" in screen.query_one("#whatif-guess").text
        await press(pilot, "down", "9", "5", "enter")  # type a value for the 2nd grade
        assert screen.raw[1] == 95.0
        assert screen.probability == engine_probability(app, screen.raw)
        np.testing.assert_array_equal(app.sim.trainer.dataset.X, original)  # data never edited
        await press(pilot, "r")
        np.testing.assert_array_equal(screen.raw, original[row])


@pytest.mark.slow
async def test_weight_edits_are_undoable_and_move_the_guess() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w")
        screen = app.screen
        n = app.sim.trainer.dataset.n_features
        before = app.sim.trainer.network
        await press(pilot, *["down"] * n, "right")  # the first weight
        assert app.sim.trainer.network.weights[0][0, 0] == pytest.approx(
            before.weights[0][0, 0] + WEIGHT_STEP
        )
        assert screen.probability == engine_probability(app, screen.raw)
        await press(pilot, "enter", *"1.25", "enter")  # an exact value, for hand calculations
        assert app.sim.trainer.network.weights[0][0, 0] == 1.25
        assert screen.probability == engine_probability(app, screen.raw)
        await press(pilot, "u", "u")
        assert app.sim.trainer.network is before
        await press(pilot, "escape")
        assert not isinstance(app.screen, WhatIfScreen)


@pytest.mark.slow
async def test_alpha_line_and_escape_cancels_typing() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w", "up")  # wraps to the last line: alpha
        alpha = app.sim.trainer.config.learning_rate
        await press(pilot, "right")
        assert app.sim.trainer.config.learning_rate == 2 * alpha
        await press(pilot, "enter", "escape")  # closes the box, stays in the view
        assert isinstance(app.screen, WhatIfScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, WhatIfScreen)
        palette = {c.title: c for c in app.get_system_commands(app.screen)}
        title = next(t for t in palette if t.endswith("(w)"))
        await palette[title].callback()  # what choosing it in the command palette runs
        await pilot.pause()
        assert isinstance(app.screen, WhatIfScreen)


@pytest.mark.slow
async def test_a_pasted_number_sets_the_grade() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        screen.post_message(Paste("70"))
        await pilot.pause()
        await press(pilot, "enter")
        assert screen.raw[0] == 70.0
