"""Reading one column's cells: numbers (``85``, ``85.5``, ``85%``, ``85,5``) and 0/1 labels.

Each function takes a whole column, tries one C-level pass first and falls back to cell by
cell only to name the first bad cell in a ``DataError``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from operator import methodcaller
from pathlib import Path

import numpy as np

from engine import labels
from engine.dataset import Array, DataError
from engine.labels import EXPECTED, WORDS, LabelError

LABEL_WORDS: dict[str, float] = WORDS
"""Target spellings (folded: no case, no accents) -> 0/1; see ``engine.labels``."""


_NUMBER_LIKE = re.compile(
    r"(?:^|\x00)\s*[-+]?(?:\d+(?:[.,]\d*)*|[.,]\d+)(?:[eE][-+]?\d+)?\s*%?\s*(?=\x00|$)"
)
"""A cell that may be a number, found in a column joined by NUL (cells never hold NUL)."""


MISSING_MARKS = frozenset({"n/a", "na", "n.a.", "#n/a", "absent", "-", "–", "—"})
"""What a gradebook writes in a grade cell for "no grade" (folded: no case, no spaces around):
read as a blank cell, a missing grade, never as an error or a number."""


def missing(cell: str) -> bool:
    """Whether a cell is blank or one of ``MISSING_MARKS``: a missing grade."""
    s = cell.strip()
    return not s or s.casefold() in MISSING_MARKS


def quote(text: str, limit: int = 40) -> str:
    """``text`` in double quotes for a message, shortened and on one line."""
    text = text.replace("\r", " ").replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f'"{text}"'


def _parse_number(cell: str, decimal_comma: bool) -> float | None:
    """A cell as a number (``85``, ``85.5``, ``85%``, ``85,5``), or None if it is not one."""
    s = cell.strip()
    if s.endswith("%"):
        s = s[:-1].rstrip()
    if decimal_comma and "," in s:
        s = s.replace(".", "").replace(",", ".") if "." in s else s.replace(",", ".")
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _is_number(cell: str, decimal_comma: bool) -> bool:
    """Whether a cell reads as a finite number (so a student called "Nan" stays a name)."""
    value = _parse_number(cell, decimal_comma)
    return value is not None and math.isfinite(value)


def holds_a_number(cells: Sequence[str], decimal_comma: bool) -> bool:
    """Whether any cell is a finite number (one regex scan, then a check of the candidates)."""
    if any(_is_number(cell, decimal_comma) for cell in cells[:20]):
        return True
    joined = "\x00".join(cells)
    for match in _NUMBER_LIKE.finditer(joined):
        if _is_number(match.group().strip("\x00"), decimal_comma):
            return True
    return False


def _fast_floats(cells: Sequence[str]) -> Array | None:
    """The happy path: every cell is a plain number (one C-level loop), else None."""
    try:
        return np.fromiter(map(float, cells), dtype=np.float64, count=len(cells))
    except ValueError:
        return None


LineOf = Callable[[int], int]
"""Data row index (0-based) -> its line in the file (1-based), worked out only for errors."""


def column_to_floats(
    cells: Sequence[str],
    decimal_comma: bool,
    path: str | Path,
    line_of: LineOf,
    column: str,
    blanks: bool = False,
) -> Array:
    """Every cell of a numeric column as float64; the first bad cell raises DataError.

    ``blanks=True``: a blank cell (or ``MISSING_MARKS``) is NaN, a missing grade, instead of
    an error.
    """
    values = _fast_floats(cells)
    if values is None and decimal_comma:
        values = _fast_floats(list(map(methodcaller("replace", ",", "."), cells)))
    if values is None:
        values = np.empty(len(cells), dtype=np.float64)
        for i, cell in enumerate(cells):
            value = _parse_number(cell, decimal_comma)
            if value is None:
                if missing(cell):
                    if blanks:
                        values[i] = math.nan
                        continue
                    raise DataError("missing value: expected a number", path, line_of(i), column)
                raise DataError(f"expected a number, got {quote(cell)}", path, line_of(i), column)
            values[i] = value
    finite = np.isfinite(values)
    if blanks and not finite.all():  # a blank is NaN on purpose; a "nan" cell is not
        finite |= np.isnan(values) & np.array([missing(cell) for cell in cells])
    if not finite.all():
        i = int(np.argmin(finite))
        kind = "an infinite value" if np.isinf(values[i]) else "not a number"
        raise DataError(
            f"expected a finite number, got {quote(cells[i])} ({kind})", path, line_of(i), column
        )
    return values


def _has_blank(cells: Sequence[str]) -> bool:
    """Whether any cell is empty or spaces (judged once per distinct spelling: fast)."""
    return any(not cell.strip() for cell in set(cells))


def read_labels(
    cells: Sequence[str],
    path: str | Path,
    line_of: LineOf,
    column: str,
    positive: str | None = None,
) -> tuple[Array, tuple[str, str]]:
    """The target column as (n, 1) of 0/1 and the (negative, positive) spellings.

    Labels are read once per distinct spelling (``engine.labels``), then mapped over the
    column in C. Blank cells are refused here: a caller that skips them leaves them out.
    """
    if _has_blank(cells):
        blank = next(i for i, cell in enumerate(cells) if not cell.strip())
        raise DataError(f"missing value: expected {EXPECTED}", path, line_of(blank), column)
    try:
        found = labels.read_labels(cells, positive)
    except LabelError as exc:
        where = min((cells.index(c) for c in exc.cells), default=None)
        raise DataError(str(exc), path, None if where is None else line_of(where), column) from None
    y = np.fromiter(map(found.values.__getitem__, cells), dtype=np.float64, count=len(cells))
    return y.reshape(-1, 1), (found.negative, found.positive)


def read_target(
    cells: Sequence[str], path: str | Path, line_of: LineOf, column: str, positive: str | None
) -> tuple[Array, tuple[str, str]]:
    """The target column as (n, 1) of 0/1 with NaN for a blank label (the caller skips or
    refuses those students), and the (failing, passing) words. Read-only."""
    filled = [i for i, cell in enumerate(cells) if cell.strip()] if _has_blank(cells) else None
    if filled is None:
        y, words = read_labels(cells, path, line_of, column, positive)
    elif not filled:  # no label at all: every student is left out (or refused) as blank
        y, words = np.full((len(cells), 1), np.nan), ("0", "1")
    else:
        some, words = read_labels(
            [cells[i] for i in filled], path, lambda k: line_of(filled[k]), column, positive
        )
        y = np.full((len(cells), 1), np.nan)
        y[filled] = some
    y.setflags(write=False)
    return y, words
