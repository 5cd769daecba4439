"""Predictions for this year's students from a saved model, and writing them out safely."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from engine.dataset import Dataset
from engine.export import append_columns, number_text
from engine.safe_write import write_text
from engine.saved_model import DataRef, SavedModel, at_seed_start

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


UNTRAINED = "untrained"
"""The confidence of every verdict of a model whose weights are still its random start."""


def untrained(model: SavedModel) -> bool:
    """Whether ``model``'s weights are exactly the ones its seed starts from: no epoch, step
    (``b``) or edit moved them, so its verdicts are guesses however sure they look. The
    weights decide, not ``epochs_trained`` (steps on the screen count no epoch)."""
    return at_seed_start(model.network, model.seed)


def untrained_warning(model: SavedModel, name: str) -> str | None:
    """One line when ``model`` (named ``name``) is ``untrained``, else None."""
    if not untrained(model):
        return None
    return (
        f"{name} has learned nothing: its weights are still the random ones it started from, "
        "so its verdicts are guesses, not learned from past students"
    )


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
    guessed = UNTRAINED if untrained(model) else ""  # random weights: no verdict is confident
    rows = []
    for i, (name, p) in enumerate(zip(data.names, map(float, probabilities))):
        if gaps[i]:
            blank = [f for f, v in zip(data.feature_names, data.X[i]) if np.isnan(v)]
            reason = "no " + " and no ".join(blank) + " grade: no prediction"
            rows.append(Prediction(name, p, "", "", "", reason))
            continue
        said = verdict(p, threshold)
        label = positive if said == "pass" else negative
        rows.append(Prediction(name, p, said, label, guessed or confidence(p, uncertain)))
    return rows


NEW_COLUMNS = ("probability", "prediction", "confidence")
"""The columns ``predict --out`` appends; a ``note`` column follows when a grade is missing."""


def _without_note(header: Sequence[str]) -> tuple[str, ...]:
    """A header's names (stripped, trailing empty ones gone), without a last ``note``."""
    names = [name.strip() for name in header]
    while names and not names[-1]:
        names.pop()
    return tuple(names[:-1] if names[-1:] == ["note"] else names)


def earlier_columns(header: Sequence[str]) -> int:
    """How many of the header's last columns an earlier ``predict --out`` added
    (``NEW_COLUMNS`` and maybe ``note``: 3 or 4), else 0: predicting from its own output
    replaces them instead of adding a second set."""
    if _without_note(header)[-len(NEW_COLUMNS) :] != NEW_COLUMNS:
        return 0
    return len(NEW_COLUMNS) + (header[-1].strip() == "note")


def replaced_note(data: Dataset) -> tuple[str, ...]:
    """``data.notes`` for ``predict`` on its own output: one line saying the earlier columns
    are replaced, instead of one "is not used" note for each."""
    n = earlier_columns(data.header)
    if not n:
        return data.notes
    earlier = data.header[-n:]
    kept = [
        note for note in data.notes if not any(f'"{name}" is not used' in note for name in earlier)
    ]
    return (*kept, f"the earlier {', '.join(earlier)} columns are replaced, not repeated")


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
        earlier = earlier_columns(data.header)
        keep = len(data.header) - earlier if earlier else None
        return append_columns(data.source, header, cells, keep)
    return predictions_csv(data, rows).encode("utf-8")


def _output_header(data: Dataset, rows: list[Prediction]) -> tuple[str, ...]:
    """The header ``predictions_bytes`` writes for ``data`` (without its ``note``)."""
    if data.source is not None and len(data.source.records) == len(rows):
        return (*data.header[: len(data.header) - earlier_columns(data.header)], *NEW_COLUMNS)
    return ("student", *data.feature_names, *NEW_COLUMNS)


def earlier_output(data: Dataset, rows: list[Prediction]) -> Callable[[Path], bool]:
    """A test of an existing file: whether it is an earlier ``predictions_bytes`` of these
    columns (one of its first records is the header this write has, ``note`` aside), so
    writing again may replace it. Only its first 64 KB are read, in the input's encoding."""
    expected = _output_header(data, rows)
    encoding = "utf-8" if data.source is None else data.source.encoding
    delimiter = data.delimiter

    def ours(target: Path) -> bool:
        try:
            with open(target, "rb") as f:
                head = f.read(1 << 16)
        except OSError:
            return False
        text = head.decode(encoding, errors="replace").removeprefix("\ufeff")
        lines = text.splitlines()[:-1] if len(head) == 1 << 16 else text.splitlines()
        lines = [line for line in lines if line.strip()]
        if lines and re.fullmatch(r"sep=.?", lines[0].strip()):
            lines = lines[1:]  # Excel's separator line, which predict copies
        records = [r for r in csv.reader(lines, delimiter=delimiter) if any(map(str.strip, r))]
        if not records or _without_note(records[0]) != expected:
            return False  # the header is the first line: a line of the user's above it
        width = len(records[0])
        return all(_our_cells(r[len(expected) - 3 : width]) for r in records[1:] if len(r) >= 3)

    return ours


def _our_cells(cells: Sequence[str]) -> bool:
    """Whether the cells under ``probability, prediction, confidence[, note]`` are what
    ``predict`` writes: a probability in [0, 1] (or blank, with a no-grade note), one of
    its confidences, and no note but its own: a hand-annotated copy is the user's."""
    p, _, said, *note = [c.strip() for c in cells] + [""] * (3 - len(cells))
    if said not in ("confident", "uncertain", UNTRAINED, ""):
        return False
    if note and note[0] and not NO_GRADE.fullmatch(note[0]):
        return False
    if not p:
        return True
    try:
        return 0.0 <= float(p.replace(",", ".")) <= 1.0
    except ValueError:
        return False


NO_GRADE = re.compile(r"no .+ grade: no prediction")
"""The only ``note`` predict writes (a student with a missing grade)."""


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
    force: bool = False,
) -> Path:
    """Write ``predictions_bytes`` to ``path`` atomically (``engine.safe_write``); returns
    the file written. DataError, before writing, for the file being read (``data.path`` and
    ``inputs``), the file the model learned from (``learned_from``, its ``data`` field), a
    model file, anything that is not a regular file, or (``Occupied``) any other existing
    text file but an earlier output of these columns (``earlier_output``), unless ``force``."""
    body = predictions_bytes(data, rows)
    ours = earlier_output(data, rows)
    inputs = [data.path, *inputs]
    return write_text(path, body, "predictions", inputs, learned_from, ours=ours, force=force)
