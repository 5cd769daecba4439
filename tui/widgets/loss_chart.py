"""The chart: loss per epoch, accuracy per epoch, or the focus student's P(pass), one at a time.

``y`` cycles the views (``next_view``). Epochs go on a log scale from epoch 0, the random start
(``show``'s ``start``: the history itself begins at epoch 1), so the early drop is visible in a
whole run. Training is a solid line, held-out a dotted one, the kept epoch a column of its own
marker: apart by shape as well as colour (see ``tui.chart_axes``).

Each chart owns its plotext figure (``PlotextPlot.plt``); plotext's global module figure is
never touched. Long histories are sampled to about two points per cell before plotting.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult, RenderResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from engine.history import EpochRecord, History
from tui.chart_axes import dotted, epoch_ticks, epoch_x, sample, series_glyphs, short_epoch
from tui.widgets.pane import ascii_mode, plain_width

VIEWS = ("loss", "accuracy", "focus")
"""The chart's views, in the order ``y`` cycles them."""

VIEW_NAMES = {
    "loss": "the loss per epoch",
    "accuracy": "the accuracy per epoch",
    "focus": "the focus student's P(pass) (n/N change the student)",
}
"""Each view in words, for the status line."""

EMPTY = "[$text-muted]no epochs yet: press [b]e[/b] for one, [b]space[/b] to run[/]"
NO_FOCUS = "[$text-muted]no guess yet for the focus student: press [b]f[/b][/]"


def loss_text(loss: float) -> str:
    """A loss in the frame: 3 decimals, or 3 significant digits once it is huge (1e+51)."""
    return f"{loss:.3f}" if abs(loss) < 1000 else f"{loss:.3g}"


def _tick(value: float) -> str:
    """A loss on the y axis: short (0.71, 3.8, 1e+05)."""
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.3g}"


class _Canvas(PlotextPlot):
    """The chart's plot: asks the chart to draw into it at render time, at its real size (a
    plot shown a moment ago has no size yet when the data arrives)."""

    def __init__(self, chart: LossChart, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._chart = chart

    def render(self) -> RenderResult:
        self._chart._plot_into(self.plt, self.size.width, self.size.height)
        return super().render()


class LossChart(Vertical):
    """Loss, accuracy or one student's P(pass), with the latest figures in the frame."""

    TITLE = "Loss"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = "loss"
        self._history: Sequence[EpochRecord] = ()
        self._start: EpochRecord | None = None
        self._kept: int | None = None
        self._accuracy = True
        self._focus_name = ""
        self._focus: Sequence[tuple[int, float]] = ()
        self._output = "P(pass)"
        self._message = EMPTY

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="chart-empty")
        yield _Canvas(self, id="chart-plot")

    def on_mount(self) -> None:
        self.query_one(_Canvas).display = False
        self._title()

    # ----- what the app hands over ------------------------------------------------------

    def show(
        self,
        history: Sequence[EpochRecord],
        accuracy: bool = True,
        start: EpochRecord | None = None,
        kept: int | None = None,
        in_use: int | None = None,
    ) -> None:
        """Plot ``history`` (the trainer's records, epoch 1 on) after ``start`` (the random
        start, measured at epoch 0), marking the ``kept`` epoch (the one the stop rule keeps;
        never the best held-out one). ``accuracy`` False: soft targets, no accuracy view.
        ``in_use``: the epoch whose weights the network has (the kept one after a stop): the
        figures under the chart are that epoch's, not the last one run."""
        self._history, self._start, self._kept = history, start, kept
        self._in_use = in_use
        self._accuracy = accuracy
        if not accuracy and self.view == "accuracy":
            self.view = "loss"
        if self.view != "focus":
            self._draw()

    def show_focus(
        self, name: str, points: Sequence[tuple[int, float]], output: str = "P(pass)"
    ) -> None:
        """The focus student's P(pass) at each redraw since they became the focus, as
        (epoch, probability) pairs; ``name`` is how the screen names them, ``output`` the
        output's name (``o1`` in a worked example)."""
        self._focus_name, self._focus, self._output = name, points, output
        if self.view == "focus":
            self._draw()

    def next_view(self) -> str:
        """Cycle loss -> accuracy -> focus student (accuracy only where there is one)."""
        views = [v for v in VIEWS if self._accuracy or v != "accuracy"]
        self.view = views[(views.index(self.view) + 1) % len(views)]
        self._draw()
        return self.view

    # ----- drawing --------------------------------------------------------------------

    def _colour(self, variable: str) -> tuple[int, int, int]:
        rgb = Color.parse(self.app.theme_variables.get(variable, "white")).rgb
        return (rgb[0], rgb[1], rgb[2])

    def _records(self, points: int) -> list[EpochRecord]:
        h = self._history  # sampled by epoch numbers: a record is made only for each point
        epochs = h.epochs() if isinstance(h, History) else [r.epoch for r in h]
        rows = sample(range(len(epochs)), points, key=lambda i: epoch_x(epochs[i]))
        records = [h[i] for i in rows]
        if self._start is not None and (not records or records[0].epoch > 0):
            records.insert(0, self._start)
        return records

    def _title(self) -> None:
        g = series_glyphs(ascii_mode(self))
        if self.view == "focus":
            name = self._focus_name or "the focus student"
            self.border_title = f"{self._output} [$accent]{g.legend_focus} {name}[/]"
            return
        legend = f" [$primary]{g.legend_train} train[/]"
        if self._held_out():
            legend += f" [$warning]{g.legend_held_out} held-out[/]"
        if self._kept is not None:
            legend += f" [$success]{g.legend_kept} kept {self._kept}[/]"
        names = ("Loss",) if self.view == "loss" else ("Accuracy", "Acc")  # acc, as below
        room = self.size.width - 6  # less the corners and the rule's ends around the title
        titles = [name + legend for name in names]
        self.border_title = next((t for t in titles if plain_width(t) <= room), titles[-1])

    def on_resize(self) -> None:
        """The title's long or short form, whichever the new width has room for."""
        self._title()

    _in_use: int | None = None

    def _held_out(self) -> bool:
        last = self._history[-1] if self._history else self._start
        return last is not None and last.test_loss is not None

    def _subtitle(self) -> str:
        if self.view == "focus":
            if not self._focus:
                return ""
            epoch, p = self._focus[-1]
            return f"now {p:.0%} at epoch {epoch}"
        last = self._history[-1] if self._history else self._start
        said = ""
        if self._in_use is not None:  # the weights in use are an earlier epoch's
            last = next((r for r in self._history if r.epoch == self._in_use), last)
            said = f"at {self._in_use}: "  # the title names it kept
        if last is None:
            return ""
        return said + self._figures(last)

    def _figures(self, last: EpochRecord) -> str:
        if not self._accuracy:
            return f"train {loss_text(last.train_loss)}"
        if last.test_loss is None:
            return f"train {loss_text(last.train_loss)} · acc {last.train_accuracy:.0%}"
        return (
            f"loss {loss_text(last.train_loss)}/{loss_text(last.test_loss)} · "
            f"acc {last.train_accuracy:.0%}/{last.test_accuracy or 0:.0%}"
        )

    def _draw(self) -> None:
        """Frame texts and which of plot or message shows; the plot itself is drawn by
        ``_plot_into`` when it renders, at the size it has then."""
        if not self.is_mounted:
            return
        self._title()
        self.border_subtitle = self._subtitle()
        plot = self.query_one(_Canvas)
        if self.view == "focus":
            empty = not self._focus
        else:
            empty = not self._history and self._start is None
        if plot.display == empty:
            plot.display = not empty
            self.query_one("#chart-empty").display = empty
        message = NO_FOCUS if self.view == "focus" else EMPTY
        if message != self._message:  # an update lays the screen out again: only on a change
            self._message = message
            self.query_one("#chart-empty", Static).update(message)
        if not empty:
            plot.refresh()

    def _plot_into(self, plt: Plot, width: int, height: int) -> None:
        """Draw the current view into ``plt``, a plot ``width`` x ``height`` cells."""
        plt.clear_data()
        plt.xaxes(True, False)
        plt.yaxes(True, False)
        columns = max(width - 7, 8)  # less the y labels and the axis
        if self.view == "focus":
            if self._focus:
                self._draw_focus(plt, columns)
        elif self._history or self._start is not None:
            self._draw_epochs(plt, columns, max(height - 2, 1))

    def _draw_epochs(self, plt: Plot, columns: int, rows: int) -> None:
        """Loss or accuracy against log-scaled epochs, from epoch 0."""
        g = series_glyphs(ascii_mode(self))
        records = self._records(max(2 * columns, 50))
        x = [epoch_x(r.epoch) for r in records]
        if self.view == "loss":
            train = [r.train_loss for r in records]
            held = [r.test_loss for r in records if r.test_loss is not None]
        else:
            train = [r.train_accuracy for r in records]
            held = [r.test_accuracy for r in records if r.test_accuracy is not None]
        values = train + held
        low, high = (0.0, 1.0) if self.view == "accuracy" else (min(values), max(values))
        if high - low < 0.02 * max(abs(high), 1.0):  # one point, or a flat line
            middle = (low + high) / 2
            low, high = middle - 0.05 * max(abs(middle), 1.0), middle + 0.05 * max(abs(middle), 1.0)
        plt.ylim(low, high)
        if self.view == "accuracy":
            plt.yticks([0, 0.5, 1], ["0%", "50%", "100%"])
        else:
            ticks = [low, (low + high) / 2, high] if rows >= 5 else [low, high]
            plt.yticks(ticks, [_tick(t) for t in ticks])
        first, last = records[0].epoch, records[-1].epoch
        if last == first:  # the start alone: at the left, with room for the epochs to come
            last = first + 1
        plt.xlim(x[0], epoch_x(last))
        epochs = epoch_ticks(first, last, columns)
        plt.xticks([epoch_x(e) for e in epochs], [short_epoch(e) for e in epochs])
        if self._kept is not None and first <= self._kept <= last:
            column = [low + (high - low) * k / max(rows - 1, 1) for k in range(rows)]
            plt.scatter(
                [epoch_x(self._kept)] * rows,
                column,
                marker=g.kept,
                color=self._colour("success"),
            )
        plt.plot(x, train, marker=g.train, color=self._colour("primary"))
        if len(held) == len(records):
            dots = dotted(x, held, max(columns // 3, 2))
            plt.scatter(*dots, marker=g.held_out, color=self._colour("warning"))

    def _draw_focus(self, plt: Plot, columns: int) -> None:
        """The focus student's P(pass), one point per redraw, against the threshold."""
        g = series_glyphs(ascii_mode(self))
        indices = sample(range(len(self._focus)), max(2 * columns, 50), key=float)
        x = [float(i) for i in indices]
        p = [self._focus[i][1] for i in indices]
        plt.ylim(0, 1)
        plt.yticks([0, 0.5, 1], ["0%", "50%", "100%"])
        if len(x) == 1:
            plt.xlim(-0.5, 0.5)
        else:
            plt.xlim(x[0], x[-1])
        ends = sorted({indices[0], indices[-1]})
        plt.xticks([float(i) for i in ends], [f"ep {self._focus[i][0]}" for i in ends])
        line = dotted([x[0], x[-1]], [0.5, 0.5], max(columns // 2, 2))
        plt.scatter(*line, marker=g.threshold, color=self._colour("foreground"))
        plt.plot(x, p, marker=g.focus, color=self._colour("accent"))
