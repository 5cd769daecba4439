"""The screen's writers (ctrl+s, the predictions export x) refuse what engine.safe_write
refuses, say so on screen, and leave the file as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.data import bundled_path
from engine.model_file import load_model, save_model
from tests.tui.explore_app import SIZE, make_explore_app, press
from tests.tui.test_keys import status
from tui.screens.predictions import PredictionsScreen


@pytest.fixture
def students(tmp_path: Path) -> Path:
    path = tmp_path / "students.csv"
    shutil.copy(bundled_path("students.csv"), path)
    return path


async def save_as(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, "ctrl+s")
    pilot.app.screen.query_one("Input").value = name
    await press(pilot, "enter")


@pytest.mark.slow
async def test_ctrl_s_refuses_the_training_csv_and_a_csv_by_another_name(
    students: Path, tmp_path: Path
) -> None:
    before = students.read_bytes()
    (tmp_path / "link.csv").symlink_to(students)
    app = make_explore_app("--data", str(students))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e")
        await save_as(pilot, str(students))
        assert "not saved" in status(app) and "is the file being read" in status(app)
        await save_as(pilot, str(tmp_path / "link.csv"))
        assert "is the file being read" in status(app)
        (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
        await save_as(pilot, str(tmp_path / "notes.csv"))
        assert "a model does not overwrite it" in status(app)
    assert students.read_bytes() == before
    assert (tmp_path / "notes.csv").read_text() == "a,b\n1,2\n"


@pytest.mark.slow
async def test_ctrl_s_replaces_the_model_it_was_loaded_from(students: Path, tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    first = make_explore_app("--data", str(students))
    save_model(model, first.sim.trainer.saved_model())
    app = make_explore_app("--data", str(students), "--model", str(model))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "ctrl+s", "enter")  # the default name: the loaded model
        assert "saved the model" in status(app)
    assert load_model(model).settings["epochs_trained"] == 2


@pytest.mark.slow
async def test_export_refuses_the_file_it_predicted_from_and_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    this_year = tmp_path / "current_year.csv"
    shutil.copy(bundled_path("current_year.csv"), this_year)
    before = this_year.read_bytes()
    app = make_explore_app("--predict", str(this_year))
    save_model(tmp_path / "model.json", app.sim.trainer.saved_model())
    model_before = (tmp_path / "model.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, PredictionsScreen)
        for name, words in [
            ("current_year.csv", "is the file being read"),
            ("model.json", "predictions do not overwrite it"),
        ]:
            await press(pilot, "x")
            app.screen.query_one("Input").value = name  # type: ignore[attr-defined]
            await press(pilot, "enter")
            assert app.screen is screen
            assert any(words in str(n.message) for n in app._notifications), words
    assert this_year.read_bytes() == before
    assert (tmp_path / "model.json").read_bytes() == model_before
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
async def test_export_refuses_a_copy_of_the_students_the_network_learned_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    history = tmp_path / "history.csv"  # the bundled students' bytes under another name
    shutil.copy(bundled_path("students.csv"), history)
    before = history.read_bytes()
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p", "x")
        app.screen.query_one("Input").value = "history.csv"
        await press(pilot, "enter")
        words = "history.csv: is the file the model was trained on (students.csv)"
        assert any(words in str(n.message) for n in app._notifications), app._notifications
    assert history.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
async def test_p_on_a_fifo_says_what_it_is_and_does_not_freeze(tmp_path: Path) -> None:
    fifo = tmp_path / "this_year.csv"
    os.mkfifo(fifo)
    app = make_explore_app("--predict", str(fifo))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        info = str(app.screen.query_one("#predictions-info").render())
        assert "is a named pipe (FIFO), not a CSV file" in info
        await press(pilot, "escape", "q")
    assert not app.is_running


@pytest.mark.slow
async def test_export_replaces_its_own_output_but_not_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "other_class.csv"
    shutil.copy(bundled_path("current_year.csv"), other)
    before = other.read_bytes()
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        for name in ("predictions.csv", "predictions.csv", "other_class.csv"):
            await press(pilot, "x")
            app.screen.query_one("Input").value = name
            await press(pilot, "enter")
        said = [str(n.message) for n in app._notifications]
        assert sum("wrote" in m and "predictions.csv" in m for m in said) == 2, said
        refusal = [m for m in said if "other_class.csv" in m]
        assert len(refusal) == 1 and "not overwritten" in refusal[0], said
        assert "another name" in refusal[0] and "\n" not in refusal[0]
    assert other.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))
