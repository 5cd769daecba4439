"""A saved model trained on goes on where it stopped: the schedule's alpha and the epochs'
order count on from the epochs it had trained (``Trainer.epochs_before``), as if ``train``
had run them all in one go."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.data import Dataset, bundled_path, load_dataset
from engine.model_file import load_model, save_model
from engine.trainer import Trainer, TrainingConfig


@pytest.fixture(scope="module")
def students() -> Dataset:
    return load_dataset(bundled_path("students.csv"))


def reopened(trainer: Trainer, path: Path, epochs_before: int | None = None) -> Trainer:
    """``trainer``'s network saved to ``path`` and opened as ``--model`` opens it."""
    save_model(path, trainer.saved_model())
    model = load_model(path)
    trained = int(model.settings["epochs_trained"])
    return Trainer(
        trainer.dataset,
        TrainingConfig.from_dict(model.training_settings()),
        network=model.network,
        scaler=model.scaler,
        epochs_before=trained if epochs_before is None else epochs_before,
    )


def test_a_model_trained_on_is_one_run_bit_for_bit(students: Dataset, tmp_path: Path) -> None:
    whole = Trainer(students)
    whole.run_epochs(12)
    m = reopened(whole, tmp_path / "m.json")
    assert m.epochs_before == 12 and m.epoch == 0
    assert m.learning_rate_now == whole.learning_rate_now == pytest.approx(0.5 / 2.2)
    whole.run_epochs(5)
    m.run_epochs(5)
    assert np.array_equal(m.network.parameters(), whole.network.parameters())
    assert m.saved_model().settings["epochs_trained"] == 17  # the model's 12, then 5 more
    m.reset()  # its own weights again: the count goes on from them
    assert m.epochs_before == 12 and m.learning_rate_now == pytest.approx(0.5 / 2.2)
    m.reinitialise(seed=1)  # new weights: nothing of the model's training is left
    assert m.epochs_before == 0 and m.learning_rate_now == 0.5


def test_the_first_epoch_after_a_model_stays_where_its_run_settled(
    students: Dataset, tmp_path: Path
) -> None:
    """The bundled students at the defaults: the run stops when the objective stops falling,
    its last epochs' training loss a band of stochastic noise (0.2256 to 0.2274). The next
    epoch from the saved model stays in that band; restarting the schedule at alpha 0.5
    threw it out (0.230 -> 0.262 as a teacher first saw it)."""
    t = Trainer(students)
    stop = t.fit()
    assert stop.reason == "converged"
    settled = [r.train_loss for r in t.history[-t.config.patience :]]
    kept = next(r for r in t.history[:] if r.epoch == stop.epoch_kept)
    m = reopened(t, tmp_path / "m.json")
    assert m.measure().train_loss == pytest.approx(kept.train_loss)  # the kept epoch's weights
    first = m.run_epoch().train_loss
    assert first <= max(settled)
    restarted = reopened(t, tmp_path / "r.json", epochs_before=0)  # the schedule from epoch 1
    assert restarted.learning_rate_now == 0.5
    assert restarted.run_epoch().train_loss > max(settled)  # what the test guards against
