"""At 80 columns the status line keeps its important parts whole (alpha with its "decayed"
note, the quiz's running score) and drops the lesser ones; the chart's title stays readable."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.pilot import Pilot

from engine.undo import WeightsFrom
from tests.tui.conftest import make_app
from tests.tui.test_chart import START, ChartApp, records
from tests.tui.test_glossary import screen_text
from tui.app import SimulatorApp
from tui.widgets.loss_chart import LossChart
from tui.widgets.status import StatusLine, fit_parts, state_parts

SMALL, LARGE = (80, 24), (120, 40)


class FramedChartApp(ChartApp):
    """The chart in its frame, as the simulator's style sheet draws it."""

    CSS = "LossChart { border: round $primary; border-title-align: left; }"


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def first_line(app: SimulatorApp) -> str:
    """The status line's state line as drawn, cut to the window."""
    return app.query_one(StatusLine).render_line(0).text.rstrip()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_alpha_with_its_note_is_whole_after_e(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "e", "e")
        now = app.sim.trainer.learning_rate_now
        assert now == pytest.approx(0.5 / 1.2)  # epoch 3 of a K = 10 schedule: 0.417, not 0.42
        line = first_line(app)
        assert line.endswith(f"· α {now:.3g} (0.5 decayed)"), line
        assert "…" not in line and "epoch 2 ·" in line
        assert ("student 1 of 480 training" in line) == (size == LARGE)  # the Inputs pane's


async def test_the_quiz_score_is_whole_at_80_columns() -> None:
    app = make_app("--quiz")
    async with app.run_test(size=SMALL) as pilot:
        p = float(app.sim.trainer.network.forward(app.sim.trainer.X[:1]).output[0, 0])
        await press(pilot, "f", "right" if p >= 0.5 else "left", "0", "enter", "e", "e", "e")
        line = first_line(app)
        assert "· quiz 1/2" in line or "· quiz 2/2" in line, line
        now = app.sim.trainer.learning_rate_now
        assert f"· α {now:.3g} (0.5 decayed)" in line and "…" not in line


def test_the_lowest_ranked_parts_go_first() -> None:
    parts = state_parts(
        False, "20/s", 1_000_000, "student 480 of 480 training", 0.5, "minibatch", "relu",
        before=212, learning_rate_now=0.0485, quiz_score="quiz 12/15",
    )  # fmt: skip
    wide = fit_parts(parts, 0)
    assert "student 480 of 480" in wide and "minibatch relu" in wide
    narrow = fit_parts(parts, 79)
    assert "student" not in narrow and "epoch 212+1,000,000" in narrow
    kept = state_parts(
        False, "", 93, "student 1 of 480 training", 0.5, "stochastic", "sigmoid",
        learning_rate_now=0.0485, made=WeightsFrom(86), quiz_score="quiz 1/2",
    )  # fmt: skip
    line = Content.from_markup(fit_parts(kept, 79)).plain  # the weights' epoch stays whole too
    assert "epoch 93, weights of 86" in line and "α 0.0485 (0.5 decayed) · quiz 1/2" in line
    assert "α 0.0485 (0.5 decayed)" in narrow and "quiz 12/15" in narrow
    assert fit_parts(parts, 20).startswith("[b reverse]paused[/] [b]epoch")  # never empty


@pytest.mark.parametrize("width", [44, 72])  # the chart's width at 80x24 and at 120x40
async def test_the_charts_title_is_readable_in_every_view(width: int) -> None:
    app = FramedChartApp()
    async with app.run_test(size=(width, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(records(300), start=START, kept=186)
        for view in ("loss", "accuracy"):
            await pilot.pause()
            top = screen_text(app).splitlines()[0]
            assert "held-out" in top and "kept 186" in top and "…" not in top, top
            name = "Accuracy" if width > 44 else "Acc"
            assert top.split()[1] == ("Loss" if view == "loss" else name), top
            chart.next_view()
