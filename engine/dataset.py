"""The students table (``Dataset``) and ``DataError``, the one error type the readers raise.

Reading a CSV into a ``Dataset`` is ``engine.reading``; this module only holds the shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import overload

import numpy as np
from numpy.typing import NDArray

from engine.export import Source

Array = NDArray[np.float64]


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


class Numbered(Sequence[str]):
    """The names "student N" of a file without a names column, made when asked for: a
    million of them as strings would hold some 70 MB. Equal to any sequence of the same
    names (a tuple included)."""

    def __init__(self, numbers: Sequence[int]) -> None:
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Numbered: ...
    def __getitem__(self, i: int | slice) -> str | Numbered:
        if isinstance(i, slice):
            return Numbered(self.numbers[i])
        return f"student {self.numbers[i]}"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Numbered):
            return list(self.numbers) == list(other.numbers)
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Numbered({self.numbers!r})"


@dataclass(frozen=True)
class Skipped:
    """A student left out of training: the file's student number, line, first blank column."""

    number: int
    line: int
    column: str
    name: str

    def reason(self) -> str:
        """One line: why this student is not in the training data."""
        return f"student {self.number} ({self.name}, line {self.line}) has no {self.column}"


@dataclass(frozen=True, eq=False)
class Dataset:
    """A table of students: raw (unscaled) features, optional 0/1 target, names.

    ``X``: (n_samples, n_features) raw values as read. ``y``: (n_samples, 1) of 0.0/1.0,
    or None when the file has no target (this year's students). ``labels`` is
    (negative, positive) as spelled in the file, e.g. ("0", "1") or ("fail", "pass").
    ``names``: one per row, from the first text column, else "student 1", "student 2", ...
    (``Numbered``, made when asked for).
    ``notes``: things the user should be told (e.g. "read as Windows-1252").
    ``delimiter`` and ``encoding``: how the file was read.
    ``header``: every column's name as read.
    ``numbers``: each row's student number in the file when rows were left out (empty: row
    i is student i + 1); ``skipped``: the students left out for a blank cell.
    ``source``: how the file was stored, to write it back as it came (``engine.export``);
    ``sha256``: of the file's bytes.
    """

    path: str
    feature_names: tuple[str, ...]
    X: Array
    names: Sequence[str]
    target_name: str | None = None
    y: Array | None = None
    labels: tuple[str, str] = ("0", "1")
    notes: tuple[str, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    header: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    source: Source | None = None
    sha256: str = ""

    @property
    def n_in_file(self) -> int:
        """Students in the file, the skipped ones included (the numbers run up to this)."""
        return self.n_samples + len(self.skipped)

    def student_number(self, row: int) -> int:
        """The file's own number of dataset row ``row`` (1 = the file's first student)."""
        return self.numbers[row] if self.numbers else row + 1

    def row_of(self, number: int) -> int | None:
        """The dataset row of the file's student ``number`` (None: not in it, or skipped)."""
        if not self.numbers:
            return number - 1 if 1 <= number <= self.n_samples else None
        return self.numbers.index(number) if number in self.numbers else None

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
    found = resources.files("sample_data").joinpath(name)
    if not found.is_file():
        raise DataError("no such bundled file in sample_data/", name)
    return Path(str(found))
