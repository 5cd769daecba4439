"""Reading anyone's students CSV into a ``Dataset``: encoding, delimiter, records, columns.

``load_dataset`` accepts what spreadsheets export:

- a header row (required; Excel's ``sep=;`` above it is honoured, a title named:
  ``engine.preamble``), then one row per student; blank rows (also ``;;;;``) are skipped;
- delimiter comma, semicolon or tab, detected from the header (the most fields wins);
- UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"); anything else that
  is not UTF-8 is read as Windows-1252 (Excel's "CSV") and the user is told so in ``notes``;
- CRLF, LF or CR line ends; quoted fields (also with the delimiter or a newline inside);
- numbers like ``85``, ``85.5``, ``85%``; in semicolon and tab files also ``85,5`` (decimal
  comma) and ``1.234,5`` (thousands dot).

The target (default ``passed``): 1/0 or pass/fail words (``engine.labels``). Blank cells,
ignored and id-like columns: ``engine.gradebook``. Every error is a ``DataError`` whose
one-line message names the file, the line, the column and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.cells import column_to_floats, holds_a_number, quote
from engine.dataset import Array, DataError, Dataset, Numbered
from engine.gradebook import (
    MISSING,
    SAMPLE,
    drop_id_columns,
    ignored_columns,
    skip_incomplete,
    source_of,
    target_and_gaps,
)
from engine.limits import MAX_FEATURES
from engine.preamble import check_title, excel_sep
from engine.records import (
    DELIMITERS,
    MAX_FIELD,
    Lines,
    detect_delimiter,
    read_columns,
    read_text_file,
)

__all__ = ["DELIMITERS", "MAX_FIELD", "load_dataset"]

_EMPTY = "the file is empty: expected a header row, then one row per student"


def _find_column(header: Sequence[str], name: str) -> int | None:
    """Index of ``name`` in the header: an exact match, else the only case-insensitive one."""
    if name in header:
        return header.index(name)
    folded = [j for j, h in enumerate(header) if h.casefold() == name.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def _listing(header: Sequence[str]) -> str:
    """The header's first column names, for a message about a missing column."""
    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
    return f"the header has {shown}"


def load_dataset(
    path: str | Path,
    target: str | None = "passed",
    features: tuple[str, ...] | list[str] | None = None,
    max_mb: float | None = None,
    *,
    missing: str = "error",
    positive: str | None = None,
    ignore: Sequence[str] = (),
) -> Dataset:
    """Read a CSV of students. ``target=None``: no target column (this year's students).

    ``features=None`` picks every numeric non-target column (file order) but ``ignore``d and
    id-like ones (``engine.columns``); named ``features`` are taken in that order (matched
    case-insensitively when not exactly). The first other column without numbers names the
    students. ``missing``: a blank feature or label is an error, or its student is left out
    ("skip": ``Dataset.skipped``) or kept with NaN ("keep"). ``positive``: the passing value
    (``engine.labels``). Only a regular file of at most ``max_mb`` MB (None: ``MAX_CSV_MB``)
    is read; at most ``MAX_FEATURES`` features (engine.limits). Raises DataError.
    """
    if missing not in MISSING:
        raise ValueError(f"missing must be one of {', '.join(MISSING)}, got {missing!r}")
    found = read_text_file(path, max_mb)
    notes = list(found.notes)
    table, delimiter = _checked_table(found.text, path, notes)
    target_j = _target_column(table, target)
    ignored = ignored_columns(
        table.header, ignore, _find_column, target_j, str(path), table.header_line
    )
    columns = _Columns(table.cells, decimal_comma=delimiter != ",")
    feature_js, X, unused = _features_and_matrix(table, columns, target_j, features, ignored, notes)
    y, labels = target_and_gaps(
        None if target_j is None else columns.cells[target_j],
        [table.header[j] for j in (*feature_js, target_j) if j is not None],
        X,
        positive,
        missing == "error",
        table.line_of,
        str(path),
    )
    X.setflags(write=False)
    data = Dataset(
        path=str(path),
        feature_names=tuple(table.header[j] for j in feature_js),
        X=X,
        names=_student_names(table, columns, {target_j, *feature_js, *unused}, notes, ignored),
        target_name=None if target_j is None else table.header[target_j],
        y=y,
        labels=labels,
        notes=tuple(notes),
        delimiter=delimiter,
        encoding=found.encoding,
        header=table.header,
        source=source_of(
            found, delimiter, table.first - 1, table.records(), columns.cells, feature_js
        ),
        sha256=found.sha256,
    )
    return skip_incomplete(data, table.line_of) if missing == "skip" else data


def _checked_table(text: str, path: str | Path, notes: list[str]) -> tuple[_Table, str]:
    """The header and rows of ``text`` (a note when the header is not on line 1), checked:
    named columns, at least one row. Returns the table and the delimiter."""
    if not text.strip():
        raise DataError(_EMPTY, path)
    sep = excel_sep(text, path, notes)  # Excel's "sep=;" line 1 names the delimiter
    delimiter = sep or detect_delimiter(text)
    table = _read_table(text, delimiter, path, skip=int(sep is not None))
    if table.header_line != 1 and sep is None:
        notes.append(f"the header is on line {table.header_line}")
    _check_header(table)
    if not table.n_rows:
        raise DataError(
            "no rows: expected one row per student after the header", path, table.header_line + 1
        )
    return table, delimiter


def _features_and_matrix(
    table: _Table,
    columns: _Columns,
    target_j: int | None,
    features: Sequence[str] | None,
    ignored: set[int],
    notes: list[str],
) -> tuple[list[int], Array, set[int]]:
    """The feature columns, their values (blank = NaN) and the columns not to use: ignored
    ones and, when the features were not named, id-like ones."""
    feature_js = _feature_columns(table, columns, target_j, features, ignored)
    _check_feature_count(len(feature_js), table)
    X = _feature_matrix(table, columns, feature_js)
    unused = set(ignored)
    if features is None:
        kept, _ = drop_id_columns([table.header[j] for j in feature_js], X, notes)
        unused |= {j for k, j in enumerate(feature_js) if k not in kept}
        if len(kept) < len(feature_js):  # else no copy of X
            feature_js, X = [feature_js[k] for k in kept], X[:, kept]
        if not feature_js:
            raise DataError("no feature columns: every numeric column looks like an id", table.path)
    return feature_js, X, unused


def _feature_matrix(table: _Table, columns: _Columns, feature_js: Sequence[int]) -> Array:
    """The feature columns as (n_samples, n_features) floats; a blank cell is NaN."""
    X = np.empty((table.n_rows, len(feature_js)), dtype=np.float64)
    for k, j in enumerate(feature_js):
        X[:, k] = column_to_floats(
            columns.cells[j],
            columns.decimal_comma,
            table.path,
            table.line_of,
            table.header[j],
            blanks=True,
        )
        if len(columns.cells[j]) > SAMPLE:  # read: only the decimal mark is left to judge
            columns.cells[j] = columns.cells[j][:SAMPLE]
    return X


def _check_feature_count(n: int, table: _Table) -> None:
    """At most MAX_FEATURES features (engine.limits), checked before X is allocated."""
    if n > MAX_FEATURES:
        raise DataError(
            f"{n:,} feature columns: at most {MAX_FEATURES:,} features are allowed "
            "(pick some with --features)",
            table.path,
            table.header_line,
        )


@dataclass(frozen=True)
class _Table:
    """The header and the data rows as columns, every row as long as the header, blank
    rows gone (``engine.records.Body``)."""

    path: str | Path
    header: tuple[str, ...]
    header_line: int
    cells: list[list[str]]  # column j's cells, one per data row
    n_rows: int
    first: int  # record index of the first row after the header
    kept: list[int] | None  # record index of each data row, when rows were dropped
    lines: Lines

    def records(self) -> Sequence[int]:
        """The record index of each data row."""
        if self.kept is not None:
            return self.kept
        return range(self.first, self.first + self.n_rows)

    def line_of(self, i: int) -> int:
        """Data row ``i`` (0-based) -> its line in the file (1-based)."""
        return self.lines.of_record(self.first + i if self.kept is None else self.kept[i])


def _read_table(text: str, delimiter: str, path: str | Path, skip: int = 0) -> _Table:
    """The header (trailing empty cells trimmed; the first ``skip`` records are not it) and
    the data rows; raises DataError (also for a title above the header)."""
    lines = Lines(text, delimiter)

    def title(n: int, rows: Sequence[Sequence[str]], first: int) -> None:
        header_line = 1 if first == 1 else lines.of_record(first - 1)
        check_title(n, header_line, rows, first, lines, path)

    body = read_columns(text, delimiter, path, lines, skip, title)
    if body is None:
        raise DataError(_EMPTY, path)
    h = body.header_record
    header_line = 1 if h == 0 else lines.of_record(h)
    return _Table(
        path, body.header, header_line, body.columns, body.n_rows, body.first, body.kept, lines
    )


def _check_header(table: _Table) -> None:
    """Every column named, and named once."""
    seen: dict[str, int] = {}
    for j, name in enumerate(table.header):
        if not name:
            raise DataError(
                f"column {j + 1} has no name in the header", table.path, table.header_line
            )
        if name in seen:
            raise DataError(
                f"duplicate column name (columns {seen[name] + 1} and {j + 1}): "
                "expected every column name once",
                table.path,
                table.header_line,
                name,
            )
        seen[name] = j


def _target_column(table: _Table, target: str | None) -> int | None:
    """Index of the target column (None when there is no target); raises DataError."""
    if target is None:
        return None
    found = _find_column(table.header, target)
    if found is None:
        raise DataError(
            f"no target column: expected a column named {quote(target)}; {_listing(table.header)}",
            table.path,
            table.header_line,
            target,
        )
    return found


class _Columns:
    """The data rows as columns; which hold a number is worked out once per column."""

    def __init__(self, cells: list[list[str]], decimal_comma: bool) -> None:
        self.cells = cells
        self.decimal_comma = decimal_comma
        self._numeric: dict[int, bool] = {}

    def holds_numbers(self, j: int) -> bool:
        if j not in self._numeric:
            self._numeric[j] = holds_a_number(self.cells[j], self.decimal_comma)
        return self._numeric[j]


def _feature_columns(
    table: _Table,
    columns: _Columns,
    target_j: int | None,
    features: Sequence[str] | None,
    ignored: set[int],
) -> list[int]:
    """Indices of the feature columns: those asked for, else every numeric non-target one
    that is not ignored; a column both asked for and ignored raises DataError."""
    if features is not None:
        asked = _asked_features(table, target_j, features)
        both = [table.header[j] for j in asked if j in ignored]
        if both:
            raise DataError(
                "this column is both in --features and in --ignore: expected one of them",
                table.path,
                table.header_line,
                both[0],
            )
        return asked
    found = [
        j
        for j in range(len(table.header))
        if j != target_j and j not in ignored and columns.holds_numbers(j)
    ]
    if not found:
        raise DataError(
            "no feature columns: expected at least one column of numbers besides the target",
            table.path,
            table.header_line,
        )
    return found


def _asked_features(table: _Table, target_j: int | None, features: Sequence[str]) -> list[int]:
    """Indices of the columns named in ``features``, in that order; raises DataError."""
    path, line, header = table.path, table.header_line, table.header
    found: list[int] = []
    for name in features:
        j = _find_column(header, name)
        if j is None:
            raise DataError(
                f"missing feature column: expected a column named {quote(name)}; "
                f"{_listing(header)}",
                path,
                line,
                name,
            )
        if j == target_j:
            raise DataError(
                "this column is the target, so it cannot also be a feature", path, line, header[j]
            )
        if j in found:
            raise DataError("this feature is asked for twice", path, line, header[j])
        found.append(j)
    if not found:
        raise DataError("no feature columns were asked for", path, line)
    return found


def _student_names(
    table: _Table,
    columns: _Columns,
    used: set[int | None],
    notes: list[str],
    ignored: set[int],
) -> Sequence[str]:
    """The first unused column without numbers names the students (else "student 1", ...);
    every other unused column gets a note (but those the user ignored)."""
    names: tuple[str, ...] | None = None
    for j in range(len(table.header)):
        if j in used or j in ignored:
            continue
        if names is None and not columns.holds_numbers(j):
            names = tuple(map(str.strip, columns.cells[j]))
            if "" in names:
                names = tuple(s or f"student {i + 1}" for i, s in enumerate(names))
            continue
        notes.append(f'column "{table.header[j]}" is not used')
    if names is None:
        return Numbered(range(1, table.n_rows + 1))
    return names
