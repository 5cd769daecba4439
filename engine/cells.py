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

from engine.dataset import Array, DataError

LABEL_WORDS: dict[str, float] = {
    "true": 1.0,
    "false": 0.0,
    "yes": 1.0,
    "no": 0.0,
    "pass": 1.0,
    "fail": 0.0,
    "passed": 1.0,
    "failed": 0.0,
}
"""Target spellings (lower case) -> 0/1, besides 1/0 in any numeric spelling."""

_PARTNER = {
    "true": "false",
    "yes": "no",
    "pass": "fail",
    "passed": "failed",
}
_PARTNER.update({v: k for k, v in list(_PARTNER.items())})

_EXPECTED_LABEL = "a label: 1/0, true/false, yes/no, pass/fail or passed/failed"


_NUMBER_LIKE = re.compile(
    r"(?:^|\x00)\s*[-+]?(?:\d+(?:[.,]\d*)*|[.,]\d+)(?:[eE][-+]?\d+)?\s*%?\s*(?=\x00|$)"
)
"""A cell that may be a number, found in a column joined by NUL (cells never hold NUL)."""


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
    cells: Sequence[str], decimal_comma: bool, path: str | Path, line_of: LineOf, column: str
) -> Array:
    """Every cell of a numeric column as float64; the first bad cell raises DataError."""
    values = _fast_floats(cells)
    if values is None and decimal_comma:
        values = _fast_floats(list(map(methodcaller("replace", ",", "."), cells)))
    if values is None:
        values = np.empty(len(cells), dtype=np.float64)
        for i, cell in enumerate(cells):
            value = _parse_number(cell, decimal_comma)
            if value is None:
                if not cell.strip():
                    raise DataError("missing value: expected a number", path, line_of(i), column)
                raise DataError(f"expected a number, got {quote(cell)}", path, line_of(i), column)
            values[i] = value
    finite = np.isfinite(values)
    if not finite.all():
        i = int(np.argmin(finite))
        kind = "an infinite value" if np.isinf(values[i]) else "not a number"
        raise DataError(
            f"expected a finite number, got {quote(cells[i])} ({kind})", path, line_of(i), column
        )
    return values


def _label_value(cell: str) -> tuple[float, bool] | None:
    """(0.0 or 1.0, spelled as a word?) for one target cell, or None if it is no label."""
    s = cell.strip()
    word = LABEL_WORDS.get(s.lower())
    if word is not None:
        return word, True
    number = _parse_number(s, decimal_comma=True) if "%" not in s else None
    if number == 0.0 or number == 1.0:
        return number, False
    return None


def read_labels(
    cells: Sequence[str], path: str | Path, line_of: LineOf, column: str
) -> tuple[Array, tuple[str, str]]:
    """The target column as (n, 1) of 0/1 and the (negative, positive) spellings.

    Labels are read once per distinct spelling, then mapped over the column in C.
    """
    values: dict[str, float] = {}
    worded = False
    bad: list[str] = []
    for cell in set(cells):
        read = _label_value(cell)
        if read is None:
            bad.append(cell)
        else:
            values[cell] = read[0]
            worded = worded or read[1]
    if bad:
        i = min(cells.index(cell) for cell in bad)
        if not cells[i].strip():
            raise DataError(f"missing value: expected {_EXPECTED_LABEL}", path, line_of(i), column)
        raise DataError(
            f"expected {_EXPECTED_LABEL}, got {quote(cells[i])}", path, line_of(i), column
        )
    y = np.fromiter(map(values.__getitem__, cells), dtype=np.float64, count=len(cells))
    y = y.reshape(-1, 1)
    if not worded:
        return y, ("0", "1")
    first: dict[float, str] = {}
    for cls in (0.0, 1.0):
        spellings = [cell for cell, v in values.items() if v == cls]
        if spellings:
            first[cls] = min(spellings, key=cells.index).strip()
    negative = first.get(0.0)
    positive = first.get(1.0)
    if negative is None or positive is None:
        known = negative if positive is None else positive
        assert known is not None
        other = _PARTNER.get(known.lower(), "1" if negative is not None else "0")
        if known.isupper():
            other = other.upper()
        elif known[:1].isupper():
            other = other.capitalize()
        negative, positive = (negative, other) if negative is not None else (other, positive)
    assert negative is not None and positive is not None
    if LABEL_WORDS.get(negative.lower()) is None:
        negative = "0"
    if LABEL_WORDS.get(positive.lower()) is None:
        positive = "1"
    return y, (negative, positive)
