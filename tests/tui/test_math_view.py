"""The math view (m): its numbers are the engine's trace and gradients, and explain's text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot

from engine.explain import (
    ParameterBlame,
    blame,
    blame_lines,
    fmt,
    forward_lines,
    forward_steps,
    loss_lines,
)
from engine.network import loss_value
from tests.engine import test_hand_check as hand
from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.cli import main
from tui.screens.math_view import MathScreen, moved, wrap
from tui.widgets.pane import Pane

SIZE = (80, 24)


def shown(app: SimulatorApp) -> str:
    """The math view's text, unwrapped: every run of whitespace as one space."""
    assert isinstance(app.screen, MathScreen)
    return squash(str(app.screen.query_one("#math", Pane).text))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.slow
async def test_after_f_b_the_view_shows_the_engines_trace_and_gradients() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b", "m")
        text = shown(app)
        step = app.sim.last_step
        assert step is not None
        t, row = app.sim.trainer, app.sim.row
        y = t.y[row : row + 1]
        # the guessing game: every node's inputs, weights, bias, sum and activation
        for s in forward_steps(step.before, step.trace):
            for _, value, _, weight in s.terms:
                assert f"{fmt(value)} x {fmt(weight)}" in text
            assert any(f"+ {fmt(s.bias)} {said} {fmt(s.z)}" in text for said in ("=", "~="))
            assert f"out_{s.name} = sigmoid({fmt(s.z)})" in text and f"= {fmt(s.a)}" in text
        assert fmt(float(step.trace.z[0][0, 0])) in text
        assert f"= {fmt(loss_value('bce', step.trace, y))}" in text
        assert "binary cross-entropy (the error / cost / loss / objective function)" in text
        # the blame game: backprop's own gradients and the update the step applied
        grads = step.grads
        names = iter(blame(step.before, step.trace, grads, step.after, "bce", y))
        for layer, (gw, gb) in enumerate(zip(grads.weights, grads.biases)):
            for j in range(gw.shape[1]):
                for i in range(gw.shape[0]):
                    r = next(names)
                    assert (r.layer, r.row, r.col) == (layer, i, j)
                    assert f"dE/d{r.name} = " in text
                    assert f"= {fmt(float(gw[i, j]))} share" in text
                    old, new = step.before.weights[layer][i, j], step.after.weights[layer][i, j]
                    slope = f"(dE/d{r.name} + lambda x {r.name})"  # weight decay's term
                    assert f"{r.name} <- {r.name} - alpha x {slope} = {fmt(old)}" in text
                    assert f"= {fmt(float(new))}" in text
                r = next(names)
                assert r.row == -1 and f"= {fmt(float(gb[j]))} share" in text
        assert "Shapes: inputs (1x3) . weights (3x2) -> hidden (1x2)" in text


@pytest.mark.slow
async def test_the_view_agrees_with_explain_line_for_line(capsys: Any) -> None:
    assert main(["explain", "--student", "1", "--epochs", "0"]) == 0
    printed = capsys.readouterr().out.splitlines()
    working = [
        squash(line)
        for line in printed
        if re.match(r"\s*(net_|out_|E = |dE/d|\S+ <- )", line) or "       = " in line
    ]
    assert len(working) > 30
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.sim.row == 0
        await press(pilot, "f", "b", "m")
        text = shown(app)
        for line in working:
            assert line in text


@pytest.mark.slow
async def test_the_view_follows_the_step_keys_pressed_inside_it() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "m")
        assert "no guess yet: press f" in shown(app)
        await press(pilot, "f")
        assert "press b: each weight's share of the blame" in shown(app)
        await press(pilot, "n", "f", "b")
        assert isinstance(app.screen, MathScreen)
        step = app.sim.last_step
        assert step is not None and step.row == app.sim.row != 0
        assert app.sim.student_name(app.sim.row) in shown(app)
        rows = blame(
            step.before,
            step.trace,
            step.grads,
            step.after,
            "bce",
            app.sim.trainer.y[app.sim.row : app.sim.row + 1],
        )
        for line in blame_lines(rows, 0.5, "bce", weight_decay=app.sim.trainer.recipe.weight_decay):
            assert squash(line) in shown(app)
        await press(pilot, "e")
        text = shown(app)
        assert "epoch 1 made" in text and "updates in stochastic mode" in text
        before, after = app.sim.last_epoch or (None, None)
        assert before is not None and after is app.sim.trainer.network
        assert (
            f"w1: {fmt(float(before.weights[0][0, 0]))} -> {fmt(float(after.weights[0][0, 0]))}"
            in text
        )
        await press(pilot, "u")
        assert "press b" in shown(app) or "no guess yet" in shown(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, MathScreen)
        await press(pilot, "m")
        assert isinstance(app.screen, MathScreen)
        await press(pilot, "m")
        assert not isinstance(app.screen, MathScreen)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["minibatch", "batch"])
async def test_batch_modes_label_this_students_terms_and_the_mean(mode: str) -> None:
    app = make_app("--mode", mode)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b", "m")
        assert "b steps on this one student in every mode" in shown(app)
        assert f"e in {mode} mode averages each dE/dw over" in shown(app)
        await press(pilot, "e")
        text = shown(app)
        t = app.sim.trainer
        before, after = app.sim.last_epoch or (None, None)
        assert before is not None and after is not None
        if mode == "batch":
            assert f"one update, with the mean over all {t.n_train} training students" in text
            assert f"dE/dw here is the batch mean over {t.n_train} students" in text
            for layer, w in enumerate(after.weights):
                old = float(before.weights[layer][0, 0])
                mean = (old - float(w[0, 0])) / t.config.learning_rate  # with decay's term
                decay = t.recipe.weight_decay[layer]
                assert f"= {fmt(old)} - 0.5 x ({fmt(mean - decay * old)} + {fmt(decay)} x" in text
                assert f"= {fmt(float(w[0, 0]))}" in text
            x = t.X[app.sim.row : app.sim.row + 1]
            trace = before.forward(x)
            grads = before.backward(trace, t.y[app.sim.row : app.sim.row + 1], "bce")
            assert f"= {fmt(float(grads.weights[0][0, 0]))} share" in text
        else:
            assert (
                f"updates in minibatch mode, each for a minibatch of {t.config.batch_size}" in text
            )


@pytest.mark.slow
async def test_readable_at_80x24_no_line_wider_than_the_pane() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b", "m")
        lines = str(app.screen.query_one("#math", Pane).text).splitlines()
        assert max(len(line) for line in lines) <= SIZE[0] - 5
        assert len(lines) > SIZE[1]  # it scrolls
        pane = app.screen.query_one("#math", Pane)
        await press(pilot, "end")
        await pilot.wait_for_scheduled_animations()  # the scroll is animated
        assert pane.scroll_y > 0


def test_wrap_breaks_before_an_equals_and_indents_under_it() -> None:
    line = "       = 0.4490 x 0.3001 + 0.6478 x -1.0057 + 0.6671 x 0.6863 + 0.0000 = -0.05888"
    assert wrap(line, 75) == [line[: line.rindex(" = ")], "       = -0.05888"]
    assert wrap("short", 75) == ["short"]


def test_forward_and_loss_lines_come_from_engine_explain() -> None:
    """The module renders engine.explain's own lines (no arithmetic of its own)."""
    import inspect

    import tui.screens.math_view as view

    source = inspect.getsource(view)
    for fn in (forward_lines, loss_lines, blame_lines, blame, forward_steps):
        assert f"{fn.__name__}(" in source
    assert "@" not in source.replace("@property", "")  # no matrix products of its own


@pytest.mark.slow
def test_math_view_snapshot_120x40(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), press=["f", "b", "m"])


@pytest.mark.slow
async def test_every_update_in_m_can_be_worked_by_hand_at_80_columns() -> None:
    """The reviewer's check: with weight decay the update's slope is written as its two
    terms, dE/dw (the chain rule's number) + lambda x w, and every ``=`` holds by hand."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "e", "e", "f", "b", "m")
        text = shown(app)  # wrapped to 80 columns, read as one line
        chain = list(hand.CHAIN.finditer(text))
        updates = list(hand.UPDATE.finditer(text))
        assert len(chain) == len(updates) == app.sim.trainer.network.n_parameters
        hand.check_updates(updates, hand.check_chain(chain), app.sim.trainer.learning_rate_now)
        assert "w1 <- w1 - alpha x (dE/dw1 + lambda x w1) = " in text


@pytest.mark.parametrize(
    ("gradient", "old", "new", "said"),
    [
        (-0.02, 0.30, 0.31, "↑ increase"),  # the article's rule: slope < 0, up
        (0.02, 0.30, 0.29, "↓ decrease"),
        (-3.5e-8, 4.7569, 4.7567, "↓ decrease (the decay outweighed the slope)"),
        (0.0, 2.0, 1.99, "↓ decrease (the decay alone)"),
        (0.0, 0.5, 0.5, "= keep"),
    ],
)
def test_the_blame_tables_move_is_the_way_the_step_went(
    gradient: float, old: float, new: float, said: str
) -> None:
    """A learner found w5 "↑ increase" in m's table while its update line, with the decay's
    lambda x w added to a slope of -3.5e-8, took it from 4.7569 down to 4.7567."""
    r = ParameterBlame(1, 1, 0, "w5", "h2", 0.0, 0.0, 0.0, 1.0, gradient, 0.1, old, new)
    assert moved(r) == said
