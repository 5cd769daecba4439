"""Every sentence true: the texts that once said something the numbers did not."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from engine import fastpath
from engine.explain import GOLDEN_RULES, NO_HIDDEN, fmt
from engine.network import loss_value
from tests.tui.explore_app import SIZE, make_explore_app, press
from tests.tui.test_glossary import screen_text
from tui import tour_texts
from tui.app import KEYS
from tui.screens.evaluation import EvaluationScreen
from tui.screens.help import INTRO
from tui.screens.landscape import LandscapeScreen
from tui.screens.math_view import MathScreen
from tui.screens.whatif import WhatIfScreen
from tui.widgets.hidden import HiddenPane
from tui.widgets.output import GOLDEN_RULE, GOLDEN_RULE_SHORT, OutputPane
from tui.widgets.pane import Pane

README = Path(__file__).parents[2] / "README.md"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_step_is_alpha_times_the_slope_everywhere() -> None:
    opening = squash(README.read_text(encoding="utf-8").split("\n## ")[0])
    tour = squash(inspect.getsource(tour_texts))
    for text in (opening, squash(INTRO), tour, inspect.getsource(fastpath)):
        assert "size alpha" not in text and "moves is [b]alpha" not in text
    assert "alpha x slope" in opening
    assert "alpha × slope" in INTRO
    assert "alpha × its slope" in tour


@pytest.mark.slow
async def test_evaluation_says_percentage_points() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *"eeeee", "v")
        assert isinstance(app.screen, EvaluationScreen)
        t = app.sim.trainer
        ev = t.evaluate("test")
        assert ev is not None
        points = 100 * (ev.accuracy - ev.baseline_accuracy)
        assert points > 0  # five epochs beat always answering "passed"
        assert f"better by {points:.1f} percentage points" in screen_text(app)
        assert not re.search(r"better by [\d.]+%", screen_text(app))


@pytest.mark.slow
async def test_landscape_says_barely_changes_when_the_change_rounds_away() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "l")
        screen = app.screen
        assert isinstance(screen, LandscapeScreen)
        for _ in range(30):  # halve alpha until the step's change in loss rounds away
            if f"{screen.current[1]:.4f}" == f"{screen.next[1]:.4f}":
                break
            await press(pilot, "minus")
        here, there = screen.current[1], screen.next[1]
        assert f"{here:.4f}" == f"{there:.4f}"
        text = squash(screen_text(app))
        assert f"→ loss {there:.4f}: barely changes" in text
        assert "downhill" not in text and "overshoots" not in text
        await press(pilot, *"+" * 30)  # and a step that changes it is judged as before
        text = squash(screen_text(app))
        assert ("overshoots" in text) == (screen.next[1] > screen.current[1])


@pytest.mark.slow
async def test_no_hidden_layer_is_described_truly_and_whole_at_80_columns() -> None:
    app = make_explore_app("--hidden", "0")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        pane = app.query_one(HiddenPane)
        assert squash(pane.text) == NO_HIDDEN
        lines = pane.text.split("\n")
        assert max(map(len, lines)) <= pane.content_region.width  # whole, not cut at the edge
        assert all(line in screen_text(app) for line in lines)
        await press(pilot, "m")
        assert isinstance(app.screen, MathScreen)
        text = squash(app.screen.query_one("#math", Pane).text)
        assert f"Network 3 -> 1: {NO_HIDDEN}, sigmoid output" in text
        assert "hidden nodes" not in text


@pytest.mark.slow
async def test_the_golden_rules_stand_beside_the_loss() -> None:
    app = make_explore_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f")
        text = app.query_one(OutputPane).text
        assert text.index("loss") < text.index(GOLDEN_RULE[0])
        assert all(line in text for line in GOLDEN_RULE)
        await press(pilot, "m")
        assert squash(GOLDEN_RULES) in squash(app.screen.query_one("#math", Pane).text)
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:  # no room for three lines: one, whole
        await press(pilot, "f", "b", "e")
        pane = app.query_one(OutputPane)
        assert GOLDEN_RULE[0] not in pane.text
        assert pane.text.splitlines()[-1] == GOLDEN_RULE_SHORT
        assert "not…" not in screen_text(app)
        assert "the loss says how wrong" in pane.text  # a sentence, not "loss: how wrong, not ✗"


@pytest.mark.slow
async def test_the_golden_rule_is_whole_in_the_title_when_the_pane_has_no_row_for_it() -> None:
    app = make_explore_app("--hidden", "4")  # the Hidden pane takes the Output pane's spare row
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b", "e")
        pane = app.query_one(OutputPane)
        assert GOLDEN_RULE_SHORT not in pane.text
        assert GOLDEN_RULE_SHORT in screen_text(app)
        assert "not…" not in screen_text(app)


@pytest.mark.slow
async def test_batch_math_shows_the_weights_the_blamed_guess_used() -> None:
    app = make_explore_app("--mode", "batch")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "e", "m")
        assert isinstance(app.screen, MathScreen)
        text = squash(app.screen.query_one("#math", Pane).text)
        before, after = app.sim.last_epoch or (None, None)
        assert before is not None and after is app.sim.trainer.network
        x = app.sim.trainer.X[app.sim.row : app.sim.row + 1]
        then, now = before.forward(x), after.forward(x)
        assert "with the weights before epoch 1 (the guess it blamed)" in text
        guessing = text.split("Measuring error")[0]
        for layer in range(len(before.weights)):
            z_then, z_now = float(then.z[layer][0, 0]), float(now.z[layer][0, 0])
            assert f"= {fmt(z_then)}" in guessing
            assert fmt(z_now) == fmt(z_then) or f"= {fmt(z_now)}" not in guessing


@pytest.mark.slow
async def test_whatifs_alpha_line_shows_where_the_next_step_lands() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w", "up", "right", "right")  # the alpha line, alpha x4
        assert isinstance(app.screen, WhatIfScreen)
        t = app.sim.trainer
        alpha = t.config.learning_rate
        text = squash(app.screen.query_one("#whatif-guess", Pane).text)
        await press(pilot, "escape", "f", "b")  # the step itself, on the same student
        landed = t.network.forward(t.X[app.sim.row : app.sim.row + 1])
        p = float(landed.output[0, 0])
        loss = loss_value(t.config.loss, landed, t.y[app.sim.row : app.sim.row + 1])
        assert f"one b here with α {alpha:g}:" in text
        assert f"→ {p:.1%} loss" in text and f"→ {loss:.4f}: " in text


@pytest.mark.slow
async def test_the_footer_keeps_m_whole_at_80_columns_as_the_readme_says() -> None:
    footer = [k.shown for k in KEYS if k.footer]
    assert "m" in footer
    readme = squash(README.read_text(encoding="utf-8"))
    assert "The footer keeps " + " ".join(f"`{k}`" for k in footer) in readme
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        for _ in range(50):  # the footer draws its keys a refresh later, on a busy machine more
            rows = screen_text(app).splitlines()
            if any("q Quit" in row for row in rows):
                break
            await pilot.pause()
        bottom = next((row for row in rows if "q Quit" in row), "\n".join(rows))  # the footer
        labels = {k.shown: k.label for k in KEYS}
        for key in footer:
            assert f"{key} {labels[key]}" in bottom


@pytest.mark.parametrize(
    ("argv", "rule"),
    [((), "each weight moved -α×(slope + λ×w)"), (("--preset", "mazur"), "moved -α×slope")],
)
async def test_b_says_the_step_the_weights_took(argv: tuple[str, ...], rule: str) -> None:
    """b said "-α×slope" under the default recipe, whose weight decay adds λ×w to every
    weight's slope (a learner saw w5 go down with a slope < 0); Mazur's steps have no decay."""
    from tests.tui.test_watch import status

    app = make_explore_app(*argv)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f", "b")
        assert rule in " ".join(status(app).split()), status(app)
