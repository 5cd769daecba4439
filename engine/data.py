"""Students data: reading anyone's CSV, scaling the features, the seeded stratified split.

INTERFACE STUB: the names, fields and signatures below are the contract the trainer, the
CLI and the TUI code against. The implementation is being written (issue 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

SCALE_METHODS = ("minmax", "standard", "none")
"""Feature scaling methods; ``minmax`` (to [0, 1] on the training split) is the default."""


class DataError(ValueError):
    """Bad input data or a bad model file: the one error type the readers raise.

    ``str(err)`` is one line naming the file, the line (the header is line 1), the column
    and what was expected, e.g.
    ``students.csv, line 7, column "oral_tests": expected a number, got "abc"``.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        self.reason = message
        parts = []
        if path is not None:
            parts.append(str(path))
        if line is not None:
            parts.append(f"line {line}")
        if column is not None:
            parts.append(f'column "{column}"')
        super().__init__(", ".join(parts) + (": " if parts else "") + message)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A table of students: raw (unscaled) features, optional 0/1 target, names.

    ``X``: (n_samples, n_features) raw values as read. ``y``: (n_samples, 1) of 0.0/1.0,
    or None when the file has no target (this year's students). ``labels`` is
    (negative, positive) as spelled in the file, e.g. ("0", "1") or ("fail", "pass").
    ``names``: one per row, from the first text column, else "student 1", "student 2", ...
    ``notes``: things the user should be told (e.g. "read as Windows-1252").
    """

    path: str
    feature_names: tuple[str, ...]
    X: Array
    names: tuple[str, ...]
    target_name: str | None = None
    y: Array | None = None
    labels: tuple[str, str] = ("0", "1")
    notes: tuple[str, ...] = ()

    @property
    def n_samples(self) -> int:
        """Number of rows (students)."""
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        """Number of feature columns."""
        return int(self.X.shape[1])


def bundled_path(name: str = "students.csv") -> Path:
    """Path of a file shipped in ``sample_data/`` (students.csv or current_year.csv)."""
    raise NotImplementedError


def load_dataset(
    path: str | Path,
    target: str | None = "passed",
    features: tuple[str, ...] | list[str] | None = None,
) -> Dataset:
    """Read a CSV of students. ``target=None``: no target column (this year's students).

    ``features=None`` picks every numeric non-target column. Raises DataError.
    """
    raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Scaler:
    """Per-feature affine scaling ``(x - offset) / scale``, fitted on the training split."""

    method: str
    offset: Array
    scale: Array

    @classmethod
    def fit(cls, X: Array, method: str = "minmax") -> Scaler:
        """Fit on X (n_samples, n_features); a constant column gets scale 1, never NaN."""
        raise NotImplementedError

    def transform(self, X: Array) -> Array:
        """Scale X (n_samples, n_features) -> same shape."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scaler:
        """Inverse of to_dict; raises DataError on a malformed dict."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Split:
    """Row indices of the training and held-out students (each sorted ascending)."""

    train: NDArray[np.intp]
    test: NDArray[np.intp]


def split_indices(y: Array, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Seeded split stratified by y (n_samples, 1); ``test_fraction=0`` -> empty test."""
    raise NotImplementedError
