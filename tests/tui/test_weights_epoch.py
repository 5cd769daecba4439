"""The screen names the epoch whose weights are in use (``Trainer.weights_from``): after a
stop that kept an earlier epoch's weights, and after single steps (``b``) since an epoch."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.tui.conftest import make_app
from tests.tui.test_watch import run_to_the_stop, status
from tui.widgets.hidden import HiddenPane
from tui.widgets.loss_chart import LossChart
from tui.widgets.output import OutputPane


async def test_after_f_b_f_the_panes_count_the_step_since_epoch_0() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "b", "f")
        await pilot.pause()
        assert app.sim.trainer.epoch == 0 and app.sim.trace_net is app.sim.trainer.network
        for pane in (app.query_one(HiddenPane), app.query_one(OutputPane)):
            assert str(pane.border_subtitle) == "epoch 0's weights + 1 step"
        assert "epoch 0 + 1 step ·" in status(app)
        # the chart's figures were measured at epoch 0, before the step: it says whose
        assert str(app.query_one(LossChart).border_subtitle).startswith("at 0: loss ")
        await pilot.press("p")
        await pilot.pause()
        assert "epoch 0 + 1 step" in str(app.screen.query_one("#predictions-info").render())
        await pilot.press("escape", "e", "f")  # a whole epoch on from them: no steps since
        await pilot.pause()
        assert str(app.query_one(OutputPane).border_subtitle) == "epoch 1's weights"
        assert "epoch 1 ·" in status(app)
        assert str(app.query_one(LossChart).border_subtitle).startswith("loss ")


@pytest.mark.slow
async def test_after_a_stop_the_screen_names_the_kept_epochs_weights() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_the_stop(pilot, app)
        stop, ran = app.sim.stop, app.sim.trainer.epoch
        assert stop is not None and stop.epoch_kept < ran
        line = status(app)
        assert f"epoch {ran}, weights of {stop.epoch_kept} ·" in line
        assert "the objective (loss + decay) stopped falling" in line
        assert "loss stopped falling" not in line  # the rule watches loss plus the penalty
        await pilot.press("f")
        await pilot.pause()
        assert (
            str(app.query_one(OutputPane).border_subtitle) == f"epoch {stop.epoch_kept}'s weights"
        )
        await pilot.press("v")
        await pilot.pause()
        head = str(app.screen.query_one("#evaluation-head", Static).render())
        assert f"epoch {ran}, weights of {stop.epoch_kept}" in head
        await pilot.press("escape")
        await pilot.press("u")  # the keep taken back: the last epoch's weights again
        await pilot.pause()
        line = status(app)
        assert f"epoch {ran} ·" in line and "weights of" not in line
        assert str(app.query_one(OutputPane).border_subtitle) == f"epoch {ran}'s weights"


@pytest.mark.slow
async def test_a_step_after_a_stop_keeps_the_chart_on_the_kept_epochs_figures() -> None:
    """A teacher's f, b after the stop: the chart said epoch 93's loss (0.227/0.306) beside
    v's 0.2256/0.3002, as if the weights were 93's; they are 86's and one step."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_the_stop(pilot, app)
        stop, t = app.sim.stop, app.sim.trainer
        assert stop is not None and stop.epoch_kept < t.epoch
        kept = next(r for r in t.history if r.epoch == stop.epoch_kept)
        last = t.history[-1]
        assert f"{kept.train_loss:.3f}" != f"{last.train_loss:.3f}"  # the test can tell
        await pilot.press("f", "b")
        await pilot.pause()
        assert t.weights_from.epoch == stop.epoch_kept and t.weights_from.steps == 1
        sub = str(app.query_one(LossChart).border_subtitle)
        assert sub.startswith(f"at {stop.epoch_kept}: loss {kept.train_loss:.3f}"), sub
