"""What a messy gradebook holds above its header (a title, Excel's ``sep=;``) and in its grade
cells (``n/a``, ``absent``, ``-``): named clearly, or read as a spreadsheet means it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.data import DataError, load_dataset
from engine.predict import predict_rows, predictions_bytes
from engine.trainer import Trainer, TrainingConfig

ROWS = ["name,written,oral,homework,passed", "Ana,7,8,6,1", "Bo,3,2,4,0", "Cy,9,7,8,1"]


def write(tmp_path: Path, lines: list[str], name: str = "title.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("title", ["Gradebook 3B, spring term", "Class 3B", '"Grades; 2026"'])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_title_above_the_header_is_named(tmp_path: Path, title: str, delimiter: str) -> None:
    rows = [row.replace(",", delimiter) for row in ROWS]
    path = write(tmp_path, [title, *rows])
    with pytest.raises(DataError) as err:
        load_dataset(path)
    assert str(err.value) == (
        f"{path}, line 1: looks like a title above the header; the header seems to be line 2: "
        "delete line 1"
    )


def test_a_title_after_blank_lines_names_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, ["", "Class 3B", "", *ROWS])
    with pytest.raises(DataError, match=r"line 2: looks like a title.* line 4: delete line 2"):
        load_dataset(path)


def test_a_short_row_is_still_a_short_row(tmp_path: Path) -> None:
    path = write(tmp_path, [*ROWS, "Di,5", "Ed,6,6,6,1"])
    with pytest.raises(DataError, match=r"line 5: expected 5 fields \(as in the header\), got 2"):
        load_dataset(path)


@pytest.mark.parametrize("sep,delimiter", [("sep=;", ";"), ("SEP=,", ","), ("sep=\t", "\t")])
def test_excels_sep_line_is_honoured(tmp_path: Path, sep: str, delimiter: str) -> None:
    rows = [row.replace(",", delimiter) for row in ROWS]
    if delimiter == ";":
        rows[1] = "Ana;7,5;8;6;1"  # a decimal comma, as such a file has
    path = write(tmp_path, [sep, *rows])
    data = load_dataset(path)
    assert data.delimiter == delimiter
    assert data.feature_names == ("written", "oral", "homework")
    assert data.X[0, 0] == (7.5 if delimiter == ";" else 7)
    assert sum("sep=" in note for note in data.notes) == 1
    assert not any("header is on line" in note for note in data.notes)


def test_a_sep_line_the_reader_does_not_know_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, ["sep=|", *[row.replace(",", "|") for row in ROWS]])
    with pytest.raises(DataError) as err:
        load_dataset(path)
    assert str(err.value).startswith(f"{path}, line 1: ")
    assert "comma, semicolon or tab" in str(err.value)


def test_predictions_of_a_sep_file_keep_the_sep_line(tmp_path: Path) -> None:
    path = write(tmp_path, ["sep=;", *[row.replace(",", ";") for row in ROWS]])
    data = load_dataset(path, None, ("written", "oral", "homework"), missing="keep")
    trainer = Trainer(load_dataset(path), TrainingConfig(epochs=1, seed=0))
    out = predictions_bytes(data, predict_rows(trainer.saved_model(), data)).decode()
    lines = out.splitlines()
    assert lines[0] == "sep=;"
    assert lines[1] == "name;written;oral;homework;passed;probability;prediction;confidence"


MARKS = ["n/a", "N/A", "NA", "absent", "-", "—", " n/a "]


@pytest.mark.parametrize("mark", MARKS)
def test_a_missing_mark_is_a_blank_grade(tmp_path: Path, mark: str) -> None:
    rows = [*ROWS, "Di,4,4,4,0", "Ed,8,8,7,1"]
    rows[2] = f"Bo,3,{mark},4,0"
    path = write(tmp_path, rows, "pct.csv")
    blank = write(tmp_path, [r.replace(mark, "") if r.startswith("Bo") else r for r in rows])
    for missing in ("skip", "keep"):
        data = load_dataset(path, missing=missing)
        same = load_dataset(blank, missing=missing)
        np.testing.assert_array_equal(data.X, same.X)
        assert data.notes == same.notes
    assert load_dataset(path, missing="skip").skipped[0].column == "oral"
    with pytest.raises(DataError, match=r'line 3, column "oral": missing value: expected a number'):
        load_dataset(path, missing="error")


def test_the_marks_are_the_documented_ones() -> None:
    from engine.cells import MISSING_MARKS

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for mark in MISSING_MARKS:
        assert f"`{mark}`" in readme, mark
    for mark in MARKS:
        assert mark.strip().casefold() in MISSING_MARKS


def test_other_words_in_a_grade_cell_are_still_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [*ROWS, "Di,4,sick,4,0"], "pct.csv")
    with pytest.raises(DataError, match=r'line 5, column "oral": expected a number, got "sick"'):
        load_dataset(path)
