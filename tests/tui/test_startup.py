"""Starting the screen: bad input stops before the app, a saved model opens, imports stay lazy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.model_file import save_model
from tests.tui.conftest import make_app
from tui.cli import main
from tui.widgets.hidden import HiddenPane
from tui.widgets.inputs import InputsPane
from tui.widgets.status import StatusLine
from tui.widgets.weights import WeightsPane


def test_bad_data_is_one_line_and_exit_2_before_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("student,a,passed\nAnn,abc,1\nBo,3,0\n")
    assert main(["--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.csv" in err
    assert main(["--data", str(tmp_path / "missing.csv")]) == 2
    assert main(["--model", str(tmp_path / "missing.json")]) == 2


def test_cli_module_does_not_import_textual() -> None:
    code = "import sys, tui.cli; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
async def test_model_file_opens_with_its_weights(tmp_path: Path) -> None:
    trained = make_app("--hidden", "3", "--activation", "tanh")
    trained.sim.trainer.run_epochs(3)
    path = tmp_path / "m.json"
    save_model(path, trained.sim.trainer.saved_model())
    app = make_app("--model", str(path))
    np.testing.assert_array_equal(
        app.sim.trainer.network.parameters(), trained.sim.trainer.network.parameters()
    )
    assert app.sim.trainer.config.activation == "tanh"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        weights = str(app.query_one(WeightsPane).text)
        assert "inputs 1x3 · weights 3x3 → hidden 1x3" in weights
    assert app.save_path == str(path)


@pytest.mark.slow
async def test_a_model_counts_on_from_the_epochs_it_trained(tmp_path: Path) -> None:
    trained = make_app()
    trained.sim.trainer.run_epochs(7)
    path = tmp_path / "m.json"
    save_model(path, trained.sim.trainer.saved_model())
    app = make_app("--model", str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.query_one(StatusLine).text
        assert "epoch 7+0 ·" in status and "the model had trained 7 epochs" in status
        await pilot.press("f", "e")
        await pilot.pause()
        assert "epoch 7+1 ·" in app.query_one(StatusLine).text
        assert app.query_one(HiddenPane).border_subtitle == "epoch 7+1's weights"
        await pilot.press("R")  # new random weights: nothing of the model's training is left
        await pilot.pause()
        assert "epoch 0 ·" in app.query_one(StatusLine).text
        await pilot.press("u")  # the model's weights again
        await pilot.pause()
        assert "epoch 7+1 ·" in app.query_one(StatusLine).text
    fresh = make_app()  # no model: the plain count
    async with fresh.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "epoch 0 ·" in fresh.query_one(StatusLine).text


@pytest.mark.slow
async def test_hide_names_shows_numbers_only() -> None:
    app = make_app("--hide-names")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        inputs = str(app.query_one(InputsPane).text)
        assert f"student {app.sim.row + 1}" in inputs
        assert app.sim.trainer.dataset.names[app.sim.row] not in inputs
        await pilot.press("f")
        await pilot.pause()
        assert app.sim.trainer.dataset.names[app.sim.row] not in app.message


@pytest.mark.slow
async def test_thirty_features_still_fit(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 100, size=(60, 30))
    y = (X[:, 0] > 50).astype(int)
    lines = ["student," + ",".join(f"grade_{j}" for j in range(30)) + ",passed"]
    lines += [f"s{i}," + ",".join(f"{v:.1f}" for v in X[i]) + f",{y[i]}" for i in range(60)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n")
    app = make_app("--data", str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "b")
        await pilot.pause()
        weights = app.query_one(WeightsPane)
        assert "inputs 1x30 · weights 30x2 → hidden 1x2" in str(weights.text)
        assert weights.max_scroll_y > 0  # scrolls rather than pushing other panes away
        assert app.query_one("#chart").size.height >= 6
