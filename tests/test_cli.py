"""The headless commands: train, predict, explain; their output, files and exit statuses."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.data import bundled_path, load_dataset
from engine.trainer import Trainer, TrainingConfig
from tui.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a child process (as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def test_train_json_numbers_match_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--epochs", "7", "--seed", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in (
        "epochs",
        "n_train",
        "n_test",
        "train_loss",
        "train_accuracy",
        "test_loss",
        "test_accuracy",
    ):
        assert key in out
    trainer = Trainer(load_dataset(bundled_path("students.csv")), TrainingConfig(seed=3))
    trainer.run_epochs(7)
    record = trainer.measure()
    assert out["epochs"] == 7
    assert out["n_train"] == trainer.n_train and out["n_test"] == trainer.n_test
    assert out["train_loss"] == record.train_loss
    assert out["test_accuracy"] == record.test_accuracy
    assert out["layer_sizes"] == [3, 2, 1]


def test_train_json_without_held_out_set_has_nulls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--epochs", "2", "--test-fraction", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_test"] == 0
    assert out["test_loss"] is None and out["test_accuracy"] is None


def test_train_summary_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--epochs", "3", "--mode", "batch"]) == 0
    text = capsys.readouterr().out
    assert "held-out" in text and "majority baseline" in text and "confusion matrix" in text


@pytest.mark.parametrize("mode", ["stochastic", "minibatch", "batch"])
def test_train_each_mode(mode: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--epochs", "3", "--mode", mode, "--batch-size", "8", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["mode"] == mode


def test_train_save_predict_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "model.json"
    assert main(["train", "--epochs", "20", "--save", str(model), "--json"]) == 0
    capsys.readouterr()
    out_csv = tmp_path / "predictions.csv"
    assert main(["predict", "--model", str(model), "--out", str(out_csv), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    current = load_dataset(
        bundled_path("current_year.csv"),
        target=None,
        features=("class_assignments", "written_tests", "oral_tests"),
    )
    assert len(result["predictions"]) == current.n_samples
    with out_csv.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == current.n_samples
    assert {"probability", "prediction"} <= set(rows[0])
    for row, pred in zip(rows, result["predictions"]):
        p = float(row["probability"])
        assert 0.0 <= p <= 1.0
        assert p == pred["probability"]  # written in full: the same float
        assert row["prediction"] in ("0", "1")
        assert (row["prediction"] == "1") == (pred["probability"] >= 0.5)
    # Every number printed matches the engine: the saved network's forward pass.
    from engine.model_file import load_model
    from engine.predict import predict_probabilities

    saved = load_model(model)
    expected = predict_probabilities(saved, current.X)
    got = np.array([p["probability"] for p in result["predictions"]])
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_predict_table_has_caveat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "m.json"
    assert main(["train", "--epochs", "2", "--save", str(model), "--json"]) == 0
    capsys.readouterr()
    assert main(["predict", "--model", str(model)]) == 0
    text = capsys.readouterr().out
    assert "Caveat" in text and "past students" in text


def test_an_untrained_model_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "ep0.json"
    assert main(["train", "--epochs", "0", "--save", str(model), "--json"]) == 0
    capsys.readouterr()
    warning = f"warning: {model} has learned nothing: its weights are still the random ones"
    assert main(["predict", "--model", str(model)]) == 0
    out, err = capsys.readouterr()
    assert warning in err and "confident" not in out and "learned from" not in out
    assert "untrained" in out
    assert main(["predict", "--model", str(model), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["warning"].startswith(warning.removeprefix("warning: "))
    assert {p["confidence"] for p in result["predictions"]} == {"untrained"}
    assert main(["explain", "--model", str(model), "--student", "2"]) == 0
    out, err = capsys.readouterr()
    assert warning in err and "after 0 epochs" in out
    trained = tmp_path / "ep2.json"
    assert main(["train", "--epochs", "2", "--save", str(trained), "--json"]) == 0
    capsys.readouterr()
    assert main(["predict", "--model", str(trained)]) == 0
    out, err = capsys.readouterr()
    assert "warning" not in err and "confident" in out and "learned from" in out


def test_predict_refuses_a_file_lacking_a_feature(tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    assert main(["train", "--epochs", "1", "--save", str(model), "--json"]) == 0
    bad = tmp_path / "class.csv"
    bad.write_text("student,class_assignments,written_tests\nAna,80,70\n", encoding="utf-8")
    proc = run_cli("predict", "--model", str(model), "--data", str(bad))
    assert proc.returncode == 2
    assert "oral_tests" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--lr", "-1"],
        ["train", "--lr", "abc"],
        ["train", "--hidden", "x"],
        ["train", "--mode", "sideways"],
        ["train", "--test-fraction", "1.5"],
        ["train", "--data", "/no/such/file.csv"],
        ["train", "--data", "/"],
        ["train", "--target", "nope"],
        ["predict", "--model", "/no/such/model.json"],
        ["explain", "--student", "100000"],
        ["train", "--batch-size", "0"],
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str]) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_bad_csv_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "student,class_assignments,written_tests,oral_tests,passed\n"
        "Ana,80,70,60,1\nBo,80,abc,60,0\n",
        encoding="utf-8",
    )
    proc = run_cli("train", "--data", str(bad), "--epochs", "1")
    assert proc.returncode == 2
    assert "bad.csv" in proc.stderr and "line 3" in proc.stderr


def test_divergence_exits_3() -> None:
    proc = run_cli(
        "train",
        "--lr",
        "1e6",
        "--activation",
        "linear",
        "--scale",
        "none",
        "--loss",
        "bce",
        "--mode",
        "batch",
        "--hidden",
        "8",
        "--epochs",
        "50",
    )
    assert proc.returncode == 3, proc.stderr
    assert "diverged in epoch" in proc.stderr and "smaller learning rate" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_explain_prints_the_working(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--student", "2"]) == 0
    text = capsys.readouterr().out
    assert "Student 2/" in text
    assert "net_h1 = i1 x w1 + i2 x w2 + i3 x w3 + b(h1)" in text
    assert "sigmoid(" in text and "binary cross-entropy" in text
    assert "dE/dw1 = " in text and "w1 <- w1 - alpha x (dE/dw1 + lambda x w1)" in text
    assert "b(h1) <- b(h1) - alpha x dE/db(h1)" in text  # biases are not decayed


def test_explain_a_saved_model_says_its_own_epochs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "m.json"
    assert main(["train", "--epochs", "3", "--save", str(saved)]) == 0
    capsys.readouterr()
    assert main(["explain", "--model", str(saved), "--student", "2"]) == 0  # bundled: no --data
    assert "(training), after 3 epochs; raw grades" in capsys.readouterr().out
    old = json.loads(saved.read_text())
    del old["settings"]["epochs_trained"]  # a file that does not say how long it trained
    saved.write_text(json.dumps(old))
    assert main(["explain", "--model", str(saved), "--student", "2"]) == 0
    text = capsys.readouterr().out
    assert "(training), a saved model; raw grades" in text and "epochs;" not in text


def test_explain_works_the_next_step_with_the_schedules_alpha(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After 12 epochs (K = 10) the next step is epoch 13's: alpha 0.5 / 2.2, with or without
    the model file in between; without a schedule, alpha as configured."""
    saved = tmp_path / "m.json"
    assert main(["train", "--epochs", "12", "--save", str(saved)]) == 0
    capsys.readouterr()
    alpha = f"{0.5 / 2.2:g}"
    for argv in (["--model", str(saved)], ["--epochs", "12"]):
        assert main(["explain", *argv, "--student", "2"]) == 0
        text = capsys.readouterr().out
        assert f"; alpha = {alpha} (0.5 decayed)" in text
        assert f"Gradient descent, alpha = {alpha} (0.5 decayed by the schedule):" in text
        assert "w1 <- w1 - alpha x (dE/dw1 + lambda x w1) = " in text and f" - {alpha} x " in text
    assert main(["explain", "--epochs", "12", "--lr-decay", "0", "--student", "2"]) == 0
    text = capsys.readouterr().out
    assert "; alpha = 0.5\n" in text and "decayed" not in text


def test_headless_commands_do_not_import_textual() -> None:
    code = (
        "import sys; from tui.cli import main\n"
        "main(['train', '--epochs', '1', '--json'])\n"
        "main(['explain', '--preset', 'mazur'])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_non_editable_install_from_another_folder(tmp_path: Path) -> None:
    """train -> save -> predict against a plain `pip install .`, run from elsewhere."""
    target = tmp_path / "site"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0 and "setuptools" in build.stderr:
        pytest.skip("setuptools is not installed in this environment")
    assert build.returncode == 0, build.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import engine, sample_data; print(engine.__file__);"
            "from engine.data import bundled_path; print(bundled_path('students.csv'))",
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    assert all(line.startswith(str(target)) for line in where.stdout.split())
    train = run_cli("train", "--epochs", "3", "--save", "m.json", "--json", cwd=work, env=env)
    assert train.returncode == 0, train.stderr
    predict = run_cli("predict", "--model", "m.json", "--out", "p.csv", cwd=work, env=env)
    assert predict.returncode == 0, predict.stderr
    assert (work / "p.csv").read_text(encoding="utf-8").startswith("student,")


def test_predict_out_keeps_the_input_rows_and_dialect(tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    assert main(["train", "--epochs", "3", "--save", str(model), "--json"]) == 0
    src = tmp_path / "klasse.csv"
    src.write_text(
        "student;class_assignments;written_tests;oral_tests;comment\r\n"
        'Jörg;85,5;70;60;"late; twice"\r\nAnne;40;35,5;50;ok\r\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    proc = run_cli("predict", "--model", str(model), "--data", str(src), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == [
        "student",
        "class_assignments",
        "written_tests",
        "oral_tests",
        "comment",
        "probability",
        "prediction",
        "confidence",
    ]
    assert rows[1][:5] == ["Jörg", "85,5", "70", "60", "late; twice"]
    assert rows[1][7] in ("confident", "uncertain")
    assert 0.0 <= float(rows[1][5].replace(",", ".")) <= 1.0
    assert rows[2][6] in ("0", "1")


@pytest.mark.slow
def test_saving_into_a_missing_folder_or_a_folder_names_it(tmp_path: Path) -> None:
    proc = run_cli("train", "--epochs", "1", "--save", str(tmp_path / "nodir" / "m.json"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"passfail-tui: error: {tmp_path / 'nodir'}: no such folder"
    proc = run_cli("predict", "--model", str(tmp_path), "--out", str(tmp_path))
    assert proc.returncode == 2 and ".tmp" not in proc.stderr
    assert list(tmp_path.iterdir()) == []  # no temp file left behind


def test_predict_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    assert run_cli("train", "--epochs", "1", "--save", str(model)).returncode == 0
    data = tmp_path / "class.csv"
    data.write_text(Path(bundled_path("current_year.csv")).read_text())
    before = data.read_text()
    proc = run_cli("predict", "--model", str(model), "--data", str(data), "--out", str(data))
    assert proc.returncode == 2 and "is the file being read" in proc.stderr
    assert data.read_text() == before


def test_a_closed_pipe_is_not_an_error() -> None:
    proc = subprocess.run(
        f"{sys.executable} -c 'import sys; from tui.cli import main; sys.exit(main())' "
        "train --epochs 2 | head -c 1 >/dev/null; echo ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.strip() == "0", proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_names_the_console_cannot_show_are_replaced_not_a_traceback(tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    assert run_cli("train", "--epochs", "1", "--save", str(model)).returncode == 0
    data = tmp_path / "class.csv"
    data.write_text(
        "student,class_assignments,written_tests,oral_tests\n"
        "Łukasz Żak,80,70,60\n王小明,50,40,30\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = run_cli("predict", "--model", str(model), "--data", str(data), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


# ----- the recipe: stopping, warnings, refusals ------------------------------------------


def test_train_stops_by_itself_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["stop_reason"] == "converged" and out["epochs"] < 200
    assert 0 <= out["epoch_kept"] <= out["epochs"]
    assert out["warnings"] == [] and out["saturation"] == []
    assert out["settings"]["epochs"] == 200
    assert out["settings"]["weight_decay"] == [0.15 * 3 / 480, 0.15 * 2 / 480]  # one a layer
    trainer = Trainer(load_dataset(bundled_path("students.csv")))
    stop = trainer.fit()
    assert (stop.reason, stop.epoch_kept, trainer.epoch) == (
        out["stop_reason"],
        out["epoch_kept"],
        out["epochs"],
    )
    assert out["train_loss"] == trainer.measure().train_loss


def test_train_until_loss(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--until-loss", "0.45", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["stop_reason"] == "until_loss" and out["train_loss"] <= 0.45


@pytest.mark.parametrize(
    ("options", "cause"),
    [
        (["--scale", "none"], "--scale standard"),
        (["--lr", "1000"], "alpha 1000 is probably too big"),
        (["--mode", "batch", "--epochs", "20"], "batch mode takes one step an epoch"),
    ],
)
def test_learning_nothing_is_a_warning_with_exit_0(
    options: list[str], cause: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", *options, "--json"]) == 0
    captured = capsys.readouterr()
    (warning,) = json.loads(captured.out)["warnings"]
    assert "learned nothing" in warning and cause in warning
    assert f"warning: {warning}" in " ".join(captured.err.split())


def test_divergence_stays_exit_3() -> None:
    result = run_cli("train", "--lr", "1e6")
    assert result.returncode == 3 and "diverged" in result.stderr


@pytest.mark.parametrize("command", [["train"], []], ids=["train", "screen"])
def test_a_one_class_target_is_refused(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "all_pass.csv"
    path.write_text("name,grade,passed\na,50,1\nb,60,1\nc,70,1\n", encoding="utf-8")
    result = run_cli(*command, "--data", str(path), timeout=30)  # the screen: before it opens
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        'column "passed": every student has the label "1": one class, nothing to learn '
        "(the target needs passes and fails)"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["-1", "x", "nan"])
def test_recipe_options_refuse_bad_values(value: str) -> None:
    for option in ("--epochs", "--weight-decay", "--lr-decay"):
        result = run_cli("train", option, value)
        assert result.returncode == 2 and "or auto" in result.stderr


def test_saturation_is_in_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--scale", "none"]) == 0
    assert "Saturation: h1 is saturated for" in " ".join(capsys.readouterr().out.split())


def test_a_stopped_run_saves_and_explains_the_kept_epochs_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stop rule ends the default run at one epoch and keeps an earlier one's weights:
    the model file says the epochs those weights trained (``epochs_trained``), ``explain``
    says them, and ``--model`` goes on from them; ``train --json`` still says both."""
    from engine.recipe import learning_rate_at
    from tui.launch import opened

    saved = tmp_path / "m.json"
    assert main(["train", "--save", str(saved), "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    kept = run["epoch_kept"]
    assert run["stop_reason"] == "converged" and kept < run["epochs"]
    assert json.loads(saved.read_text())["settings"]["epochs_trained"] == kept
    for argv in (["--model", str(saved)], ["--epochs", "auto"]):  # the file's, or a run's
        assert main(["explain", *argv, "--student", "2"]) == 0
        assert f"(training), after {kept} epochs; raw grades" in capsys.readouterr().out
    trainer, trained = opened(build_parser().parse_args(["--model", str(saved)]))
    assert trained == trainer.epochs_before == kept
    assert trainer.learning_rate_now == learning_rate_at(0.5, 10.0, kept + 1)


def test_steps_are_learning_and_the_weights_decide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer's case: a model saved after b steps at epoch 0 (epochs_trained 0) was
    called untrained, every verdict marked so, while the screen knew it had learned."""
    from engine.data import bundled_path, load_dataset
    from engine.model_file import save_model
    from engine.predict import predict_rows, untrained
    from engine.trainer import Trainer

    t = Trainer(load_dataset(bundled_path("students.csv")))
    start = t.saved_model()
    assert untrained(start)
    assert {r.confidence for r in predict_rows(start, t.dataset)} == {"untrained"}
    for row in t.split.train[:30]:
        t.step(int(row))
    stepped = t.saved_model()
    assert stepped.settings["epochs_trained"] == 0 and not untrained(stepped)
    assert "untrained" not in {r.confidence for r in predict_rows(stepped, t.dataset)}
    path = tmp_path / "stepped.json"
    save_model(path, stepped)
    assert main(["predict", "--model", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "warning" not in err and "untrained" not in out
