"""Evaluation (v): the counts are Trainer.evaluate's, at the threshold shown."""

from __future__ import annotations

import pytest

from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.evaluation import EvaluationScreen


@pytest.mark.slow
async def test_counts_equal_trainer_evaluate_as_the_threshold_moves() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "e", "v")
        screen = app.screen
        assert isinstance(screen, EvaluationScreen)
        t = app.sim.trainer
        for keys, threshold in [((), 0.5), (("left", "left"), 0.4), (("right",) * 6, 0.7)]:
            await press(pilot, *keys)
            assert screen.threshold == threshold
            for which, shown, pane in [
                ("train", screen.train, "#evaluation-train"),
                ("test", screen.test, "#evaluation-test"),
            ]:
                ev = t.evaluate(which, threshold)
                assert shown == ev
                text = screen.query_one(pane).text
                assert f"accuracy  {ev.accuracy:.1%}" in text
                assert f"baseline  {ev.baseline_accuracy:.1%}" in text
                passed = next(line for line in text.splitlines() if line.startswith("passed"))
                assert passed.split()[1:] == [str(ev.true_positive), str(ev.false_negative)]
                failed = next(line for line in text.splitlines() if line.startswith("failed"))
                assert failed.split()[1:] == [str(ev.false_positive), str(ev.true_negative)]
            assert f">= {threshold:.2f}" in str(screen.query_one("#evaluation-head").render())
        await press(pilot, *["right"] * 30)
        assert screen.threshold == 1.0
        await press(pilot, "escape")
        assert not isinstance(app.screen, EvaluationScreen)
