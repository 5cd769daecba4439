"""Reading gradebooks made like real exports: blanks, ids, attendance, the school's words."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from engine.data import DataError, load_dataset
from tests.gradebooks import EU, Style, class_grades, gradebook


def write(tmp_path: Path, data: bytes, name: str = "klasse.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_european_excel_export_reads_with_its_gaps_left_out(tmp_path: Path) -> None:
    raw = gradebook(EU)
    path = write(tmp_path, raw)
    data = load_dataset(path, target="Result", missing="skip")
    assert data.delimiter == ";"
    assert data.feature_names == ("Attendance", "Written test", "Oral test", "Homework")
    assert data.labels == ("Suspenso", "Aprobado")
    # students 5 and 21 have a blank grade, 31 a blank result; the file's numbers stay
    assert [s.number for s in data.skipped] == [5, 21, 31]
    assert [s.column for s in data.skipped] == ["Oral test", "Written test", "Result"]
    # student 8's comment spans two lines, so later students sit one line lower
    assert [s.line for s in data.skipped] == [6, 23, 33]
    assert data.n_samples == 35
    assert data.numbers[:6] == (1, 2, 3, 4, 6, 7)
    assert data.row_of(6) == 4 and data.row_of(5) is None
    assert data.names[3] == "Kovač; José"
    grades, passed = class_grades(38, 3, 0)
    kept = [n - 1 for n in data.numbers]
    np.testing.assert_allclose(data.X[:, 1:], grades[kept])  # decimal commas read
    assert data.y is not None
    np.testing.assert_array_equal(data.y[:, 0], passed[kept])
    assert any('"Nr."' in note and "id" in note for note in data.notes)
    assert any("left out 3 students" in note and "lines 6, 23, 33" in note for note in data.notes)
    assert data.sha256 == hashlib.sha256(raw).hexdigest()
    assert data.source is not None and data.source.bom and data.source.decimal_mark == ","


def test_missing_error_stops_at_the_first_blank(tmp_path: Path) -> None:
    path = write(tmp_path, gradebook(EU))
    with pytest.raises(DataError) as err:
        load_dataset(path, target="Result", missing="error")
    assert (err.value.line, err.value.column) == (6, "Oral test")
    assert "missing value" in str(err.value)


def test_keep_gives_nan_for_a_blank_grade(tmp_path: Path) -> None:
    path = write(tmp_path, gradebook(Style(outcome=False)))
    data = load_dataset(path, target=None, missing="keep")
    assert data.n_samples == 38
    assert np.isnan(data.X[4, data.feature_names.index("Quiz")])
    assert np.isnan(data.X).sum() == 2


def test_letters_p_and_f(tmp_path: Path) -> None:
    data = load_dataset(write(tmp_path, gradebook()), target="result", missing="skip")
    assert data.labels == ("F", "P")
    assert data.target_name == "Result"


def test_a_schools_own_words_need_positive(tmp_path: Path) -> None:
    path = write(tmp_path, gradebook(Style(words=("ok", "ko"))))
    with pytest.raises(DataError) as err:
        load_dataset(path, target="Result", missing="skip")
    message = str(err.value)
    assert '"ok" and "ko"' in message and "--positive" in message
    assert err.value.column == "Result"
    data = load_dataset(path, target="Result", missing="skip", positive="OK")
    assert data.labels == ("ko", "ok")


def test_ignore_and_features(tmp_path: Path) -> None:
    path = write(tmp_path, gradebook())
    data = load_dataset(path, target="Result", missing="skip", ignore=["attendance"])
    assert data.feature_names == ("Homework", "Quiz", "Exam")
    assert not any("Attendance" in note for note in data.notes)
    with pytest.raises(DataError, match="both in --features and in --ignore"):
        load_dataset(path, target="Result", features=["Quiz"], ignore=["Quiz"])
    with pytest.raises(DataError, match="no such column to ignore"):
        load_dataset(path, target="Result", ignore=["Oral"])
    named = load_dataset(path, target="Result", missing="skip", features=["Nr.", "Quiz"])
    assert named.feature_names == ("Nr.", "Quiz")  # asked for by name: no id rule


def test_a_counting_column_is_an_id_and_distinct_integers_get_a_note(tmp_path: Path) -> None:
    text = "code,name,points,score,passed\n" + "".join(
        f"{100 + i},S{i},{(i * 37) % 101},{(i * 7) % 5},{i % 2}\n" for i in range(12)
    )
    data = load_dataset(write(tmp_path, text.encode()))
    assert data.feature_names == ("points", "score")
    assert any('"code"' in note and "count" in note for note in data.notes)
    assert any('"points"' in note and "--ignore points" in note for note in data.notes)


def test_every_student_incomplete_is_one_clear_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"name,grade,oral,passed\nA,,1,1\nB,2,,0\n")
    with pytest.raises(DataError, match="every student has a blank"):
        load_dataset(path, missing="skip")
