"""Learning rates from 1e-6 to 1e3 (one per decade), every activation x loss, 200 epochs:
every recorded number is finite, or training stops with the divergence message."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.activations import ACTIVATIONS
from engine.data import bundled_path, load_dataset
from engine.losses import LOSSES
from engine.trainer import Trainer, TrainingConfig, TrainingDiverged

pytestmark = pytest.mark.slow

RATES = [10.0**k for k in range(-6, 4)]
DATA = load_dataset(bundled_path("students.csv"))


def finite(*values: float | None) -> bool:
    return all(v is None or math.isfinite(v) for v in values)


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_every_rate_gives_finite_numbers_or_the_divergence_message(
    activation: str, loss: str
) -> None:
    outcomes = []
    for rate in RATES:
        trainer = Trainer(
            DATA, TrainingConfig(activation=activation, loss=loss, learning_rate=rate)
        )
        try:
            trainer.run_epochs(200)
            outcomes.append("finished")
            assert trainer.epoch == 200
        except TrainingDiverged as exc:
            outcomes.append("diverged")
            assert "training diverged" in str(exc) and "smaller learning rate" in str(exc)
            assert exc.learning_rate == rate
        for r in trainer.history:
            assert finite(r.train_loss, r.train_accuracy, r.test_loss, r.test_accuracy), (rate, r)
        net = trainer.network
        assert all(np.isfinite(w).all() for w in net.weights), rate
        assert all(np.isfinite(b).all() for b in net.biases), rate
        m = trainer.measure()
        assert finite(m.train_loss, m.train_accuracy, m.test_loss, m.test_accuracy), rate
    assert outcomes[0] == "finished"  # a tiny rate always trains quietly
