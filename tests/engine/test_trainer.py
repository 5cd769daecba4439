"""The trainer: modes, history, undo, divergence, and the fast path against the general one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.data import Dataset
from engine.network import Network, loss_value
from engine.trainer import (
    MODES,
    EpochRecord,
    Trainer,
    TrainingConfig,
    TrainingDiverged,
    accuracy,
)


def make_dataset(n: int = 200, seed: int = 0, n_features: int = 3) -> Dataset:
    """Students whose pass rule is an OR of two half-spaces, grades in %."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 100, size=(n, n_features))
    y = ((X[:, min(1, n_features - 1)] > 55) | (X[:, 0] > 80)).astype(float)[:, None]
    names = tuple(f"s{i}" for i in range(n))
    cols = tuple(f"f{i}" for i in range(n_features))
    return Dataset("synthetic.csv", cols, X, names, "passed", y, ("0", "1"))


@pytest.fixture
def data() -> Dataset:
    return make_dataset()


def test_defaults_are_the_articles_network(data: Dataset) -> None:
    tr = Trainer(data)
    assert tr.network.layer_sizes == (3, 2, 1)
    assert tr.config.mode == "stochastic" and tr.config.loss == "bce"
    assert tr.n_train + tr.n_test == data.n_samples
    assert tr.n_test == 40
    assert tr.epoch == 0 and tr.history == []


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_lowers_the_training_loss(data: Dataset, mode: str) -> None:
    tr = Trainer(data, TrainingConfig(mode=mode, batch_size=8, learning_rate=0.5))
    start = tr.measure().train_loss
    tr.run_epochs(30)
    assert tr.epoch == 30 and len(tr.history) == 30
    assert tr.history[-1].train_loss < start
    assert [r.epoch for r in tr.history] == list(range(1, 31))


def test_history_is_measured_over_whole_sets_at_epoch_end(data: Dataset) -> None:
    tr = Trainer(data)
    record = tr.run_epoch()
    trace = tr.network.forward(tr.X_train)
    assert record.train_loss == pytest.approx(loss_value("bce", trace, tr.y_train), rel=1e-12)
    assert record.train_accuracy == accuracy(trace.output, tr.y_train)
    test_trace = tr.network.forward(tr.X_test)
    assert record.test_loss == pytest.approx(loss_value("bce", test_trace, tr.y_test), rel=1e-12)


def test_no_held_out_set_gives_none(data: Dataset) -> None:
    tr = Trainer(data, TrainingConfig(test_fraction=0.0))
    record = tr.run_epoch()
    assert tr.n_test == 0
    assert record.test_loss is None and record.test_accuracy is None
    assert tr.evaluate("test") is None


def test_batch_mode_is_one_gradient_step_on_all_students(data: Dataset) -> None:
    tr = Trainer(data, TrainingConfig(mode="batch", learning_rate=0.3, weight_decay=0.0))
    net = tr.network
    trace = net.forward(tr.X_train)
    expected = net.apply(net.backward(trace, tr.y_train, "bce"), 0.3)
    tr.run_epoch()
    np.testing.assert_allclose(tr.network.parameters(), expected.parameters(), rtol=1e-12)


def test_minibatch_steps_follow_the_epoch_order(data: Dataset) -> None:
    tr = Trainer(
        data, TrainingConfig(mode="minibatch", batch_size=7, learning_rate=0.2, weight_decay=0.0)
    )
    net = tr.network
    order = tr.epoch_order(1)
    for start in range(0, len(order), 7):
        idx = order[start : start + 7]
        trace = net.forward(tr.X_train[idx])
        net = net.apply(net.backward(trace, tr.y_train[idx], "bce"), 0.2)
    tr.run_epoch()
    np.testing.assert_allclose(tr.network.parameters(), net.parameters(), rtol=1e-12)


def test_single_step_does_not_advance_the_epoch_and_matches_the_engine(data: Dataset) -> None:
    tr = Trainer(data, TrainingConfig(weight_decay=0.0))
    row = int(tr.split.train[3])
    net = tr.network
    result = tr.step(row)
    trace = net.forward(tr.X[row : row + 1])
    grads = net.backward(trace, tr.y[row : row + 1], "bce")
    np.testing.assert_array_equal(result.trace.output, trace.output)
    np.testing.assert_allclose(
        tr.network.parameters(), net.apply(grads, 0.5).parameters(), rtol=1e-15
    )
    assert tr.epoch == 0 and tr.history == []
    assert result.before is net and result.after is tr.network


def test_step_is_refused_on_a_held_out_student(data: Dataset) -> None:
    tr = Trainer(data)
    with pytest.raises(ValueError, match="held out"):
        tr.step(int(tr.split.test[0]))


def test_peek_step_is_the_step_without_taking_it(data: Dataset) -> None:
    tr = Trainer(data, TrainingConfig(weight_decay=0.01))
    row = int(tr.split.train[5])
    net = tr.network
    peeked = tr.peek_step(row)
    assert tr.network is net and not tr.can_undo
    taken = tr.step(row)
    np.testing.assert_array_equal(peeked.after.parameters(), taken.after.parameters())
    assert peeked.loss == taken.loss and peeked.before is taken.before
    with pytest.raises(ValueError, match="held out"):
        tr.peek_step(int(tr.split.test[0]))


def test_undo_takes_back_steps_epochs_and_hand_edits(data: Dataset) -> None:
    tr = Trainer(data)
    n0 = tr.network
    tr.step(int(tr.split.train[0]))
    n1 = tr.network
    tr.run_epoch()
    tr.set_network(tr.network.with_weight(0, 0, 0, 9.0))
    assert tr.network.weights[0][0, 0] == 9.0
    assert tr.undo() == "hand edit"
    assert tr.epoch == 1
    assert tr.undo() == "epoch 1"
    assert tr.network is n1 and tr.epoch == 0 and tr.history == []
    assert tr.undo() is not None
    assert tr.network is n0
    assert tr.undo() is None


def test_undo_is_bounded(data: Dataset) -> None:
    from engine.trainer import UNDO_DEPTH

    tr = Trainer(data, TrainingConfig(mode="batch"))
    tr.run_epochs(UNDO_DEPTH + 5)
    undone = 0
    while tr.undo() is not None:
        undone += 1
    assert undone == UNDO_DEPTH
    assert tr.epoch == 5


def test_reset_and_reinitialise(data: Dataset) -> None:
    tr = Trainer(data)
    first = tr.network
    tr.run_epochs(2)
    tr.reset()
    assert tr.network is first and tr.epoch == 0 and not tr.can_undo
    tr.reinitialise(seed=5)
    assert not np.allclose(tr.network.parameters(), first.parameters())
    tr.reinitialise(activation="tanh")
    assert tr.network.activation == "tanh"


def test_divergence_names_the_epoch_and_keeps_the_last_finite_network(data: Dataset) -> None:
    tr = Trainer(
        data,
        TrainingConfig(
            mode="batch",
            scale="none",
            learning_rate=1e6,
            activation="linear",
            loss="bce",
            hidden=(4,),
        ),
    )
    with pytest.raises(TrainingDiverged) as err:
        tr.run_epochs(200)
    assert f"epoch {err.value.epoch}" in str(err.value)
    assert "smaller learning rate" in str(err.value)
    assert tr.epoch == err.value.epoch - 1
    assert np.all(np.isfinite(tr.network.parameters()))


def test_weight_decay_adds_to_weight_gradients_only(data: Dataset) -> None:
    tr = Trainer(data, TrainingConfig(mode="batch", weight_decay=0.1, learning_rate=0.5))
    net = tr.network
    g = net.backward(net.forward(tr.X_train), tr.y_train, "bce")
    tr.run_epoch()
    for w, gw, w_new in zip(net.weights, g.weights, tr.network.weights):
        np.testing.assert_allclose(w_new, w - 0.5 * (gw + 0.1 * w), rtol=1e-12)
    for b, gb, b_new in zip(net.biases, g.biases, tr.network.biases):
        np.testing.assert_allclose(b_new, b - 0.5 * gb, rtol=1e-12)


def test_evaluate_counts_add_up(data: Dataset) -> None:
    tr = Trainer(data)
    tr.run_epochs(5)
    ev = tr.evaluate("train")
    assert ev is not None
    assert ev.true_positive + ev.false_positive + ev.false_negative + ev.true_negative == ev.n
    assert ev.accuracy == pytest.approx((ev.true_positive + ev.true_negative) / ev.n)
    assert ev.accuracy == tr.measure().train_accuracy


@given(
    hidden=st.lists(st.integers(1, 4), min_size=0, max_size=2),
    activation=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]),
    loss=st.sampled_from(["bce", "mse"]),
    weight_decay=st.sampled_from([0.0, 0.01]),
    update_biases=st.booleans(),
    n_features=st.integers(1, 5),
    seed=st.integers(0, 1000),
)
@pytest.mark.slow
def test_fast_path_matches_the_general_path(
    hidden: list[int],
    activation: str,
    loss: str,
    weight_decay: float,
    update_biases: bool,
    n_features: int,
    seed: int,
) -> None:
    # Stochastic SGD can amplify float rounding over hundreds of steps (chaotically, for
    # large learning rates), so compare over a short epoch: 30 students.
    data = make_dataset(n=38, seed=seed, n_features=n_features)
    cfg = TrainingConfig(
        hidden=tuple(hidden),
        activation=activation,
        loss=loss,
        weight_decay=weight_decay,
        update_biases=update_biases,
        seed=seed,
        learning_rate=0.3,
    )
    tr = Trainer(data, cfg)
    assert tr.n_train == 30
    fast = tr.train_epoch_network(tr.network, 1, fast=True)
    slow = tr.train_epoch_network(tr.network, 1, fast=False)
    np.testing.assert_allclose(fast.parameters(), slow.parameters(), rtol=1e-9, atol=1e-12)


def test_fast_path_whole_epoch_on_the_default_network(data: Dataset) -> None:
    tr = Trainer(data)
    for epoch in (1, 2):
        fast = tr.train_epoch_network(tr.network, epoch, fast=True)
        slow = tr.train_epoch_network(tr.network, epoch, fast=False)
        np.testing.assert_allclose(fast.parameters(), slow.parameters(), rtol=1e-10)


def test_network_mismatch_is_refused(data: Dataset) -> None:
    with pytest.raises(ValueError, match="inputs"):
        Trainer(data, network=Network.create((4, 2, 1)))


def test_config_validation() -> None:
    with pytest.raises(ValueError, match="mode"):
        TrainingConfig(mode="sideways")
    with pytest.raises(ValueError, match="learning rate"):
        TrainingConfig(learning_rate=0)
    with pytest.raises(ValueError, match="test fraction"):
        TrainingConfig(test_fraction=1.0)
    cfg = TrainingConfig(hidden=(4, 3), mode="batch")
    assert TrainingConfig.from_dict(cfg.to_dict()) == cfg


@given(
    st.lists(
        st.tuples(
            st.floats(0, 50, allow_nan=False),
            st.floats(0, 1),
            st.one_of(st.none(), st.floats(0, 50, allow_nan=False)),
        ),
        max_size=150,
    ),
    st.integers(-160, 160),
    st.integers(0, 160),
)
def test_history_reads_like_the_list_of_records(
    rows: list[tuple[float, float, float | None]], index: int, keep: int
) -> None:
    from engine.trainer import History

    records = [
        EpochRecord(e + 1, loss, acc, test, None if test is None else acc)
        for e, (loss, acc, test) in enumerate(rows)
    ]
    history = History(records)
    assert history == records and list(history) == records and len(history) == len(records)
    assert history[index::3] == records[index::3]
    if -len(records) <= index < len(records):
        assert history[index] == records[index]
    else:
        with pytest.raises(IndexError):
            history[index]
    history.truncate(keep)
    assert history == records[:keep]
    history.append(EpochRecord(99, 0.5, 0.5, None, None))
    assert history[-1] == EpochRecord(99, 0.5, 0.5, None, None)


def test_the_trainer_knows_which_epoch_made_its_weights(data: Dataset) -> None:
    """``weights_from``: the epoch whose end made the weights in use and the single steps
    since; every action (step, epoch, keeping an earlier epoch) sets it and undo restores it."""
    from engine.trainer import WeightsFrom

    tr = Trainer(data)
    row = int(tr.split.train[0])
    assert tr.weights_from == WeightsFrom(0, 0)
    tr.step(row)
    tr.step(row)
    assert tr.weights_from == WeightsFrom(0, 2) and tr.epoch == 0
    tr.run_epochs(3)
    assert tr.weights_from == WeightsFrom(3, 0)
    assert tr.saved_model().settings["epochs_trained"] == 3
    tr.set_network(tr.initial_network, "kept epoch 0's weights", WeightsFrom(0, 0))
    assert tr.weights_from == WeightsFrom(0, 0) and tr.epoch == 3
    assert tr.saved_model().settings["epochs_trained"] == 0  # the weights, not the count
    assert tr.undo() == "kept epoch 0's weights" and tr.weights_from == WeightsFrom(3, 0)
    tr.undo()
    tr.undo()
    tr.undo()
    assert tr.weights_from == WeightsFrom(0, 2)
    tr.undo()
    assert tr.weights_from == WeightsFrom(0, 1)
    tr.reset()
    assert tr.weights_from == WeightsFrom(0, 0)


def test_a_stopped_fit_names_the_kept_epoch_and_undo_names_the_last() -> None:
    from engine.data import bundled_path, load_dataset
    from engine.trainer import WeightsFrom

    tr = Trainer(load_dataset(bundled_path("students.csv")))
    stop = tr.fit()
    assert stop.epoch_kept < tr.epoch  # the default run keeps an earlier epoch's weights
    assert tr.weights_from == WeightsFrom(stop.epoch_kept, 0)
    assert tr.saved_model().settings["epochs_trained"] == stop.epoch_kept
    assert tr.undo() == f"kept epoch {stop.epoch_kept}'s weights"
    assert tr.weights_from == WeightsFrom(tr.epoch, 0)
    assert tr.saved_model().settings["epochs_trained"] == tr.epoch
