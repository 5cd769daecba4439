"""One run of ``space`` on the screen, under the recipe's rule (``engine.recipe.Run``, as
``train`` runs): epochs until the budget (``--epochs``, auto per mode), the stop rule (the
objective stopped falling: the best epoch's weights are kept), ``--until-loss`` or ``L``'s
target ends it, and why. No Textual import.

The budget counts from epoch 0, as ``train`` counts it: the first ``space`` runs to the
budget; paused part-way, ``space`` goes on to the same end; after a stop it runs one more
budget from where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.history import EpochRecord
from engine.network import Network
from engine.recipe import Run, Stop
from engine.trainer import Trainer


@dataclass(frozen=True)
class RunStop:
    """Why a run stopped (``text``, plain), and the epoch whose weights it keeps."""

    text: str
    epoch_kept: int


class ScreenRun:
    """Epochs of ``trainer`` under its recipe (``engine.recipe.Run``): the epoch budget
    (``--epochs``, auto per mode), the stop rule, ``--until-loss`` or ``L``'s target;
    ``epoch()`` trains one (undoable) and says whether the run stops there. Raises
    TrainingDiverged."""

    def __init__(
        self, trainer: Trainer, target_loss: float | None = None, more: bool = False
    ) -> None:
        self.trainer = trainer
        self._run = Run(trainer)
        rule = self._run.rule
        self.budget = trainer.recipe.epochs
        if more:  # after a stop: one more budget from here
            rule.end, self._run.stop = trainer.epoch + self.budget, None
        rule.until_loss = target_loss
        self.end: int | None = rule.end
        self.stop: RunStop | None = None
        self.kept: Network | None = None
        """The network ``keep`` took (an earlier epoch's), if it took one."""

    def remaining(self) -> int | None:
        """Epochs left before the budget's end."""
        return None if self.end is None else max(self.end - self.trainer.epoch, 0)

    def epoch(self) -> tuple[EpochRecord, RunStop | None]:
        """One epoch; its record, and the RunStop if the run ends here."""
        record, stop = self._run.epoch()
        self.stop = None if stop is None else RunStop(self._why(stop, record), stop.epoch_kept)
        return record, self.stop

    def _why(self, stop: Stop, record: EpochRecord) -> str:
        if stop.reason == "until_loss":
            target = self._run.rule.until_loss
            return f"training loss {record.train_loss:.4f} reached the target {target:g}"
        if stop.reason == "converged":
            return "the objective (loss + decay) stopped falling"  # what the rule watches
        if self.trainer.config.epochs is None:  # auto: quote no option the user never gave
            return f"its {self.budget:,}-epoch budget is used up"
        return f"its budget (--epochs {self.budget:,}) is used up"

    def keep(self) -> str | None:
        """Take the weights the stop rule keeps (its best epoch), as one undoable step; the
        undo label, or None when they are the current ones."""
        label = self._run.keep()
        if label is not None:
            self.kept = self.trainer.network
        return label
