"""The quiz after b: the guess on screen (Output pane, picture, m) is the one b blamed, made
by the weights before its update; the quiz's truths come from the weights now. A learner
saw the overshoot verdict quote a loss the Output pane did not show: each number the quiz
quotes must be the screen's or say which weights it comes from."""

from __future__ import annotations

import re

import pytest

from engine.network import loss_value
from tests.tui.conftest import make_app
from tests.tui.test_quiz_screen import box, press, text
from tui.screens.quiz import QuizScreen
from tui.widgets.output import OutputPane

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("argv", [(), ("--preset", "mazur")])
async def test_after_b_the_overshoot_verdict_quotes_the_screens_loss_and_says_whose(
    argv: tuple[str, ...],
) -> None:
    app = make_app("--quiz", *argv)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f", "escape", "b", "escape")  # guess and blame, questions skipped
        sim = app.sim
        assert sim.stale_guess and not isinstance(app.screen, QuizScreen)
        found = re.search(r"loss\s+(\d+\.\d+)", text(app, OutputPane))
        assert found is not None
        on_screen = found.group(1)
        t, row = sim.trainer, sim.row
        now = loss_value(t.config.loss, t.forward_row(row), t.y[row : row + 1])
        await press(pilot, "plus", "y")
        judged = " ".join(box(app).split())
        assert f"{now:.{sim.places}f} →" in judged  # the truth: the step from the weights now
        assert on_screen in judged and "on screen" in judged, judged  # and the screen's loss
        assert "the weights b left" in judged, judged


async def test_after_b_the_next_bs_questions_say_they_guess_again_first() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f", "escape", "b", "escape", "b")
        assert isinstance(app.screen, QuizScreen)
        assert "the weights b left" in " ".join(box(app).split())
