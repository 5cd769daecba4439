"""A view's manners: it says when what it shows comes from untrained weights (p), a simulator
key it does not use says where that key works (instead of nothing), and what-if refuses a
grade the network never learned from (150 in a percentage column)."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import DataTable

from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.app import SimulatorApp
from tui.screens.math_view import MathScreen
from tui.screens.predictions import PredictionsScreen
from tui.screens.whatif import WhatIfScreen

pytestmark = pytest.mark.slow


def elsewhere(key: str) -> str:
    return f"{key} works on the main screen: esc goes back"


def notices(app: SimulatorApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def info(app: SimulatorApp) -> str:
    return str(app.screen.query_one("#predictions-info").render())


async def test_predictions_say_the_weights_are_untrained_until_trained() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        assert "untrained: the random starting weights' guesses" in info(app)
        await press(pilot, "escape", "e", "p")
        assert "epoch 1" in info(app) and "untrained" not in info(app)
        await press(pilot, "escape", "u", "p")  # undone: the random weights again
        assert "epoch 0" in info(app) and "untrained" in info(app)


async def test_keys_a_view_does_not_use_say_where_they_work() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        await press(pilot, "f", "space", "e")
        assert isinstance(app.screen, PredictionsScreen)
        assert [table.get_row_at(i) for i in range(table.row_count)] == rows  # unchanged
        assert app.sim.trainer.epoch == 0 and not app.sim.running
        said = notices(app)
        assert said == [elsewhere("f"), elsewhere("space"), elsewhere("e")]
        await press(pilot, "f")  # still on screen: not stacked again
        assert notices(app) == said
        await press(pilot, "s")  # the view's own key: no notice
        assert notices(app) == said
        app.clear_notifications()
        activation = app.sim.trainer.config.activation
        await press(pilot, "escape", "m", "space", "z", "a", "f")  # f works in m
        assert isinstance(app.screen, MathScreen)
        assert not app.sim.running and app.sim.trainer.config.activation == activation
        assert notices(app) == [elsewhere("space"), elsewhere("z"), elsewhere("a")]


async def test_whatif_refuses_a_grade_outside_what_the_network_learned() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, WhatIfScreen)
        before = screen.raw.copy()
        await press(pilot, *"150", "enter")
        np.testing.assert_array_equal(screen.raw, before)
        assert notices(app) == ["class_assignments 150 refused: expected 0-100 (percent grades)"]
        assert "100.0%" not in str(screen.query_one("#whatif-guess").render())
        await press(pilot, "-", "5", "enter")  # "-" types a number here: not alpha ÷2
        assert screen.raw[0] == before[0] and len(notices(app)) == 2
        await press(pilot, *"100", "enter")  # the edge is fine
        assert screen.raw[0] == 100.0 and len(notices(app)) == 2
        await press(pilot, "left", "right", "right")  # a nudge stops at 100, then says so
        assert screen.raw[0] == 100.0
        assert notices(app)[-1] == "class_assignments 105 refused: expected 0-100 (percent grades)"
        await press(pilot, *"97", "enter", "right")
        assert screen.raw[0] == 100.0 and len(notices(app)) == 3


async def test_the_tour_says_where_a_simulator_key_works() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "t", "f", "z")
        assert app.sim.trace is None  # f made no guess
        assert notices(app) == [
            "f works once you leave the tour: esc leaves it",
            "z works once you leave the tour: esc leaves it",
        ]
