"""Which numeric columns are grades: id-like columns are no features by default.

A gradebook often carries a student number, a row number or a matriculation number beside
the grades. Fed to the network as an input, it would "learn" from the order students were
entered in. ``id_reason`` says why a column looks like an id (its name, or values that
count 1, 2, 3, ...); ``all_distinct_integers`` flags the weaker case, kept with a note.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

from engine.labels import fold

ID_NAMES = frozenset(
    {
        "id",
        "nr",
        "no",
        "n",
        "num",
        "number",
        "numero",
        "nummer",
        "matricule",
        "matricula",
        "matrikel",
        "matrikelnummer",
        "matriculation",
        "index",
        "idx",
        "roll",
        "rollno",
        "registration",
        "regno",
        "sid",
        "lp",
        "row",
    }
)
"""Column names (folded, without spaces and punctuation) that mean "an id"."""

ID_TAILS = ("id", "nr", "no", "num", "number", "numero", "nummer", "matricule", "matricula")
"""A last word that makes a name an id: student_id, Student No., roll number."""

MIN_ROWS = 5
"""Fewer values than this say nothing about counting or being distinct."""


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", fold(name).replace("°", "o")) if w]


def named_like_id(name: str) -> bool:
    """Whether a column's name says it holds ids ("id", "Student ID", "Nr.", "N°", "#")."""
    words = _words(name)
    if not words:
        return name.strip() in ("#", "№")
    return "".join(words) in ID_NAMES or words[-1] in ID_TAILS


def _integers(values: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """The finite values if every one is a whole number (blanks, NaN, left out), else None."""
    finite = np.isfinite(values)
    v = values if finite.all() else values[finite]  # no copy of a column without blanks
    if v.size == 0 or not np.array_equal(v, np.round(v)):
        return None
    return v


def _spans(v: NDArray[np.float64], at_least: bool) -> bool:
    """Whether max - min of ``v`` is exactly (``at_least``: at least) ``v.size - 1``: what
    values counting 1, 2, 3 (or all different) must span. Checked before any sort: most
    columns fail it, and a sort of a million grades would copy them."""
    span = float(v.max() - v.min())
    return span >= v.size - 1 if at_least else span == v.size - 1


def id_reason(name: str, values: NDArray[np.float64]) -> str | None:
    """Why an integer column is an id ("named like an id", "counts 1, 2, 3, ..."), or None."""
    v = _integers(values)
    if v is None:
        return None
    if named_like_id(name):
        return "named like an id"
    if v.size >= MIN_ROWS and _spans(v, at_least=False):
        ordered = np.sort(v)
        if np.all(np.diff(ordered) == 1.0):
            return (
                f"its values count {ordered[0]:g}, {ordered[1]:g}, {ordered[2]:g}, ... like an id"
            )
    return None


def all_distinct_integers(values: NDArray[np.float64]) -> bool:
    """Whether every value is a different whole number (as ids are; grades may be too)."""
    v = _integers(values)
    if v is None or v.size < MIN_ROWS or not _spans(v, at_least=True):
        return False
    return bool(np.unique(v).size == v.size)
