"""Autoplay below one epoch a second, without a pilot: the beats, their order and length on
the autoplay's own clock, and an autoplayed epoch against ``e``."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import bundled_path, load_dataset
from engine.explain import blame
from engine.trainer import Trainer, TrainingConfig
from tui.autoplay import BEATS, MIN_BEAT, STUDENT_PACES, beat_seconds
from tui.simulation import Simulation


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def simulation(mode: str = "stochastic") -> tuple[Simulation, Clock]:
    data = load_dataset(bundled_path("students.csv"))
    sim = Simulation(Trainer(data, TrainingConfig(seed=3, mode=mode, batch_size=40)))
    clock = Clock()
    sim.autoplay.clock = clock
    return sim, clock


def slowest(sim: Simulation) -> None:
    while sim.speed > -len(STUDENT_PACES):
        sim.set_speed(sim.speed - 1)


def play(sim: Simulation, clock: Clock, ticks: int) -> list[str]:
    """``ticks`` beats (each waited out on the clock); the status lines they gave."""
    said = []
    for _ in range(ticks):
        snap = sim.run_chunk(0.002)
        assert snap.diverged is None
        if snap.beat is not None:
            said.append(snap.beat.text)
        assert snap.wait is not None
        clock.now += snap.wait
    return said


def test_the_slowest_pace_is_one_step_every_two_seconds_in_beats() -> None:
    assert STUDENT_PACES[0] == 0.5
    seconds = beat_seconds(STUDENT_PACES[0])
    assert seconds is not None and seconds * len(BEATS) == 2.0 and seconds >= MIN_BEAT
    assert beat_seconds(STUDENT_PACES[-1]) is None  # 50 a second: each step shown whole


def test_the_speed_goes_below_one_epoch_a_second() -> None:
    sim, _ = simulation()
    sim.set_speed(0)
    assert sim.speed_text() == "1/s"
    sim.set_speed(-1)
    assert sim.speed_text() == "50 students/s"
    slowest(sim)
    assert sim.speed_text() == "1 student/2s"
    assert sim.set_speed(sim.speed - 1).text == "speed: 1 student/2s"  # no slower


def test_beats_come_in_order_each_at_least_the_shortest_beat() -> None:
    sim, clock = simulation()
    slowest(sim)
    sim.toggle_run()
    said = play(sim, clock, 4 * 3 + 1)
    log = list(sim.autoplay.log)
    assert [b.beat for b in log] == [*BEATS * 3, "guess"]
    assert [b.step for b in log] == [1] * 4 + [2] * 4 + [3] * 4 + [4]
    assert all(b.seconds is not None and b.seconds >= MIN_BEAT for b in log[:-1])
    assert [s.split(" ")[0] for s in said[:4]] == list(BEATS)
    assert ": most " in said[3]  # the update names the weight it moved furthest
    first = sim.trainer.split.train[sim.trainer.epoch_order(1)[0]]
    assert sim.student_name(int(first)) in said[0]


def test_a_beat_is_not_cut_short() -> None:
    sim, clock = simulation()
    slowest(sim)
    sim.toggle_run()
    play(sim, clock, 1)  # the guess, and the clock moved on to when the error is due
    clock.now -= 0.1  # woken early: nothing moves on
    snap = sim.run_chunk(0.002)
    assert snap.beat is None and snap.wait == pytest.approx(0.1)
    assert [b.beat for b in sim.autoplay.log] == ["guess"]


def test_the_blame_beat_gives_each_weight_its_share_and_direction() -> None:
    sim, clock = simulation()
    slowest(sim)
    sim.toggle_run()
    play(sim, clock, 2)
    assert sim.autoplay.blame_shown is None  # the error beat
    play(sim, clock, 1)
    shares = sim.autoplay.blame_shown
    assert shares is not None and len(shares) == sim.trainer.network.n_parameters
    assert sum(r.share for r in shares) == pytest.approx(1.0)
    net, row = sim.trainer.network, sim.row
    grads = net.backward(net.forward(sim.trainer.X[row : row + 1]), sim.trainer.y[row : row + 1])
    w = {(r.layer, r.row, r.col): r.gradient for r in shares}
    assert np.sign(w[1, 0, 0]) == np.sign(grads.weights[1][0, 0])
    before = sim.trainer.network
    play(sim, clock, 1)  # the update
    assert sim.autoplay.blame_shown is None and sim.before is before
    assert sim.trainer.network is not before and sim.trainer.epoch == 0


@pytest.mark.parametrize("mode", ["stochastic", "minibatch", "batch"])
def test_autoplaying_one_epoch_equals_e(mode: str) -> None:
    sim, clock = simulation(mode)
    twin, _ = simulation(mode)
    done = twin.epoch().record
    slowest(sim)
    sim.toggle_run()
    steps = len(sim.trainer.epoch_steps(1))
    said = play(sim, clock, 4 * steps)
    t = sim.trainer
    assert t.epoch == 1 and twin.trainer.epoch == 1
    assert np.array_equal(t.network.parameters(), twin.trainer.network.parameters())
    assert list(t.history) == list(twin.trainer.history) and t.history[-1] == done
    assert said[-1].endswith(f"epoch 1 done, loss {done.train_loss:.4f}")
    assert t.undo() == "epoch 1" and t.network is t.initial_network


def test_in_batch_mode_one_beat_cycle_is_one_batch_step_blamed_as_a_sum() -> None:
    sim, clock = simulation("minibatch")
    slowest(sim)
    sim.toggle_run()
    said = play(sim, clock, 3)
    assert said[0].startswith("guess · batch 1 of 12: 40 students")
    assert said[2].startswith("blame summed over 40 students")
    shares = sim.autoplay.blame_shown
    assert shares is not None and sum(r.share for r in shares) == pytest.approx(1.0)
    t, net = sim.trainer, sim.trainer.network
    positions = t.epoch_steps(1)[0]
    X, y = t.X_train[positions], t.y_train[positions]
    trace = net.forward(X)
    grads = net.backward(trace, y, t.config.loss)
    each = [blame(net, trace, grads, net, t.config.loss, y, s) for s in range(len(positions))]
    sums = [sum(one[k].gradient for one in each) for k in range(len(shares))]
    np.testing.assert_allclose([r.gradient for r in shares], sums, rtol=1e-9, atol=1e-15)


def test_a_verb_mid_epoch_keeps_the_steps_as_one_undoable_action() -> None:
    sim, clock = simulation()
    start = sim.trainer.network
    slowest(sim)
    sim.toggle_run()
    play(sim, clock, 4 * 3)  # three students
    sim.toggle_run()  # space: paused between beats, the epoch still pending
    assert not sim.running and sim.autoplay.pending
    sim.backprop()
    assert not sim.autoplay.pending
    assert sim.trainer.undo() is not None  # b
    assert sim.trainer.undo() == "autoplay: 3 steps of epoch 1"
    assert sim.trainer.network is start and sim.trainer.epoch == 0


def test_space_pauses_between_beats_and_goes_on_from_there() -> None:
    sim, clock = simulation()
    slowest(sim)
    sim.toggle_run()
    play(sim, clock, 3)
    assert "at the blame" in sim.toggle_run().text
    clock.now += 30
    sim.toggle_run()
    assert sim.run_chunk(0.002).beat is None  # the blame gets its whole time again
    clock.now += 0.5
    snap = sim.run_chunk(0.002)
    assert snap.beat is not None and snap.beat.text.startswith("update")


def test_going_back_to_epoch_paces_finishes_the_epoch_as_e_would() -> None:
    sim, clock = simulation()
    twin, _ = simulation()
    twin.epoch()
    slowest(sim)
    sim.toggle_run()
    play(sim, clock, 4 * 5)
    out = sim.set_speed(0)
    assert out.text.endswith("finished epoch 1")
    assert np.array_equal(sim.trainer.network.parameters(), twin.trainer.network.parameters())
    assert list(sim.trainer.history) == list(twin.trainer.history)


def test_faster_student_paces_show_whole_steps() -> None:
    sim, clock = simulation()
    sim.set_speed(-2)  # 10 students a second
    sim.toggle_run()
    said = play(sim, clock, 3)
    assert len(said) == 3 and all(s.startswith("autoplay · ") for s in said)
    assert "step 3 of" in said[2] and not sim.autoplay.log
