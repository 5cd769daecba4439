"""Where a run on the screen stops: a budget of epochs (``--epochs``), a target training loss
(``L``), or the recipe's own stop rule, whichever comes first. No Textual import.

``space`` runs one budget; paused part-way, ``space`` goes on to the same end; after a stop it
runs one more budget from where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.history import EpochRecord


@dataclass(frozen=True)
class RunBudget:
    """A run from epoch ``start`` to at most ``end`` (None: no end), stopping early once the
    training loss is at most ``target_loss``."""

    start: int
    end: int | None
    target_loss: float | None = None

    @classmethod
    def from_epoch(
        cls, epoch: int, epochs: int | None, target_loss: float | None = None
    ) -> RunBudget:
        """One budget of ``epochs`` epochs (None or 0: no limit) from ``epoch``."""
        return cls(epoch, epoch + epochs if epochs else None, target_loss)

    def remaining(self, epoch: int) -> int | None:
        """Epochs left before ``end`` (None: no limit)."""
        return None if self.end is None else max(self.end - epoch, 0)

    def unfinished(self, epoch: int) -> bool:
        """Whether a run paused at ``epoch`` still has epochs of this budget to go."""
        return self.end is None or epoch < self.end

    def stop_reason(self, epoch: int, record: EpochRecord | None) -> str | None:
        """Why a run at ``epoch`` (its last record ``record``) stops now, or None to go on."""
        target = self.target_loss
        if target is not None and record is not None and record.train_loss <= target:
            return f"training loss {record.train_loss:.4f} reached the target {target:g} (L)"
        if self.end is not None and epoch >= self.end:
            return f"ran the budget of {self.end - self.start:,} epochs (--epochs)"
        return None
