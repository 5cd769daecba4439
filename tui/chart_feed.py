"""What the App hands the chart, and when: the history from the random start (epoch 0), the
kept epoch and the focus student's track, redrawn at most ``CHART_FPS`` times a second during
a run (plotting costs the most)."""

from __future__ import annotations

import time

from tui.simulation import Simulation
from tui.widgets.loss_chart import LossChart

CHART_FPS = 2
"""Most redraws a second of the chart during a run."""


class ChartFeed:
    """Feeds one chart from the simulation, skipping redraws nothing has changed."""

    def __init__(self) -> None:
        self._charted: tuple[object, ...] = ()
        self._time = 0.0

    def feed(self, chart: LossChart, sim: Simulation) -> None:
        """Hand ``chart`` what it shows now (during a run, at most CHART_FPS times a second)."""
        t = sim.trainer
        if sim.running and time.perf_counter() - self._time < 1.0 / CHART_FPS:
            return
        kept = sim.stop.epoch_kept if sim.stop is not None else None
        last = t.history[-1] if t.history else None
        in_use = sim.epoch_measured  # after a stop that kept 86, steps on: 86's figures
        charted = (len(t.history), last, kept, id(t.initial_network), in_use)
        if charted != self._charted:
            self._charted, self._time = charted, time.perf_counter()
            kept = kept if kept is not None and kept != t.epoch else None  # the last: no mark
            start = sim.start_record()
            chart.show(t.history, not sim.worked_example, start, kept, in_use)
        if chart.view == "focus":
            output = "o1" if sim.worked_example else "P(pass)"
            chart.show_focus(sim.student_name(sim.row), sim.focus.points, output)
