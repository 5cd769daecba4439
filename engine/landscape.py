"""The error landscape and the decision map: the network's loss and output over a sweep.

- ``loss_curve``: the mean loss on ``(X, y)`` as one parameter sweeps a range of values,
  every other parameter fixed (the article's "error as a function of one weight").
- ``slope``: backprop's gradient of that loss for the same parameter (the tangent's slope).
- ``sweep_range``: values to sweep that hold the current value and the next step.
- ``decision_grid``: the probability of passing over two raw features, the others fixed.
- ``hidden_grid``: one first-layer hidden node's activation over the same grid.
- ``feature_step``: how far one nudge moves a raw feature (5 points on a percentage column).
- ``feature_limits``: the raw values a what-if may give a feature (0..100 on a percentage
  column): beyond them the network was never shown anything like it.

Parameters are addressed by their index in ``Network.parameters()`` order: layer by layer,
``W[i]`` row-major, then ``b[i]``. No UI imports; numpy only.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.names import ParameterName as ParameterName  # re-exported: names live there
from engine.names import parameter_names as parameter_names
from engine.network import Network, loss_value
from engine.scaling import Scaler

Array = NDArray[np.float64]


def loss_curve(
    network: Network, X: ArrayLike, y: ArrayLike, loss: str, index: int, values: ArrayLike
) -> Array:
    """The mean ``loss`` on X (n_samples, n_inputs), y (n_samples, n_outputs) for each value.

    Parameter ``index`` takes each of ``values`` (n_values,) in turn; returns (n_values,).
    """
    base = network.parameters()
    if not 0 <= index < base.size:
        raise ValueError(f"parameter index must be in [0, {base.size}), got {index}")
    vals = np.asarray(values, dtype=np.float64).ravel()
    yy = np.asarray(y, dtype=np.float64)
    out = np.empty(vals.size)
    with np.errstate(over="ignore", invalid="ignore"):
        for i, v in enumerate(vals):
            flat = base.copy()
            flat[index] = v
            net = network.with_parameters(flat)
            out[i] = loss_value(loss, net.forward(X), yy)
    return out


def slope(network: Network, X: ArrayLike, y: ArrayLike, loss: str, index: int) -> float:
    """Backprop's d(mean loss)/d(parameter ``index``) on (X, y): the tangent's slope."""
    grads = network.backward(network.forward(X), y, loss)
    return float(grads.flat()[index])


def sweep_range(value: float, gradient: float, learning_rate: float, n: int = 121) -> Array:
    """``n`` evenly spaced values around ``value`` that include the next step.

    The next step lands at ``value - learning_rate * gradient``; the range reaches at least
    1 either side of the current value and half the step beyond both ends.
    """
    target = value - learning_rate * gradient
    lo, hi = min(value, target), max(value, target)
    pad = max(1.0, 0.5 * (hi - lo))
    if not np.isfinite(pad):
        pad, lo, hi = 1.0, value, value
    return np.linspace(lo - pad, hi + pad, max(int(n), 2))


def decision_grid(
    network: Network,
    scaler: Scaler,
    base: ArrayLike,
    i: int,
    j: int,
    xs: ArrayLike,
    ys: ArrayLike,
) -> Array:
    """P(pass) with raw feature ``i`` = each of ``xs`` and raw feature ``j`` = each of ``ys``.

    ``base``: the raw (unscaled) values of every feature, (n_features,), held fixed for the
    other features. Returns (len(ys), len(xs)): row r is ``ys[r]``, column c is ``xs[c]``.
    """
    X, shape = grid_inputs(scaler, base, i, j, xs, ys)
    p: Array = network.forward(X).output[:, 0].reshape(shape)
    return p


def hidden_grid(
    network: Network,
    scaler: Scaler,
    base: ArrayLike,
    i: int,
    j: int,
    xs: ArrayLike,
    ys: ArrayLike,
    node: int,
) -> Array:
    """First-layer hidden ``node``'s activation over the same grid as ``decision_grid``.

    What one preliminary guess believes about two grades: (len(ys), len(xs)), row r is
    ``ys[r]``, column c is ``xs[c]``.
    """
    if len(network.layer_sizes) < 3 or not 0 <= node < network.layer_sizes[1]:
        raise ValueError(
            f"node must be in [0, {network.layer_sizes[1] if len(network.layer_sizes) > 2 else 0})"
            f" of the first hidden layer of a {network.layer_sizes} network, got {node}"
        )
    X, shape = grid_inputs(scaler, base, i, j, xs, ys)
    a: Array = network.forward(X).a[1][:, node].reshape(shape)
    return a


def grid_inputs(
    scaler: Scaler, base: ArrayLike, i: int, j: int, xs: ArrayLike, ys: ArrayLike
) -> tuple[Array, tuple[int, int]]:
    """The scaled inputs of a map's grid, (len(ys) * len(xs), n_features), and its shape.

    Row-major: sample ``r * len(xs) + c`` has raw feature i = ``xs[c]``, j = ``ys[r]`` and
    every other feature at ``base``.
    """
    row = np.asarray(base, dtype=np.float64).ravel()
    gx = np.asarray(xs, dtype=np.float64).ravel()
    gy = np.asarray(ys, dtype=np.float64).ravel()
    raw = np.tile(row, (gy.size * gx.size, 1))
    raw[:, i] = np.tile(gx, gy.size)
    raw[:, j] = np.repeat(gy, gx.size)
    return scaler.transform(raw), (gy.size, gx.size)


def is_fraction(column: ArrayLike) -> bool:
    """Whether every value of a raw column lies in 0..1 (a share or a probability)."""
    values = np.asarray(column, dtype=np.float64)
    return bool(values.size and np.all((values >= 0.0) & (values <= 1.0)))


def is_percentage(column: ArrayLike) -> bool:
    """Whether every value of a raw column lies in 0..100 and some above 10: grades in
    percent (a GPA of 2-4 or a 0..1 fraction is not)."""
    values = np.asarray(column, dtype=np.float64)
    return bool(values.size and np.all((values >= 0.0) & (values <= 100.0)) and values.max() > 10)


def feature_step(column: ArrayLike) -> float:
    """One nudge of a raw feature: 5 points on a percentage column, 0.05 on a 0..1 column,
    else 5% of its range."""
    values = np.asarray(column, dtype=np.float64)
    if is_percentage(values):
        return 5.0
    if is_fraction(values):
        return 0.05
    span = float(np.max(values) - np.min(values)) if values.size else 0.0
    return 0.05 * span if span > 0 else 1.0


def feature_range(column: ArrayLike) -> tuple[float, float]:
    """The range a map axis covers: 0..100 on a percentage column, 0..1 on a fraction
    column, else the data +-5%."""
    values = np.asarray(column, dtype=np.float64)
    if is_percentage(values):
        return 0.0, 100.0
    if is_fraction(values):
        return 0.0, 1.0
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = 0.05 * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def feature_limits(column: ArrayLike) -> tuple[float, float, str]:
    """The raw values a what-if may set for a feature the network learned from ``column``
    (the training students' values), and what they are: 0..100 on a percentage column, 0..1
    on a fraction column, else the data's range widened by the range again on each side
    (further out the guess is an extrapolation, not something learned)."""
    values = np.asarray(column, dtype=np.float64)
    if is_percentage(values):
        return 0.0, 100.0, "percent grades"
    if is_fraction(values):
        return 0.0, 1.0, "values from 0 to 1"
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = hi - lo if hi > lo else 1.0
    return lo - pad, hi + pad, f"the training students' {lo:g}-{hi:g}, widened by its range"
