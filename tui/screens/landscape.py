"""Error landscape: the training loss as one weight sweeps, the others fixed.

The curve comes from ``engine.landscape.loss_curve`` on the training students; the tangent's
slope is backprop's gradient (``engine.landscape.slope``); the next step lands at
``w - alpha * slope``, alpha the next step's (the schedule's, as ``b`` takes it). With a big
alpha the step jumps across the valley and lands higher up the other side: the article's
guess of 19, then -24.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from engine.landscape import loss_curve, slope, sweep_range
from engine.names import parameter_names
from tui.screens.explore import ExploreScreen
from tui.simulation import Simulation
from tui.widgets.pane import esc, signed
from tui.widgets.status import ALPHA_DIGITS


def by_hand(w: float, alpha: float, g: float, w_next: float) -> str:
    """``=`` when w − α·slope, worked from the figures the line shows (w to 3 decimals, α to
    ``ALPHA_DIGITS`` digits, the slope to 4 decimals), gives the step's landing to 3 decimals;
    else ``≈`` (their rounding shows in its last digit)."""
    shown = round(w, 3) - float(f"{alpha:.{ALPHA_DIGITS}g}") * round(g, 4)
    return "=" if f"{shown:.3f}" == f"{w_next:.3f}" else "≈"


class LandscapeScreen(ExploreScreen):
    """The loss over one weight: the current point, the tangent, and where the step lands."""

    DEFAULT_CSS = """
    #landscape-info {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    #landscape-plot {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,shift+tab", "select(-1)", "Weight ↑", show=False),
        Binding("down,tab", "select(1)", "Weight ↓"),
        Binding("plus,equals_sign", "alpha(2.0)", "α×2"),
        Binding("minus", "alpha(0.5)", "α÷2"),
        Binding("enter", "step", "Step"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self, sim: Simulation) -> None:
        super().__init__(sim)
        self.index = 0
        self.current = (0.0, 0.0)  # (w, training loss at w)
        self.gradient = 0.0
        self.next = (0.0, 0.0)  # (w - alpha g, loss there)

    def compose(self) -> ComposeResult:
        yield Static(id="landscape-info")
        yield PlotextPlot(id="landscape-plot")
        yield Footer()

    def on_mount(self) -> None:
        self.draw()

    # ----- keys ----------------------------------------------------------------------

    def action_select(self, by: int) -> None:
        """The next / previous weight or bias."""
        self.index = (self.index + by) % self.sim.trainer.network.n_parameters
        self.draw()

    def action_alpha(self, factor: float) -> None:
        """Double or halve the learning rate, within the limits of + and - everywhere."""
        alpha = self.sim.scale_alpha(factor)
        if alpha.refused:
            self.notify(esc(alpha.text), title="α", severity="warning")
        self.draw()

    def action_step(self) -> None:
        """Move this weight to where the step lands (the others stay; undoable with u)."""
        self.sim.set_parameter(self.index, self.next[0], f"a step on {self._label()}")
        self.draw()

    def action_undo(self) -> None:
        """Take back the last step (or any action): the simulation's undo, as everywhere."""
        label = self.sim.undo().label
        self.notify(f"took back {esc(label)}" if label else "nothing to undo", title="u")
        self.draw()

    # ----- drawing -------------------------------------------------------------------

    def _label(self) -> str:
        t = self.sim.trainer
        return parameter_names(t.network.layer_sizes, t.dataset.feature_names)[self.index].long

    def _colour(self, variable: str) -> tuple[int, int, int]:
        rgb = Color.parse(self.app.theme_variables.get(variable, "white")).rgb
        return (rgb[0], rgb[1], rgb[2])

    def draw(self) -> None:
        """Recompute the curve, the tangent and the step; plot them."""
        t = self.sim.trainer
        net, X, y, loss = t.network, t.X_train, t.y_train, t.config.loss
        alpha = t.learning_rate_now  # the next step's, as b and e will take it (the schedule's)
        w = float(net.parameters()[self.index])
        g = slope(net, X, y, loss, self.index)
        xs = sweep_range(w, g, alpha)
        w_next = w - alpha * g
        curve = loss_curve(net, X, y, loss, self.index, np.concatenate([xs, [w, w_next]]))
        ys, here, there = curve[:-2], float(curve[-2]), float(curve[-1])
        self.current, self.gradient, self.next = (w, here), g, (w_next, there)
        finite = ys[np.isfinite(ys)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        span = hi - lo if hi > lo else 1.0
        # the tangent, over as much of the sweep as stays within the curve's heights
        half = (xs[-1] - xs[0]) / 4
        if g:
            half = min(half, 0.5 * span / abs(g))
        tx = [w - half, w + half]
        ty = [here - g * half, here + g * half]
        same = f"{here:.4f}" == f"{there:.4f}"  # the change rounds away
        over = there > here and not same
        if same:
            verdict = "[$text-muted]barely changes (under 0.0001)[/]"
        elif over:
            verdict = "[$error]overshoots: lands higher than it started, halve α with -[/]"
        else:
            verdict = "[$success]downhill: the loss falls[/]"
        base = t.config.learning_rate  # the schedule's note on the keys' line: line 1 fits 80
        decayed = "" if alpha == base else f" ({base:g} decayed)"
        self.query_one("#landscape-info", Static).update(
            f"[b]{esc(self._label())}[/b] = {signed(w)} · training loss [b]{here:.4f}[/b] · "
            f"slope {signed(g, 4)} · α {alpha:.{ALPHA_DIGITS}g}\n"
            f"next step w − α·slope {by_hand(w, alpha, g, w_next)} {signed(w_next)} → loss "
            f"{there:.4f}: {verdict}\n"
            f"[$text-muted]↑↓/tab weight · +/- α{decayed} · enter takes the step · u undoes[/]"
        )
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.plot(xs.tolist(), ys.tolist(), color=self._colour("primary"), marker="braille")
        plt.plot(tx, ty, color=self._colour("warning"), marker="braille")
        plt.scatter([w], [here], color=self._colour("accent"), marker="●")
        landing = self._colour("error" if over else "success")
        plt.scatter([w_next], [there], color=landing, marker="◆")
        plt.ylim(lo - 0.05 * span, hi + 0.05 * span)
        plt.title(f"training loss as {self._label()} varies: ● now  ◆ next step  ─ tangent")
        plt.xlabel(self._label())
        plot.refresh()
