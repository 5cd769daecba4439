"""The simulation: the Trainer plus what the screen adds, and the verbs that change them.

A ``Simulation`` owns the ``Trainer`` and the screen's own state: the current student, the
forward pass being shown (and the network that made it), the network before the last
update, the last step and epoch (for the math view), and the run state (running, speed).
Every key is a verb here; each returns a record (``tui/records.py``): the status line's
text (plain, not markup) and what the verb made (a trace, a step, an epoch record, ...).
The App and views call these verbs and draw what they read back. Training runs as
``run_chunk(max_seconds)``, paced to the chosen speed (below one epoch a second, in student
steps: ``tui/autoplay.py``), so the App's worker only loops, redraws and waits. No Textual.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from engine.activations import ACTIVATIONS
from engine.names import node_names
from engine.network import ForwardTrace, Network
from engine.predict import outcome
from engine.trainer import MODES, StepResult, Trainer, TrainingDiverged
from tui.autoplay import STUDENT_PACES, Autoplay, pace_text
from tui.records import (
    Alert,
    AlphaSet,
    Blame,
    EpochDone,
    Guess,
    Moved,
    Outcome,
    ParameterSet,
    RunSnapshot,
    Undone,
)

ALPHA_RANGE = (2.0**-20, 2.0**10)
"""How far alpha may go (about 1e-6 to 1024): beyond, every step is nothing or chaos."""

SPEEDS: tuple[int | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, None)
"""Run speeds in epochs a second; None is as fast as the machine goes."""


@dataclass
class _Pace:
    """The run's pacing at a fixed speed: since when, and epochs run since then."""

    rate: int | None = None
    since: float = 0.0
    epochs: int = 0


@dataclass
class _Window:
    """Epochs counted over the last half second, for the measured speed."""

    start: float = 0.0
    epochs: int = 0


@dataclass
class Simulation:
    """The trainer and the screen's state; every key is one of its verbs."""

    trainer: Trainer
    hide_names: bool = False
    uncertain: float = 0.1
    """How near 0.5 a prediction counts as uncertain (``--uncertain``)."""
    row: int = field(init=False, default=0)
    """The current student (a dataset row, from 0): the first training student to start."""
    trace: ForwardTrace | None = None
    """The forward pass shown (None before f, or after moving to another student)."""
    trace_net: Network | None = None
    """The network that made ``trace`` (not the current one after b: the guess it blamed)."""
    before: Network | None = None
    """The network before the last update (the ▲▼ beside the weights); None after undo."""
    last_step: StepResult | None = None
    """The last b: its trace, gradients (with the deltas) and the networks around it."""
    last_epoch: tuple[Network, Network] | None = None
    """The networks before and after the last e."""
    running: bool = False
    speed: int = len(SPEEDS) - 1
    """Index into ``SPEEDS``; below 0, into ``STUDENT_PACES`` from its end (autoplay)."""
    measured: float | None = None
    """Epochs a second measured during a run (None until half a second has passed)."""
    hidden_guess: bool = False  # the quiz asks first: every view of the guess shows "?"
    _pace: _Pace = field(default_factory=_Pace, init=False, repr=False)
    _window: _Window = field(default_factory=_Window, init=False, repr=False)
    _soft: tuple[object, bool] = field(default=(None, False), init=False, repr=False)
    autoplay: Autoplay = field(default_factory=Autoplay, init=False, repr=False)

    def __post_init__(self) -> None:
        self.row = next(iter(self.train_rows), 0)

    @property
    def train_rows(self) -> list[int]:
        """The training students' dataset rows, in order."""
        return sorted(int(r) for r in self.trainer.split.train)

    @property
    def worked_example(self) -> bool:
        """Soft targets (a worked example such as Mazur's 0.01 / 0.99): verdicts and accuracy
        mean nothing, and the numbers are shown to 9 decimals as such posts print them."""
        y = self.trainer.y
        if self._soft[0] is not y:
            self._soft = (y, bool(np.any((y != 0.0) & (y != 1.0))))
        return self._soft[1]

    @property
    def places(self) -> int:
        """Decimals in the working: 4, or 9 for a worked example (its published digits)."""
        return 9 if self.worked_example else 4

    def student_name(self, row: int) -> str:
        """The student's name, or ``student 17`` with --hide-names (plain text)."""
        data = self.trainer.dataset
        return f"student {data.student_number(row)}" if self.hide_names else data.names[row]

    def student_labels(self) -> list[str]:
        """Each student as the command palette lists them, in row order."""
        t = self.trainer
        return [
            f"student {t.dataset.student_number(row)}"
            + ("" if self.hide_names else f": {t.dataset.names[row]}")
            + (" (training)" if t.is_training(row) else " (held-out)")
            for row in range(t.dataset.n_samples)
        ]

    def target_text(self, row: int) -> str:
        """The actual outcome in words, or a worked example's targets as numbers."""
        t = self.trainer
        if self.worked_example:
            outs = node_names(t.network.layer_sizes)[-1]
            return ", ".join(f"{o} {v:g}" for o, v in zip(outs, t.y[row]))
        return outcome(float(t.y[row, 0]), t.dataset.labels)

    @property
    def stale_guess(self) -> bool:
        """Whether the guess shown was made before the last update (b's blamed guess)."""
        return self.trace is not None and self.trace_net is not self.trainer.network

    # ----- verbs: the step-through ---------------------------------------------------

    def forward(self) -> Guess:
        """f: the guessing game for the current student."""
        self.trace = self.trainer.forward_row(self.row)
        self.trace_net = self.trainer.network
        name = self.student_name(self.row)
        if self.worked_example:
            outs = ", ".join(f"o{k + 1} {v:.9f}" for k, v in enumerate(self.trace.output[0]))
            return Guess(f"f: the guessing game for {name}: {outs}", trace=self.trace)
        p = float(self.trace.output[0, 0])
        return Guess(
            f"f: the guessing game for {name}: {p:.1%} chance of passing", trace=self.trace
        )

    def backprop(self) -> Blame:
        """b: the blame game for the current student, then one step (refused if held out)."""
        name = self.student_name(self.row)
        if not self.trainer.is_training(self.row):
            return Blame(
                f"b refused: {name} is held out (never learned from); n goes to a training one",
                alert=Alert("b", f"{name} is held out: the network never learns from them"),
            )
        paused = self.pause()
        first = (
            "" if self.trace is not None and not self.stale_guess else "guessed first (f), then "
        )
        step = self.trainer.step(self.row)
        self.trace, self.trace_net, self.before = step.trace, step.before, step.before
        self.last_step = step
        text = (
            f"b: {'paused the run; ' if paused else ''}{first}blamed {name}: "
            f"loss {step.loss:.4f}; each weight moved -α×slope"
        )
        return Blame(text, paused=paused, step=step)

    def move(self, by: int) -> Moved:
        """n / N: the next (by > 0) or previous training student, wrapping round."""
        rows = self.train_rows
        if not rows:
            return Moved("there are no training students", row=self.row)
        if by > 0:
            row = next((r for r in rows if r > self.row), rows[0])
        else:
            row = next((r for r in reversed(rows) if r < self.row), rows[-1])
        return self.show_student(row, "n: next" if by > 0 else "N: previous")

    def next_student(self) -> Moved:
        """n: the next training student."""
        return self.move(+1)

    def previous_student(self) -> Moved:
        """N: the previous training student."""
        return self.move(-1)

    def show_student(self, row: int, verb: str = "jumped to") -> Moved:
        """Show dataset row ``row`` (training or held-out); the guess is cleared."""
        self.row = row
        self.trace = self.trace_net = None
        side = "training" if self.trainer.is_training(row) else "held-out"
        return Moved(f"{verb}: {self.student_name(row)} ({side}); f makes the guess", row=row)

    def epoch(self) -> EpochDone:
        """e: one epoch in the current mode (pauses a run first)."""
        paused = self.pause()
        before = self.trainer.network
        try:
            record = self.trainer.run_epoch()
        except TrainingDiverged as exc:
            diverged = self._diverged(exc)
            return EpochDone(diverged.text, paused=True, alert=diverged.alert)
        self.before, self.last_epoch = before, (before, self.trainer.network)
        self.reguess()
        accuracy = "" if self.worked_example else f", accuracy {record.train_accuracy:.1%}"
        text = (
            f"e: {'paused the run; ' if paused else ''}epoch {record.epoch}: "
            f"training loss {record.train_loss:.4f}{accuracy}"
        )
        return EpochDone(text, paused, record=record)

    def undo(self) -> Undone:
        """u: take back the last step, epoch or edit; the same from every view."""
        paused = self.pause()
        was = self.trainer.config
        label = self.trainer.undo()
        lead = f"u: {'paused the run; ' if paused else ''}"
        if label is None:
            return Undone(f"{lead}nothing to undo", paused)
        self.before = None
        self.reguess()
        now = self.trainer.config
        also = ""
        if now.learning_rate != was.learning_rate:
            also += f"; α back to {now.learning_rate:g}"
        if now.mode != was.mode:
            also += f"; mode back to {now.mode}"
        return Undone(f"{lead}took back {label}{also}", paused, label=label)

    # ----- verbs: settings ------------------------------------------------------------

    def reset(self) -> Outcome:
        """r: back to the initial weights (same seed); history and undo cleared."""
        paused = self.pause()
        self.trainer.reset()
        what = f"back to the initial weights (seed {self.trainer.config.seed})"
        return self._reinitialised("r", what, paused)

    def new_seed(self) -> Outcome:
        """R: new initial weights from the next seed."""
        paused = self.pause()
        self.trainer.reinitialise(seed=self.trainer.config.seed + 1)
        return self._reinitialised("R", self._new_weights_text(), paused)

    def next_activation(self) -> Outcome:
        """a: the next hidden activation, with new initial weights."""
        paused = self.pause()
        order = list(ACTIVATIONS)
        now = self.trainer.config.activation
        self.trainer.reinitialise(activation=order[(order.index(now) + 1) % len(order)])
        return self._reinitialised("a", self._new_weights_text(), paused)

    def next_mode(self) -> Outcome:
        """M: the next mode (stochastic, minibatch, batch)."""
        self.autoplay.settle(self.trainer)
        order = list(MODES)
        mode = order[(order.index(self.trainer.config.mode) + 1) % len(order)]
        self.trainer.set_mode(mode)
        uses = {
            "stochastic": "one student",
            "minibatch": f"{self.trainer.config.batch_size} students",
            "batch": "every training student",
        }.get(mode, mode)
        return Outcome(f"M: {mode}: e/space steps use {uses}; b uses this one")

    def scale_alpha(self, factor: float) -> AlphaSet:
        """+ / -: alpha times ``factor``, kept within ``ALPHA_RANGE``."""
        return self.set_alpha(self.trainer.config.learning_rate * factor)

    def set_alpha(self, value: float) -> AlphaSet:
        """Alpha to ``value`` if it is within ``ALPHA_RANGE``; the one place alpha is checked."""
        old = self.trainer.config.learning_rate
        low, high = ALPHA_RANGE
        if not low <= value <= high:
            text = f"learning rate α stays {old:g}: this screen keeps it within {low:g}-{high:g}"
            return AlphaSet(text, old=old, new=old)
        self.trainer.set_learning_rate(value)
        return AlphaSet(f"learning rate α {old:g} → {value:g}", old=old, new=value)

    def set_parameter(self, index: int, value: float, label: str) -> ParameterSet:
        """Set one weight or bias (flat index, as ``Network.parameters``), undoably."""
        t = self.trainer
        self.autoplay.settle(t)
        flat = t.network.parameters()
        flat[index] = value
        t.set_network(t.network.with_parameters(flat), label)
        self.before = None
        return ParameterSet(f"set {label}", index=index, value=value)

    def set_speed(self, index: int) -> Outcome:
        """< / >: the run's speed (an index into ``SPEEDS``, below 0 a student pace)."""
        self.speed = min(max(index, -len(STUDENT_PACES)), len(SPEEDS) - 1)
        done = self.autoplay.finish(self) if self.speed >= 0 else ""
        return Outcome(f"speed: {self.speed_text(measured=False)}{done}")

    def speed_text(self, measured: bool = True) -> str:
        """The chosen speed, e.g. ``10/s`` or ``max 4200/s`` (measured, during a run)."""
        if self.speed < 0:
            return pace_text(STUDENT_PACES[self.speed], self.trainer.config.mode == "stochastic")
        rate = SPEEDS[self.speed]
        if rate is not None:
            return f"{rate}/s"
        if measured and self.running:
            return f"max {self.measured:.0f}/s" if self.measured else "max …"
        return "max"

    # ----- the run ----------------------------------------------------------------------

    def start(self) -> Outcome:
        """space: start running epochs (the caller then calls ``run_chunk`` until paused)."""
        self.running = True
        self.measured = None
        self._pace = _Pace()
        self._window = _Window(time.perf_counter())
        return Outcome("space: running epochs (space pauses, < > change the speed)")

    def pause(self) -> bool:
        """Stop a run (the guess follows the weights it stopped at); True if one was running."""
        self.autoplay.settle(self.trainer)
        if not self.running:
            return False
        self.running = False
        self.measured = None
        self.reguess()
        return True

    def toggle_run(self) -> Outcome:
        """space: pause a run, or start one (at a student pace: pause between beats)."""
        if self.speed < 0:
            return self.autoplay.toggle(self)
        if self.pause():
            return Outcome(f"space: paused at epoch {self.trainer.epoch}", paused=True)
        return self.start()

    def run_chunk(self, max_seconds: float) -> RunSnapshot:
        """Epochs for at most ``max_seconds``, no more than the speed has made due."""
        if self.speed < 0:
            return self.autoplay.tick(self, STUDENT_PACES[self.speed])
        rate = SPEEDS[self.speed]
        start = time.perf_counter()
        pace = self._pace
        if rate is not None and pace.rate != rate:
            pace = self._pace = _Pace(rate, start, 0)
        due = None if rate is None else int(rate * (start - pace.since)) + 1 - pace.epochs
        ran = 0
        before = self.trainer.network
        try:
            while due is None or ran < due:
                before = self.trainer.network
                self.trainer.run_epoch()
                ran += 1
                if time.perf_counter() - start >= max_seconds:
                    break
        except TrainingDiverged as exc:
            return RunSnapshot(ran, self.trainer.epoch, rate, None, self._diverged(exc))
        if ran:
            self.before = before
        pace.epochs += ran
        now = time.perf_counter()
        self._window.epochs += ran
        if now - self._window.start >= 0.5:
            self.measured = self._window.epochs / (now - self._window.start)
            self._window = _Window(now)
        wait = None
        if rate is not None and due is not None and ran >= due:
            wait = max(0.0, pace.since + pace.epochs / rate - time.perf_counter())
        return RunSnapshot(ran, self.trainer.epoch, rate, wait)

    def reguess(self) -> None:
        """Keep a shown guess current after the weights change under it (epochs, undo)."""
        if self.trace is not None:
            self.trace = self.trainer.forward_row(self.row)
            self.trace_net = self.trainer.network

    def _new_weights_text(self) -> str:
        cfg = self.trainer.config
        return f"new initial weights: seed {cfg.seed}, {cfg.activation} hidden layer"

    def _reinitialised(self, key: str, what: str, paused: bool) -> Outcome:
        self.before = None
        self.reguess()
        return Outcome(f"{key}: {what}; history and undo cleared", paused)

    def _diverged(self, exc: TrainingDiverged) -> Outcome:
        self.running = False
        alert = Alert("training diverged", str(exc), error=True)
        text = "training diverged and paused: u undoes, r resets, - halves α"
        return Outcome(text, paused=True, alert=alert)
