"""The run's parts without a screen: a run's end and its reasons, the focus student's
track, and the checkpoint that makes a reset undoable."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.data import bundled_path, load_dataset
from engine.model_file import save_model
from engine.recipe import EPOCH_BUDGET
from engine.trainer import Trainer, TrainingConfig
from tests.tui.conftest import make_app
from tui.checkpoint import reset_with_checkpoint, restore
from tui.cli import build_parser
from tui.focus import FOCUS_POINTS, FocusTrack
from tui.launch import build_trainer
from tui.run_budget import RunStop, ScreenRun


def trainer(epochs: int = 200) -> Trainer:
    data = load_dataset(bundled_path("students.csv"))
    return Trainer(data, TrainingConfig(seed=0, epochs=epochs))


def run_until_stopped(run: ScreenRun) -> RunStop:
    while True:
        _, stop = run.epoch()
        if stop is not None:
            return stop


def test_a_run_ends_at_the_budget_counted_from_epoch_zero_then_runs_one_more() -> None:
    t = trainer(epochs=5)  # fewer than the stop rule's patience
    t.run_epochs(2)
    run = ScreenRun(t)
    assert run.end == 5 and run.remaining() == 3
    stop = run_until_stopped(run)
    assert t.epoch == 5 and stop.epoch_kept == 5
    assert "budget (--epochs 5) is used up" in stop.text
    again = ScreenRun(t)  # after a stop: one more budget
    assert again.end == 10
    assert ScreenRun(t, more=True).end == 10


def test_a_model_opened_on_screen_gets_this_command_lines_budget(tmp_path: Path) -> None:
    """A model from ``train --epochs 0`` does not hand the screen a budget of 0: space runs
    the auto budget (its stop quoting no option the teacher never typed); an explicit
    ``--epochs`` on this command line wins."""
    path = tmp_path / "e0.json"
    data = load_dataset(bundled_path("students.csv"))
    made = Trainer(data, TrainingConfig(seed=0, epochs=0, tol=0))  # tol 0: the budget ends it
    save_model(path, made.saved_model())
    auto = build_trainer(build_parser().parse_args(["--model", str(path)]))
    assert auto.recipe.epochs == EPOCH_BUDGET["stochastic"]
    stop = run_until_stopped(ScreenRun(auto))
    assert auto.epoch == EPOCH_BUDGET["stochastic"]
    assert "--epochs" not in stop.text and "200-epoch budget is used up" in stop.text
    given = build_trainer(build_parser().parse_args(["--model", str(path), "--epochs", "3"]))
    assert given.recipe.epochs == 3
    assert "budget (--epochs 3) is used up" in run_until_stopped(ScreenRun(given)).text


def test_a_target_loss_stops_first() -> None:
    t = trainer()
    t.run_epochs(3)
    target = t.history[-1].train_loss - 0.01
    stop = run_until_stopped(ScreenRun(t, target_loss=target))
    assert 3 < t.epoch < 200 and t.history[-1].train_loss <= target
    assert all(r.train_loss > target for r in t.history[3:-1])  # the first epoch to reach it
    assert f"{t.history[-1].train_loss:.4f}" in stop.text and "target" in stop.text


def test_the_stop_rule_keeps_its_best_epoch() -> None:
    t = trainer(epochs=1000)  # a budget the rule ends first
    run = ScreenRun(t)
    stop = run_until_stopped(run)
    assert "stopped falling" in stop.text and t.epoch < 1000
    best = t.history[stop.epoch_kept - 1]
    assert best.epoch == stop.epoch_kept < t.epoch
    label = run.keep()
    assert label == f"kept epoch {stop.epoch_kept}'s weights" and run.kept is t.network
    assert t.measure().train_loss == best.train_loss  # that epoch's weights


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
    trainer = make_app().sim.trainer
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
