"""The network picture on the main screen and the hidden maps in d, through the pilot."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from engine.hidden_nodes import votes
from engine.landscape import feature_range, hidden_grid
from tests.tui.conftest import make_app
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.app import SimulatorApp
from tui.picture import num, vote_lines
from tui.widgets.hidden_map import HiddenMap
from tui.widgets.picture import PicturePane
from tui.widgets.weights import WeightsPane


def picture_text(app: SimulatorApp) -> str:
    return app.query_one(PicturePane).text


def marker(text: str, name: str) -> str:
    """The sign drawn before edge ``name`` (``+``, ``−`` or ASCII ``-``)."""
    found = re.findall(rf" ([+−-]){name}(?= |$)", text, flags=re.M)
    assert len(found) == 1, text
    return str(found[0])


async def test_after_f_the_nodes_show_the_engines_trace() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "f")
        trace = app.sim.trace
        assert trace is not None
        text = picture_text(app)
        names = app.sim.trainer.dataset.feature_names
        for k in range(3):  # i1 (and the feature's name, cut to fit), then its scaled value
            value = re.escape(num(float(trace.a[0][0, k]), 2))
            feature = rf"( {re.escape(names[k][:4])}\S*)?"
            assert re.search(rf"i{k + 1}{feature} {value}[─ ]", text), text
        for j in range(2):
            assert f"h{j + 1} z{num(float(trace.z[0][0, j]), 2, plus=True)}" in text
            assert f"a {num(float(trace.a[1][0, j]), 3)}" in text
        assert f"P {float(trace.output[0, 0]):.0%}" in text


async def test_the_votes_and_the_bias_make_the_outputs_z() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", "e", "f")
        net, trace = app.sim.trainer.network, app.sim.trace
        assert trace is not None
        v = votes(net, trace)
        assert v[:, 0].sum() + net.biases[-1][0] == pytest.approx(trace.z[-1][0, 0])
        text = picture_text(app)
        for line in vote_lines(net, trace):
            assert line in text
        for k in range(2):
            word = "pass" if v[k, 0] >= 0 else "fail"
            assert f"h{k + 1} votes {word}: {num(float(v[k, 0]), 2, plus=True)}" in text
        assert f"z {num(float(trace.z[-1][0, 0]), 2, plus=True)}" in text  # what they make


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["colour", "no_color", "ascii"])
async def test_an_edges_marker_flips_when_what_if_makes_it_negative(
    mode: str, monkeypatch: Any
) -> None:
    if mode == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_explore_app(*(["--ascii"] if mode == "ascii" else []))
    minus = "-" if mode == "ascii" else "−"
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "w", *["down"] * 3, "enter", *"1.5", "enter", "escape")
        assert app.sim.trainer.network.weights[0][0, 0] == 1.5
        assert marker(picture_text(app), "w1") == "+"
        await press(pilot, "w", *["down"] * 3, "enter", *"-1.5", "enter", "escape")
        assert app.sim.trainer.network.weights[0][0, 0] == -1.5
        assert marker(picture_text(app), "w1") == minus
        if mode == "ascii":
            assert picture_text(app).isascii()


async def test_W_toggles_the_weights_table() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        picture, table = app.query_one(PicturePane), app.query_one(WeightsPane)
        assert picture.display and not table.display
        await press(pilot, "W")
        assert table.display and not picture.display
        await press(pilot, "W")
        assert picture.display and not table.display


async def test_a_network_too_big_to_draw_shows_the_table_with_a_note() -> None:
    app = make_app("--hidden", "12")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f")
        table = app.query_one(WeightsPane)
        assert table.display and not app.query_one(PicturePane).display
        assert "too many nodes" in str(table.border_title)
        await press(pilot, "W")
        assert table.display
        assert "too big to draw" in app.message


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_each_hidden_map_is_that_nodes_activation_over_the_grid(
    size: tuple[int, int],
) -> None:
    app = make_explore_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "e", "e", "d")
        maps = list(app.screen.query(HiddenMap))
        assert [m.node for m in maps] == ([0] if size[0] == 80 else [0, 1])
        for hidden_map in maps:
            check_map(app, hidden_map)
        if size[0] == 80:  # one map at a time: tab shows the next node's
            await press(pilot, "tab")
            (hidden_map,) = app.screen.query(HiddenMap)
            assert hidden_map.node == 1
            check_map(app, hidden_map)


def check_map(app: SimulatorApp, hidden_map: HiddenMap) -> None:
    """The map's grid is its node's activation at each cell's two grades."""
    t = app.sim.trainer
    rows, cols = hidden_map.grid.shape
    assert (rows, cols) == (hidden_map.size.height, hidden_map.size.width)
    (x0, x1), (y0, y1) = (feature_range(t.dataset.X[t.split.train, k]) for k in (0, 1))
    xs, ys = np.linspace(x0, x1, cols), np.linspace(y1, y0, rows)
    base = t.dataset.X[app.sim.row]
    expected = hidden_grid(t.network, t.scaler, base, 0, 1, xs, ys, hidden_map.node)
    np.testing.assert_allclose(hidden_map.grid, expected)
    for r, c in [(0, 0), (rows - 1, cols // 2)]:
        raw = base.copy()
        raw[0], raw[1] = xs[c], ys[r]
        a = t.network.forward(t.scaler.transform(raw[None, :])).a[1][0, hidden_map.node]
        assert hidden_map.grid[r, c] == pytest.approx(a)


async def test_projector_mode_shows_one_pane_at_a_time_and_the_step_keys_work() -> None:
    from textual.widgets import Digits

    from tui.screens.projector import PANES, ProjectorScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "z")
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        shown = [name for name in PANES if screen.query_one(f"#{name}").display]
        assert shown == ["proj-network"]
        await press(pilot, "tab", "f")  # the guess pane; f still guesses
        trace = app.sim.trace
        assert trace is not None and screen.query_one("#proj-guess").display
        p = float(trace.output[0, 0])
        assert screen.query_one("#proj-p", Digits).value == f"{100 * p:.1f}"
        await press(pilot, "tab", "e")  # the loss pane; e still runs an epoch
        last = app.sim.trainer.history[-1]
        assert app.sim.trainer.epoch == 2
        assert screen.query_one("#proj-loss-digits", Digits).value == f"{last.train_loss:.4f}"
        await press(pilot, "tab")
        assert screen.query_one("#proj-network").display
        await press(pilot, "z")
        assert not isinstance(app.screen, ProjectorScreen)
