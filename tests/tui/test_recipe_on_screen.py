"""``space`` at the defaults on the bundled students, as a person runs it: the run stops by
itself, the status line says why, and the Weights pane shows the weights ``train`` keeps,
every one bounded (``CALIBRATED_VOTE``, tests/engine/test_recipe.py)."""

from __future__ import annotations

import re

import pytest

from engine.data import bundled_path, load_dataset
from engine.trainer import Trainer
from tests.engine.test_recipe import CALIBRATED_VOTE
from tests.tui.conftest import make_app
from tests.tui.test_watch import run_to_the_stop, status
from tui.widgets.loss_chart import LossChart
from tui.widgets.weights import WeightsPane

SHOWN = re.compile(r"(?<![\w.])([+−-]\d+\.\d+)")
"""A weight or bias as the Weights pane writes it (``+4.096``, ``−0.309``; not ``▼.007``)."""


def shown_weights(pane: WeightsPane) -> list[float]:
    """Every weight and bias the pane shows, as numbers."""
    return [float(m.replace("−", "-")) for m in SHOWN.findall(pane.text)]


@pytest.mark.slow
async def test_space_at_the_defaults_stops_with_bounded_weights_and_says_why() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_to_the_stop(pilot, app)
        stop, epoch = app.sim.stop, app.sim.trainer.epoch
        assert stop is not None and stop.text == "the objective (loss + decay) stopped falling"
        line = status(app)
        assert f"stopped at {epoch}: the objective (loss + decay) stopped falling" in line
        assert f"stopped falling; kept epoch {stop.epoch_kept}\n" in line + "\n"
        assert f"epoch {epoch}, weights of {stop.epoch_kept} ·" in line  # whose weights
        on_screen = shown_weights(app.query_one(WeightsPane))
        headless = Trainer(load_dataset(bundled_path("students.csv")))
        headless.fit()  # what `train` keeps: the screen shows the same network
        net = headless.network
        assert sorted(on_screen) == pytest.approx(sorted(net.parameters().tolist()), abs=5e-4)
        assert max(abs(v) for v in on_screen) <= CALIBRATED_VOTE  # biases too, as shown
        # the figures under the chart are the kept weights', not the last epoch run's
        chart = app.query_one(LossChart)
        kept = next(r for r in app.sim.trainer.history if r.epoch == stop.epoch_kept)
        assert stop.epoch_kept != epoch
        sub = str(chart.border_subtitle)
        assert sub.startswith(f"at {stop.epoch_kept}: loss {kept.train_loss:.3f}"), sub
        await pilot.press("u")  # the restore taken back: the last epoch's figures again
        await pilot.pause()
        last = app.sim.trainer.history[-1]
        assert str(chart.border_subtitle).startswith(f"loss {last.train_loss:.3f}")
