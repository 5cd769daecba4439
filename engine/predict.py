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
from engine.export import append_columns, number_text
from engine.safe_write import write_text
from engine.saved_model import DataRef, SavedModel

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


UNCERTAIN = 0.1
"""A probability within this of 0.5 is marked "uncertain" (``--uncertain``)."""


def confidence(probability: float, within: float = UNCERTAIN) -> str:
    """ "uncertain" when ``probability`` is within ``within`` of 0.5, else "confident"."""
    return "uncertain" if abs(probability - 0.5) <= within else "confident"


@dataclass(frozen=True)
class Prediction:
    """One student's probability of passing, verdict ("pass"/"fail"), label as in the file,
    and "confident"/"uncertain". A student with a blank grade has no probability (NaN),
    empty verdict, label and confidence, and a ``reason``."""

    student: str
    probability: float
    verdict: str
    prediction: str
    confidence: str = "confident"
    reason: str = ""

    @property
    def predicted(self) -> bool:
        """Whether there is a probability (no grade was missing)."""
        return not self.reason


def predict_probabilities(model: SavedModel, X: Array) -> Array:
    """Probability of passing for raw (unscaled) X, (n_samples, n_features) -> (n_samples,)."""
    out: Array = model.network.forward(model.scaler.transform(X)).output[:, 0]
    return out


def predict_rows(
    model: SavedModel,
    data: Dataset,
    threshold: float = THRESHOLD,
    uncertain: float = UNCERTAIN,
) -> list[Prediction]:
    """A Prediction per student of ``data`` (whose features must be the model's, in order);
    a student with a blank grade (NaN) gets a reason instead of a probability."""
    gaps = np.asarray(np.isnan(data.X).any(axis=1), dtype=bool)
    probabilities = np.full(data.n_samples, np.nan)
    if not gaps.all():
        probabilities[~gaps] = predict_probabilities(model, data.X[~gaps])
    negative, positive = model.labels
    rows = []
    for i, (name, p) in enumerate(zip(data.names, map(float, probabilities))):
        if gaps[i]:
            blank = [f for f, v in zip(data.feature_names, data.X[i]) if np.isnan(v)]
            reason = "no " + " and no ".join(blank) + " grade: no prediction"
            rows.append(Prediction(name, p, "", "", "", reason))
            continue
        said = verdict(p, threshold)
        label = positive if said == "pass" else negative
        rows.append(Prediction(name, p, said, label, confidence(p, uncertain)))
    return rows


NEW_COLUMNS = ("probability", "prediction", "confidence")
"""The columns ``predict --out`` appends; a ``note`` column follows when a grade is missing."""


def _new_cells(rows: list[Prediction], decimal_mark: str) -> tuple[list[str], list[list[str]]]:
    """The header and each student's new cells: shortest round-tripping probability."""
    header = [*NEW_COLUMNS, *(["note"] if any(r.reason for r in rows) else [])]
    cells = []
    for r in rows:
        p = number_text(r.probability, decimal_mark) if r.predicted else ""
        cells.append([p, r.prediction, r.confidence, *([r.reason] if len(header) > 3 else [])])
    return header, cells


def predictions_bytes(data: Dataset, rows: list[Prediction]) -> bytes:
    """The input file as it came (``engine.export``), with ``probability``, ``prediction``
    and ``confidence`` appended to each student's record (and ``note`` when a grade is
    missing). Without a source (a Dataset built in code), a plain UTF-8 CSV of the student
    and the features."""
    if data.source is not None and len(data.source.records) == len(rows):
        header, cells = _new_cells(rows, data.source.decimal_mark)
        return append_columns(data.source, header, cells)
    return predictions_csv(data, rows).encode("utf-8")


def predictions_csv(data: Dataset, rows: list[Prediction]) -> str:
    """A plain CSV: the student, the features, then the new columns (one line each)."""
    decimal_mark = "," if data.delimiter == ";" else "."
    header, cells = _new_cells(rows, decimal_mark)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=data.delimiter, lineterminator="\n")
    writer.writerow(["student", *data.feature_names, *header])
    for r, x, new in zip(rows, data.X, cells):
        grades = ["" if np.isnan(v) else number_text(v, decimal_mark) for v in x]
        writer.writerow([r.student, *grades, *new])
    return buf.getvalue()


def write_predictions(
    path: str | Path,
    data: Dataset,
    rows: list[Prediction],
    inputs: Iterable[str | Path | None] = (),
    learned_from: DataRef | None = None,
) -> Path:
    """Write ``predictions_bytes`` to ``path`` atomically (``engine.safe_write``); returns
    the file written. DataError, before writing, for the file being read (``data.path`` and
    ``inputs``), the file the model learned from (``learned_from``, its ``data`` field), a
    model file, or anything that is not a regular file."""
    body = predictions_bytes(data, rows)
    return write_text(path, body, "predictions", [data.path, *inputs], learned_from)
