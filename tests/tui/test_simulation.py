"""The Simulation's verbs, without a pilot: each changes the state and returns its record."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from engine.data import bundled_path, load_dataset
from engine.presets import mazur, preset_trainer
from engine.trainer import Trainer, TrainingConfig
from tui.autoplay import STUDENT_PACES
from tui.records import AlphaSet, Blame, EpochDone, Guess, Moved, RunSnapshot, Undone
from tui.simulation import ALPHA_RANGE, SPEEDS, Simulation


@pytest.fixture
def sim() -> Simulation:
    data = load_dataset(bundled_path("students.csv"))
    return Simulation(Trainer(data, TrainingConfig(seed=0)))


def held_out(sim: Simulation) -> int:
    return next(r for r in range(sim.trainer.dataset.n_samples) if not sim.trainer.is_training(r))


def test_starts_on_the_first_training_student(sim: Simulation) -> None:
    assert sim.row == sim.train_rows[0] and sim.trace is None and not sim.running


def test_forward_makes_the_guess_it_reports(sim: Simulation) -> None:
    out = sim.forward()
    assert isinstance(out, Guess) and out.trace is sim.trace
    assert sim.trace_net is sim.trainer.network and not sim.stale_guess
    p = float(sim.trainer.forward_row(sim.row).output[0, 0])
    assert out.text.startswith("f: the guessing game for ") and f"{p:.1%}" in out.text


def test_backprop_steps_and_keeps_the_blamed_guess(sim: Simulation) -> None:
    start = sim.trainer.network
    out = sim.backprop()
    assert isinstance(out, Blame) and out.step is not None and out.alert is None
    assert out.step.before is start and sim.trainer.network is out.step.after
    assert sim.before is start and sim.last_step is out.step
    assert sim.stale_guess  # the guess shown is the one b blamed
    assert "guessed first (f)" in out.text
    sim.forward()
    assert "guessed first" not in sim.backprop().text


def test_backprop_refuses_a_held_out_student(sim: Simulation) -> None:
    sim.show_student(held_out(sim))
    start = sim.trainer.network
    out = sim.backprop()
    assert out.step is None and out.alert is not None and out.text.startswith("b refused")
    assert sim.trainer.network is start


def test_move_walks_the_training_students_and_wraps(sim: Simulation) -> None:
    rows = sim.train_rows
    out = sim.move(+1)
    assert isinstance(out, Moved) and out.row == rows[1] == sim.row and sim.trace is None
    assert "f makes the guess" in out.text and "student 2 of 480 training" in out.text
    sim.forward()
    out = sim.move(+1)  # once a guess is on screen, it follows the focus student
    assert out.row == rows[2] and sim.trace is not None and "f makes" not in out.text
    expected = sim.trainer.forward_row(rows[2]).output
    assert float(sim.trace.output[0, 0]) == float(expected[0, 0])
    sim.previous_student()
    assert sim.previous_student().row == rows[0]
    assert sim.previous_student().row == rows[-1]
    assert sim.next_student().row == rows[0]


def test_epoch_records_the_epoch_and_keeps_the_guess_current(sim: Simulation) -> None:
    sim.forward()
    start = sim.trainer.network
    out = sim.epoch()
    assert isinstance(out, EpochDone) and out.record is not None and out.record.epoch == 1
    assert sim.last_epoch == (start, sim.trainer.network) and sim.before is start
    assert sim.trace_net is sim.trainer.network  # re-guessed with the new weights


def test_undo_takes_back_and_clears_the_change_marks(sim: Simulation) -> None:
    start = sim.trainer.network
    sim.epoch()
    out = sim.undo()
    assert isinstance(out, Undone) and out.label is not None
    assert sim.trainer.network is start and sim.before is None
    assert sim.undo().label is None


def test_undo_is_the_same_after_a_weight_edit(sim: Simulation) -> None:
    sim.epoch()
    edited = sim.set_parameter(0, 1.5, "w1 = 1.5")
    assert edited.value == 1.5 and float(sim.trainer.network.parameters()[0]) == 1.5
    assert sim.before is None
    sim.before = sim.trainer.network  # as a later step would leave it
    assert sim.undo().label == "w1 = 1.5" and sim.before is None


def test_alpha_stops_at_the_limit_in_one_place(sim: Simulation) -> None:
    low, high = ALPHA_RANGE
    for _ in range(15):
        out = sim.scale_alpha(2.0)
    assert isinstance(out, AlphaSet) and out.refused and sim.trainer.config.learning_rate == high
    assert "stays" in out.text
    assert sim.set_alpha(high * 2).refused and sim.set_alpha(low / 2).refused
    assert not sim.set_alpha(0.25).refused and sim.trainer.config.learning_rate == 0.25


def test_settings_verbs(sim: Simulation) -> None:
    assert (
        sim.next_mode().text.startswith("M: minibatch") and sim.trainer.config.mode == "minibatch"
    )
    out = sim.next_activation()
    assert sim.trainer.config.activation == "tanh" and "u takes it back" in out.text
    seed = sim.trainer.config.seed
    sim.new_seed()
    assert sim.trainer.config.seed == seed + 1
    sim.epoch()
    initial = sim.trainer.initial_network
    sim.reset()
    assert sim.trainer.network is initial and sim.trainer.epoch == 0


def test_speed_is_clamped_to_the_list(sim: Simulation) -> None:
    sim.set_speed(-99)
    assert sim.speed == -len(STUDENT_PACES) and sim.speed_text() == "1 student/2s"
    sim.set_speed(0)
    assert sim.speed == 0 and sim.speed_text() == f"{SPEEDS[0]}/s"
    assert sim.set_speed(99).text == "speed: max" and sim.speed == len(SPEEDS) - 1


def test_run_chunk_runs_epochs_until_paused(sim: Simulation) -> None:
    assert SPEEDS[sim.speed] == 20  # a run starts at a pace a class can watch
    sim.set_speed(len(SPEEDS) - 1)
    assert sim.toggle_run().text.startswith("space: running")
    snap = sim.run_chunk(0.01)
    assert snap.ran >= 1 and snap.epoch == sim.trainer.epoch == snap.ran
    assert snap.wait is None and snap.diverged is None  # full speed: just yield
    out = sim.toggle_run()
    assert out.paused and not sim.running and "paused at epoch" in out.text
    assert sim.epoch().paused is False


def test_run_chunk_keeps_to_a_slow_speed(sim: Simulation) -> None:
    sim.set_speed(0)  # 1 epoch a second: one due now, the next in about a second
    sim.start()
    snap = sim.run_chunk(1.0)
    assert snap.ran == 1 and snap.rate == 1
    assert snap.wait is not None and snap.wait > 0


def test_a_step_during_a_run_pauses_it(sim: Simulation) -> None:
    sim.start()
    out = sim.backprop()
    assert out.paused and not sim.running and "paused the run; " in out.text


def test_divergence_pauses_with_an_alert() -> None:
    config = TrainingConfig(
        mode="batch", scale="none", learning_rate=1e6, activation="linear", hidden=(4,)
    )
    sim = Simulation(Trainer(load_dataset(bundled_path("students.csv")), config))
    sim.set_speed(len(SPEEDS) - 1)
    sim.start()
    snap = sim.run_chunk(1.0)
    assert snap.diverged is not None and snap.diverged.alert is not None
    assert snap.diverged.alert.error and not sim.running


def test_worked_example_names_and_places() -> None:
    sim = Simulation(preset_trainer(mazur()))
    assert sim.worked_example and sim.places == 9
    assert sim.target_text(sim.row) == "o1 0.01, o2 0.99"
    assert "o1 0." in sim.forward().text


def test_hidden_names(sim: Simulation) -> None:
    sim.hide_names = True
    assert sim.student_name(4) == "student 5"
    assert sim.student_labels()[4].startswith("student 5 (")


def test_the_simulation_does_not_load_textual() -> None:
    code = "import tui.simulation, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def run_to_the_end(sim: Simulation) -> RunSnapshot:
    """Chunks at full speed until the run stops by itself."""
    sim.set_speed(len(SPEEDS) - 1)
    while True:
        snap = sim.run_chunk(0.05)
        if snap.stopped is not None or snap.diverged is not None:
            return snap


def test_a_run_at_the_defaults_stops_by_itself_and_says_why(sim: Simulation) -> None:
    assert "to epoch 200" in sim.toggle_run().text  # the stochastic budget, --epochs auto
    snap = run_to_the_end(sim)
    assert snap.stopped is not None and snap.stopped.paused and not sim.running
    stop = sim.stop
    assert stop is not None and sim.trainer.epoch <= 200
    assert f"stopped at {sim.trainer.epoch}: {stop.text}" in snap.stopped.text
    if stop.epoch_kept < sim.trainer.epoch:  # the rule kept an earlier epoch's weights
        assert snap.stopped.text.endswith(f"; kept epoch {stop.epoch_kept}")
        assert sim.trace_epoch == stop.epoch_kept  # the guess says whose weights it used
    end = sim.trainer.epoch
    more = sim.toggle_run()  # space after a stop: one more budget, and it says so
    assert f"one more budget to epoch {end + 200}" in more.text


def test_a_run_to_its_budget(sim: Simulation) -> None:
    sim.trainer.config = replace(sim.trainer.config, epochs=5)
    sim.start()
    snap = run_to_the_end(sim)
    assert snap.stopped is not None and sim.trainer.epoch == 5
    assert "its budget (--epochs 5) is used up; space runs more" in snap.stopped.text


def test_a_paused_run_goes_on_to_the_same_end(sim: Simulation) -> None:
    sim.set_speed(len(SPEEDS) - 1)
    sim.start()
    sim.run_chunk(0.001)
    sim.toggle_run()
    assert "going on to epoch 200" in sim.toggle_run().text


def test_a_target_loss_ends_the_run(sim: Simulation) -> None:
    assert "not a number" in sim.set_target_loss("low").text and sim.target_loss is None
    for _ in range(3):
        sim.epoch()
    target = round(sim.trainer.history[-1].train_loss - 0.01, 4)
    out = sim.set_target_loss(str(target))
    assert sim.target_loss == target and f"at most {target:g}" in out.text
    sim.start()
    snap = run_to_the_end(sim)
    assert snap.stopped is not None and f"reached the target {target:g}" in snap.stopped.text
    assert sim.trainer.history[-1].train_loss <= target < sim.trainer.history[-2].train_loss
    assert "no target" in sim.set_target_loss("none").text and sim.target_loss is None


def test_a_reset_is_undone_exactly(sim: Simulation) -> None:
    sim.epoch()
    sim.epoch()
    sim.scale_alpha(2.0)
    sim.next_mode()
    network, initial, config = sim.trainer.network, sim.trainer.initial_network, sim.trainer.config
    history = list(sim.trainer.history)
    for verb in (sim.reset, sim.new_seed, sim.next_activation):
        out = verb()
        assert "u takes it back" in out.text and sim.trainer.epoch == 0
        sim.epoch()  # u takes back this epoch first, then the reset
        assert sim.undo().label == "epoch 1"
        undone = sim.undo()
        assert undone.label is not None and undone.label.startswith(out.text[0])
        assert sim.trainer.network is network and sim.trainer.initial_network is initial
        assert sim.trainer.config == config and sim.trainer.epoch == 2
        assert list(sim.trainer.history) == history


def test_the_focus_track_follows_the_guess(sim: Simulation) -> None:
    sim.forward()
    sim.sample_focus()
    sim.epoch()
    sim.sample_focus()
    assert [e for e, _ in sim.focus.points] == [0, 1]
    assert sim.focus.points[-1][1] == float(sim.trace.output[0, 0])  # type: ignore[union-attr]
    sim.next_student()
    assert sim.focus.points == []


def test_the_start_record_is_epoch_zero(sim: Simulation) -> None:
    start = sim.start_record()
    assert start.epoch == 0
    sim.epoch()
    assert sim.start_record() is start  # measured once per initial network
    assert start.train_loss == sim.trainer.measure(sim.trainer.initial_network).train_loss
