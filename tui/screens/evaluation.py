"""Evaluation: the confusion matrix and accuracy against always guessing the majority.

Both sets come from ``Trainer.evaluate(which, threshold)``: the training students (learned
from) and the held-out students (never seen). left / right move the threshold.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from engine.stats import INTERVAL_BELOW, accuracy_text
from engine.trainer import Evaluation
from tui.screens.explore import ExploreScreen
from tui.simulation import Simulation
from tui.widgets.pane import Pane
from tui.widgets.status import epoch_words

STEP = 0.05
"""One move of the threshold."""


def matrix(title: str, ev: Evaluation | None, majority: str, interval: bool = False) -> str:
    """One set's confusion matrix, accuracy, baseline and loss, as markup; ``interval``: the
    accuracy's Wilson 95% interval too, when fewer than ``INTERVAL_BELOW`` students."""
    if ev is None:
        return f"[b]{title}[/b]\n[$text-muted]no students in this set[/]"
    points = round(100 * (ev.accuracy - ev.baseline_accuracy), 1)  # percentage points
    if points > 0:
        verdict = f"[$success]better[/] by {points:.1f} percentage points"
    elif points < 0:
        verdict = f"[$error]worse[/] by {-points:.1f} percentage points"
    else:
        verdict = "[$error]no better[/] than the baseline"
    return "\n".join(
        [
            f"[b]{title}[/b] ({ev.n} students)",
            "",
            f"[$text-muted]{'actual ↓ guessed →':<18}{'pass':>6}{'fail':>6}[/]",
            f"{'passed':<18}[$success]{ev.true_positive:>6}[/][$error]{ev.false_negative:>6}[/]",
            f"{'failed':<18}[$error]{ev.false_positive:>6}[/][$success]{ev.true_negative:>6}[/]",
            "",
            f"accuracy  [b]{ev.accuracy:.1%}[/b]",
            *(_interval_line(ev) if interval else []),
            f"baseline  {ev.baseline_accuracy:.1%}",
            f"[$text-muted](always “{majority}”)[/]",
            verdict,
            f"loss      {ev.loss:.4f}",
        ]
    )


def _interval_line(ev: Evaluation) -> list[str]:
    """ "92% (79%-97%) on 38 held-out students" under the accuracy, for a small set only."""
    if ev.n >= INTERVAL_BELOW:
        return []
    return [f"[$text-muted]{accuracy_text(ev.accuracy, ev.n)}[/]"]


class EvaluationScreen(ExploreScreen):
    """Training and held-out confusion matrices at an adjustable threshold."""

    DEFAULT_CSS = """
    #evaluation-head {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    #evaluation-sets Pane {
        width: 1fr;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "threshold(-1)", "Threshold −"),
        Binding("right", "threshold(1)", "Threshold +"),
    ]

    def __init__(self, sim: Simulation) -> None:
        super().__init__(sim)
        self.threshold = 0.5
        self.train: Evaluation | None = None
        self.test: Evaluation | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="evaluation-head")
        with Horizontal(id="evaluation-sets"):
            yield Pane(id="evaluation-train")
            yield Pane(id="evaluation-test")
        yield Footer()

    def on_mount(self) -> None:
        self.draw()

    def action_threshold(self, by: int) -> None:
        """Move the threshold by 0.05, within [0, 1]."""
        self.threshold = round(min(max(self.threshold + by * STEP, 0.0), 1.0), 2)
        self.draw()

    def draw(self) -> None:
        """Evaluate both sets at the threshold and show them."""
        t = self.sim.trainer
        self.train = t.evaluate("train", self.threshold)
        self.test = t.evaluate("test", self.threshold)
        majority = "passed" if t.majority_label() >= 0.5 else "failed"
        self.query_one("#evaluation-head", Static).update(
            f"guess [b]pass[/b] when P(pass) >= [b]{self.threshold:.2f}[/b] (←/→ moves it) · "
            f"{epoch_words(t.epoch, t.weights_from, self.sim.epochs_before)}\n"
            "[$text-muted]baseline: always the training majority · held-out: never learned from[/]"
        )
        self.query_one("#evaluation-train", Pane).set_text(matrix("training", self.train, majority))
        self.query_one("#evaluation-test", Pane).set_text(
            matrix("held-out", self.test, majority, interval=True)
        )
