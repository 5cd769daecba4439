"""The quiz through the pilot: answers scored against the engine's numbers, the guess "?"
until answered, escape skipping, k turning it on and off, and networks other than 3-2-1.

The right answers are worked out here from the engine (``Network.forward`` / ``backward``),
not read from ``tui.quiz``, so the quiz and the test agree only if both follow the engine.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from engine.network import loss_value
from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.screens.quiz import QuizScreen
from tui.widgets.hidden import HiddenPane
from tui.widgets.output import OutputPane
from tui.widgets.status import StatusLine

SIZE = (80, 24)

pytestmark = pytest.mark.slow

WEIGHTS = {  # Mazur's names for the 3-2-1 network: (layer, row, col)
    "w1": (0, 0, 0),
    "w2": (0, 1, 0),
    "w3": (0, 2, 0),
    "w4": (0, 0, 1),
    "w5": (0, 1, 1),
    "w6": (0, 2, 1),
    "w7": (1, 0, 0),
    "w8": (1, 1, 0),
}


def text(app: SimulatorApp, pane: type) -> str:
    return str(app.query_one(pane).text)


def box(app: SimulatorApp) -> str:
    assert isinstance(app.screen, QuizScreen)
    return str(app.screen.query_one("#quiz-box").render())


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def p_pass(app: SimulatorApp) -> float:
    t, row = app.sim.trainer, app.sim.row
    return float(t.network.forward(t.X[row : row + 1]).output[0, 0])


def w5_goes_up(app: SimulatorApp) -> bool:
    """The step's slope for w5: dE/dw5 plus the weight decay's pull (``decay x w5``)."""
    k, i, j = WEIGHTS["w5"]
    w5 = float(app.sim.trainer.network.weights[k][i, j])
    return slopes(app)["w5"] + app.sim.trainer.recipe.weight_decay[k] * w5 < 0  # k's decay


def slopes(app: SimulatorApp) -> dict[str, float]:
    """dE/dw for each weight (the blame, as the math view shows it)."""
    t, row = app.sim.trainer, app.sim.row
    net = t.network
    trace = net.forward(t.X[row : row + 1])
    grads = net.backward(trace, t.y[row : row + 1], t.config.loss)
    return {name: float(grads.weights[k][i, j]) for name, (k, i, j) in WEIGHTS.items()}


async def test_f_hides_the_guess_until_answered_and_scores_both_answers() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=SIZE) as pilot:
        p = p_pass(app)
        await press(pilot, "f")
        assert isinstance(app.screen, QuizScreen) and app.sim.hidden_guess
        out, hidden = text(app, OutputPane), text(app, HiddenPane)
        assert "P(pass)  ?" in out and "loss     ?" in out and "%" not in out
        assert "h1        ?        ?" in hidden and "h2        ?        ?" in hidden
        assert f"{p:.1%}" not in text(app, StatusLine) and "quiz 0/0" in text(app, StatusLine)
        assert "pass or fail?" in box(app)
        await press(pilot, "right" if p >= 0.5 else "left")  # right
        assert "P(pass) in tenths?" in box(app) and "?" in text(app, OutputPane)
        tenth = round(p * 10)
        wrong = (tenth + 3) % 10  # at least 0.2 away
        await press(pilot, str(wrong))
        judged = box(app)
        said = "pass" if p >= 0.5 else "fail"
        assert f"✓ {said} — the network says {said} ({p:.1%})" in judged  # a sentence
        assert f"✗ 0.{wrong} — P(pass) is {p:.3f}" in judged
        assert "?" in text(app, OutputPane)  # still hidden while the truth is read
        assert "quiz 1/2" in text(app, StatusLine)  # scored as the last answer came in
        await press(pilot, "enter")
        assert not isinstance(app.screen, QuizScreen) and not app.sim.hidden_guess
        assert f"{p:.1%}" in text(app, OutputPane) and "?" not in text(app, OutputPane)
        status = text(app, StatusLine)
        assert "quiz 1/2" in status and "quiz ✓✗" in status and f"{p:.1%}" in status


async def test_f_wrong_verdict_and_right_tenths() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=SIZE) as pilot:
        p = p_pass(app)
        await press(pilot, "f", "left" if p >= 0.5 else "right", str(int(p * 10)), "enter")
        assert "quiz 1/2" in text(app, StatusLine) and "quiz ✗✓" in text(app, StatusLine)


async def test_b_asks_before_the_step_then_takes_it() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=SIZE) as pilot:
        g = slopes(app)
        top = max(g, key=lambda k: abs(g[k]))
        w5_up = w5_goes_up(app)
        net = app.sim.trainer.network
        await press(pilot, "b")
        assert isinstance(app.screen, QuizScreen)
        assert app.sim.trainer.network is net  # no step until answered
        assert "w1-w3 → h1 · w4-w6 → h2 · w7-w8 → out" in box(app)
        await press(pilot, top[1:], "down" if w5_up else "up")  # right, then wrong
        judged = box(app)
        assert f"✓ {top} — of the weights, {top} takes most" in judged
        truth, said = ("up", "down") if w5_up else ("down", "up")
        assert f"✗ {said} — w5 goes {truth}" in judged
        await press(pilot, "enter")
        assert app.sim.trainer.network is not net
        k, i, j = WEIGHTS["w5"]
        moved = app.sim.trainer.network.weights[k][i, j] - net.weights[k][i, j]
        assert (moved > 0) == w5_up
        assert "blamed" in text(app, StatusLine) and "quiz 1/2" in text(app, StatusLine)


async def test_b_wrong_weight_and_right_way() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=SIZE) as pilot:
        g = slopes(app)
        low = min(g, key=lambda k: abs(g[k]))
        await press(pilot, "b", low[1:], "up" if w5_goes_up(app) else "down", "enter")
        assert "quiz ✗✓" in text(app, StatusLine) and "quiz 1/2" in text(app, StatusLine)


@pytest.mark.parametrize("answer", ["right", "wrong"])
async def test_plus_asks_about_overshoot_after_alpha_doubles(answer: str) -> None:
    app = make_app("--quiz", "--activation", "linear", "--lr", "4")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "plus")
        t, row = app.sim.trainer, app.sim.row
        assert t.config.learning_rate == 8 and isinstance(app.screen, QuizScreen)
        y = t.y[row : row + 1]
        now = loss_value(t.config.loss, t.forward_row(row), y)
        net = t.network
        trace = net.forward(t.X[row : row + 1])
        after = net.apply(net.backward(trace, y, t.config.loss), 8.0)
        over = loss_value(t.config.loss, after.forward(t.X[row : row + 1]), y) > now
        key = ("y" if over else "n") if answer == "right" else ("n" if over else "y")
        await press(pilot, key)
        assert t.network is net  # asking changed nothing
        mark = "✓" if answer == "right" else "✗"
        said = {"y": "yes", "n": "no"}[key]
        fact = "the next b overshoots" if over else "the next b does not overshoot"
        assert f"{mark} {said} — {fact}" in box(app)
        await press(pilot, "enter")
        assert f"quiz {mark}" in text(app, StatusLine)
        assert f"quiz {int(answer == 'right')}/1" in text(app, StatusLine)


async def test_escape_skips_and_reveals() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=SIZE) as pilot:
        p = p_pass(app)
        await press(pilot, "f", "escape")
        assert not isinstance(app.screen, QuizScreen)
        assert f"{p:.1%}" in text(app, OutputPane)
        assert "quiz skipped" in text(app, StatusLine) and "quiz 0/0" in text(app, StatusLine)
        await press(pilot, "escape")  # a second escape finds no quiz: nothing happens
        assert f"{p:.1%}" in text(app, OutputPane)


async def test_k_turns_the_quiz_on_and_off() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        assert not isinstance(app.screen, QuizScreen)  # off by default
        await press(pilot, "k", "n")  # quiz mode: the next student's guess waits for f
        assert "quiz 0/0" in text(app, StatusLine)
        await press(pilot, "f")
        assert isinstance(app.screen, QuizScreen)
        await press(pilot, "escape", "k")
        assert "quiz off" in text(app, StatusLine)
        await press(pilot, "n", "f")
        assert not isinstance(app.screen, QuizScreen)


async def test_mazur_is_asked_only_what_makes_sense_and_told_so() -> None:
    app = make_app("--preset", "mazur", "--quiz")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        assert not isinstance(app.screen, QuizScreen)
        assert "no pass/fail" in text(app, StatusLine)
        await press(pilot, "b")
        assert isinstance(app.screen, QuizScreen) and "1-8: w1-w8" in box(app)


@pytest.mark.parametrize("key", ["f", "b"])
async def test_enter_and_escape_bursts_close_a_question_once(key: str) -> None:
    from tests.tui.test_modal_bursts import BURSTS, burst, main_screen_shown

    app = make_app("--quiz")
    async with app.run_test(size=SIZE) as pilot:
        for keys in BURSTS:
            await press(pilot, "n")
            net = app.sim.trainer.network
            await press(pilot, key)
            assert isinstance(app.screen, QuizScreen)
            burst(app, *keys)
            await pilot.pause(0.2)
            await pilot.pause()
            assert main_screen_shown(app), f"{keys} ended the app"
            while isinstance(app.screen, QuizScreen):
                await press(pilot, "escape")
            assert len(app.screen_stack) == 1 and not app.sim.hidden_guess
            stepped = app.sim.trainer.network is not net
            assert stepped == (key == "b")
            if stepped:  # once: one undo takes the network back to where it was
                app.sim.undo()
                assert app.sim.trainer.network is net
        assert text(app, StatusLine).count("quiz 0/0") == 1
