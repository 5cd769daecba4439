"""The gradient check (``g``): backprop's dE/dw beside a central finite difference.

For the current student and the current network, ``engine.gradcheck.gradient_check``
nudges every weight and bias by +-h, measures the error both times and divides; the table
puts that beside backprop's slope with their relative error, so a learner sees backprop is
right. f, b, n, N, e and u keep working here; the table follows.
"""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer

from engine.explain import fmt
from engine.gradcheck import STEP, GradientCheckRow, gradient_check
from engine.losses import LOSS_NAMES
from tui.screens.explore import StepKeysScreen
from tui.simulation import Simulation
from tui.widgets.pane import Pane, esc
from tui.widgets.status import epoch_words

AGREES = 1e-5
"""A relative error below this is agreement (float64 central differences reach ~1e-9)."""

TINY = 1e-10
"""Gradients this close agree whatever their relative error (both are rounding noise)."""


def agrees(r: GradientCheckRow) -> bool:
    """Backprop and the finite difference agree for this parameter."""
    return r.relative_error < AGREES or abs(r.backprop - r.numeric) < TINY


def check_rows(sim: Simulation) -> list[GradientCheckRow]:
    """The engine's gradient check for the simulation's current student and network."""
    t, row = sim.trainer, sim.row
    rows = gradient_check(t.network, t.X[row : row + 1], t.y[row : row + 1], t.config.loss)
    # node by node as the math view lists them: its weights, then its bias
    return sorted(rows, key=lambda r: (r.layer, r.col, r.row if r.row >= 0 else len(rows)))


SLOPE_PLACES = 8
"""At least this many digits for the two slopes, so their agreement shows."""


def table(rows: list[GradientCheckRow], places: int) -> list[str]:
    """One parameter a line: value, backprop's slope, the numeric one, relative error."""
    name = max(len(r.name) for r in rows)
    slope = max(places, SLOPE_PLACES)
    num = max(len(fmt(v, slope)) for r in rows for v in (r.value, r.backprop, r.numeric))
    num = max(num, 8)
    lines = [
        f"[$text-muted]{'':<{name}} {'value':>{num}} {'backprop':>{num}} "
        f"{'numeric':>{num}} {'rel. error':>10}[/]"
    ]
    for r in rows:
        err = r.relative_error
        ok = "[$success]✓[/]" if agrees(r) else "[$error]✗[/]"
        lines.append(
            f"{esc(r.name):<{name}} {fmt(r.value, places):>{num}} {fmt(r.backprop, slope):>{num}}"
            f" {fmt(r.numeric, slope):>{num}} {err:>10.1e} {ok}"
        )
    return lines


class GradientCheckScreen(StepKeysScreen):
    """Backprop against central differences for every weight and bias of this student."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,g", "back", "Back"),
        Binding("f", "forward", "Guess", show=False),
        Binding("b", "backprop", "Blame"),
        Binding("n", "next_student", "Next"),
        Binding("N", "previous_student", "Prev", show=False),
        Binding("e", "epoch", "Epoch"),
        Binding("u", "undo", "Undo", show=False),
    ]

    DEFAULT_CSS = """
    #gradcheck {
        height: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        yield Pane(id="gradcheck")
        yield Footer()

    def on_mount(self) -> None:
        pane = self.query_one("#gradcheck", Pane)
        pane.can_focus = True
        pane.focus()
        pane.border_title = "Gradient check: is backprop right?"
        pane.border_subtitle = "numeric = (E(w + h) - E(w - h)) / 2h"
        self.draw()

    def draw(self) -> None:
        """The table for the simulation's current student and network."""
        sim = self.sim
        t, row, places = sim.trainer, sim.row, sim.places
        rows = check_rows(sim)
        worst = max((r.relative_error for r in rows), default=0.0)
        verdict = (
            "[$success]backprop agrees with the finite differences[/]"
            if all(agrees(r) for r in rows)
            else "[$error]backprop and the finite differences disagree[/]"
        )
        width = max(self.app.size.width - 5, 20)
        prose = (
            f"The current weights ({epoch_words(t.epoch, t.weights_from)}), "
            f"{LOSS_NAMES[t.config.loss]}. Nudge each "
            f"weight and bias by h = {STEP:g} both ways and measure the error: the slope "
            "that finite difference finds should equal backprop's dE/dw."
        )
        lines = [
            f"[b]{self.student_name(row)}[/b] · {self.sim.student_position(row)} "
            f"(#{t.dataset.student_number(row)} of {t.dataset.n_in_file} in the file)",
            *(esc(line) for line in textwrap.wrap(prose, width)),
            "",
            *table(rows, places),
            "",
            f"largest relative error {worst:.1e}: {verdict}",
            "[$text-muted]relative error = |backprop - numeric| / max(|backprop|, |numeric|)[/]",
        ]
        if any(t.recipe.weight_decay):  # auto (the default) or given: the decay in effect
            lines.append("[$text-muted]weight decay is not part of the error: not checked[/]")
        self.query_one("#gradcheck", Pane).set_text("\n".join(lines))
