"""Compare (c): the twin trained on screen; each accuracy is that of training the network alone,
and the simulator's own network is left as it is."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual_plotext import PlotextPlot

from engine.trainer import Trainer
from tests.tui.explore_app import SIZE, make_explore_app, press
from tests.tui.test_chart import plot_area
from tests.tui.test_glossary import screen_text
from tui.app import SimulatorApp
from tui.screens.compare import CompareScreen

pytestmark = pytest.mark.slow

WIDE = (120, 40)


def alone(app: SimulatorApp, **changes: Any) -> float:
    """Held-out accuracy of training one network by itself with the simulator's settings,
    under the recipe (its budget and stop rule), as ``train`` does."""
    config = replace(app.sim.trainer.config, **changes)
    t = Trainer(app.sim.trainer.dataset, config)
    t.fit()
    accuracy = t.measure().test_accuracy
    assert accuracy is not None
    return accuracy


async def trained(pilot: Pilot[int], app: SimulatorApp) -> CompareScreen:
    """Press c and wait (without a clock) until every contender has reached its stop."""
    await press(pilot, "c")
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    while screen.outcome is None:
        await asyncio.sleep(0.05)
    await pilot.pause()
    return screen


async def test_c_shows_two_accuracies_each_equal_to_training_that_network_alone() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e")
        network, epoch, history = (
            app.sim.trainer.network,
            app.sim.trainer.epoch,
            list(app.sim.trainer.history),
        )
        screen = await trained(pilot, app)
        outcome = screen.outcome
        assert outcome is not None
        hidden, flat = outcome.contenders[:2]
        assert hidden.test_accuracy == alone(app)
        assert flat.test_accuracy == alone(app, hidden=())
        for t in screen.twin.trainers if screen.twin else ():  # the same split as the simulator
            assert list(t.split.train) == list(app.sim.trainer.split.train)
        text = screen_text(app)
        assert f"held-out  {hidden.test_accuracy:.1%}" in text
        assert f"held-out  {flat.test_accuracy:.1%}" in text
        assert "3-2-1 linear" not in text  # the third only at 120 columns
        first = outcome.sentence.split(";")[0]
        assert first in " ".join(text.split())
        await press(pilot, "escape")
        assert not isinstance(app.screen, CompareScreen)
        t = app.sim.trainer  # the simulator's network, epoch and history as they were
        assert t.network is network and t.epoch == epoch and list(t.history) == history


async def test_at_120_columns_the_linear_hidden_layer_is_the_third() -> None:
    app = make_explore_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await trained(pilot, app)
        assert screen.outcome is not None
        linear = screen.outcome.contenders[2]
        assert linear.label == "3-2-1 linear"
        assert linear.test_accuracy == alone(app, activation="linear")
        assert f"held-out  {linear.test_accuracy:.1%}" in screen_text(app)


async def test_keys_are_answered_while_the_twin_trains() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.twin is not None
        await press(pilot, "escape")  # answered at once: the worker stops with the view
        assert not isinstance(app.screen, CompareScreen)
        assert app.sim.trainer.epoch == 0 and not app.sim.trainer.history


def chart_rows(screen: CompareScreen) -> list[str]:
    """The rows of the compare chart's plot, right of its y axis, above its x axis."""
    return plot_area(screen.query_one("#compare-chart", PlotextPlot))


@pytest.mark.parametrize("size", [SIZE, WIDE], ids=["80x24", "120x40"])
async def test_the_curves_differ_by_shape_on_a_chart_of_readable_height(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No colour (a washed-out projector, a colour-blind student): the article's network is
    braille, the one without a hidden layer dots (the linear one crosses), each named by
    its sample in the chart's legend; at 80x24 the chart has 5 rows of plot or more (it
    had 3), with the decision maps still under it."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_explore_app()
    async with app.run_test(size=size) as pilot:
        screen = await trained(pilot, app)
        rows = chart_rows(screen)
        assert len(rows) >= 5, rows
        drawn = set("".join(rows)) - {" "}
        braille = {ch for ch in drawn if "\u2800" <= ch <= "\u28ff"}
        others = {"•", "×"} if size == WIDE else {"•"}
        assert braille and others <= drawn and drawn <= braille | others, drawn
        legend = str(screen.query_one("#compare-chart-title", Static).render())
        assert "⠒⠒ 3-2-1" in legend and "• • 3-1" in legend, legend
        assert ("× × 3-2-1 linear" in legend) == (size == WIDE), legend
        maps = screen.query_one("#compare-maps")
        assert maps.display and maps.region.height >= 6 and maps.region.bottom < size[1]


def test_compare_snapshot_80x24(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await trained(pilot, pilot.app)  # type: ignore[arg-type]

    assert snap_compare(make_explore_app(), terminal_size=SIZE, run_before=run_before)


def test_compare_snapshot_120x40(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await trained(pilot, pilot.app)  # type: ignore[arg-type]

    assert snap_compare(make_explore_app(), terminal_size=WIDE, run_before=run_before)


@pytest.mark.parametrize("size", [SIZE, WIDE], ids=["80x24", "120x40"])
def test_glossary_snapshot(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_explore_app(), terminal_size=size, press=["question_mark", "g"])


async def test_a_resize_or_a_draw_after_esc_raises_nothing() -> None:
    """A resize, or the twin's last chunk, can reach the screen while it is taken down: the
    fuzz once met "No nodes match '#compare-info'" there. It must draw nothing, quietly."""
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, CompareScreen)
        screen._fit(WIDE[0])  # what on_resize does
        screen.draw()
        assert not screen.standing


@pytest.mark.parametrize("size", [SIZE, WIDE], ids=["80x24", "120x40"])
async def test_the_maps_keep_apart_and_label_only_rows_with_room(size: tuple[int, int]) -> None:
    """At 80x24 the left map ran into the right one's y labels (``●●●●33.33``), and its
    4 rows labelled a middle row, 33.33, that is no middle: a blank column between the maps,
    and 4 rows label only their top and bottom."""
    from tui.screens.decision_map import MapGrid

    app = make_explore_app()
    async with app.run_test(size=size) as pilot:
        screen = await trained(pilot, app)
        grids = [g for g in screen.query(MapGrid) if g.display and g.parent and g.parent.display]
        assert len(grids) == (3 if size == WIDE else 2)
        for left, right in zip(grids, grids[1:], strict=False):
            assert left.region.right < right.region.x, (left.region, right.region)
        rows = [row for row in screen_text(app).splitlines() if row.strip()]
        top = grids[0].region.y
        shown = rows[-(size[1] - top) : -1]  # the maps' rows, above the footer
        assert sum(row.count(" 100 ") for row in shown) >= len(grids), shown
        if grids[0].size.height - 1 < 5:
            assert not any("33.33" in row for row in shown), shown
