"""Id-like columns: by name or by counting; other all-distinct integers."""

from __future__ import annotations

import numpy as np
import pytest

from engine.columns import all_distinct_integers, id_reason, named_like_id


@pytest.mark.parametrize(
    "name",
    ["id", "ID", "student_id", "Student ID", "Nr.", "N°", "No", "#", "matricule", "Roll number"],
)
def test_named_like_an_id(name: str) -> None:
    assert named_like_id(name)


@pytest.mark.parametrize("name", ["attendance", "number of absences", "oral", "written_tests"])
def test_not_named_like_an_id(name: str) -> None:
    assert not named_like_id(name)


def test_consecutive_integers_in_any_order_are_an_id() -> None:
    assert id_reason("code", np.array([3.0, 1, 2, 5, 4, 6])) is not None
    assert id_reason("code", np.array([103.0, 101, 102, 104, 105])) is not None


def test_grades_are_not_ids() -> None:
    assert id_reason("oral", np.array([70.0, 71, 55, 90, 88])) is None
    assert id_reason("student_id", np.array([1.5, 2, 3])) is None  # not whole numbers
    assert id_reason("code", np.array([1.0, 2, 3])) is None  # too few to count


def test_missing_cells_do_not_hide_an_id() -> None:
    assert id_reason("nr", np.array([1.0, np.nan, 3])) == "named like an id"


def test_all_distinct_integers() -> None:
    assert all_distinct_integers(np.array([12.0, 5, 40, 33, 7]))
    assert not all_distinct_integers(np.array([12.0, 5, 40, 33, 5]))
    assert not all_distinct_integers(np.array([12.5, 5, 40, 33, 7]))
