"""Projector mode (z): one pane at a time, large, for the back of a room.

Three panes, ``tab`` cycles them: the picture of the network (it fills the screen, so it
draws its richest layout), the guess (P(pass) in Textual's ``Digits``, the verdict and each
hidden node's vote) and the loss (the last epoch's training loss in ``Digits``, the accuracy
and the chart, from the random start at epoch 0 as the main screen's chart). The numbers are
``BigDigits``: Textual's ``Digits`` scaled up to the room, a third of the width or more at
80x24. The step keys f, b, n, e, u and space keep working; during a run the pane is redrawn
a few times a second.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.events import Resize
from textual.widgets import Footer, Static

from engine.predict import verdict
from tui.picture import vote_lines
from tui.records import Outcome
from tui.screens.explore import StepKeysScreen
from tui.widgets.big_digits import BigDigits
from tui.widgets.loss_chart import LossChart
from tui.widgets.pane import esc
from tui.widgets.picture import PicturePane
from tui.widgets.status import epoch_words, fit_parts, weights_note

PANES = ("proj-network", "proj-guess", "proj-loss")
"""The panes ``tab`` cycles through, in order."""

REDRAW = 0.25
"""Seconds between redraws during a run."""


class ProjectorScreen(StepKeysScreen):
    """One pane at a time, as large as the screen; ``tab`` shows the next."""

    DEFAULT_CSS = """
    ProjectorScreen > #proj-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    ProjectorScreen > #proj-said {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    ProjectorScreen .proj-pane {
        height: 1fr;
        padding: 1 2;
        align: center middle;
    }
    ProjectorScreen .-off {
        display: none;
    }
    ProjectorScreen BigDigits {
        text-align: center;
        text-style: bold;
        color: $text-primary;
    }
    ProjectorScreen .proj-words {
        width: 1fr;
        height: auto;
        text-align: center;
        margin: 1 0;
    }
    ProjectorScreen #proj-network {
        height: 1fr;
        padding: 0 1;
    }
    ProjectorScreen #proj-loss {
        padding: 0 2;
    }
    ProjectorScreen #proj-loss .proj-words {
        margin: 0;
    }
    ProjectorScreen #proj-chart {
        height: 1fr;
        min-height: 8;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,z", "back", "Back"),
        Binding("tab", "next_pane", "Next pane"),
        Binding("f", "forward", "Guess"),
        Binding("b", "backprop", "Blame"),
        Binding("n", "next_student", "Next"),
        Binding("N", "previous_student", "Prev", show=False),
        Binding("e", "epoch", "Epoch"),
        Binding("space", "app.run", "Run"),
        Binding("u", "undo", "Undo", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    pane = 0
    """Which of ``PANES`` shows."""

    def compose(self) -> ComposeResult:
        yield Static(id="proj-title")
        yield Static(id="proj-said")
        yield PicturePane(id="proj-network", classes="proj-pane")
        with Vertical(id="proj-guess", classes="proj-pane -off"):
            yield Static("P(pass), %", classes="proj-words")
            with Center():
                yield BigDigits(id="proj-p", reserve=12, share=0.5)
            yield Static(id="proj-verdict", classes="proj-words")
        with Vertical(id="proj-loss", classes="proj-pane -off"):
            yield Static("training loss", classes="proj-words")
            with Center():
                yield BigDigits(id="proj-loss-digits", reserve=16, share=0.35)
            yield Static(id="proj-accuracy", classes="proj-words")
            yield LossChart(id="proj-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(REDRAW, self._tick)
        self.draw()
        self.call_after_refresh(self.draw)  # the title's width is known once laid out

    _drawn: tuple[int, int] = (0, 0)
    """The epoch and network last drawn: a run (or its stop) that moved them redraws."""

    def _tick(self) -> None:
        t = self.sim.trainer
        moved = (t.epoch, id(t.network)) != self._drawn
        if self.sim.running or moved:
            self.draw()
        if moved and not self.sim.running:  # a run ended: its stop reason, as the status says
            self.query_one("#proj-said", Static).update(getattr(self.app, "message", ""))

    def on_resize(self, event: Resize) -> None:
        """A wider or narrower window fits more or fewer of the title's parts."""
        self.call_after_refresh(self.draw)

    def follow(self, outcome: Outcome) -> None:
        """What the key did, on the line under the title too (no status line here)."""
        self.query_one("#proj-said", Static).update(esc(outcome.text))
        super().follow(outcome)

    def action_next_pane(self) -> None:
        """tab: the next pane."""
        self.pane = (self.pane + 1) % len(PANES)
        for k, name in enumerate(PANES):
            self.query_one(f"#{name}").set_class(k != self.pane, "-off")
        self.draw()

    def draw(self) -> None:
        """Fill the pane on show from the simulation."""
        sim = self.sim
        t = sim.trainer
        self._drawn = (t.epoch, id(t.network))
        name = self.student_name(sim.row)
        titles = ("the network", "the guess", "the loss")
        title = self.query_one("#proj-title", Static)
        parts = [  # a narrow window drops the keys first (the footer has them), then the name
            (9, titles[self.pane]),
            (5, name),
            (8, epoch_words(t.epoch, t.weights_from, sim.epochs_before)),
            (1, "tab: next pane, z: back"),
        ]
        title.update(fit_parts(parts, title.content_region.width))
        trace = sim.trace
        if self.pane == 0:
            self.query_one(PicturePane).show(
                t.network,
                trace,
                t.dataset.feature_names,
                t.X[sim.row],
                sim.worked_example,
                guess_net=sim.trace_net if trace is not None else None,
            )
        elif self.pane == 1:
            p = None if trace is None else float(trace.output[0, 0])
            self.query_one("#proj-p", BigDigits).update("--" if p is None else f"{100 * p:.1f}")
            words = "press f for the guess" if trace is None else ""
            if trace is not None:
                said = "" if sim.worked_example else f"verdict: {verdict(p or 0.0)}\n"
                if sim.stale_guess:  # b's blamed guess, as the main screen's panes say
                    said = "the guess before the update\n" + said
                voters = sim.trace_net or t.network  # the weights that made the guess
                words = said + "\n".join(vote_lines(voters, trace, sim.worked_example))
            self.query_one("#proj-verdict", Static).update(words)
        else:
            self._draw_loss()

    def _draw_loss(self) -> None:
        """The loss pane: the figures and chart of the main screen's Loss pane, from the
        random start (epoch 0, ``Simulation.start_record``) on."""
        sim = self.sim
        t = sim.trainer
        start = sim.start_record()
        last = t.history[-1] if t.history else start
        kept = sim.stop.epoch_kept if sim.stop is not None else None
        in_use = sim.epoch_measured
        if in_use is not None:  # the weights come from an earlier epoch: its figures
            last = next((r for r in (start, *t.history) if r.epoch == in_use), last)
        self.query_one("#proj-loss-digits", BigDigits).update(f"{last.train_loss:.4f}")
        words = []
        if not sim.worked_example:
            accuracy = f"accuracy {last.train_accuracy:.1%} (training)"
            if in_use is not None:  # the panes' words, with the kept mark when no step since
                made = t.weights_from
                kept_mark = "" if made.steps else " (kept)"
                accuracy += f", {weights_note(made, sim.epochs_before)}{kept_mark}"
            words.append(accuracy)
        if not t.history:
            words.append("the random start (epoch 0): press e for an epoch")
        self.query_one("#proj-accuracy", Static).update("; ".join(words))
        mark = kept if kept is not None and kept != t.epoch else None
        chart = self.query_one(LossChart)
        chart.show(t.history, not sim.worked_example, start, mark, in_use)
