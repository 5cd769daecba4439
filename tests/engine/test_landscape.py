"""The error landscape and decision map against the network's own forward and backward pass."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import Scaler
from engine.landscape import (
    decision_grid,
    feature_limits,
    feature_range,
    feature_step,
    is_fraction,
    is_percentage,
    loss_curve,
    parameter_names,
    slope,
    sweep_range,
)
from engine.network import Network, loss_value


@pytest.fixture
def problem() -> tuple[Network, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, size=(20, 3))
    y = (X.sum(axis=1, keepdims=True) > 1.5).astype(float)
    return Network.create((3, 2, 1), "sigmoid", seed=1), X, y


def test_parameter_names_follow_parameters_order() -> None:
    names = parameter_names((3, 2, 1))
    assert len(names) == Network.create((3, 2, 1)).n_parameters == 11
    where = [(n.layer, n.kind, n.row, n.col, n.index) for n in names]
    assert where[0] == (0, "w", 0, 0, 0)
    assert where[5] == (0, "w", 2, 1, 5)
    assert where[6] == (0, "b", 0, 0, 6) and where[7] == (0, "b", 0, 1, 7)
    assert where[8] == (1, "w", 0, 0, 8) and where[-1] == (1, "b", 0, 0, 10)
    assert [n.short for n in names[:3]] == ["w1", "w4", "w2"]
    assert names[2].long == "w2 i2→h1" and names[2].mazur == "w2 i2→h1"
    assert names[-1].long == "b out"


@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_curve_at_the_current_value_is_the_current_loss(problem, loss: str) -> None:
    net, X, y = problem
    for index in range(net.n_parameters):
        value = float(net.parameters()[index])
        curve = loss_curve(net, X, y, loss, index, [value])
        assert curve[0] == pytest.approx(loss_value(loss, net.forward(X), y), rel=1e-12)


def test_curve_matches_hand_set_weight(problem) -> None:
    net, X, y = problem
    curve = loss_curve(net, X, y, "bce", 8, [-2.0, 0.0, 3.0])
    for v, got in zip([-2.0, 0.0, 3.0], curve):
        edited = net.with_weight(1, 0, 0, v)
        assert got == pytest.approx(loss_value("bce", edited.forward(X), y), rel=1e-12)


@pytest.mark.parametrize("index", range(11))
def test_slope_is_the_curves_central_difference(problem, index: int) -> None:
    net, X, y = problem
    w = float(net.parameters()[index])
    h = 1e-5
    lo, hi = loss_curve(net, X, y, "bce", index, [w - h, w + h])
    assert slope(net, X, y, "bce", index) == pytest.approx((hi - lo) / (2 * h), abs=1e-8)


def test_sweep_range_holds_the_value_and_the_next_step() -> None:
    xs = sweep_range(3.0, 2.0, 4.0, n=50)
    assert xs.size == 50 and xs[0] < -5.0 and xs[-1] > 3.0
    small = sweep_range(0.0, 0.1, 0.1)
    assert small[0] == pytest.approx(-1.01) and small[-1] == pytest.approx(1.0)


def test_decision_grid_equals_forward_pass_per_cell(problem) -> None:
    net, X, _ = problem
    raw = X * 100
    scaler = Scaler.fit(raw)
    base = raw[4]
    xs, ys = np.array([0.0, 50.0, 100.0]), np.array([10.0, 90.0])
    grid = decision_grid(net, scaler, base, 0, 2, xs, ys)
    assert grid.shape == (2, 3)
    for r, yv in enumerate(ys):
        for c, xv in enumerate(xs):
            row = base.copy()
            row[0], row[2] = xv, yv
            expected = net.forward(scaler.transform(row[None, :])).output[0, 0]
            assert grid[r, c] == pytest.approx(expected, rel=1e-12)


def test_feature_step_and_range() -> None:
    assert is_percentage([0, 55.5, 100]) and not is_percentage([0, 101])
    assert feature_step([10, 90]) == 5.0
    assert feature_step([0, 200]) == pytest.approx(10.0)
    assert feature_step([7, 7, 107]) == 5.0
    assert feature_step([-1, -1]) == 1.0
    assert feature_range([20, 80]) == (0.0, 100.0)
    assert feature_range([100, 300]) == (90.0, 310.0)
    # Inside 0..1: a fraction (Mazur's inputs 0.05, 0.10), nudged by 0.05, mapped over 0..1.
    assert is_fraction([0.05, 0.1]) and not is_percentage([0.05, 0.1])
    assert not is_fraction([0.5, 2])
    # A GPA (2-4) is neither: nudged by 5% of its range, mapped over its data +-5%.
    assert not is_percentage([2.0, 3.2, 4.0]) and not is_fraction([2.0, 4.0])
    assert feature_step([2.0, 4.0]) == pytest.approx(0.1)
    assert feature_range([2.0, 4.0]) == pytest.approx((1.9, 4.1))
    assert feature_step([0.05]) == 0.05
    assert feature_range([0.2, 0.4]) == (0.0, 1.0)


def test_feature_limits_are_what_the_network_learned_from() -> None:
    assert feature_limits([12.5, 80, 99]) == (0.0, 100.0, "percent grades")
    assert feature_limits([0.05, 0.1])[:2] == (0.0, 1.0)
    lo, hi, what = feature_limits([2.0, 3.1, 4.0])  # a GPA: its range, widened by the range
    assert (lo, hi) == pytest.approx((0.0, 6.0)) and "2-4" in what
    lo, hi, _ = feature_limits([100, 300])  # not percentages: 100..300 learned, -100..500 kept
    assert (lo, hi) == (-100.0, 500.0)
    assert feature_limits([7, 7, 7])[:2] == (6.0, 8.0)  # one value: a unit either side
