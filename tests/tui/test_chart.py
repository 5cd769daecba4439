"""The chart a class can read: epoch 0 plotted, log-scaled epochs, separate views, train and
held-out apart by shape (NO_COLOR, ASCII), the kept epoch marked."""

from __future__ import annotations

import math

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual_plotext import PlotextPlot

from engine.history import EpochRecord, History
from tests.tui.conftest import make_app
from tui.chart_axes import (
    ASCII_GLYPHS,
    AXIS_GLYPHS,
    UNICODE_GLYPHS,
    SeriesGlyphs,
    dotted,
    epoch_ticks,
    epoch_x,
    sample,
    short_epoch,
)
from tui.glyphs import transliterate
from tui.widgets.loss_chart import LossChart

# ----- the arithmetic -------------------------------------------------------------------


def test_epoch_zero_sits_at_the_origin_and_decades_are_equal_steps() -> None:
    assert epoch_x(0) == 0
    assert epoch_x(9) == pytest.approx(1) and epoch_x(99) == pytest.approx(2)
    # The first ten epochs take as much room as the next ninety.
    assert epoch_x(9) - epoch_x(0) == pytest.approx(epoch_x(99) - epoch_x(9))


def test_sample_keeps_the_ends_and_spaces_points_evenly() -> None:
    items = list(range(1001))
    picked = sample(items, 11, key=float)
    assert picked == [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
    assert sample(items[:5], 11, key=float) == items[:5]
    logged = sample(items, 4, key=epoch_x)
    assert logged[0] == 0 and logged[-1] == 1000 and logged[1] < 20  # early epochs get room


class CountingHistory(History):
    """A History that counts how many records are read."""

    reads = 0

    def _record(self, i: int) -> EpochRecord:
        self.reads += 1
        return super()._record(i)


def test_sample_reads_few_records_of_a_long_history() -> None:
    history = CountingHistory()
    for e in range(1, 20_001):
        history.append(EpochRecord(e, 1 / e, 0.5, None, None))
    picked = sample(history, 100, key=lambda r: epoch_x(r.epoch))
    assert picked[0].epoch == 1 and picked[-1].epoch == 20_000
    assert 90 <= len(picked) <= 101
    assert history.reads < 100 * 40  # bisection, not a pass over 20,000 rows


def test_the_chart_samples_a_history_by_its_epochs_alone() -> None:
    history = CountingHistory()
    history.append_rows([(e, 1 / e, 0.5, math.nan, math.nan) for e in range(1, 20_001)])
    assert history.epochs() == list(range(1, 20_001))
    chart = LossChart()
    chart.show(history)
    history.reads = 0
    records = chart._records(100)
    assert history.reads == len(records)  # a record is made for each point plotted, no more
    assert records == sample(list(history), 100, key=lambda r: epoch_x(r.epoch))


def test_epoch_ticks_label_the_ends_and_powers_of_ten() -> None:
    assert epoch_ticks(0, 1000, 60) == [0, 1, 10, 100, 1000]
    assert epoch_ticks(0, 10, 60) == [0, 1, 2, 5, 10]  # room for 2s and 5s
    assert epoch_ticks(0, 0, 40) == [0]
    assert epoch_ticks(0, 1_000_000, 33) == [0, 10, 1000, 1_000_000]
    for first, last, columns in [(0, 5000, 20), (1, 99_999, 45), (12, 40, 30), (0, 200, 33)]:
        ticks = epoch_ticks(first, last, columns)
        assert ticks[0] == first and ticks[-1] == last
        assert ticks == sorted(set(ticks))
        at = [
            (epoch_x(t) - epoch_x(first)) / (epoch_x(last) - epoch_x(first)) * columns
            for t in ticks
        ]
        for (left, tick), right in zip(zip(at, ticks), at[1:]):
            assert right - left >= len(short_epoch(tick)) + 1  # labels never touch


def test_short_epoch_labels() -> None:
    assert [short_epoch(e) for e in (0, 950, 1000, 1500, 20_000, 1_000_000, 1234)] == [
        "0",
        "950",
        "1k",
        "1.5k",
        "20k",
        "1M",
        "1234",
    ]


def test_dotted_follows_the_line_at_even_steps() -> None:
    xs, ys = dotted([0.0, 1.0, 3.0], [1.0, 0.0, 2.0], 4)
    assert xs == [0.0, 1.0, 2.0, 3.0]
    assert ys == [1.0, 0.0, 1.0, 2.0]
    assert dotted([2.0], [5.0], 10) == ([2.0], [5.0])


@pytest.mark.parametrize("glyphs", [UNICODE_GLYPHS, ASCII_GLYPHS])
def test_series_glyphs_are_distinct_and_never_an_axis_glyph(glyphs: SeriesGlyphs) -> None:
    markers = {glyphs.train, glyphs.held_out, glyphs.kept}
    assert len(markers) == 3
    assert len({glyphs.legend_train, glyphs.legend_held_out, glyphs.legend_kept}) == 3
    assert not markers & AXIS_GLYPHS
    assert not any(ch.isdigit() for ch in "".join(markers))
    if glyphs is ASCII_GLYPHS:
        assert all(m.isascii() and len(m) == 1 for m in markers)


# ----- the widget -----------------------------------------------------------------------


class ChartApp(App[None]):
    """Just the chart, as the simulator shows it."""

    def __init__(self, ascii: bool = False) -> None:
        super().__init__()
        self.ascii_mode = ascii

    def compose(self) -> ComposeResult:
        yield LossChart(id="chart")


def records(n: int, held_out: bool = True) -> History:
    """A run of ``n`` epochs whose loss drops fast, then slowly (as training does)."""
    history = History()
    for e in range(1, n + 1):
        loss = 0.2 + 0.5 * math.exp(-e / 8)
        test = loss + 0.1 if held_out else None
        acc = 1 - loss
        history.append(EpochRecord(e, loss, acc, test, acc - 0.05 if held_out else None))
    return history


START = EpochRecord(0, 0.9, 0.5, 0.95, 0.48)


def plot_lines(chart: LossChart) -> list[str]:
    """The chart's plot as lines of plain text."""
    rendered = chart.query_one("#chart-plot", PlotextPlot).render()
    assert isinstance(rendered, Text)
    return rendered.plain.splitlines()


def plot_area(plot: PlotextPlot) -> list[str]:
    """A plotext plot's plotting area as text: right of its y axis, above its x axis."""
    rendered = plot.render()
    assert isinstance(rendered, Text)
    rows = []
    for line in rendered.plain.splitlines():
        if "└" in line:
            break
        axis = min((line.index(c) for c in "┤│" if c in line), default=None)
        if axis is not None:
            rows.append(line[axis + 1 :])
    return rows


def canvas(chart: LossChart) -> list[str]:
    """The plotting area of the loss chart's plot."""
    return plot_area(chart.query_one("#chart-plot", PlotextPlot))


def ticks_row(chart: LossChart) -> str:
    lines = plot_lines(chart)
    below = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[below + 1]


def column(rows: list[str], i: int) -> str:
    return "".join(row[i] if i < len(row) else " " for row in rows)


async def test_epoch_zero_is_plotted_when_the_start_is_given() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(records(50))
        await pilot.pause()
        assert ticks_row(chart).split()[0] == "1"  # the history alone starts at epoch 1
        chart.show(records(50), start=START)
        await pilot.pause()
        assert ticks_row(chart).split()[0] == "0"
        rows = canvas(chart)
        assert column(rows, 0).strip(), rows  # something is drawn at epoch 0
        # The start's held-out loss (0.95) is the top of the y axis.
        top = plot_lines(chart)[0]
        assert top.strip().startswith("0.95")


async def test_start_alone_is_a_chart_not_the_empty_message() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(History())
        await pilot.pause()
        assert app.query_one("#chart-empty").display
        chart.show(History(), start=START)
        await pilot.pause()
        assert not app.query_one("#chart-empty").display
        assert "".join(canvas(chart)).strip()
        assert "0.900/0.950" in str(chart.border_subtitle)


def glyphs_in(rows: list[str]) -> set[str]:
    return set("".join(rows)) - {" "}


@pytest.mark.parametrize("ascii", [False, True])
async def test_train_and_held_out_use_distinct_markers(
    ascii: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ChartApp(ascii=ascii)
    async with app.run_test(size=(60, 14)) as pilot:
        assert app.no_color
        chart = app.query_one(LossChart)
        chart.show(records(300), start=START)
        await pilot.pause()
        drawn = glyphs_in(canvas(chart))
        if ascii:
            drawn = {transliterate(ch) for ch in drawn}
            assert {"*", "o"} <= drawn, drawn
            assert not drawn & AXIS_GLYPHS, drawn
            assert "** train" in str(chart.border_title)
            assert "o o held-out" in str(chart.border_title)
        else:
            braille = {ch for ch in drawn if "\u2800" <= ch <= "\u28ff"}
            assert braille and "•" in drawn, drawn
            assert drawn <= braille | {"•"}, drawn


async def test_the_main_screens_chart_tells_train_from_held_out_without_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The simulator at 80x24 (a projector, a colour-blind student): the training curve is
    braille, the held-out one dots, each named with its sample in the title."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "e", "e")
        await pilot.pause()
        chart = app.screen.query_one(LossChart)
        rows = canvas(chart)
        assert len(rows) >= 4, rows
        drawn = glyphs_in(rows)
        braille = {ch for ch in drawn if "\u2800" <= ch <= "\u28ff"}
        assert braille and "•" in drawn and drawn <= braille | {"•"}, drawn
        title = str(chart.border_title)
        assert "⠒⠒ train" in title and "• • held-out" in title, title


async def test_held_out_absent_draws_one_series() -> None:
    app = ChartApp(ascii=True)
    async with app.run_test(size=(60, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(records(30, held_out=False))
        await pilot.pause()
        assert glyphs_in(canvas(chart)) == {"*"}
        assert "held-out" not in str(chart.border_title)


async def test_the_kept_epoch_is_marked() -> None:
    app = ChartApp(ascii=True)
    async with app.run_test(size=(60, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(records(300), start=START)
        await pilot.pause()
        assert ":" not in glyphs_in(canvas(chart))
        chart.show(records(300), start=START, kept=40)
        await pilot.pause()
        assert "kept 40" in str(chart.border_title)
        rows = canvas(chart)
        marked = [i for i in range(max(map(len, rows))) if ":" in column(rows, i)]
        assert len(marked) == 1
        # Where epoch 40 sits on the log axis (epoch 0 to 300 across the canvas).
        width = max(len(row.rstrip()) for row in rows)
        expected = epoch_x(40) / epoch_x(300) * (width - 1)
        assert abs(marked[0] - expected) <= 2


async def test_y_cycles_loss_accuracy_and_focus() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 14)) as pilot:
        chart = app.query_one(LossChart)
        chart.show(records(100), start=START)
        assert chart.view == "loss" and str(chart.border_title).startswith("Loss")
        assert chart.next_view() == "accuracy"
        await pilot.pause()
        assert str(chart.border_title).startswith("Accuracy")
        labels = [line.split("┤")[0].strip() for line in plot_lines(chart) if "┤" in line]
        assert labels[0] == "100%" and labels[-1] == "0%"
        assert chart.next_view() == "focus"
        await pilot.pause()
        assert app.query_one("#chart-empty").display  # no focus series fed yet
        chart.show_focus("Priya S.", [(0, 0.3), (1, 0.35), (2, 0.6), (5, 0.8)])
        await pilot.pause()
        assert not app.query_one("#chart-empty").display
        assert "Priya S." in str(chart.border_title)
        assert "now 80% at epoch 5" in str(chart.border_subtitle)
        assert glyphs_in(canvas(chart))
        assert chart.next_view() == "loss"


async def test_soft_targets_have_no_accuracy_view() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 14)):
        chart = app.query_one(LossChart)
        chart.show(records(10), accuracy=False)
        assert chart.next_view() == "focus"
        assert chart.next_view() == "loss"
