"""The default recipe: alpha decay, weight decay, the epoch budget, the stop rule, and what a
finished run says about itself (saturation, "learned nothing")."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from engine.data import DataError, Dataset, bundled_path, load_dataset
from engine.diagnose import check_two_classes, learned_nothing, saturation
from engine.network import Network
from engine.recipe import (
    EPOCH_BUDGET,
    LR_DECAY,
    Recipe,
    Run,
    StopRule,
    decay_text,
    learning_rate_at,
    penalty,
)
from engine.trainer import Trainer, TrainingConfig
from sample_data.make_students import FLIP_RATE
from tui.cli_recipe import EPOCHS_HELP, LR_DECAY_HELP

CALIBRATED_VOTE = 2 * math.log((1 - FLIP_RATE) / FLIP_RATE)
"""The biggest weight calibrated probabilities need on the bundled students (6.36): the
output node adds the hidden nodes' votes ("or") to its bias, and with 4% of outcomes flipped
a student meeting one condition passes with p 0.96, one meeting neither with 0.04; from
logit 0.04 to logit 0.96 is a vote of 2 ln(0.96 / 0.04) with the hidden nodes fully on or off.
The recipe's weight decay keeps every weight at or under it (the fixed-alpha run reached 142)."""


@pytest.fixture(scope="module")
def students() -> Dataset:
    return load_dataset(bundled_path("students.csv"))


def test_alpha_decays_by_epoch_and_stays_fixed_at_zero() -> None:
    assert learning_rate_at(0.5, 10.0, 1) == 0.5
    assert learning_rate_at(0.5, 10.0, 11) == 0.25
    assert learning_rate_at(0.5, 10.0, 21) == pytest.approx(0.5 / 3)
    assert learning_rate_at(0.5, 0.0, 500) == 0.5


@pytest.mark.parametrize("mode", ["stochastic", "minibatch", "batch"])
def test_auto_takes_the_modes_values_and_a_number_wins(mode: str) -> None:
    auto = Recipe.resolve(TrainingConfig(mode=mode), n_train=250, layer_sizes=(3, 2, 1))
    assert (auto.epochs, auto.lr_decay, auto.weight_decay) == (
        EPOCH_BUDGET[mode],
        LR_DECAY[mode],
        (0.15 * 3 / 250, 0.15 * 2 / 250),  # WEIGHT_DECAY_PER_INPUT x fan-in / n, a layer
    )
    given = Recipe.resolve(
        TrainingConfig(mode=mode, epochs=7, lr_decay=3.0, weight_decay=0.01), 250, (3, 2, 1)
    )
    assert (given.epochs, given.lr_decay, given.weight_decay) == (7, 3.0, (0.01, 0.01))


def test_auto_decay_grows_with_fan_in_and_a_model_file_keeps_it(students: Dataset) -> None:
    auto = Recipe.resolve(TrainingConfig(hidden=(4, 2)), n_train=100, layer_sizes=(30, 4, 2, 1))
    assert auto.weight_decay == pytest.approx((0.045, 0.006, 0.003))
    settings = auto.applied_to(TrainingConfig()).to_dict()
    assert settings["weight_decay"] == list(auto.weight_decay)  # one a layer, in the file
    again = TrainingConfig.from_dict(settings)
    assert Recipe.resolve(again, 100, (30, 4, 2, 1)).weight_decay == auto.weight_decay
    uniform = Recipe.resolve(TrainingConfig(weight_decay=0.01), 100, (3, 2, 1))
    assert uniform.applied_to(TrainingConfig()).weight_decay == 0.01  # one number, as given
    assert decay_text(auto.weight_decay) == (
        "0.045 into hidden layer 1, 0.006 into hidden layer 2, 0.003 into the output"
    )
    assert decay_text((0.0009, 0.0006)) == "0.0009 into the hidden nodes, 0.0006 into the output"


def test_the_help_states_the_budgets_the_engine_uses() -> None:
    for mode in ("stochastic", "minibatch", "batch"):
        assert f"{EPOCH_BUDGET[mode]:,} {mode}" in EPOCHS_HELP
        assert f"{LR_DECAY[mode]:g} {mode}" in LR_DECAY_HELP


def test_a_batch_epoch_steps_alpha_times_slope_plus_decay(students: Dataset) -> None:
    t = Trainer(students, TrainingConfig(mode="batch", weight_decay=0.01, learning_rate=0.3))
    net = t.network
    g = net.backward(net.forward(t.X_train), t.y_train, "bce")
    t.run_epoch()
    for w, gw, new in zip(net.weights, g.weights, t.network.weights):
        np.testing.assert_allclose(new, w - 0.3 * (gw + 0.01 * w), rtol=1e-12)
    for b, gb, new in zip(net.biases, g.biases, t.network.biases):
        np.testing.assert_allclose(new, b - 0.3 * gb, rtol=1e-12)  # biases are not decayed


def test_each_epoch_steps_with_its_decayed_alpha(students: Dataset) -> None:
    t = Trainer(students, TrainingConfig(mode="batch", lr_decay=2.0, weight_decay=0.0))
    t.run_epochs(2)
    net = t.network
    assert t.learning_rate_now == pytest.approx(0.5 / (1 + 2 / 2))
    g = net.backward(net.forward(t.X_train), t.y_train, "bce")
    t.run_epoch()
    np.testing.assert_allclose(
        t.network.weights[0], net.weights[0] - 0.25 * g.weights[0], rtol=1e-12
    )


def test_the_step_shows_backprops_slope_and_applies_the_decay(students: Dataset) -> None:
    t = Trainer(students)
    row = int(t.split.train[0])
    step = t.step(row)
    plain = step.before.backward(step.trace, t.y[row : row + 1], "bce")
    wd = t.recipe.weight_decay
    assert wd == (0.15 * 3 / t.n_train, 0.15 * 2 / t.n_train)  # 3 inputs, then 2 hidden nodes
    for layer, decay in enumerate(wd):
        np.testing.assert_array_equal(step.grads.weights[layer], plain.weights[layer])
        before = step.before.weights[layer]
        np.testing.assert_allclose(
            step.after.weights[layer],
            before - 0.5 * (plain.weights[layer] + decay * before),
            rtol=1e-12,
        )


def test_the_stop_rule_waits_patience_epochs_and_keeps_the_best() -> None:
    nets = [Network.create((1, 1), seed=s) for s in range(40)]
    rule = StopRule(end=100, tol=0.1, patience=3)
    rule.start(0, nets[0], 5.0)
    seen = [rule.see(e, nets[e], 1.0, obj) for e, obj in enumerate([4.0, 3.0, 3.05, 2.95], 1)]
    assert seen == [None, None, None, None]  # 2.95 is a new best, but not 0.1 below 3.0
    stop = rule.see(5, nets[5], 1.0, 2.99)
    assert stop is not None and stop.reason == "converged"
    assert stop.epoch_kept == 4 and stop.network is nets[4]


def test_the_budget_and_until_loss_end_a_run() -> None:
    net = Network.create((1, 1), seed=0)
    rule = StopRule(end=2, tol=0.0, patience=20)
    rule.start(0, net, 1.0)
    assert rule.see(1, net, 0.5, 1.0) is None
    stop = rule.see(2, net, 0.5, 1.0)
    assert stop is not None and (stop.reason, stop.epoch_kept) == ("epochs", 2)
    rule = StopRule(end=99, tol=0.0, patience=20, until_loss=0.3)
    rule.start(0, net, 1.0)
    assert rule.see(1, net, 0.31, 0.31) is None
    stop = rule.see(2, net, 0.3, 0.3)
    assert stop is not None and stop.reason == "until_loss"


def test_fit_stops_by_itself_and_keeps_the_best_objective(students: Dataset) -> None:
    t = Trainer(students)
    run = Run(t)
    objectives = [run.objective(t.network)]
    stop = None
    while stop is None:
        record, stop = run.epoch()
        objectives.append(run.objective(t.network, record.train_loss))
    assert stop.reason == "converged" and t.epoch < t.recipe.epochs
    assert objectives[stop.epoch_kept] == min(objectives)
    label = run.keep()
    assert label == f"kept epoch {stop.epoch_kept}'s weights" or stop.epoch_kept == t.epoch
    assert t.network is stop.network
    assert max_weight(t.network) <= CALIBRATED_VOTE  # bounded: the fixed-alpha run reached 142
    if label:
        assert t.undo() == label  # keeping the best weights is one undoable step


def max_weight(network: Network) -> float:
    """The largest |weight| (biases excluded, as weight decay excludes them)."""
    return max(float(np.max(np.abs(w))) for w in network.weights)


def test_space_at_the_defaults_stops_by_itself_with_bounded_weights(students: Dataset) -> None:
    """The screen's space runs ``Run`` epoch by epoch (``tui/run_budget.py``): the same stop
    and the same kept weights as ``train``'s ``fit``, bit for bit."""
    t = Trainer(students)
    run = Run(t)
    while run.stop is None:
        run.epoch()
    run.keep()
    stop = run.stop
    assert stop.reason == "converged" and t.epoch < t.recipe.epochs
    words = f"converged: the objective stopped falling; kept epoch {stop.epoch_kept}'s weights"
    assert stop.message == words
    assert max_weight(t.network) <= CALIBRATED_VOTE
    headless = Trainer(students)
    assert headless.fit().epoch_kept == stop.epoch_kept
    np.testing.assert_array_equal(headless.network.parameters(), t.network.parameters())


@pytest.mark.xfail(
    strict=True,
    reason="issue 15 asks for every |weight| <= 5, but calibrated probabilities need 6.36 here "
    "(CALIBRATED_VOTE); every recipe that keeps them under 5 misses wine's log-loss target "
    "(benchmarks/bench_weight_cap.py, README)",
)
def test_the_defaults_keep_every_weight_within_5(students: Dataset) -> None:
    t = Trainer(students)
    t.fit()
    assert max_weight(t.network) <= 5.0


def test_an_explicit_epoch_count_wins_and_zero_trains_nothing(students: Dataset) -> None:
    t = Trainer(students, TrainingConfig(epochs=7))
    assert t.fit().reason == "epochs" and t.epoch == 7
    t = Trainer(students, TrainingConfig(epochs=0))
    stop = t.fit()
    assert (stop.reason, t.epoch, t.network) == ("epochs", 0, t.initial_network)


def test_until_loss_stops_at_the_first_epoch_below_it(students: Dataset) -> None:
    t = Trainer(students, TrainingConfig(until_loss=0.4))
    stop = t.fit()
    assert stop.reason == "until_loss"
    losses = [r.train_loss for r in t.history]
    assert losses[-1] <= 0.4 and all(loss > 0.4 for loss in losses[:-1])


def test_held_out_students_decide_nothing(students: Dataset) -> None:
    """Held-out features replaced by NaN: the same scaling, steps, stop and weights."""
    clean = Trainer(students)
    X = students.X.copy()
    X[clean.split.test] = np.nan
    blind = Trainer(replace(students, X=X))
    for t in (clean, blind):
        t.fit()
    assert blind.epoch == clean.epoch
    np.testing.assert_array_equal(blind.network.parameters(), clean.network.parameters())
    np.testing.assert_array_equal(blind.scaler.offset, clean.scaler.offset)


def test_penalty_is_half_lambda_times_the_squared_weights() -> None:
    net = Network.from_weights([[[1.0], [2.0]]], [[5.0]])
    assert penalty(net, 0.1) == pytest.approx(0.5 * 0.1 * 5.0)
    two = Network.from_weights([[[1.0], [2.0]], [[3.0]]], [[5.0], [7.0]])
    assert penalty(two, (0.1, 0.2)) == pytest.approx(0.5 * 0.1 * 5.0 + 0.5 * 0.2 * 9.0)


# ----- saturation ------------------------------------------------------------------------


def test_a_saturated_sigmoid_node_is_named() -> None:
    X = np.linspace(-1, 1, 50).reshape(-1, 1)
    net = Network.from_weights([[[1.0, 0.0]], [[1.0], [1.0]]], [[0.0, 9.0], [0.0]])
    found = saturation(net, X)
    assert [s.node for s in found] == ["h2"]
    assert found[0].message == (
        "h2 is saturated for 100% of students: its slope is ~0, it has almost stopped learning"
    )


def test_a_dead_relu_and_a_pinned_tanh_are_named() -> None:
    X = np.linspace(0, 1, 20).reshape(-1, 1)
    relu = Network.from_weights([[[1.0, -1.0]], [[1.0], [1.0]]], [[0.1, -0.5], [0.0]], "relu")
    assert [s.node for s in saturation(relu, X)] == ["h2"]
    assert "dead" in saturation(relu, X)[0].message
    tanh = Network.from_weights([[[1.0, 50.0]], [[1.0], [1.0]]], [[0.0, 5.0], [0.0]], "tanh")
    assert [s.node for s in saturation(tanh, X)] == ["h2"]


def test_the_trained_default_network_is_not_saturated(students: Dataset) -> None:
    t = Trainer(students)
    t.fit()
    assert saturation(t.network, t.X_train) == []


# ----- "learned nothing" ------------------------------------------------------------------


def trained(data: Dataset, **settings: object) -> Trainer:
    t = Trainer(data, TrainingConfig(**settings))  # type: ignore[arg-type]
    t.fit()
    return t


def test_the_defaults_learn_something(students: Dataset) -> None:
    assert learned_nothing(trained(students)) == []


def test_unscaled_grades_are_named(students: Dataset) -> None:
    (warning,) = learned_nothing(trained(students, scale="none"))
    assert "learned nothing" in warning and "--scale standard" in warning


def test_a_huge_alpha_is_named(students: Dataset) -> None:
    (warning,) = learned_nothing(trained(students, learning_rate=1000.0))
    assert "alpha 1000 is probably too big" in warning


def test_too_few_batch_epochs_are_named(students: Dataset) -> None:
    (warning,) = learned_nothing(trained(students, mode="batch", epochs=20))
    assert "batch mode takes one step an epoch" in warning and "--epochs auto" in warning


def test_mazurs_soft_targets_never_warn() -> None:
    from engine.presets import mazur, preset_trainer

    t = preset_trainer(mazur())
    t.run_epochs(1)
    assert learned_nothing(t) == []


def test_one_class_is_refused(students: Dataset) -> None:
    passes = students.y is not None and students.y[:, 0] == 1.0
    only = replace(students, X=students.X[passes], y=students.y[passes])  # type: ignore[index]
    with pytest.raises(DataError, match="one class, nothing to learn"):
        check_two_classes(only)
    check_two_classes(students)
