"""One run of ``space`` on the screen: epochs until the budget (``--epochs``) or a target
training loss (``L``) ends it, and why. No Textual import.

The budget counts from epoch 0, as ``train`` counts it: the first ``space`` runs to epoch
``--epochs``; paused part-way, ``space`` goes on to the same end; after a stop it runs one
more budget from where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.history import EpochRecord
from engine.trainer import Trainer


@dataclass(frozen=True)
class RunStop:
    """Why a run stopped (``text``, plain), and the epoch whose weights it keeps."""

    text: str
    epoch_kept: int


class ScreenRun:
    """Epochs of ``trainer`` until the run's end: ``epoch()`` trains one (undoable) and says
    whether the run stops there (``stop``). Raises TrainingDiverged."""

    def __init__(
        self, trainer: Trainer, target_loss: float | None = None, more: bool = False
    ) -> None:
        self.trainer = trainer
        self.target_loss = target_loss
        start, budget = trainer.epoch, trainer.config.epochs
        self.budget = budget
        self.end: int | None = None
        if budget:
            self.end = start + budget if more or start >= budget else budget
        self.stop: RunStop | None = None

    def remaining(self) -> int | None:
        """Epochs left before the budget's end (None: no end)."""
        return None if self.end is None else max(self.end - self.trainer.epoch, 0)

    def epoch(self) -> tuple[EpochRecord, RunStop | None]:
        """One epoch; its record, and the RunStop if the run ends here."""
        record = self.trainer.run_epoch()
        self.stop = self.stop_after(record)
        return record, self.stop

    def stop_after(self, record: EpochRecord) -> RunStop | None:
        """Whether the run ends after ``record``'s epoch, and why."""
        target = self.target_loss
        if target is not None and record.train_loss <= target:
            return RunStop(
                f"training loss {record.train_loss:.4f} reached the target {target:g}",
                record.epoch,
            )
        if self.end is not None and record.epoch >= self.end:
            return RunStop(f"its budget (--epochs {self.budget:,}) is used up", record.epoch)
        return None

    def keep(self) -> str | None:
        """Take the stop's weights where they are not the current ones (never, here: the
        budget and the target keep the last epoch's); the undo label, or None."""
        return None
