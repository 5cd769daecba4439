"""The training history: one record of loss and accuracy per epoch, kept compactly.

``EpochRecord`` is what one epoch measured (loss and accuracy over whole sets, the held-out
values None when there is no held-out set); ``History`` keeps the records of a whole run as
float64 rows and reads like a list of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np


@dataclass(frozen=True)
class EpochRecord:
    """Loss and accuracy over whole sets, measured with the network at the end of an epoch."""

    epoch: int
    train_loss: float
    train_accuracy: float
    test_loss: float | None
    test_accuracy: float | None


class History(Sequence[EpochRecord]):
    """The per-epoch records, kept as rows of five float64 columns (40 bytes an epoch, against
    about 250 for a list of records), so an hour of live training at full speed stays small.

    Reads like a list of ``EpochRecord`` (``len``, ``[i]``, slices, iteration, ``== []``);
    held-out values are stored as NaN where there is no held-out set.
    """

    FIELDS = ("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy")

    def __init__(self, records: Iterable[EpochRecord] = ()) -> None:
        self._rows = np.empty((64, len(self.FIELDS)))
        self._n = 0
        for record in records:
            self.append(record)

    def append(self, record: EpochRecord) -> None:
        """Add one epoch's record at the end."""
        if self._n == len(self._rows):
            grown = np.empty((2 * len(self._rows), len(self.FIELDS)))
            grown[: self._n] = self._rows[: self._n]
            self._rows = grown
        test_loss = math.nan if record.test_loss is None else record.test_loss
        test_acc = math.nan if record.test_accuracy is None else record.test_accuracy
        self._rows[self._n] = (
            record.epoch,
            record.train_loss,
            record.train_accuracy,
            test_loss,
            test_acc,
        )
        self._n += 1

    def truncate(self, n: int) -> None:
        """Keep only the first ``n`` records (undo)."""
        self._n = min(self._n, max(n, 0))

    def clear(self) -> None:
        """No records."""
        self._n = 0

    def _record(self, i: int) -> EpochRecord:
        epoch, train_loss, train_acc, test_loss, test_acc = self._rows[i].tolist()
        held_out = not math.isnan(test_loss)
        return EpochRecord(
            int(epoch),
            train_loss,
            train_acc,
            test_loss if held_out else None,
            test_acc if held_out else None,
        )

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> EpochRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[EpochRecord]: ...

    def __getitem__(self, index: int | slice) -> EpochRecord | list[EpochRecord]:
        if isinstance(index, slice):
            return [self._record(i) for i in range(*index.indices(self._n))]
        i = index + self._n if index < 0 else index
        if not 0 <= i < self._n:
            raise IndexError(f"history index {index} out of range for {self._n} epochs")
        return self._record(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (History, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"History({len(self)} epochs)"
