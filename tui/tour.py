"""The guided tour's state: which step it is on, what each step pressed, and going back.

A ``Tour`` walks ``tui.tour_steps.STEPS``: entering a step presses its keys (the
Simulation's verbs, each ``Outcome`` handed to ``post`` so the App's status line says it)
and writes the step's text from the live numbers. Before a step presses anything the tour
marks where the simulation stood; going back undoes (``Simulation.undo``, as ``u``) until
the network, epoch and resets are those of the mark, and puts alpha, the speed, the
student and the guess back. No Textual: the screen (``tui/screens/tour.py``) draws it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from engine.landscape import loss_curve, slope
from engine.names import parameter_names
from engine.network import Network
from engine.training_config import TrainingConfig
from tui.records import Outcome
from tui.simulation import ALPHA_RANGE, Simulation


@dataclass(frozen=True)
class Mark:
    """Where the simulation stood before a step pressed its keys."""

    network: Network
    config: TrainingConfig
    epoch: int
    resets: int
    row: int
    guessed: bool
    speed: int

    @classmethod
    def of(cls, sim: Simulation) -> Mark:
        """The simulation as it stands now."""
        t = sim.trainer
        guessed = sim.trace is not None
        return cls(t.network, t.config, t.epoch, len(sim.checkpoints), sim.row, guessed, sim.speed)

    def reached(self, sim: Simulation) -> bool:
        """Whether the network, the epoch and the resets are back to this mark's."""
        t = sim.trainer
        return (
            t.network is self.network
            and t.epoch == self.epoch
            and len(sim.checkpoints) == self.resets
        )


@dataclass(frozen=True)
class Overshoot:
    """How many presses of ``+`` make the next step on one weight land higher (the error
    landscape's verdict, ``l``): the weight's index, the presses, and the losses."""

    index: int
    presses: int
    alpha: float
    here: float
    there: float


def landing(sim: Simulation, index: int, alpha: float) -> tuple[float, float]:
    """The training loss now and where the step ``w - alpha x slope`` on parameter ``index``
    lands, as the error landscape (``l``) works them out."""
    t = sim.trainer
    net, X, y, loss = t.network, t.X_train, t.y_train, t.config.loss
    w = float(net.parameters()[index])
    g = slope(net, X, y, loss, index)
    here, there = loss_curve(net, X, y, loss, index, np.array([w, w - alpha * g]))
    return float(here), float(there)


def lands_higher(here: float, there: float) -> bool:
    """The landscape's "overshoots": higher, by more than its four decimals round away."""
    return there > here and f"{here:.4f}" != f"{there:.4f}"


def overshoot(sim: Simulation) -> Overshoot | None:
    """The weight (not a bias) whose step overshoots after the fewest doublings of alpha
    (``+``), or None if none does within alpha's range. Worked out from the live network,
    never assumed. Alpha is the next step's (the schedule's, as ``b`` takes it)."""
    alpha = sim.trainer.learning_rate_now
    best: Overshoot | None = None
    names = parameter_names(sim.trainer.network.layer_sizes)
    for index in (n.index for n in names if n.kind != "b"):
        presses, a = 0, alpha
        while a <= ALPHA_RANGE[1] and (best is None or presses < best.presses):
            here, there = landing(sim, index, a)
            if lands_higher(here, there):
                best = Overshoot(index, presses, a, here, there)
                break
            presses, a = presses + 1, a * 2.0
    return best


@dataclass
class Tour:
    """The tour's place in ``STEPS`` and what each step entered found (for going back)."""

    sim: Simulation
    post: Callable[[Outcome], object] = lambda outcome: None
    """Where a pressed verb's record goes (the App's status line); set by the screen."""
    step: int = -1
    view: str = ""
    """The key of the view open beneath the tour's box ("" for the simulator itself)."""
    marks: list[Mark] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    """Each entered step's text, as its keys left the numbers."""
    landscape: int = 0
    """The weight the error landscape shows (the one that overshoots first)."""
    start_run: Callable[[], object] = lambda: None
    """Press space (the App's run, its worker); set by the screen."""
    keys: list[str] = field(default_factory=list)
    """The tour's keys not yet taken ("next", "previous", "leave"), oldest first: each is
    taken once the step before has pressed all its keys and its screens are up."""
    changing: bool = False
    """The screens are being swapped (a step opening another view): keys wait meanwhile."""
    starting: bool = False
    """The run a step pressed space for has not started yet: keys wait meanwhile."""
    hurried: bool = False
    """enter sent the run to full speed: keys wait for its own stop."""

    def waits(self) -> bool:
        """Whether a key must wait: the screens, the run's start or a hurried run's stop."""
        return self.changing or self.starting or (self.hurried and self.sim.running)

    def press(self, outcome: Outcome) -> Outcome:
        """Hand a verb's record to the App; return it."""
        self.post(outcome)
        return outcome

    def enter(self, press: Callable[[Tour], None], text: Callable[[Tour], str]) -> None:
        """The next step: mark the simulation, press the step's keys, keep its text."""
        self.marks.append(Mark.of(self.sim))
        self.step += 1
        self.hurried = False
        press(self)
        self.texts.append(text(self))

    def back(self) -> str:
        """Undo what the current step pressed and go back one; what could not be undone."""
        mark = self.marks.pop()
        self.texts.pop()
        self.step -= 1
        self.hurried = False
        sim = self.sim
        while not mark.reached(sim):
            if not sim.trainer.can_undo and len(sim.checkpoints) <= mark.resets:
                return "the tour could not take every step back (u keeps the last 200)"
            self.press(sim.undo())
        if sim.trainer.config.learning_rate != mark.config.learning_rate:
            self.press(sim.set_alpha(mark.config.learning_rate))
        if sim.speed != mark.speed:
            self.press(sim.set_speed(mark.speed))
        if sim.row != mark.row:
            self.press(sim.show_student(mark.row, "tour: back to"))
        if mark.guessed and sim.trace is None:
            self.press(sim.forward())
        elif not mark.guessed and sim.trace is not None:
            sim.trace = sim.trace_net = None
            self.press(Outcome("tour: the guess is taken back; f makes it"))
        return ""

    def left(self) -> Outcome:
        """What the status line says when the tour closes."""
        return Outcome(f"t: left the tour at step {self.step + 1}; t starts it again")
