"""The training history stays bounded however long a run goes: every epoch to 1,000, the
last 200 and the pinned (kept) epoch exact, geometrically fewer in between."""

from __future__ import annotations

import math

import numpy as np

from engine.history import History
from engine.limits import HISTORY_EXACT_EPOCHS, HISTORY_MAX_ROWS, HISTORY_RECENT_EPOCHS
from engine.trainer import EpochRecord


def record(epoch: int) -> EpochRecord:
    """A synthetic record whose numbers say which epoch it is (no training needed)."""
    return EpochRecord(epoch, 1.0 / epoch, 0.5, 2.0 / epoch, 0.25)


def fill(history: History, first: int, last: int) -> None:
    for epoch in range(first, last + 1):
        history.append(record(epoch))


def synthetic_rows(first: int, last: int) -> np.ndarray:
    """The rows ``record`` makes for epochs first..last, built at once (no Python loop)."""
    epochs = np.arange(first, last + 1, dtype=np.float64)
    return np.column_stack(
        [epochs, 1.0 / epochs, np.full_like(epochs, 0.5), 2.0 / epochs, np.full_like(epochs, 0.25)]
    )


def test_ten_million_epochs_keep_at_most_20000_rows() -> None:
    history = History()
    history.pin(4_321_987)
    n = 10**7
    for first in range(1, n, 10**6):
        history.append_rows(synthetic_rows(first, first + 10**6 - 1))
        assert len(history) <= HISTORY_MAX_ROWS
    assert len(history) <= HISTORY_MAX_ROWS
    epochs = [r.epoch for r in history]
    assert epochs == sorted(set(epochs))
    assert epochs[:HISTORY_EXACT_EPOCHS] == list(range(1, HISTORY_EXACT_EPOCHS + 1))
    assert epochs[-HISTORY_RECENT_EPOCHS:] == list(range(n - HISTORY_RECENT_EPOCHS + 1, n + 1))
    assert 4_321_987 in epochs
    kept = history[epochs.index(4_321_987)]
    assert kept == record(4_321_987)  # exact: the record as appended
    # geometric: the gap between kept epochs never exceeds a fixed share of the epoch
    gaps = np.diff(epochs)
    assert np.all(gaps <= np.maximum(np.array(epochs[1:]) / (HISTORY_EXACT_EPOCHS / 4), 1))


def test_appending_one_by_one_or_in_bulk_keeps_the_same_rows() -> None:
    one, bulk = History(), History()
    for history in (one, bulk):
        history.pin(31_337)
    fill(one, 1, 60_000)
    bulk.append_rows(synthetic_rows(1, 60_000))
    assert list(one) == list(bulk)
    assert len(one) <= HISTORY_MAX_ROWS


def test_short_runs_are_kept_whole() -> None:
    history = History()
    fill(history, 1, HISTORY_EXACT_EPOCHS + HISTORY_RECENT_EPOCHS)
    assert [r.epoch for r in history] == list(
        range(1, HISTORY_EXACT_EPOCHS + HISTORY_RECENT_EPOCHS + 1)
    )


def test_the_pin_moves_and_only_the_latest_is_protected() -> None:
    history = History()
    fill(history, 1, 5_000)
    history.pin(4_999)
    fill(history, 5_001, 5_500)
    history.pin(5_500)
    fill(history, 5_501, 9_000)
    epochs = {r.epoch for r in history}
    assert 5_500 in epochs
    assert history.keeps(5_500) and not history.keeps(4_999)


def test_undo_truncates_by_epoch_after_thinning() -> None:
    history = History()
    fill(history, 1, 3_000)
    history.truncate_to_epoch(2_900)
    assert history[-1].epoch == 2_900
    fill(history, 2_901, 3_100)
    assert [r.epoch for r in history][-HISTORY_RECENT_EPOCHS:] == list(range(2_901, 3_101))


def test_held_out_values_survive_thinning() -> None:
    history = History()
    for epoch in range(1, 2_500):
        history.append(EpochRecord(epoch, 1.0, 0.5, None, None))
    assert all(r.test_loss is None for r in history)
    assert not any(math.isnan(r.train_loss) for r in history)
