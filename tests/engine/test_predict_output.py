"""Predictions written in full: every probability in the file reads back as exactly itself,
for every student, in a comma file and in a semicolon file with decimal commas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from engine.data import bundled_path, load_dataset
from engine.predict import predict_rows, predictions_bytes
from engine.saved_model import SavedModel
from engine.trainer import Trainer, TrainingConfig


@pytest.fixture(scope="module")
def model() -> SavedModel:
    trainer = Trainer(load_dataset(bundled_path("students.csv")), TrainingConfig(epochs=30))
    trainer.run_epochs(30)
    return trainer.saved_model()


def written(data_path: Path, model: SavedModel, delimiter: str) -> list[tuple[str, float]]:
    data = load_dataset(data_path, target=None)
    rows = predict_rows(model, data)
    text = predictions_bytes(data, rows).decode("utf-8-sig")
    cells = [r["probability"] for r in csv.DictReader(io.StringIO(text), delimiter=delimiter)]
    assert len(cells) == len(rows) == data.n_samples
    return [(cell, r.probability) for cell, r in zip(cells, rows)]


def test_every_written_probability_is_the_models(model: SavedModel) -> None:
    for cell, p in written(bundled_path("current_year.csv"), model, ","):
        assert float(cell) == p


def test_decimal_comma_input_gets_decimal_comma_probabilities(
    tmp_path: Path, model: SavedModel
) -> None:
    source = bundled_path("current_year.csv").read_text(encoding="utf-8").splitlines()
    lines = [source[0].replace(",", ";")]
    lines += [";".join(c.replace(".", ",") for c in row.split(",")) for row in source[1:]]
    path = tmp_path / "class.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    np.testing.assert_array_equal(
        load_dataset(path, target=None).X,
        load_dataset(bundled_path("current_year.csv"), target=None).X,
    )
    for cell, p in written(path, model, ";"):
        assert "." not in cell
        assert float(cell.replace(",", ".")) == p
