"""The commands on a teacher's own gradebook, exported as Excel does in Europe: BOM, CRLF,
semicolons, decimal commas, an id column, attendance, blanks, Aprobado/Suspenso."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from engine.model_file import load_model
from tests.gradebooks import EU, Style, gradebook
from tests.test_cli import run_cli
from tui.cli import main

THIS_YEAR = Style(**{**EU.__dict__, "outcome": False, "blanks": ((2, "Oral test"),)})
"""This year's class, same export: no Result column yet, one blank grade."""


@pytest.fixture
def klasse(tmp_path: Path) -> Path:
    path = tmp_path / "klasse.csv"
    path.write_bytes(gradebook(EU))
    return path


@pytest.fixture
def model(tmp_path: Path, klasse: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    saved = tmp_path / "m.json"
    args = ["train", "--data", str(klasse), "--target", "Result", "--epochs", "50"]
    assert main([*args, "--save", str(saved), "--json"]) == 0
    capsys.readouterr()
    return saved


def test_train_leaves_out_blanks_and_ids_and_says_so(
    klasse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["train", "--data", str(klasse), "--target", "Result", "--epochs", "20", "--json"]
    assert main(args) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["features"] == ["Attendance", "Written test", "Oral test", "Homework"]
    assert s["n_train"] + s["n_test"] == 35
    assert [k["student"] for k in s["skipped"]] == [5, 21, 31]
    low, high = s["test_accuracy_interval"]
    assert 0.0 <= low <= s["test_accuracy"] <= high <= 1.0
    assert any("left out 3 students" in n for n in s["notes"])
    assert main([*args[:-1], "--ignore", "Attendance"]) == 0
    assert "Features, in order: Written test, Oral test, Homework" in capsys.readouterr().out


@pytest.mark.slow  # subprocesses, as a user runs them
def test_train_summary_gives_the_interval_for_a_small_class(klasse: Path) -> None:
    proc = run_cli("train", "--data", str(klasse), "--target", "Result", "--epochs", "20")
    assert proc.returncode == 0, proc.stderr
    out = " ".join(proc.stdout.split())
    assert "Features, in order: Attendance, Written test, Oral test, Homework" in out
    assert "held-out students" in out and "%-" in out
    assert "Aprobado (pass)" in out


@pytest.mark.slow  # subprocesses, as a user runs them
def test_missing_error_and_bad_option_combinations_are_one_line(klasse: Path) -> None:
    base = ("train", "--data", str(klasse), "--target", "Result", "--epochs", "1")
    proc = run_cli(*base, "--missing", "error")
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(
        'line 6, column "Oral test": missing value: expected a number'
    )
    proc = run_cli(*base, "--features", "Homework,Quiz", "--ignore", "homework")
    assert proc.returncode == 2 and "both --features and --ignore" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.slow  # subprocesses, as a user runs them
def test_two_unknown_words_suggest_positive(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(gradebook(Style(words=("geslaagd!", "nope"))))
    proc = run_cli("train", "--data", str(path), "--target", "Result", "--epochs", "1")
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and '"geslaagd!" and "nope"' in line and "--positive" in line
    ok = run_cli(
        "train", "--data", str(path), "--target", "Result", "--epochs", "1",
        "--positive", "GESLAAGD!",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr


@pytest.mark.slow  # subprocesses, as a user runs them
def test_explain_keeps_the_files_student_numbers(klasse: Path) -> None:
    base = ("explain", "--data", str(klasse), "--target", "Result")
    proc = run_cli(*base, "--student", "5")
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(
        "--student 5: student 5 (Chloé García, line 6) has no Oral test, "
        "so it was left out of training"
    )
    proc = run_cli(*base, "--student", "6")
    assert proc.returncode == 0, proc.stderr
    assert "Student 6/38: Jürgen Silva" in proc.stdout


def test_predict_out_keeps_the_file_byte_for_byte(
    model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = gradebook(THIS_YEAR, n=12, seed=5)
    data = tmp_path / "neu.csv"
    data.write_bytes(raw)
    out = tmp_path / "out.csv"
    args = ["predict", "--model", str(model), "--data", str(data), "--out", str(out), "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    written = out.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    # every physical line of the input starts the same line of the output, CRLF kept
    lines_in, lines_out = raw.split(b"\r\n"), written.split(b"\r\n")
    assert len(lines_in) == len(lines_out)
    for before, after in zip(lines_in, lines_out):
        assert after.startswith(before)
    assert lines_out[0].endswith(b";probability;prediction;confidence;note")
    rows = list(csv.reader(io.StringIO(written.decode("utf-8-sig"), newline=""), delimiter=";"))
    original = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[: len(original[0])] for r in rows] == original  # untouched columns
    predictions = report["predictions"]
    assert len(rows) - 1 == len(predictions) == 12  # nobody dropped
    for row, p in zip(rows[1:], predictions):
        probability, prediction, confidence, note = row[-4:]
        if p["probability"] is None:  # student 3 has no oral test
            assert (probability, prediction, confidence) == ("", "", "")
            assert "Oral test" in note and "Oral test" in p["reason"]
            continue
        assert float(probability.replace(",", ".")) == p["probability"]  # round-trips
        assert "," in probability or probability in ("0", "1")
        assert prediction in ("Aprobado", "Suspenso") and prediction == p["prediction"]
        assert confidence == p["confidence"]
    assert predictions[2]["probability"] is None


@pytest.mark.slow  # subprocesses, as a user runs them
def test_uncertain_marks_the_middle(model: Path, tmp_path: Path) -> None:
    data = tmp_path / "neu.csv"
    data.write_bytes(gradebook(THIS_YEAR, n=12, seed=5))
    for width, wanted in (("0.5", {"uncertain"}), ("0", {"confident"})):
        proc = run_cli("predict", "--model", str(model), "--data", str(data), "--json",
                       "--uncertain", width)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        shown = {p["confidence"] for p in json.loads(proc.stdout)["predictions"]}
        assert shown - {None} == wanted
    assert run_cli("predict", "--model", str(model), "--uncertain", "0.7").returncode == 2


@pytest.mark.slow  # subprocesses, as a user runs them
def test_predict_without_data_needs_it_for_a_teachers_model(model: Path) -> None:
    saved = load_model(model)
    assert saved.data is not None and saved.data.name == "klasse.csv"
    proc = run_cli("predict", "--model", str(model))
    assert proc.returncode == 2
    assert "give this year's students with --data FILE" in proc.stderr
    assert "site-packages" not in proc.stderr


@pytest.mark.slow  # subprocesses, as a user runs them
def test_predict_without_data_for_the_bundled_model_and_an_older_file(tmp_path: Path) -> None:
    saved = tmp_path / "b.json"
    assert run_cli("train", "--epochs", "1", "--save", str(saved)).returncode == 0
    assert run_cli("predict", "--model", str(saved)).returncode == 0
    old = json.loads(saved.read_text())
    del old["data"]  # a model file from before the field
    saved.write_text(json.dumps(old))
    assert run_cli("predict", "--model", str(saved)).returncode == 0


def test_explain_a_teachers_model_reads_its_target_and_asks_for_its_students(
    model: Path, klasse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "--model", str(model), "--student", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(model) in err and "site-packages" not in err
    assert "learned from your own students (klasse.csv)" in err and "with --data FILE" in err
    argv = ["explain", "--model", str(model), "--data", str(klasse), "--student", "2"]
    assert main(argv) == 0  # the model's target, Result, without --target
    out = capsys.readouterr().out
    assert "Student 2/38: " in out and "after 50 epochs" in out
    assert main([*argv, "--target", "Oral test"]) == 2  # --target still wins
    assert 'column "Oral test"' in capsys.readouterr().err


def test_the_app_takes_a_teachers_model_with_its_target_and_students(
    model: Path, klasse: Path
) -> None:
    from tui.cli import UsageError, build_parser
    from tui.launch import build_trainer

    with pytest.raises(UsageError, match=r"klasse\.csv.*--data FILE"):
        build_trainer(build_parser().parse_args(["--model", str(model)]))
    trainer = build_trainer(
        build_parser().parse_args(["--model", str(model), "--data", str(klasse)])
    )
    assert trainer.dataset.target_name == "Result" and trainer.dataset.n_samples == 35
