"""Votes, hidden maps, a node's switch and the data's best cut, against first principles."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import Scaler
from engine.hidden_nodes import NEAR, Cut, Switch, agreement, best_cut, node_switch, votes
from engine.landscape import decision_grid, hidden_grid
from engine.network import Network


@pytest.mark.parametrize("sizes", [(3, 2, 1), (2, 2, 2), (4, 3, 2, 1), (3, 1)])
def test_votes_plus_the_output_bias_make_the_outputs_z(sizes: tuple[int, ...]) -> None:
    net = Network.create(sizes, "tanh", seed=4)
    X = np.random.default_rng(0).uniform(-1, 1, size=(5, sizes[0]))
    trace = net.forward(X)
    for sample in range(5):
        v = votes(net, trace, sample)
        assert v.shape == (sizes[-2], sizes[-1])
        np.testing.assert_allclose(v.sum(axis=0) + net.biases[-1], trace.z[-1][sample])


def test_a_vote_is_the_activation_times_its_output_weight() -> None:
    net = Network.from_weights([[[1.0, -1.0]], [[2.0], [-3.0]]], [[0.0, 0.0], [0.5]])
    trace = net.forward(np.array([[0.0]]))  # both hidden nodes at sigmoid(0) = 0.5
    np.testing.assert_allclose(votes(net, trace)[:, 0], [1.0, -1.5])


def test_each_hidden_map_is_that_nodes_activation_over_the_grid() -> None:
    net = Network.create((3, 4, 1), "relu", seed=2)
    scaler = Scaler.from_arrays("minmax", [0.0, 10.0, 0.0], [100.0, 80.0, 50.0])
    base = np.array([50.0, 40.0, 20.0])
    xs, ys = np.linspace(0, 100, 7), np.linspace(90, 10, 5)
    for node in range(4):
        grid = hidden_grid(net, scaler, base, 2, 0, xs, ys, node)
        assert grid.shape == (5, 7)
        for r, yv in enumerate(ys):
            for c, xv in enumerate(xs):
                raw = base.copy()
                raw[2], raw[0] = xv, yv
                a = net.forward(scaler.transform(raw[None, :])).a[1][0, node]
                assert grid[r, c] == pytest.approx(a)
    # the output's map still comes from the same grid
    p = decision_grid(net, scaler, base, 2, 0, xs, ys)
    assert p[1, 3] == pytest.approx(
        net.forward(scaler.transform(np.array([[ys[1], 40.0, xs[3]]]))).output[0, 0]
    )


def test_hidden_grid_refuses_a_node_it_does_not_have() -> None:
    scaler = Scaler.from_arrays("none", [0.0, 0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="node"):
        hidden_grid(Network.create((2, 2, 1)), scaler, [0, 0], 0, 1, [0], [0], 2)
    with pytest.raises(ValueError, match="node"):
        hidden_grid(Network.create((2, 1)), scaler, [0, 0], 0, 1, [0], [0], 0)


def test_a_nodes_switch_is_where_its_sum_is_zero_along_its_dominant_grade() -> None:
    # h1 = sigmoid(10 x0 - 1 x1 - 4): dominant grade x0; others at their median
    net = Network.from_weights([[[10.0], [-1.0]], [[1.0]]], [[-4.0], [0.0]])
    scaler = Scaler.from_arrays("minmax", [0.0, 0.0], [100.0, 100.0])
    X = np.array([[10.0, 20.0], [50.0, 60.0], [90.0, 40.0]])
    s = node_switch(net, scaler, X, 0)
    assert s.feature == 0 and s.rising
    assert s.raw == pytest.approx(100 * (4 + 0.4) / 10)  # x1's median 40 scales to 0.4
    at = scaler.transform(np.array([[s.raw, 40.0]]))
    assert net.forward(at).a[1][0, 0] == pytest.approx(0.5)


def test_the_dominant_grade_counts_the_datas_spread() -> None:
    # the larger weight sits on a grade that barely varies: the other one dominates
    net = Network.from_weights([[[5.0], [2.0]], [[1.0]]], [[0.0], [0.0]])
    scaler = Scaler.from_arrays("none", [0.0, 0.0], [1.0, 1.0])
    X = np.array([[0.0, -3.0], [0.1, 0.0], [0.05, 3.0]])
    assert node_switch(net, scaler, X, 0).feature == 1


def test_best_cut_finds_the_rule_that_made_the_data() -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 100, 400)
    y = (x >= 80).astype(float)
    cut = best_cut(x, y, feature=2)
    assert cut.feature == 2 and cut.above and cut.accuracy == 1.0
    assert x[x < 80].max() < cut.threshold < x[x >= 80].min()
    flipped = best_cut(x, 1 - y)
    assert not flipped.above and flipped.accuracy == 1.0


def test_best_cut_against_every_threshold_by_brute_force() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 20, 60).astype(float)
    y = (rng.uniform(size=60) < x / 20).astype(float)
    cut = best_cut(x, y)
    best = max(
        max(np.mean((x >= t) == (y == 1)), np.mean((x < t) == (y == 1)))
        for t in np.concatenate([[-1.0], np.unique(x) + 0.5])
    )
    assert cut.accuracy == pytest.approx(best)
    rule = (x >= cut.threshold) if cut.above else (x < cut.threshold)
    assert np.mean(rule == (y == 1)) == pytest.approx(cut.accuracy)


def test_the_sentence_comes_only_when_the_switch_is_near_the_cut() -> None:
    grades = np.array([0.0, 40.0, 80.0, 100.0])  # a percentage column: range 0..100
    cut = Cut(0, 80.0, True, 0.9)
    near = Switch(1, 0, 80.0 + 100 * NEAR * 0.9, True)
    far = Switch(1, 0, 80.0 + 100 * NEAR * 1.1, True)
    assert agreement(near, cut, grades, "h2", "class_assignments") == (
        "h2 switches near class assignments 84%: the data's best single cut is 80%"
    )
    assert agreement(far, cut, grades, "h2", "class_assignments") is None
    assert agreement(Switch(1, 1, 80.0, True), cut, grades, "h2", "x") is None
    assert agreement(Switch(1, 0, None, True), cut, grades, "h2", "x") is None
    gpa = np.array([2.0, 3.0, 4.0])
    line = agreement(Switch(0, 0, 3.05, True), Cut(0, 3.0, True, 1.0), gpa, "h1", "gpa")
    assert line == "h1 switches near gpa 3.05: the data's best single cut is 3"
