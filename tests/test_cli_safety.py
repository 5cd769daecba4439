"""The headless commands never overwrite what the user is using, never block or bloat on an
input, and let the model decide its features (issue 14): one line, exit 2, nothing lost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.data import bundled_path
from engine.limits import MAX_FEATURES
from engine.model_file import load_model
from tests.test_cli import run_cli
from tui.cli import main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links, FIFOs and devices")


@pytest.fixture
def students(tmp_path: Path) -> Path:
    path = tmp_path / "students.csv"
    shutil.copy(bundled_path("students.csv"), path)
    return path


@pytest.fixture
def model(tmp_path: Path, students: Path) -> Path:
    path = tmp_path / "model.json"
    assert main(["train", "--data", str(students), "--epochs", "2", "--save", str(path)]) == 0
    return path


def one_line_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err
    return err


# ----- item 1: every writer refuses the file it reads, other kinds and non-files --------------


def test_train_save_refuses_its_training_csv(
    students: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = students.read_bytes()
    os.link(students, tmp_path / "same.csv")
    for dest in (students, tmp_path / "same.csv"):
        argv = ["train", "--data", str(students), "--epochs", "1", "--save", str(dest)]
        err = one_line_exit_2(capsys, argv, "is the file being read")
        assert str(dest) in err
    assert students.read_bytes() == before


def test_train_save_refuses_any_csv(
    students: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    argv = ["train", "--data", str(students), "--epochs", "1", "--save", str(other)]
    one_line_exit_2(capsys, argv, "a model does not overwrite it")
    assert other.read_text() == "a,b\n1,2\n"


def test_predict_out_refuses_its_input_and_the_model(
    model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    this_year = tmp_path / "current_year.csv"
    shutil.copy(bundled_path("current_year.csv"), this_year)
    data_before, model_before = this_year.read_bytes(), model.read_bytes()
    base = ["predict", "--model", str(model), "--data", str(this_year), "--out"]
    one_line_exit_2(capsys, [*base, str(this_year)], "is the file being read")
    one_line_exit_2(capsys, [*base, str(model)], "is the file being read")
    shutil.copy(model, tmp_path / "other_model.json")
    one_line_exit_2(capsys, [*base, str(tmp_path / "other_model.json")], "predictions do not")
    assert this_year.read_bytes() == data_before and model.read_bytes() == model_before
    assert (tmp_path / "other_model.json").read_bytes() == model_before


def test_predict_out_refuses_the_file_the_model_learned_from(
    students: Path, model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = students.read_bytes()
    this_year = bundled_path("current_year.csv")
    argv = ["predict", "--model", str(model), "--data", str(this_year), "--out", str(students)]
    err = one_line_exit_2(capsys, argv, "is the file the model was trained on")
    assert err.startswith(f"passfail-tui: error: {students}: ")
    assert students.read_bytes() == before


def test_train_save_replaces_a_model_and_writes_through_a_link(
    students: Path, model: Path, tmp_path: Path
) -> None:
    link = tmp_path / "latest.json"
    link.symlink_to(model)
    argv = ["train", "--data", str(students), "--epochs", "3", "--save", str(link)]
    assert main(argv) == 0
    assert link.is_symlink() and load_model(model).settings["epochs_trained"] == 3


@posix_only
def test_writers_refuse_fifos_and_devices_without_blocking(
    students: Path, model: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for argv in (
        ["train", "--data", str(students), "--epochs", "1", "--save", str(fifo)],
        ["train", "--data", str(students), "--epochs", "1", "--save", os.devnull],
        ["predict", "--model", str(model), "--out", str(fifo)],
        ["predict", "--model", str(model), "--out", os.devnull],
    ):
        done = run_cli(*argv)  # times out (a failure) if anything opened the FIFO
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1
        assert "named pipe (FIFO)" in done.stderr or "is a device" in done.stderr
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


# ----- item 3: inputs are regular files of bounded size; limits on --hidden ---------------


@pytest.mark.slow
@posix_only
def test_csv_inputs_that_are_not_files_are_named_without_blocking(
    tmp_path: Path, model: Path
) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    for argv, words in [
        (["train", "--data", str(fifo)], "is a named pipe (FIFO), not a CSV file"),
        (["predict", "--model", str(model), "--data", str(fifo)], "is a named pipe (FIFO)"),
        (["explain", "--data", str(fifo)], "is a named pipe (FIFO)"),
        (["train", "--data", "/dev/zero"], "is a device, not a CSV file"),
        (["train", "--data", str(tmp_path / "a.csv")], "is a symbolic link that loops"),
        (["train", "--data", str(tmp_path)], "is a folder"),
    ]:
        done = run_cli(*argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr


@pytest.mark.slow
@posix_only
def test_model_paths_that_are_not_files_are_named_without_blocking(
    tmp_path: Path, students: Path
) -> None:
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    for model, words in [
        (fifo, "is a named pipe (FIFO), not a model file"),
        ("/dev/zero", "is a device, not a model file"),
        (tmp_path / "a.json", "is a symbolic link that loops, not a model file"),
    ]:
        for argv in (
            ["predict", "--model", str(model), "--data", str(students)],
            ["explain", "--model", str(model), "--data", str(students)],
            ["--model", str(model), "--data", str(students)],  # the app: refused before it opens
        ):
            done = run_cli(*argv)  # a FIFO opened blocks: run_cli's timeout fails the test
            assert done.returncode == 2, (argv, done.stderr)
            assert done.stderr == f"passfail-tui: error: {model}: {words}\n", done.stderr


def test_a_csv_over_max_csv_mb_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.csv"
    with big.open("w") as f:
        f.write("student,a,passed\n")
        f.write("Ann,50,1\nBo,40,0\n" * 70_000)  # 1.3 MB
    one_line_exit_2(
        capsys, ["train", "--data", str(big), "--max-csv-mb", "1"], "larger than --max-csv-mb 1"
    )
    assert main(["train", "--data", str(big), "--epochs", "0", "--json"]) == 0  # 64 MB default


def test_too_many_features_or_weights_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = tmp_path / "wide.csv"
    n = MAX_FEATURES + 1
    wide.write_text(
        ",".join([*(f"g{i}" for i in range(n)), "passed"])
        + "\n"
        + "\n".join(",".join(["1"] * n + [str(k % 2)]) for k in range(4))
        + "\n"
    )
    one_line_exit_2(capsys, ["train", "--data", str(wide)], f"at most {MAX_FEATURES:,} features")
    features = ",".join(f"g{i}" for i in range(500))
    argv = ["train", "--data", str(wide), "--features", features, "--hidden", "256"]
    one_line_exit_2(capsys, argv, "weights and biases")


@pytest.mark.parametrize(
    ("hidden", "words"),
    [("257", "1 to 256 nodes"), ("2,2,2,2,2", "at most 4 hidden layers"), ("-1", ">= 1")],
)
def test_hidden_obeys_the_limits(
    hidden: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["train", f"--hidden={hidden}"])
    except SystemExit as exited:  # argparse's own refusal of a value it cannot parse
        code = int(exited.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err


# ----- item 5: the model decides the features -------------------------------------------------


@pytest.fixture
def subset_model(tmp_path: Path, students: Path) -> Path:
    path = tmp_path / "subset.json"
    argv = ["train", "--data", str(students), "--features", "written_tests,oral_tests"]
    assert main([*argv, "--epochs", "3", "--save", str(path)]) == 0
    return path


def test_explain_a_model_trained_on_a_feature_subset(
    subset_model: Path, students: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["explain", "--model", str(subset_model), "--data", str(students)]) == 0
    text = capsys.readouterr().out
    assert "written_tests" in text and "oral_tests" in text
    assert "class_assignments" not in text
    argv = ["explain", "--model", str(subset_model), "--data", str(students)]
    assert main([*argv, "--features", "oral_tests,written_tests"]) == 0
    assert capsys.readouterr().out == text  # reordered to the model's order
    one_line_exit_2(capsys, [*argv, "--features", "class_assignments"], "other columns")


def test_explain_uses_the_models_column_order_not_the_files(
    subset_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    swapped = tmp_path / "swapped.csv"
    lines = bundled_path("students.csv").read_text().splitlines()
    header = lines[0].split(",")
    order = [header.index(c) for c in ("student", "oral_tests", "written_tests", "passed")]
    swapped.write_text("\n".join(",".join(line.split(",")[j] for j in order) for line in lines))
    capsys.readouterr()
    explained = []
    for data in (bundled_path("students.csv"), swapped):
        assert main(["explain", "--model", str(subset_model), "--data", str(data)]) == 0
        explained.append(capsys.readouterr().out)
    assert explained[0] == explained[1]


def test_the_app_takes_the_models_features(subset_model: Path, students: Path) -> None:
    from tui.cli import UsageError, build_parser
    from tui.launch import build_trainer

    def trainer(*extra: str):  # type: ignore[no-untyped-def]
        argv = ["--model", str(subset_model), "--data", str(students), *extra]
        return build_trainer(build_parser().parse_args(argv))

    assert trainer().dataset.feature_names == ("written_tests", "oral_tests")
    reordered = trainer("--features", "oral_tests,written_tests")
    assert reordered.dataset.feature_names == ("written_tests", "oral_tests")
    with pytest.raises(UsageError, match="other columns"):
        trainer("--features", "written_tests")


SAVE_THEN_STALL = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    open({marker!r}, "w").close()  # the temp file is written, not yet renamed
    time.sleep(60)
os.fsync = slow_fsync
from tui.cli import main
sys.exit(main(["train", "--data", {data!r}, "--epochs", "1", "--save", {path!r}]))
"""


@posix_only
def test_sigterm_mid_save_removes_the_temp_file(
    students: Path, model: Path, tmp_path: Path
) -> None:
    before = model.read_bytes()
    marker = tmp_path / "ready"
    code = SAVE_THEN_STALL.format(marker=str(marker), data=str(students), path=str(model))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the save ended early"
            assert time.monotonic() < deadline, "the save never got going"
            time.sleep(0.01)
        assert [p.name for p in tmp_path.glob(".model.json.passfail-*.tmp")]
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert model.read_bytes() == before
    assert list(tmp_path.glob(".*.tmp")) == []


def test_the_readme_states_the_limits_the_code_has() -> None:
    from engine import limits

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Limits and your files", 1)[1].split("\n## ", 1)[0]
    for what, value in [
        ("features (input columns)", limits.MAX_FEATURES),
        ("hidden layers", limits.MAX_HIDDEN_LAYERS),
        ("nodes in a hidden layer", limits.MAX_LAYER_NODES),
        ("weights and biases in one network", limits.MAX_PARAMETERS),
    ]:
        assert f"| {what} | {value:,} |" in table
    assert f"default {limits.MAX_CSV_MB} MB" in table
    assert f"every epoch to {limits.HISTORY_EXACT_EPOCHS:,}" in table
    assert f"the last {limits.HISTORY_RECENT_EPOCHS}" in table
    assert f"under {limits.HISTORY_MAX_ROWS:,} rows" in table
    help_text = build_help("train")
    assert f"default: {limits.MAX_CSV_MB}" in help_text


def build_help(command: str) -> str:
    from tui.cli_parser import build_parser

    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    return str(sub.format_help())
