"""``predict --out`` replaces only its own earlier output unless told (``--force``), and
predicting from its own output replaces the earlier columns instead of adding a second set."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from engine.data import bundled_path, load_dataset
from engine.predict import NEW_COLUMNS
from tests.test_cli_safety import one_line_exit_2
from tui.cli import main


@pytest.fixture
def model(tmp_path: Path) -> Path:
    students = tmp_path / "students.csv"
    shutil.copy(bundled_path("students.csv"), students)
    path = tmp_path / "base.json"
    assert main(["train", "--data", str(students), "--epochs", "2", "--save", str(path)]) == 0
    return path


@pytest.fixture
def this_year(tmp_path: Path) -> Path:
    path = tmp_path / "n49.csv"
    shutil.copy(bundled_path("current_year.csv"), path)
    return path


def predict(model: Path, data: Path, out: Path, *more: str) -> list[str]:
    return ["predict", "--model", str(model), "--data", str(data), "--out", str(out), *more]


def header(path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_an_existing_gradebook_or_notes_are_not_overwritten(
    model: Path, this_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other_class.csv"
    shutil.copy(this_year, other)
    notes = tmp_path / "notes.txt"
    notes.write_text("call Ana's parents on Monday\n")
    for dest in (other, notes):
        before = dest.read_bytes()
        err = one_line_exit_2(capsys, predict(model, this_year, dest), "not overwritten")
        assert str(dest) in err and "--force" in err and "another name" in err
        assert dest.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_model_file_is_still_refused_even_with_force(
    model: Path, this_year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = model.read_bytes()
    one_line_exit_2(capsys, predict(model, this_year, model, "--force"), "is the file being read")
    assert model.read_bytes() == before


def test_force_replaces_another_file(
    model: Path, this_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other_class.csv"
    other.write_text("name,grade\nBo,3\n")
    assert main(predict(model, this_year, other, "--force")) == 0
    assert header(other)[-3:] == list(NEW_COLUMNS)
    assert "Bo" not in other.read_text(encoding="utf-8")


def test_an_earlier_predictions_file_is_replaced(
    model: Path, this_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pred.csv"
    assert main(predict(model, this_year, out)) == 0
    first = out.read_bytes()
    out.write_bytes(first.replace(b"pass", b"PASS"))  # an older run's verdicts
    assert main(predict(model, this_year, out)) == 0
    assert out.read_bytes() == first
    capsys.readouterr()
    # the same columns with a different file (another class) would be ours too, but a
    # predictions file whose columns differ is not: the user may have edited it
    edited = out.read_text(encoding="utf-8").replace("confidence", "confidence,remarks", 1)
    out.write_text(edited, encoding="utf-8")
    one_line_exit_2(capsys, predict(model, this_year, out), "not overwritten")
    assert out.read_text(encoding="utf-8") == edited


def test_predicting_from_predictions_replaces_the_earlier_columns(
    model: Path, this_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred, pred2 = tmp_path / "pred.csv", tmp_path / "pred2.csv"
    assert main(predict(model, this_year, pred)) == 0
    capsys.readouterr()
    assert main(predict(model, pred, pred2)) == 0
    out = capsys.readouterr().out
    assert out.count("replaced") == 1 and "is not used" not in out, out
    assert header(pred2) == header(pred)
    assert pred2.read_bytes() == pred.read_bytes()
    data = load_dataset(pred2, None)  # no duplicate column names
    assert data.header[-3:] == NEW_COLUMNS


def test_predicting_from_predictions_with_a_note_column(
    model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = bundled_path("current_year.csv").read_text(encoding="utf-8").splitlines()
    cells = text[2].split(",")
    cells[1] = ""  # a blank grade: the output gets a note column
    text[2] = ",".join(cells)
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("\n".join(text) + "\n", encoding="utf-8")
    pred, pred2 = tmp_path / "pred.csv", tmp_path / "pred2.csv"
    assert main(predict(model, gaps, pred)) == 0
    assert header(pred)[-4:] == [*NEW_COLUMNS, "note"]
    assert main(predict(model, pred, pred2)) == 0
    assert pred2.read_bytes() == pred.read_bytes()


def test_a_look_alike_header_or_an_annotated_copy_is_not_ours(
    model: Path, this_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer's crafted cases: the header of our output under two lines of the user's
    notes, and an earlier output whose note column the teacher filled in by hand; both were
    replaced without --force. A blank line and Excel's sep= line above it are still ours."""
    out = tmp_path / "pred.csv"
    assert main(predict(model, this_year, out)) == 0
    ours = out.read_text(encoding="utf-8")
    head, rest = ours.split("\n", 1)
    first, more = rest.split("\n", 1)
    cases = {
        "notes above": "Meeting notes - do not lose\nParents called\n" + ours,
        "a note typed": f"{head},note\n{first},talked to parents; retake planned\n{more}",
        "a verdict edited": ours.replace(",confident", ",ask Ana", 1),
        "not a probability": ours.replace(f"{first.split(',')[4]},", "83%,", 1),
    }
    for why, text in cases.items():
        out.write_text(text, encoding="utf-8")
        err = one_line_exit_2(capsys, predict(model, this_year, out), "not overwritten")
        assert "--force" in err, why
        assert out.read_text(encoding="utf-8") == text, why
    for above in ("\n", "sep=,\n"):
        out.write_text(above + ours, encoding="utf-8")
        assert main(predict(model, this_year, out)) == 0, repr(above)
        capsys.readouterr()
