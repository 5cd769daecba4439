"""What a teacher's own gradebook needs on top of the reader: columns to leave out (asked
for, or id-like), students with blank cells (left out, or kept with NaN for ``predict``),
and how the file was written, to write it back as it came.

Everything here works on what ``engine.reading`` has already read (the header, the
columns' cells, the feature matrix); nothing reads the file again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from engine.cells import read_target
from engine.columns import all_distinct_integers, id_reason
from engine.dataset import Array, DataError, Dataset, Numbered, Skipped
from engine.export import Source
from engine.labels import EXPECTED
from engine.records import TextFile

MISSING = ("skip", "error", "keep")
"""What to do with a student who has a blank feature or label: leave them out (the default
of the commands), stop with an error, or keep them with NaN (``predict``: every student)."""

SAMPLE = 1000
"""Cells per column that show the decimal mark."""

SHOWN_LINES = 5
"""How many skipped students' lines a note names."""


def ignored_columns(
    header: Sequence[str],
    ignore: Sequence[str],
    find: Callable[[Sequence[str], str], int | None],
    target_j: int | None,
    path: str,
    line: int,
) -> set[int]:
    """Indices of the ``--ignore`` columns; an unknown name or the target raises DataError."""
    found: set[int] = set()
    for name in ignore:
        j = find(header, name)
        if j is None:
            shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
            raise DataError(f"no such column to ignore; the header has {shown}", path, line, name)
        if j == target_j:
            raise DataError("this column is the target, so it cannot be ignored", path, line, name)
        found.add(j)
    return found


def drop_id_columns(
    names: Sequence[str], X: Array, notes: list[str]
) -> tuple[list[int], list[str]]:
    """Which of the automatically found features to keep: id-like integer columns go (with a
    note); other all-distinct integer columns stay (with a note). Returns (kept positions,
    dropped names)."""
    kept: list[int] = []
    dropped: list[str] = []
    for k, name in enumerate(names):
        reason = id_reason(name, X[:, k])
        if reason is not None:
            notes.append(
                f'column "{name}" is not a feature: {reason} (--features can still name it)'
            )
            dropped.append(name)
            continue
        if all_distinct_integers(X[:, k]):
            notes.append(
                f'column "{name}": every value is a different whole number, as ids are; '
                f"if it is one, --ignore {name}"
            )
        kept.append(k)
    return kept, dropped


def decimal_mark(feature_cells: Sequence[Sequence[str]], delimiter: str) -> str:
    """The file's decimal mark, as its grades are written ("," only in ; and tab files),
    judged on the first ``SAMPLE`` cells of each feature (an export writes them alike)."""
    joined = "".join("".join(cells[:SAMPLE]) for cells in feature_cells)
    if delimiter != "," and "," in joined:
        return ","
    if "." in joined:
        return "."
    return "," if delimiter == ";" else "."


def skip_incomplete(data: Dataset, line_of: Callable[[int], int]) -> Dataset:
    """``data`` without the students who have a blank feature or label; each is named in
    ``skipped`` and the notes say how many and which lines (the first few). The rows keep
    their file numbers (``Dataset.numbers``)."""
    gaps = np.isnan(data.X).any(axis=1)
    if data.y is not None:
        gaps |= np.isnan(data.y[:, 0])
    if not gaps.any():
        return data
    keep = np.flatnonzero(~gaps)
    if keep.size == 0:
        raise DataError(
            "every student has a blank feature or label: nothing left to learn from", data.path
        )
    columns = [*data.feature_names, data.target_name or "label"]
    skipped = []
    for i in np.flatnonzero(gaps):
        row = [*data.X[i], np.nan if data.y is None else data.y[i, 0]]
        first = next(k for k, v in enumerate(row) if np.isnan(v))
        skipped.append(Skipped(int(i) + 1, line_of(int(i)), columns[first], data.names[int(i)]))
    lines = ", ".join(str(s.line) for s in skipped[:SHOWN_LINES])
    more = ", ..." if len(skipped) > SHOWN_LINES else ""
    notes = [
        *data.notes,
        f"left out {len(skipped)} student{'s' if len(skipped) != 1 else ''} with a blank "
        f"cell (line{'s' if len(skipped) != 1 else ''} {lines}{more}); "
        "--missing error stops at the first instead",
    ]
    X = data.X[keep]
    X.setflags(write=False)
    y = None if data.y is None else data.y[keep]
    if y is not None:
        y.setflags(write=False)
    return replace(
        data,
        X=X,
        y=y,
        names=Numbered(np.asarray(data.names.numbers)[keep].tolist())
        if isinstance(data.names, Numbered)
        else tuple(map(data.names.__getitem__, keep.tolist())),
        numbers=tuple(int(i) + 1 for i in keep),
        skipped=tuple(skipped),
        notes=tuple(notes),
    )


def refuse_gaps(
    X: Array,
    y: Array | None,
    columns: Sequence[str],
    expected_label: str,
    line_of: Callable[[int], int],
    path: str,
) -> None:
    """``missing="error"``: the first blank cell in file order (row by row) is a DataError.

    ``columns``: the feature names, then the target's name.
    """
    gaps = np.isnan(X)
    if y is not None:
        gaps = np.hstack([gaps, np.isnan(y)])
    rows = np.flatnonzero(gaps.any(axis=1))
    if rows.size == 0:
        return
    i = int(rows[0])
    k = int(np.flatnonzero(gaps[i])[0])
    expected = "a number" if k < X.shape[1] else expected_label
    raise DataError(f"missing value: expected {expected}", path, line_of(i), columns[k])


def source_of(
    found: TextFile,
    delimiter: str,
    header_record: int,
    records: Sequence[int],
    cells: Sequence[Sequence[str]],
    feature_js: Sequence[int],
) -> Source:
    """How the file was stored and where each student's record is, for ``engine.export``;
    ``cells``: every column's cells, of which ``feature_js`` are the features."""
    return Source(
        text=found.text,
        encoding=found.codec,
        bom=found.bom,
        delimiter=delimiter,
        decimal_mark=decimal_mark([cells[j] for j in feature_js], delimiter),
        header_record=header_record,
        records=records if isinstance(records, range) else tuple(records),
    )


def target_and_gaps(
    cells: Sequence[str] | None,
    columns: Sequence[str],
    X: Array,
    positive: str | None,
    refuse_blanks: bool,
    line_of: Callable[[int], int],
    path: str,
) -> tuple[Array | None, tuple[str, str]]:
    """The target's ``cells`` (None: no target) as (n, 1) of 0/1, NaN for a blank label, and
    the (failing, passing) words; ``refuse_blanks``: the first blank feature or label, in
    file order, is a DataError. ``columns``: the feature names, then the target's."""
    y: Array | None = None
    labels = ("0", "1")
    if cells is not None:
        y, labels = read_target(cells, path, line_of, columns[-1], positive)
    if refuse_blanks:
        refuse_gaps(X, y, columns, EXPECTED, line_of, path)
    return y, labels
