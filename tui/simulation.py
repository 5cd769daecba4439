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

from dataclasses import dataclass, field, replace

import numpy as np

from engine.activations import ACTIVATIONS
from engine.history import EpochRecord
from engine.names import node_names
from engine.network import ForwardTrace, Network
from engine.predict import outcome
from engine.recipe import step_words
from engine.trainer import MODES, StepResult, Trainer, TrainingDiverged, WeightsFrom
from tui.autoplay import Autoplay
from tui.checkpoint import Checkpoint, reset_with_checkpoint, restore
from tui.focus import FocusTrack
from tui.pacing import Pacer
from tui.records import (
    Alert,
    AlphaSet,
    Blame,
    EpochDone,
    Guess,
    Moved,
    Outcome,
    ParameterSet,
    Undone,
)
from tui.run_budget import RunStop, ScreenRun
from tui.run_verbs import SPEEDS as SPEEDS
from tui.run_verbs import WATCHABLE, RunVerbs

ALPHA_RANGE = (2.0**-20, 2.0**10)
"""How far alpha may go (about 1e-6 to 1024): beyond, every step is nothing or chaos."""

CHECKPOINTS = 20
"""Most resets (r, R, a) that u can take back."""


@dataclass
class Simulation(RunVerbs):
    """The trainer and the screen's state; every key is one of its verbs."""

    trainer: Trainer
    hide_names: bool = False
    uncertain: float = 0.1
    """How near 0.5 a prediction counts as uncertain (``--uncertain``)."""
    row: int = field(init=False, default=0)
    """The current student (a dataset row, from 0): the first training student to start."""
    trace: ForwardTrace | None = None
    """The focus student's guess shown (None until the first f, b, e or run)."""
    trace_from: WeightsFrom = field(default_factory=WeightsFrom)
    """Whose weights made ``trace``: an epoch's, and the single steps since."""
    trace_net: Network | None = None
    """The network that made ``trace`` (not the current one after b: the guess it blamed)."""
    before: Network | None = None
    """The network before the last update (the ▲▼ beside the weights); None after undo."""
    last_step: StepResult | None = None
    """The last b: its trace, gradients (with the deltas) and the networks around it."""
    last_epoch: tuple[Network, Network] | None = None
    """The networks before and after the last e."""
    running: bool = False
    speed: int = WATCHABLE
    """Index into ``SPEEDS``."""
    target_loss: float | None = None
    """``L``: a run stops once the training loss is at most this (None: no target)."""
    run: ScreenRun | None = field(default=None, init=False, repr=False)
    """The run ``space`` started (kept while paused, so space goes on to the same end)."""
    stop: RunStop | None = field(default=None, init=False)
    """Why the last run stopped, and the epoch it kept (the chart marks it)."""
    focus: FocusTrack = field(default_factory=lambda: FocusTrack(-1), init=False, repr=False)
    """The focus student's P(pass) at each redraw since they became the focus."""
    checkpoints: list[Checkpoint] = field(default_factory=list, init=False, repr=False)
    """What each reset replaced, newest last: u gives it back."""
    pacer: Pacer = field(default_factory=Pacer, init=False, repr=False)
    """The run's pace and its measured speed."""
    hidden_guess: bool = False  # the quiz asks first: every view of the guess shows "?"
    guess_on_move: bool = True  # off in quiz mode: a new student's guess waits for f
    autoplay: Autoplay = field(default_factory=Autoplay, init=False, repr=False)
    _soft: tuple[object, bool] = field(default=(None, False), init=False, repr=False)
    _start: tuple[Network, EpochRecord] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        rows = self.train_rows
        self.row = rows[0] if rows else 0
        self.focus = FocusTrack(self.row)
        if self.target_loss is None:
            self.target_loss = self.trainer.config.until_loss  # --until-loss

    # ----- what views read ----------------------------------------------------------

    @property
    def train_rows(self) -> list[int]:
        """The training students' dataset rows, in order."""
        return sorted(int(r) for r in self.trainer.split.train)

    @property
    def epochs_before(self) -> int:
        """The epochs the opened model had trained, while the run starts from its weights (r
        goes back to them; R and a start afresh): the screen counts on from them, and so do
        the schedule's alpha and the epochs' order (``Trainer.epochs_before``)."""
        return self.trainer.epochs_before

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
        self.reguess()
        trace, name = self.trace, self.student_name(self.row)
        assert trace is not None
        if self.worked_example:
            outs = ", ".join(f"o{k + 1} {v:.9f}" for k, v in enumerate(trace.output[0]))
            return Guess(f"f: the guessing game for {name}: {outs}", trace=trace)
        p = float(trace.output[0, 0])
        return Guess(f"f: the guessing game for {name}: {p:.1%} chance of passing", trace=trace)

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
        self.trace_from = self.trainer.weights_from  # the blamed guess: the weights before
        step = self.trainer.step(self.row, f"backprop for {name}")  # u says it as shown
        self.trace, self.trace_net, self.before = step.trace, step.before, step.before
        self.last_step = step
        rule = step_words(self.trainer.recipe.weight_decay)
        text = (
            f"b: {'paused the run; ' if paused else ''}{first}blamed {name}: "
            f"loss {step.loss:.4f}; each weight moved -{rule}"
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
        """Make dataset row ``row`` (training or held-out) the focus; a guess shown follows
        (made with the live weights, during a run too)."""
        self.row = row
        self.focus.follow(row)
        where = self.student_position(row)
        if self.trace is None or not self.guess_on_move:
            self.trace = self.trace_net = None
            return Moved(f"{verb}: {self.student_name(row)} ({where}); f makes the guess", row=row)
        self.reguess()
        return Moved(f"{verb}: {self.student_name(row)} ({where})", row=row)

    def student_position(self, row: int) -> str:
        """Where ``row`` stands among the live counts: ``student 7 of 480 training``."""
        t = self.trainer
        rows = self.train_rows if t.is_training(row) else sorted(int(r) for r in t.split.test)
        side = "training" if t.is_training(row) else "held-out"
        return f"student {rows.index(row) + 1} of {len(rows)} {side}"

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
        """u: take back the last step, epoch or edit, then the last reset (r, R, a: its
        network, initial network, settings, epoch and history); the same from every view."""
        paused = self.pause()
        was = self.trainer.config
        label = self.trainer.undo()
        lead = f"u: {'paused the run; ' if paused else ''}"
        if label is None and self.checkpoints:
            checkpoint = self.checkpoints.pop()
            restore(self.trainer, checkpoint)
            label = f"{checkpoint.key} (epoch {checkpoint.epoch}, its weights and history)"
        if label is None:
            return Undone(f"{lead}nothing to undo", paused)
        self.run = self.stop = None
        self.before = None
        self.reguess()
        now = self.trainer.config
        also = ""
        if now.learning_rate != was.learning_rate:
            also += f"; α back to {now.learning_rate:g}"
        if now.mode != was.mode:
            also += f"; mode back to {now.mode}"
        if now.activation != was.activation:
            also += f"; {now.activation} hidden layer"
        return Undone(f"{lead}took back {label}{also}", paused, label=label)

    # ----- verbs: settings ------------------------------------------------------------

    def reset(self) -> Outcome:
        """r: back to the initial weights (same seed), epoch 0; u takes it back."""
        paused = self.pause()
        self._checkpoint("r")
        what = f"back to the initial weights (seed {self.trainer.config.seed})"
        return self._reinitialised("r", what, paused)

    def new_seed(self) -> Outcome:
        """R: new initial weights from the next seed."""
        paused = self.pause()
        self._checkpoint("R", seed=self.trainer.config.seed + 1)
        return self._reinitialised("R", self._new_weights_text(), paused)

    def next_activation(self) -> Outcome:
        """a: the next hidden activation, with new initial weights."""
        paused = self.pause()
        order = list(ACTIVATIONS)
        now = self.trainer.config.activation
        self._checkpoint("a", activation=order[(order.index(now) + 1) % len(order)])
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
        """+ / -: alpha times ``factor``, kept within ``ALPHA_RANGE``. Under a schedule the
        base alpha scales, so the next step's alpha scales by the same factor."""
        return self.set_alpha(self.trainer.config.learning_rate * factor, factor)

    def set_alpha(self, value: float, factor: float | None = None) -> AlphaSet:
        """Alpha to ``value`` if it is within ``ALPHA_RANGE``; the one place alpha is checked.
        Under a schedule the message says the next step's alpha: ``α ×2: next step 0.098
        (base 0.5 → 1)``."""
        t = self.trainer
        old, low, high = t.config.learning_rate, *ALPHA_RANGE
        if not low <= value <= high:
            text = f"learning rate α stays {old:g}: this screen keeps it within {low:g}-{high:g}"
            return AlphaSet(text, old=old, new=old, now=t.learning_rate_now)
        t.set_learning_rate(value)
        now, text = t.learning_rate_now, f"learning rate α {old:g} → {value:g}"
        if now != value:  # the schedule has made it smaller: say what the next step uses
            lead = "learning rate α"
            if factor is not None:
                lead = f"α ×{factor:g}" if factor >= 1 else f"α ÷{1 / factor:g}"
            text = f"{lead}: next step {now:.3g} (base {old:g} → {value:g})"
        return AlphaSet(text, old=old, new=value, now=now)

    def set_parameter(self, index: int, value: float, label: str) -> ParameterSet:
        """Set one weight or bias (flat index, as ``Network.parameters``), undoably."""
        t = self.trainer
        self.autoplay.settle(t)
        flat = t.network.parameters()
        flat[index] = value
        t.set_network(t.network.with_parameters(flat), label)
        self.before = None
        return ParameterSet(f"set {label}", index=index, value=value)

    def reguess(self) -> None:
        """The focus student's guess with the live weights (after epochs, undo, resets, and
        at every redraw of a run), labelled with the epoch it is from."""
        t = self.trainer
        self.trace, self.trace_net = t.forward_row(self.row), t.network
        self.trace_from = t.weights_from

    @property
    def trace_epoch(self) -> int:
        """The epoch whose weights made ``trace`` (single steps since: ``trace_from``)."""
        return self.trace_from.epoch

    def start_record(self) -> EpochRecord:
        """Loss and accuracy at epoch 0, with the initial weights: the random start (the
        trainer's history begins at epoch 1). Measured once per initial network."""
        net = self.trainer.initial_network
        if self._start is None or self._start[0] is not net:
            self._start = (net, replace(self.trainer.measure(net), epoch=0))
        return self._start[1]

    def sample_focus(self) -> None:
        """Add the focus student's P(pass) now to their track (the chart's focus view)."""
        if self.trace is not None and not self.stale_guess:
            self.focus.sample(self.trace_epoch, float(self.trace.output[0, 0]))

    def _new_weights_text(self) -> str:
        cfg = self.trainer.config
        return f"new initial weights: seed {cfg.seed}, {cfg.activation} hidden layer"

    def _checkpoint(self, key: str, seed: int | None = None, activation: str | None = None) -> None:
        """Reset the trainer, keeping what it held for u."""
        saved = reset_with_checkpoint(self.trainer, key, seed=seed, activation=activation)
        self.checkpoints = [*self.checkpoints[-(CHECKPOINTS - 1) :], saved]
        self.run = self.stop = None
        self.focus.restart()

    def _reinitialised(self, key: str, what: str, paused: bool) -> Outcome:
        self.before = None
        self.reguess()
        return Outcome(f"{key}: {what}; u takes it back", paused)
