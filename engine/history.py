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
from numpy.typing import ArrayLike, NDArray

from engine.limits import HISTORY_EXACT_EPOCHS, HISTORY_MAX_ROWS, HISTORY_RECENT_EPOCHS


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
    about 250 for a list of records), and bounded however long a run goes: at most
    ``HISTORY_MAX_ROWS`` rows (800 KB) for any run shorter than 10^14 epochs.

    Thinning (``keeps``): every epoch up to ``HISTORY_EXACT_EPOCHS`` (1,000), the last
    ``HISTORY_RECENT_EPOCHS`` (200) rows and the pinned epoch (``pin``: the one a trainer keeps,
    e.g. the best so far) stay exact; beyond epoch 1,000 an epoch is kept when it is a
    multiple of a stride that doubles with each doubling of the run (every 2nd epoch of
    1,001-2,000, every 4th of 2,001-4,000, ...): 500 rows a doubling, so a chart of the whole
    run keeps its shape. Rows are thinned in bulk whenever the block is full, so ``append``
    stays cheap; until then nothing is dropped.

    Reads like a list of ``EpochRecord`` (``len``, ``[i]``, slices, iteration, ``== []``);
    held-out values are stored as NaN where there is no held-out set.
    """

    FIELDS = ("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy")

    def __init__(self, records: Iterable[EpochRecord] = ()) -> None:
        self._rows = np.empty((64, len(self.FIELDS)))
        self._n = 0
        self._pinned: int | None = None
        for record in records:
            self.append(record)

    def append(self, record: EpochRecord) -> None:
        """Add one epoch's record at the end."""
        if self._n == len(self._rows):
            self._make_room()
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

    def append_rows(self, rows: ArrayLike) -> None:
        """Add many records at once: ``(n, 5)`` in ``FIELDS`` order, NaN where there is no
        held-out set (for tools and tests that make long histories without training)."""
        block = np.asarray(rows, dtype=np.float64).reshape(-1, len(self.FIELDS))
        done = 0
        while done < len(block):
            if self._n == len(self._rows):
                self._make_room()
            take = min(len(self._rows) - self._n, len(block) - done)
            self._rows[self._n : self._n + take] = block[done : done + take]
            self._n += take
            done += take

    def pin(self, epoch: int | None) -> None:
        """Keep ``epoch``'s record exact however long the run goes (one epoch at a time: a
        new pin replaces the old; None for none)."""
        self._pinned = epoch

    @property
    def pinned(self) -> int | None:
        """The epoch kept exact by ``pin``, if any."""
        return self._pinned

    def keeps(self, epoch: int) -> bool:
        """Whether thinning keeps ``epoch`` once it is no longer among the last rows."""
        return bool(self._keep_mask(np.array([epoch], dtype=np.int64))[0])

    def _keep_mask(self, epochs: NDArray[np.int64]) -> NDArray[np.bool_]:
        """``keeps`` for many epochs at once."""
        later = np.maximum(epochs - 1, 0) // HISTORY_EXACT_EPOCHS  # 0 up to epoch 1,000
        bits = np.frexp(np.maximum(later, 1).astype(np.float64))[1]  # bit length of `later`
        stride = np.left_shift(np.int64(1), np.minimum(bits, 62).astype(np.int64))
        keep: NDArray[np.bool_] = (later == 0) | (epochs % stride == 0)
        if self._pinned is not None:
            keep |= epochs == self._pinned
        return keep

    def _make_room(self) -> None:
        """The block is full: grow it up to HISTORY_MAX_ROWS, then thin all but the last
        rows; grow past it only if thinning freed nothing (nothing exact is ever dropped)."""
        size = len(self._rows)
        if size >= HISTORY_MAX_ROWS:
            older = self._n - HISTORY_RECENT_EPOCHS
            keep = self._keep_mask(self._rows[:older, 0].astype(np.int64))
            kept = int(np.count_nonzero(keep))
            if kept < older:
                self._rows[:kept] = self._rows[:older][keep]
                self._rows[kept : kept + HISTORY_RECENT_EPOCHS] = self._rows[older : self._n]
                self._n = kept + HISTORY_RECENT_EPOCHS
                return
        bigger = 2 * size if size >= HISTORY_MAX_ROWS else min(2 * size, HISTORY_MAX_ROWS)
        grown = np.empty((bigger, len(self.FIELDS)))
        grown[: self._n] = self._rows[: self._n]
        self._rows = grown

    def truncate(self, n: int) -> None:
        """Keep only the first ``n`` records."""
        self._n = min(self._n, max(n, 0))

    def truncate_to_epoch(self, epoch: int) -> None:
        """Keep only the records of epochs up to ``epoch`` (undo: thinning moves positions,
        not epochs)."""
        self._n = int(np.searchsorted(self._rows[: self._n, 0], epoch, side="right"))

    def clear(self) -> None:
        """No records, nothing pinned."""
        self._n = 0
        self._pinned = None

    def epochs(self) -> list[int]:
        """Each row's epoch, in order (cheap: no records are made; the chart samples these)."""
        epochs: list[int] = self._rows[: self._n, 0].astype(np.int64).tolist()
        return epochs

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
