"""Compare (c): what the hidden layer buys, trained and measured, not asserted.

The article's network and one without the hidden layer (and, at 120 columns or more, one
whose hidden layer is linear) are trained from scratch by ``engine.twin.Twin`` on the
simulator's split, seed and recipe, in a worker that yields between short chunks, so keys
are answered meanwhile; the simulator's own network is never touched. On screen: every
contender's accuracies, their training-loss curves on one chart (a solid line and dotted ones,
apart by shape as well as colour), their decision maps side by side (``MapGrid``, the others
grades at the training students' median, as the engine's comparison of the maps holds them)
and the engine's one sentence on what the hidden layer bought.
"""

from __future__ import annotations

import asyncio
import time
from typing import ClassVar

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from engine.twin import Twin, TwinOutcome
from tui.chart_axes import dotted
from tui.screens.decision_map import MapGrid
from tui.screens.explore import ExploreScreen
from tui.simulation import Simulation
from tui.widgets.pane import ascii_mode, esc

CHUNK = 0.01
"""Longest stretch of training, in seconds, before the worker yields to the keys."""

FPS = 4
"""Most redraws of the scores a second while the twin trains."""

CHART_FPS = 1
"""Most redraws of the chart a second while the twin trains (plotting costs the most)."""

WIDE = 120
"""Columns from which the third contender (a linear hidden layer) is shown."""

CUT = 1.5
"""The chart's y axis ends at this multiple of the highest first-epoch loss; spikes above are cut
(and the title says so)."""

COLOURS = ("primary", "warning", "success")
"""Theme colours of the contenders' curves and names, in order."""

MARKS = (("braille", "⠒⠒"), ("•", "• •"), ("×", "× ×"))
"""Each contender's plotext marker and its legend sample, in order: a solid line, then dotted
lines of different dots (drawn a few cells apart), so the curves are told apart without colour
(a washed-out projector, a colour-blind student)."""

ASCII_MARKS = (("*", "**"), ("o", "o o"), ("x", "x x"))
"""The same in ASCII: none is an axis glyph (``| - +``) or a digit."""


class CompareScreen(ExploreScreen):
    """The twin: the article's network beside one without the hidden layer."""

    DEFAULT_CSS = """
    #compare-info, #compare-scores, #compare-legend, #compare-chart-title {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    #compare-chart-title {
        background: $surface;
    }
    #compare-chart {
        height: 1fr;
        min-height: 7;
    }
    #compare-maps {
        height: 1fr;
        min-height: 6;
    }
    #compare-maps > Vertical {
        width: 1fr;
    }
    #map-1, #map-2 {
        margin-left: 1;  /* a gap: the map beside ends where this one's y labels begin */
    }
    .map-title {
        height: 1;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "back", "Back", show=False),
    ]

    def __init__(self, sim: Simulation) -> None:
        super().__init__(sim)
        self.twin: Twin | None = None
        self.outcome: TwinOutcome | None = None
        self._drawn = 0.0
        self._charted = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="compare-info")
        yield Static(id="compare-scores")
        yield Static(id="compare-chart-title")
        yield PlotextPlot(id="compare-chart")
        yield Static(id="compare-legend")
        with Horizontal(id="compare-maps"):
            for k in range(len(COLOURS)):
                with Vertical(id=f"map-{k}"):
                    yield Static(classes="map-title")
                    yield MapGrid()
        yield Footer()

    def on_mount(self) -> None:
        self.twin = Twin(self.sim.trainer, linear=True)
        self.query_one("#compare-maps").display = False  # drawn once, when all are trained
        self._fit(self.size.width)
        self.draw()
        self.run_worker(self._train(), name="twin", group="twin", exclusive=True)

    def on_unmount(self) -> None:
        """However the screen goes (esc, the tour, a quit), the twin's training stops."""
        self.workers.cancel_group(self, "twin")

    def action_back(self) -> None:
        """Stop the twin's training first, so no chunk draws on a closing screen."""
        self.workers.cancel_group(self, "twin")
        super().action_back()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """The third contender only where there is room for three maps."""
        if not self.standing:
            return
        self.query_one("#map-2").display = width >= WIDE
        self.draw()

    @property
    def standing(self) -> bool:
        """False once the screen is being taken down (a resize or the twin's last chunk can
        arrive then, with its widgets gone): ``display`` is False while a node is pruned."""
        return bool(self.display and self.query("#compare-info"))

    @property
    def shown(self) -> int:
        """How many contenders are on screen (2, or 3 at 120 columns or more)."""
        return 3 if self.size.width >= WIDE else 2

    def raw(self) -> np.ndarray:
        """The grades held for the features off the maps' axes: the training median."""
        assert self.twin is not None
        return self.twin.base()

    async def _train(self) -> None:
        """Every contender to its stop, a short chunk at a time, redrawn a few times a second."""
        twin = self.twin
        assert twin is not None
        while not twin.done:
            start = time.perf_counter()
            while not twin.done and time.perf_counter() - start < CHUNK:
                twin.advance(1)
            if time.perf_counter() - self._drawn >= 1.0 / FPS:
                self.draw()
            await asyncio.sleep(0)
        self.outcome = twin.outcome()
        self.draw()

    # ----- drawing -------------------------------------------------------------------

    @property
    def _marks(self) -> tuple[tuple[str, str], ...]:
        return ASCII_MARKS if ascii_mode(self) else MARKS

    def _colour(self, variable: str) -> tuple[int, int, int]:
        rgb = Color.parse(self.app.theme_variables.get(variable, "white")).rgb
        return (rgb[0], rgb[1], rgb[2])

    def draw(self) -> None:
        """The caption, the scores, the chart and the maps, as the training stands."""
        twin = self.twin
        if twin is None or not self.standing:
            return
        self._drawn = time.perf_counter()
        main = self.sim.trainer
        cfg = twin.trainers[0].config
        state = (
            esc(self.outcome.sentence)
            if self.outcome is not None
            else "[$text-muted]training each from scratch: epoch "
            f"{max(t.epoch for t in twin.trainers)} (your network is left as it is)[/]"
        )
        self.query_one("#compare-info", Static).update(
            f"[b]What the hidden layer buys[/b] · same {main.n_train} training and "
            f"{main.n_test} held-out students, seed {cfg.seed}, α {cfg.learning_rate:g}, "
            f"{cfg.mode}, the recipe's stop rule (at most {twin.epochs} epochs)\n{state}"
        )
        lines = []
        for k in range(self.shown):
            c = twin.contender(k)
            test = "   —  " if c.test_accuracy is None else f"{c.test_accuracy:6.1%}"
            ran = "[$error]diverged[/]" if c.diverged else f"{len(c.history)} epochs"
            kept = "" if c.kept is None else f", kept epoch {c.kept}"
            sample = self._marks[k][1]  # the curve's legend
            lines.append(
                f"[${COLOURS[k]}]{sample:<3}[/] [b]{c.label:<13}[/b] held-out [b]{test}[/b] · "
                f"training {c.train_accuracy:6.1%} · {ran}{kept}"
            )
        self.query_one("#compare-scores", Static).update("\n".join(lines))
        if self.outcome is not None or self._drawn - self._charted >= 1.0 / CHART_FPS:
            self._charted = self._drawn
            self._plot(twin)
        self._maps(twin)

    def _maps(self, twin: Twin) -> None:
        """The decision maps and their legend; only once every contender is trained (a map
        costs more to draw than a chunk of epochs, and keys would wait behind it)."""
        names = self.sim.trainer.dataset.feature_names
        i, j = twin.axes
        held = [names[k] for k in range(len(names)) if k not in (i, j)]
        maps = self.query_one("#compare-maps")
        legend = self.query_one("#compare-legend", Static)
        if self.outcome is None:
            legend.update("[$text-muted]the decision maps come when both are trained[/]")
            return
        maps.display = True
        for k in range(self.shown):
            box = self.query_one(f"#map-{k}")
            grid = box.query_one(MapGrid)
            grid.network = twin.trainers[k].network
            grid.spec = (i, j)
            grid.refresh()
            c = twin.contender(k)
            box.query_one(".map-title", Static).update(
                f"[b ${COLOURS[k]}]{esc(c.label)}[/] [$text-muted]({esc(c.description)})[/]"
            )
        others = f"; {esc(', '.join(held))} at the training median ◆" if held else ""
        legend.update(
            f"P(pass) over x [b]{esc(names[i])}[/b], y [b]{esc(names[j])}[/b]{others} · "
            "[$error]██[/] fail [$success]██[/] pass · ● passed ○ failed"
        )

    def _plot(self, twin: Twin) -> None:
        """Each contender's training loss per epoch, on one chart: the article's network a
        solid line, the others dotted, the legend in the chart's title."""
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xaxes(True, False)  # no frame on top: a row more for the curves
        plt.yaxes(True, False)
        dots = max((plot.size.width - 8) // 3, 2)
        top, low, high = 0.0, float("inf"), 0.0
        for k in reversed(range(self.shown)):  # the article's network drawn last, on top
            history = twin.trainers[k].history
            if len(history):
                epochs = [float(r.epoch) for r in history]
                losses = [r.train_loss for r in history]
                marker, colour = self._marks[k][0], self._colour(COLOURS[k])
                if k == 0:
                    plt.plot(epochs, losses, color=colour, marker=marker)
                else:
                    plt.scatter(*dotted(epochs, losses, dots), color=colour, marker=marker)
                top = max(top, losses[0])
                low, high = min(low, min(losses)), max(high, max(losses))
        cut = bool(top) and high > CUT * top
        if top:  # a stochastic run's spikes would flatten every other curve: cut
            high = min(high, CUT * top)
            pad = max(high - low, 0.01) * 0.05  # the curves' own range, less a cut spike
            plt.ylim(max(low - pad, 0.0), high if cut else high + pad)
            last = max(len(t.history) for t in twin.trainers[: self.shown])
            plt.xticks(sorted({1, max(last // 2, 1), last}))
            plt.xlim(1, max(last, 2))
        spikes = f", cut at {CUT * top:.2f}" if cut else ""
        legend = "  ".join(
            f"[${COLOURS[k]}]{self._marks[k][1]} {esc(twin.contender(k).label)}[/]"
            for k in range(self.shown)
        )
        self.query_one("#compare-chart-title", Static).update(
            f"training loss per epoch{spikes}: {legend}"
        )
        plot.refresh()
