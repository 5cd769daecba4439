"""Loss chart: training and held-out loss per epoch (left axis) and accuracy (right axis).

Each chart owns its plotext figure (``PlotextPlot.plt``); plotext's global module figure is
never touched. Long histories are thinned to about two points per cell before plotting.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from engine.trainer import EpochRecord
from tui.widgets.pane import ascii_mode


def thin(history: Sequence[EpochRecord], points: int) -> list[EpochRecord]:
    """At most about ``points`` records, evenly spaced, always keeping the last."""
    n = len(history)
    if n <= points:
        return list(history)
    step = -(-n // points)
    kept = list(history[::step])
    last = history[-1]
    if kept[-1].epoch != last.epoch:
        kept.append(last)
    return kept


def loss_text(loss: float) -> str:
    """A loss in the frame: 3 decimals, or 3 significant digits once it is huge (1e+51)."""
    return f"{loss:.3f}" if abs(loss) < 1000 else f"{loss:.3g}"


def epoch_ticks(first: int, last: int, most: int = 4) -> list[int]:
    """Up to ``most`` whole-number epochs from ``first`` to ``last`` for the x axis."""
    if last <= first:
        return [first]
    step = max(1, -(-(last - first) // (most - 1)))
    ticks = list(range(first, last, step))
    if last - ticks[-1] < step / 2 and len(ticks) > 1:
        ticks[-1] = last
    else:
        ticks.append(last)
    return ticks


class LossChart(Vertical):
    """Loss and accuracy per epoch, with the latest figures in the frame."""

    TITLE = "Loss"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Loss [$primary]━ train[/] [$warning]━ held-out[/] [$success]┅ acc[/]"
        self._history: Sequence[EpochRecord] = ()
        self._shown = -1

    def compose(self) -> ComposeResult:
        yield Static(
            "[$text-muted]no epochs yet: press [b]e[/b] for one, [b]space[/b] to run[/]",
            id="chart-empty",
        )
        yield PlotextPlot(id="chart-plot")

    def on_mount(self) -> None:
        self.query_one(PlotextPlot).display = False

    def _colour(self, variable: str) -> tuple[int, int, int]:
        rgb = Color.parse(self.app.theme_variables.get(variable, "white")).rgb
        return (rgb[0], rgb[1], rgb[2])

    def show(self, history: Sequence[EpochRecord], accuracy: bool = True) -> None:
        """Plot ``history`` (the trainer's list of EpochRecords); ``accuracy`` False leaves
        accuracy out (soft targets, as in a worked example, have none)."""
        if not accuracy:
            self.border_title = "Loss [$primary]━ train[/]"
        self._history = history
        plot = self.query_one(PlotextPlot)
        empty = not history
        if plot.display == empty:
            plot.display = not empty
            self.query_one("#chart-empty").display = empty
        if empty:
            self.border_subtitle = ""
            self._shown = 0
            return
        last = history[-1]
        if not accuracy:
            self.border_subtitle = f"train {loss_text(last.train_loss)}"
        elif last.test_loss is None:
            self.border_subtitle = (
                f"train {loss_text(last.train_loss)} · acc {last.train_accuracy:.0%}"
            )
        else:
            self.border_subtitle = (
                f"loss {loss_text(last.train_loss)}/{loss_text(last.test_loss)} · "
                f"acc {last.train_accuracy:.0%}/{last.test_accuracy:.0%}"
            )
        records = thin(history, max(2 * plot.size.width, 50))
        x = [r.epoch for r in records]
        plt = plot.plt
        ascii = ascii_mode(self)
        plt.clear_data()
        train = [r.train_loss for r in records]
        plt.plot(x, train, color=self._colour("primary"), marker="*" if ascii else "braille")
        if last.test_loss is not None:
            plt.plot(
                x,
                [r.test_loss or 0.0 for r in records],
                color=self._colour("warning"),
                marker="*" if ascii else "braille",
            )
        # plotext's annotations say float where it takes ints and "right" (it works as written)
        if not accuracy:
            plt.xticks(epoch_ticks(x[0], x[-1]))  # type: ignore[arg-type]
            plot.refresh()
            return
        plt.plot(
            x,
            [r.train_accuracy for r in records],
            yside="right",
            color=self._colour("success"),
            marker="+" if ascii else "dot",
        )
        plt.ylim(0, 1, yside="right")  # type: ignore[arg-type]
        plt.yticks([0, 0.5, 1], ["0", ".5", "1"], yside="right")  # type: ignore[arg-type]
        plt.xticks(epoch_ticks(x[0], x[-1]))  # type: ignore[arg-type]
        plot.refresh()
