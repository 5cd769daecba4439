"""Autoplay below one epoch a second: the article's loop, one student step at a time.

At the student paces (``STUDENT_PACES``, below the slowest epoch pace) the run makes one
step at a time in the epoch's own order (``Trainer.epoch_steps``: the shuffled students of
that epoch, or its batches). When a step is slow enough, it is shown in four beats, each on
screen at least ``MIN_BEAT`` seconds: the guess, the error, the blame (each weight's share
and direction, summed over a batch) and the update. Faster student paces show each step
whole. The step is ``Trainer.step_network``, bit for bit the step ``e`` makes there, and the
last step of an epoch records it with ``Trainer.commit_epoch``, as ``e`` does.

Between steps the trainer's network is the one the last step made; a verb that changes the
trainer first calls ``settle``, which makes the steps so far one undoable action. No Textual.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from engine.explain import ParameterBlame, blame
from engine.network import Gradients, Network, loss_value
from engine.recipe import alpha_text, step_words
from engine.trainer import StepResult, Trainer, TrainingDiverged, WeightsFrom
from tui.records import Outcome, RunSnapshot

if TYPE_CHECKING:
    from tui.simulation import Simulation

STUDENT_PACES: tuple[float, ...] = (0.5, 2.0, 10.0, 50.0)
"""Student steps a second below one epoch a second, slowest first (``<`` walks down them)."""

BEATS = ("guess", "error", "blame", "update")
"""The beats of one step, in order: the article's loop."""

MIN_BEAT = 0.4
"""Fewest seconds a beat stays on screen; a pace too fast for that shows each step whole."""


def beat_seconds(pace: float) -> float | None:
    """Seconds each beat is shown at ``pace`` steps a second (None: too fast for beats)."""
    seconds = 1.0 / pace / len(BEATS)
    return seconds if seconds >= MIN_BEAT else None


def pace_text(pace: float, stochastic: bool) -> str:
    """``1 student/2s``, ``10 students/s`` (``step`` in minibatch and batch modes)."""
    what = "student" if stochastic else "step"
    if pace < 1:
        return f"1 {what}/{1 / pace:g}s"
    return f"{pace:g} {what}s/s"


@dataclass(frozen=True)
class BeatShown:
    """One beat as it was shown: which, for which step, from when to when (the autoplay's
    clock; ``ended`` None while it is still on screen)."""

    beat: str
    step: int
    started: float
    ended: float | None = None

    @property
    def seconds(self) -> float | None:
        """How long it was shown (None while still on screen)."""
        return None if self.ended is None else self.ended - self.started


@dataclass
class _Plan:
    """The epoch being played: its number, the network it started from, its steps, and
    whose weights that network was (``Trainer.weights_from``, for undo)."""

    epoch: int
    start: Network
    steps: list[NDArray[np.intp]]
    mode: tuple[str, int]
    made_by: WeightsFrom
    done: int = 0


@dataclass
class Autoplay:
    """The beat machine: which step and beat are shown, and the epoch being played."""

    clock: Callable[[], float] = time.perf_counter
    beat: int | None = None
    """Index into ``BEATS`` of the beat on screen (None: none yet in this step)."""
    next_at: float | None = None
    """When the next beat (or, without beats, the next step) is due."""
    length: float = 0.5
    """Seconds each beat (or step) is shown at the pace last played."""
    shares: list[ParameterBlame] | None = None
    """Each parameter's share of the step's blame (summed over a batch)."""
    log: deque[BeatShown] = field(default_factory=lambda: deque(maxlen=64))
    """The beats shown lately, oldest first."""
    _plan: _Plan | None = None
    _working: Network | None = None
    _positions: NDArray[np.intp] | None = None
    _texts: dict[str, str] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        """Whether an epoch is part played (steps made, not yet recorded)."""
        return self._plan is not None and self._plan.done > 0

    @property
    def blame_shown(self) -> list[ParameterBlame] | None:
        """The shares while the blame beat is on screen (the Weights pane shows them)."""
        return self.shares if self.beat is not None and BEATS[self.beat] == "blame" else None

    @property
    def beat_name(self) -> str:
        """The beat on screen, or "" between steps."""
        return "" if self.beat is None else BEATS[self.beat]

    def settle(self, trainer: Trainer) -> None:
        """Before a verb changes the trainer: the steps made so far become one undoable
        action (the epoch starts again from its first step next time)."""
        plan = self._plan
        if plan is not None and plan.done and trainer.network is self._working:
            step = "step" if plan.done == 1 else "steps"
            label = f"autoplay: {plan.done} {step} of epoch {plan.epoch}"
            trainer.commit_steps(plan.start, label, plan.made_by)
        self._forget()

    def toggle(self, sim: Simulation) -> Outcome:
        """space at a student pace: pause between beats, or go on from the beat shown."""
        if sim.running:
            sim.running = False
            where = f" at the {self.beat_name}" if self.beat_name else ""
            return Outcome(f"space: autoplay paused{where}; space goes on", paused=True)
        sim.running = True
        shown = self.beat is not None  # the beat on screen gets its whole time again
        self.next_at = self.clock() + self.length if shown else None
        return Outcome("space: autoplay, one step at a time (space pauses, < > the pace)")

    def finish(self, sim: Simulation) -> str:
        """Leaving the student paces mid-epoch: the rest of its steps at once, recorded as
        ``e`` records an epoch. Returns what it did ("" if nothing was pending)."""
        plan, t = self._plan, sim.trainer
        if not self.pending or plan is None or t.network is not self._working:
            self._forget()
            return ""
        net = t.network
        with np.errstate(all="ignore"):
            for positions in plan.steps[plan.done :]:
                net = t.step_network(net, positions, plan.epoch)
        self._forget()
        try:
            record = t.commit_epoch(plan.start, net, plan.made_by)
        except TrainingDiverged as exc:
            t.commit_steps(plan.start, f"autoplay: part of epoch {plan.epoch}", plan.made_by)
            return sim._diverged(exc).text
        sim.before = None
        sim.reguess()
        return f"; finished epoch {record.epoch}"

    # ----- the beats ----------------------------------------------------------------

    def tick(self, sim: Simulation, pace: float) -> RunSnapshot:
        """The next beat (or step) if it is due, else how long to wait for it."""
        t = sim.trainer
        now = self.clock()
        plan = self._plan
        if plan is not None and (
            t.network is not self._working or plan.mode != (t.config.mode, t.config.batch_size)
        ):
            self.settle(t)  # M switched the mode: start the epoch over in the new one
        if self.next_at is not None and now < self.next_at:
            return RunSnapshot(0, t.epoch, None, self.next_at - now)
        seconds = beat_seconds(pace)
        self.length = 1.0 / pace if seconds is None else seconds
        if self.log and self.log[-1].ended is None:
            self.log[-1] = replace(self.log[-1], ended=now)
        beat = 0 if seconds is None or self.beat is None else (self.beat + 1) % len(BEATS)
        if beat == 0:
            self._begin_step(sim)
        self.beat = beat if seconds is not None else None
        if seconds is not None:
            self.log.append(BeatShown(BEATS[beat], self._plan.done + 1 if self._plan else 0, now))
        ran: int | Outcome = 0
        shown = ""
        if seconds is None or BEATS[beat] == "update":
            ran, shown = self._update(sim)
        if isinstance(ran, Outcome):
            self.next_at = None
            return RunSnapshot(0, t.epoch, None, None, ran)
        self.next_at = now + self.length
        text = self._texts["step" if seconds is None else BEATS[beat]] + shown
        return RunSnapshot(ran, t.epoch, None, self.length, beat=Outcome(text))

    def _begin_step(self, sim: Simulation) -> None:
        """The guess, error and blame of the next step (the trainer is not changed yet)."""
        t = sim.trainer
        if self._plan is None:
            epoch = t.epoch + 1
            mode = (t.config.mode, t.config.batch_size)
            self._plan = _Plan(epoch, t.network, t.epoch_steps(epoch), mode, t.weights_from)
            self._working = t.network
        plan = self._plan
        positions = plan.steps[plan.done]
        self._positions = positions
        net, loss = t.network, t.config.loss
        X, y = t.X_train[positions], t.y_train[positions]
        trace = net.forward(X)
        grads = net.backward(trace, y, loss)
        biases = t.config.update_biases
        self.shares = summed(blame(net, trace, grads, net, loss, y, 0, biases), grads, len(y))
        row = int(t.split.train[positions[0]])
        sim.row, sim.trace, sim.trace_net = row, t.forward_row(row, net), net
        sim.trace_from = t.weights_from
        self._texts = step_texts(sim, plan.done + 1, len(plan.steps), plan.epoch, positions)
        if len(positions) == 1 and sim.trace is not None:
            one = loss_value(loss, sim.trace, t.y[row : row + 1])
            with np.errstate(all="ignore"):  # m shows the whole step, even before the update
                after = t.step_network(net, positions, plan.epoch)
            sim.last_step = StepResult(
                row, sim.trace, grads, net, after, one, t.alpha_at(plan.epoch)
            )

    def _update(self, sim: Simulation) -> tuple[int | Outcome, str]:
        """The update beat: the step made, and the epoch recorded after its last step."""
        t, plan, positions = sim.trainer, self._plan, self._positions
        assert plan is not None and positions is not None
        before = t.network
        with np.errstate(all="ignore"):
            after = t.step_network(before, positions, plan.epoch)
        if not np.all(np.isfinite(after.parameters())):
            self.settle(t)
            return sim._diverged(TrainingDiverged(plan.epoch, t.learning_rate_now)), ""
        t.took_step(after)  # the weights in use: one step on
        self._working = after
        plan.done += 1
        sim.before = before
        if sim.last_step is not None and sim.last_step.before is before:
            sim.last_step = replace(sim.last_step, after=after)
        moved = biggest_move(self.shares or [], before, after)
        if plan.done < len(plan.steps):
            return 0, moved
        self._forget()
        try:
            record = t.commit_epoch(plan.start, after, plan.made_by)
        except TrainingDiverged as exc:
            t.commit_steps(plan.start, f"autoplay: epoch {plan.epoch}", plan.made_by)
            return sim._diverged(exc), ""
        return 1, f"{moved}; epoch {record.epoch} done, loss {record.train_loss:.4f}"

    def _forget(self) -> None:
        self._plan = self._working = self._positions = None
        self.beat = None
        self.shares = None


def biggest_move(shares: list[ParameterBlame], before: Network, after: Network) -> str:
    """``; most b(o1) +0.2021``: the parameter the update moved furthest, and by how much."""
    if not shares:
        return ""

    def value(net: Network, r: ParameterBlame) -> float:
        if r.row < 0:
            return float(net.biases[r.layer][r.col])
        return float(net.weights[r.layer][r.row, r.col])

    moves = [(value(after, r) - value(before, r), r.name) for r in shares]
    change, name = max(moves, key=lambda m: abs(m[0]))
    return f": most {name} {change:+.4f}"


def summed(rows: list[ParameterBlame], grads: Gradients, n: int) -> list[ParameterBlame]:
    """Each parameter's blame summed over a batch's ``n`` students, with its share of the sum.

    ``rows``: ``explain.blame``'s records for the first student; a student's term there is
    delta x input with backprop's batch deltas, so their sum over the batch is ``grads``."""
    if n == 1:
        return rows

    def total(r: ParameterBlame) -> float:
        g = grads.biases[r.layer][r.col] if r.row < 0 else grads.weights[r.layer][r.row, r.col]
        return float(g)

    totals = [total(r) for r in rows]
    whole = sum(abs(g) for g in totals) or 1.0
    return [replace(r, gradient=g, share=abs(g) / whole) for r, g in zip(rows, totals)]


def step_texts(
    sim: Simulation, k: int, n: int, epoch: int, positions: NDArray[np.intp]
) -> dict[str, str]:
    """What the status line says at each beat of one step (plain text)."""
    t = sim.trainer
    row = int(t.split.train[positions[0]])
    name, trace = sim.student_name(row), sim.trace
    assert trace is not None
    many = len(positions) > 1
    where = f"{'batch' if many else 'step'} {k} of {n}"
    hidden = ", ".join(f"{v:.3f}" for v in trace.a[1][0])
    outs = trace.output[0]
    said = ", ".join(f"o{j + 1} {v:.3f}" for j, v in enumerate(outs))
    guess = said if sim.worked_example else f"P(pass) {float(outs[0]):.1%}"
    who = f"{where}: {len(positions)} students, the first {name}" if many else name
    loss = loss_value(t.config.loss, trace, t.y[row : row + 1])
    if many:
        net = t.network
        mean = loss_value(t.config.loss, net.forward(t.X_train[positions]), t.y_train[positions])
        error = f"error · mean loss {mean:.4f} over {len(positions)} students ({name}: {loss:.4f})"
    else:
        error = f"error · {name}: actually {sim.target_text(row)}, loss {loss:.4f}"
    shares = sorted(sim.autoplay.shares or [], key=lambda r: -r.share)[:3]
    top = ", ".join(
        f"{r.name} {r.share:.0%}{'▲' if r.gradient < 0 else '▼' if r.gradient > 0 else '='}"
        for r in shares
    )
    over = f" summed over {len(positions)} students" if many else ""
    alpha = alpha_text(t.config.learning_rate, t.alpha_at(epoch), 2)
    step = f"{who}, {where}: guessed {guess}, loss {loss:.4f}; the weights moved"
    return {
        "step": f"autoplay · {step}",
        "guess": f"guess · {who} → {guess}"
        if many
        else f"guess · {who}, {where}: hidden {hidden} → {guess}",
        "error": error,
        "blame": f"blame{over} · biggest {top} (▲ up, ▼ down)",
        "update": f"update · each w -= {step_words(t.recipe.weight_decay)} (α {alpha})",
    }
