"""The Simulation's run verbs: ``space`` (start, pause, one more budget after a stop), the
speed keys, ``L``'s target loss, and ``run_chunk``, which trains until the run's end. No
Textual, no asyncio: the App's worker (or a thread) only loops, redraws and waits.

``RunVerbs`` is the part of ``Simulation`` (``tui/simulation.py``) that runs; the fields it
reads are the Simulation's, declared here for the type checker.
"""

from __future__ import annotations

import time

from engine.network import Network
from engine.trainer import Trainer, TrainingDiverged
from tui.autoplay import STUDENT_PACES, Autoplay, pace_text
from tui.pacing import Pacer
from tui.records import Alert, Outcome, RunSnapshot
from tui.run_budget import RunStop, ScreenRun

SPEEDS: tuple[int | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, None)
"""Run speeds in epochs a second; None is as fast as the machine goes."""

WATCHABLE = SPEEDS.index(20)
"""The speed a run starts at: about 20 epochs a second, a pace a class can follow."""


class RunVerbs:
    """space, < >, L and the chunked run, for the Simulation."""

    trainer: Trainer
    running: bool
    speed: int
    target_loss: float | None
    run: ScreenRun | None
    stop: RunStop | None
    pacer: Pacer
    before: Network | None
    autoplay: Autoplay

    def reguess(self) -> None:
        """The focus student's guess with the live weights (the Simulation's)."""
        raise NotImplementedError

    @property
    def epoch_measured(self) -> int | None:
        """The epoch the weights in use come from when that is not simply the last epoch's
        (an earlier one a stop kept, or single steps since): its figures are the last ones
        measured for them, which the chart and projector show, saying whose (None: the
        history's last row, the weights' own)."""
        made, t = self.trainer.weights_from, self.trainer
        return made.epoch if made.epoch != t.epoch or made.steps else None

    def set_speed(self, index: int) -> Outcome:
        """< / >: the run's speed (an index into ``SPEEDS``, below 0 a student pace)."""
        self.speed = min(max(index, -len(STUDENT_PACES)), len(SPEEDS) - 1)
        done = self.autoplay.finish(self) if self.speed >= 0 else ""  # type: ignore[arg-type]
        return Outcome(f"speed: {self.speed_text(measured=False)}{done}")

    def speed_text(self, measured: bool = True) -> str:
        """The chosen speed, e.g. ``10/s`` or ``max 4200/s`` (measured, during a run)."""
        if self.speed < 0:
            return pace_text(STUDENT_PACES[self.speed], self.trainer.config.mode == "stochastic")
        rate = SPEEDS[self.speed]
        if rate is not None:
            return f"{rate}/s"
        if measured and self.running:
            m = self.pacer.measured
            return f"max {m:.0f}/s" if m else "max …"
        return "max"

    def start(self) -> Outcome:
        """space: run epochs until the run's end (``--epochs``, ``L``'s target, the stop
        rule) or a pause; after a stop, one more budget. The caller calls ``run_chunk``."""
        t, more = self.trainer, self.stop is not None
        go_on = self.run is not None and self.run.stop is None and not more
        if not go_on:
            self.run = ScreenRun(t, self.target_loss, more=more)
        assert self.run is not None
        self.running, self.stop = True, None
        self.pacer = Pacer.starting(time.perf_counter())
        end = self.run.end
        to = "until paused" if end is None else f"to epoch {end:,}"
        what = "going on" if go_on else "one more budget" if more else "running epochs"
        return Outcome(f"space: {what} {to} (space pauses, < > change the speed)")

    def pause(self) -> bool:
        """Stop a run (the guess follows the weights it stopped at); True if one was running."""
        self.autoplay.settle(self.trainer)
        if not self.running:
            return False
        self.running = False
        self.reguess()
        return True

    def toggle_run(self) -> Outcome:
        """space: pause a run, or start one (at a student pace: pause between beats)."""
        if self.speed < 0:
            return self.autoplay.toggle(self)  # type: ignore[arg-type]
        if self.pause():
            return Outcome(f"space: paused at epoch {self.trainer.epoch:,}", paused=True)
        return self.start()

    def run_chunk(self, max_seconds: float) -> RunSnapshot:
        """Epochs for at most ``max_seconds``, no more than the speed has made due; stops
        the run where it ends (``RunSnapshot.stopped`` says why)."""
        if self.speed < 0:  # autoplay: one beat, or one student step
            return self.autoplay.tick(self, STUDENT_PACES[self.speed])  # type: ignore[arg-type]
        rate = SPEEDS[self.speed]
        start = time.perf_counter()
        due = self.pacer.due(rate, start)
        run = self.run or ScreenRun(self.trainer, self.target_loss)
        self.run = run
        ran, stop = 0, None
        before = self.trainer.network
        try:
            while (due is None or ran < due) and stop is None:
                before = self.trainer.network
                _, stop = run.epoch()
                ran += 1
                if time.perf_counter() - start >= max_seconds:
                    break
        except TrainingDiverged as exc:
            return RunSnapshot(ran, self.trainer.epoch, rate, None, self._diverged(exc))
        if ran:
            self.before = before
        wait = self.pacer.ran(ran, due, time.perf_counter())
        stopped = None if stop is None else self._stopped(stop)
        return RunSnapshot(ran, self.trainer.epoch, rate, wait, stopped=stopped)

    def _stopped(self, stop: RunStop) -> Outcome:
        """The run ended: keep the weights the rule names (undoable) and say why."""
        assert self.run is not None
        kept = self.run.keep()
        self.running, self.stop = False, stop
        self.reguess()
        # fits 80 columns (the footer says u undoes; the first line: whose weights they are)
        then = f"; kept epoch {stop.epoch_kept:,}" if kept else "; space runs more"
        return Outcome(f"stopped at {self.trainer.epoch:,}: {stop.text}{then}", paused=True)

    def set_target_loss(self, text: str) -> Outcome:
        """L: a run stops once the training loss is at most ``text`` (empty or none: no
        target)."""
        if text.strip().lower() in ("", "none"):
            self.target_loss = None
            return Outcome("L: no target loss: a run stops at its budget")
        try:
            target = float(text)
        except ValueError:
            return Outcome(f"L: {text!r} is not a number: the target stays as it was")
        if not 0.0 <= target < float("inf"):
            return Outcome(f"L: a target loss is 0 or more, not {text}")
        self.target_loss = target
        self.run = None
        now = self.trainer.history[-1].train_loss if self.trainer.history else None
        where = "" if now is None else f" (now {now:.4f})"
        return Outcome(f"L: a run stops once the training loss is at most {target:g}{where}")

    def _diverged(self, exc: TrainingDiverged) -> Outcome:
        self.running = False
        return Outcome(
            "training diverged and paused: u undoes, r resets, - halves α",
            paused=True,
            alert=Alert("training diverged", str(exc), error=True),
        )
