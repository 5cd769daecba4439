"""The run's parts without a screen: the budget and its stop reasons, the focus student's
track, and the checkpoint that makes a reset undoable."""

from __future__ import annotations

import numpy as np

from engine.history import EpochRecord
from tests.tui.conftest import make_app
from tui.checkpoint import reset_with_checkpoint, restore
from tui.focus import FOCUS_POINTS, FocusTrack
from tui.run_budget import RunBudget


def record(epoch: int, loss: float) -> EpochRecord:
    return EpochRecord(epoch, loss, 0.8, None, None)


def test_a_budget_runs_its_epochs_then_says_why() -> None:
    budget = RunBudget.from_epoch(5, 200)
    assert budget.end == 205 and budget.remaining(5) == 200
    assert budget.stop_reason(204, record(204, 0.3)) is None
    assert budget.unfinished(100)
    reason = budget.stop_reason(205, record(205, 0.3))
    assert reason is not None and "200 epochs" in reason and "--epochs" in reason
    assert not budget.unfinished(205)


def test_a_target_loss_stops_first() -> None:
    budget = RunBudget.from_epoch(0, 200, target_loss=0.25)
    assert budget.stop_reason(10, record(10, 0.26)) is None
    reason = budget.stop_reason(11, record(11, 0.2499))
    assert reason is not None and "0.2499" in reason and "0.25" in reason


def test_no_budget_runs_until_paused() -> None:
    budget = RunBudget.from_epoch(0, 0)
    assert budget.end is None and budget.remaining(10**6) is None
    assert budget.stop_reason(10**6, record(10**6, 0.1)) is None


def test_the_focus_track_follows_one_student() -> None:
    track = FocusTrack(3)
    track.sample(0, 0.4)
    track.sample(0, 0.4)  # the same redraw twice counts once
    track.sample(1, 0.5)
    assert track.points == [(0, 0.4), (1, 0.5)]
    track.follow(3)
    assert len(track.points) == 2  # the same student: the journey goes on
    track.follow(4)
    assert track.row == 4 and track.points == []
    for i in range(FOCUS_POINTS + 1):
        track.sample(i, i / FOCUS_POINTS)
    assert len(track.points) <= FOCUS_POINTS and track.points[-1] == (FOCUS_POINTS, 1.0)


def test_a_reset_and_its_restore_give_back_everything() -> None:
    trainer = make_app().trainer
    trainer.run_epochs(3)
    trainer.set_learning_rate(2.0)
    network, initial, config, history = (
        trainer.network,
        trainer.initial_network,
        trainer.config,
        list(trainer.history),
    )
    saved = reset_with_checkpoint(trainer, "a", activation="tanh")
    assert trainer.epoch == 0 and len(trainer.history) == 0
    assert trainer.config.activation == "tanh" and trainer.initial_network is not initial
    trainer.run_epochs(2)
    restore(trainer, saved)
    assert trainer.network is network and trainer.initial_network is initial
    assert trainer.config == config and trainer.epoch == 3
    assert list(trainer.history) == history
    assert not trainer.can_undo  # the epochs after the reset went with it
    np.testing.assert_array_equal(trainer.network.parameters(), network.parameters())
