"""Saved models and predictions are ordinary files: a new one gets mode 0o666 less the umask
(not mkstemp's 0600); one that is replaced keeps the mode its owner gave it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from engine.data import bundled_path, load_dataset
from engine.model_file import save_model
from engine.safe_write import write_text
from engine.trainer import Trainer, TrainingConfig


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_model_respects_the_umask(tmp_path: Path, umask_022: None) -> None:
    trainer = Trainer(load_dataset(bundled_path("students.csv")), TrainingConfig(epochs=1))
    path = tmp_path / "model.json"
    save_model(path, trainer.saved_model())
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.umask(0o077)  # a replaced file keeps its mode, whatever the umask says now
    save_model(path, trainer.saved_model())
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o600)  # the owner made it private: a re-save keeps it private
    os.umask(0o022)
    save_model(path, trainer.saved_model())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_predictions_file_respects_the_umask(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "predictions.csv"
    write_text(path, "a,b\n", "predictions")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o640)
    write_text(path, "a,b\n1,2\n", "predictions", ours=lambda _: True)  # its earlier output
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
