"""Predictions (p): the table is engine.predict's numbers; sorting; the CSV export."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from engine.data import bundled_path, load_dataset
from engine.predict import predict_rows, predictions_bytes
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.predictions import PredictionsScreen
from tui.screens.save import SaveScreen


def table_rows(screen: PredictionsScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.slow
async def test_rows_equal_engine_predict_and_sort_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "p")
        screen = app.screen
        assert isinstance(screen, PredictionsScreen)
        model = app.sim.trainer.saved_model()
        data = load_dataset(bundled_path("current_year.csv"), None, model.feature_names)
        expected = predict_rows(model, data)
        assert screen.rows == expected
        shown = table_rows(screen)
        assert len(shown) == data.n_samples
        for cells, r, x in zip(shown, expected, data.X):
            assert cells == [
                r.student,
                f"{r.probability:.1%}",
                r.verdict + (" uncertain" if r.confidence == "uncertain" else ""),
                *(f"{v:g}" for v in x),
            ]
        await press(pilot, "s")  # P(pass), highest first
        probs = [float(c[1].rstrip("%")) for c in table_rows(screen)]
        assert probs == sorted(probs, reverse=True)
        await press(pilot, "r")
        probs = [float(c[1].rstrip("%")) for c in table_rows(screen)]
        assert probs == sorted(probs)
        await press(pilot, *["s"] * len(model.feature_names), "s")  # the grades, then the name
        names = [c[0] for c in table_rows(screen)]
        assert names == sorted(names, key=str.lower)
        await press(pilot, "x")  # asks for a name, predictions.csv filled in
        assert isinstance(app.screen, SaveScreen)
        await press(pilot, "enter")
        written = (tmp_path / "predictions.csv").read_bytes()
        assert written == predictions_bytes(data, expected)
        assert written.splitlines()[0].endswith(b"probability,prediction,confidence")
        await press(pilot, "escape")
        assert not isinstance(app.screen, PredictionsScreen)


@pytest.mark.slow
async def test_export_to_a_typed_name_or_cancel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p", "x")
        app.screen.query_one("Input").value = "out/class 2026.csv"  # type: ignore[attr-defined]
        await press(pilot, "enter")  # a folder that does not exist: said, nothing written
        assert isinstance(app.screen, PredictionsScreen)
        assert not (tmp_path / "out").exists()
        (tmp_path / "out").mkdir()
        await press(pilot, "x")
        app.screen.query_one("Input").value = "out/class 2026.csv"  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert (tmp_path / "out" / "class 2026.csv").read_text().startswith("student,")
        await press(pilot, "x", "escape")  # cancelled: nothing more written
        assert isinstance(app.screen, PredictionsScreen)
        assert sorted(p.name for p in tmp_path.rglob("*")) == ["class 2026.csv", "out"]


@pytest.mark.slow
async def test_header_click_sorts_and_predict_option_reads_another_file(tmp_path: Path) -> None:
    other = tmp_path / "class.csv"
    other.write_text(
        "student,class_assignments,written_tests,oral_tests\n"
        "Ann,90,95,92\nBo,10,5,12\nCy,50,55,52\n"
    )
    app = make_explore_app("--predict", str(other))
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, *["e"] * 5, "p")
        screen = app.screen
        assert [r.student for r in screen.rows] == ["Ann", "Bo", "Cy"]
        assert "class.csv" in str(screen.query_one("#predictions-info").render())
        await pilot.click(DataTable, offset=(2, 0))  # the "student" header
        await pilot.pause()
        assert screen.sort_column == 0
        assert [c[0] for c in table_rows(screen)] == ["Ann", "Bo", "Cy"]


@pytest.mark.slow
async def test_unreadable_file_is_said_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_explore_app("--predict", str(tmp_path / "missing.csv"))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p", "s", "x")
        assert "cannot read" in str(app.screen.query_one("#predictions-info").render())
        assert not (tmp_path / "predictions.csv").exists()


@pytest.mark.slow
async def test_hide_names_hides_this_years_names_too() -> None:
    app = make_explore_app("--hide-names")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, PredictionsScreen)
        first = [row[0] for row in table_rows(screen)]
        assert first[:3] == ["student 1", "student 2", "student 3"]
        assert not {r.student for r in screen.rows} & set(first)


@pytest.mark.slow
async def test_another_class_file_obeys_max_csv_mb(tmp_path: Path) -> None:
    students = bundled_path("students.csv").stat().st_size  # the training file: under the limit
    limit = 2 * students / (1 << 20)
    big = tmp_path / "big class.csv"
    rows = [f"s{i},{i % 100},{(i * 7) % 100},{(i * 3) % 100}" for i in range(8 * students // 20)]
    big.write_text("student,class_assignments,written_tests,oral_tests\n" + "\n".join(rows) + "\n")
    assert big.stat().st_size > 2 * students
    app = make_explore_app("--predict", str(big), "--max-csv-mb", f"{limit:.6f}")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        info = str(app.screen.query_one("#predictions-info").render())
        assert "cannot read" in info and "larger than --max-csv-mb" in info
        assert app.screen.rows == []
    app = make_explore_app("--predict", str(big))  # the default limit reads it
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "p")
        assert len(app.screen.rows) == len(rows)


@pytest.mark.slow
async def test_the_header_counts_the_uncertain_among_pass_and_fail() -> None:
    """The uncertain are some of the pass and fail verdicts, not a third group: "50 pass ·
    0 fail · 23 uncertain" read as 73 students."""
    from textual.widgets import Static

    app = make_explore_app("--uncertain", "0.3")  # after one epoch: some of each uncertain
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "p")
        screen = app.screen
        assert isinstance(screen, PredictionsScreen)
        header = str(screen.query_one("#predictions-info", Static).render()).splitlines()[0]
        parts = []
        for said in ("pass", "fail"):
            rows = [r for r in screen.rows if r.verdict == said]
            unsure = sum(r.confidence == "uncertain" for r in rows)
            parts.append(f"{len(rows)} {said}" + (f" ({unsure} uncertain)" if unsure else ""))
        for said in ("pass", "fail"):  # the case that misled: uncertain ones of each
            assert any(r.verdict == said and r.confidence == "uncertain" for r in screen.rows)
        assert " · ".join(parts) in header
