"""What the Simulation's verbs return: one record per kind of verb (frozen dataclasses).

Every record is an ``Outcome``: ``text`` for the status line (plain text, not markup),
``paused`` (the verb stopped a run, so the App stops its worker) and an ``alert`` to pop up.
The subclasses add what the verb made: a trace, a step, an epoch record, an undo label.
``RunSnapshot`` is what one ``Simulation.run_chunk`` did. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.network import ForwardTrace
from engine.trainer import EpochRecord, StepResult


@dataclass(frozen=True)
class Alert:
    """Something to pop up as well as say: a refusal, or a run that diverged."""

    title: str
    text: str
    error: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a verb did: ``text`` for the status line (plain text, not markup), whether it
    paused a run (``paused``: the App stops its worker) and an ``alert`` to pop up, if any."""

    text: str
    paused: bool = False
    alert: Alert | None = None


@dataclass(frozen=True)
class Guess(Outcome):
    """``forward``: the forward pass made for the current student."""

    trace: ForwardTrace | None = None


@dataclass(frozen=True)
class Blame(Outcome):
    """``backprop``: the step made (trace, gradients with deltas, networks); None if refused
    (a held-out student is never learned from)."""

    step: StepResult | None = None


@dataclass(frozen=True)
class Moved(Outcome):
    """``move`` / ``show_student``: the student now shown (a dataset row, from 0)."""

    row: int = 0


@dataclass(frozen=True)
class EpochDone(Outcome):
    """``epoch``: the epoch's record; None if training diverged (see ``alert``)."""

    record: EpochRecord | None = None


@dataclass(frozen=True)
class Undone(Outcome):
    """``undo``: the label of what was taken back; None if there was nothing."""

    label: str | None = None


@dataclass(frozen=True)
class AlphaSet(Outcome):
    """``scale_alpha`` / ``set_alpha``: alpha before and after (equal if refused), and the
    effective alpha of the next step after it (the schedule's, ``Trainer.learning_rate_now``)."""

    old: float = 0.0
    new: float = 0.0
    now: float = 0.0

    @property
    def refused(self) -> bool:
        """Whether the new value was outside ``ALPHA_RANGE`` (alpha kept)."""
        return self.old == self.new


@dataclass(frozen=True)
class ParameterSet(Outcome):
    """``set_parameter``: which parameter (flat index) and its new value."""

    index: int = 0
    value: float = 0.0


@dataclass(frozen=True)
class RunSnapshot:
    """What one ``run_chunk`` did: epochs run, where training stands, how long to wait
    before the next chunk (None: just yield to the keys), and a divergence or a stop."""

    ran: int
    epoch: int
    rate: int | None
    wait: float | None
    diverged: Outcome | None = None
    beat: Outcome | None = None
    """Autoplay: the beat (or student step) just shown, for the status line."""
    stopped: Outcome | None = None
    """The run ended in this chunk (its budget, the target loss, the stop rule): why."""
