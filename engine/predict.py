"""Predictions for this year's students from a saved model, and writing them out safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from engine.dataset import Dataset
from engine.safe_write import write_text
from engine.saved_model import SavedModel

Array = NDArray[np.float64]

THRESHOLD = 0.5
"""A probability at or above this is a "pass" verdict."""


def outcome(y: float, labels: tuple[str, str]) -> str:
    """The actual outcome in words, with the file's spelling when it differs."""
    word = "passed" if y >= 0.5 else "failed"
    label = labels[1] if y >= 0.5 else labels[0]
    return word if label.lower() in (word, word[:4]) else f"{word} ({label})"


def verdict(probability: float, threshold: float = THRESHOLD) -> str:
    """The article's answer for one probability of passing: "pass" at or above ``threshold``."""
    return "pass" if probability >= threshold else "fail"


def is_right(probability: float, target: float, threshold: float = THRESHOLD) -> bool:
    """Whether the verdict agrees with the actual 0/1 outcome (as ``accuracy`` counts it)."""
    return (probability >= threshold) == (target >= 0.5)


@dataclass(frozen=True)
class Prediction:
    """One student's probability of passing, verdict ("pass"/"fail"), label as in the file."""

    student: str
    probability: float
    verdict: str
    prediction: str


def predict_probabilities(model: SavedModel, X: Array) -> Array:
    """Probability of passing for raw (unscaled) X, (n_samples, n_features) -> (n_samples,)."""
    out: Array = model.network.forward(model.scaler.transform(X)).output[:, 0]
    return out


def predict_rows(
    model: SavedModel, data: Dataset, threshold: float = THRESHOLD
) -> list[Prediction]:
    """A Prediction per student of ``data`` (whose features must be the model's, in order)."""
    probabilities = predict_probabilities(model, data.X)
    negative, positive = model.labels
    return [
        Prediction(
            name,
            float(p),
            verdict(float(p), threshold),
            positive if p >= threshold else negative,
        )
        for name, p in zip(data.names, probabilities)
    ]


def predictions_csv(data: Dataset, rows: list[Prediction]) -> str:
    """CSV text: the input rows as read, plus ``probability`` (0-1) and ``prediction``.

    Written with the input's delimiter (and decimal comma in semicolon files), so a
    spreadsheet opens it as it opened the input. Without the raw rows (a Dataset built in
    code), the student and the features stand in for them.
    """
    delimiter = data.delimiter
    decimal_comma = delimiter == ";"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if data.header and len(data.rows) == len(rows):
        header: list[str] = list(data.header)
        inputs = [list(r)[: len(header)] for r in data.rows]
    else:
        header = ["student", *data.feature_names]
        inputs = [[r.student, *(f"{v:g}" for v in x)] for r, x in zip(rows, data.X)]
    writer.writerow([*header, "probability", "prediction"])
    for cells, r in zip(inputs, rows):
        p = f"{r.probability:.6f}"
        writer.writerow([*cells, p.replace(".", ",") if decimal_comma else p, r.prediction])
    return buf.getvalue()


def write_predictions(
    path: str | Path,
    data: Dataset,
    rows: list[Prediction],
    inputs: Iterable[str | Path | None] = (),
) -> Path:
    """Write ``predictions_csv`` to ``path`` atomically (``engine.safe_write``); returns the
    file written. DataError, before writing, for the file being read (``data.path`` and
    ``inputs``), a model file, or anything that is not a regular file."""
    return write_text(path, predictions_csv(data, rows), "predictions", [data.path, *inputs])
