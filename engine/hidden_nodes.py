"""What the hidden nodes say: each preliminary guess's vote, and where a node switches.

- ``votes``: each last-hidden-layer node's contribution to each output's weighted sum,
  ``a[-2][k] * W[-1][k, o]``; with the output bias they add up to the output's ``z``
  (the article's "preliminary guesses, weighed", made literal).
- ``node_switch``: where a first-layer hidden node's weighted sum crosses 0 (for sigmoid,
  where its guess crosses 0.5) along its dominant grade, the other grades at their median.
- ``best_cut``: the best one-grade threshold split of the training data ("80% or more on
  class assignments passes").
- ``agreement``: the sentence saying a node rediscovered that cut, only when the two lie
  within ``NEAR`` of the grade's range of each other.

Grades are raw (unscaled) values; the network sees them through ``Scaler.transform``.
No UI imports; numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.data import Scaler
from engine.landscape import feature_range, is_percentage
from engine.network import ForwardTrace, Network

Array = NDArray[np.float64]

NEAR = 0.05
"""How close (a share of the grade's range) a node's switch and the data's cut must be."""


def votes(network: Network, trace: ForwardTrace, sample: int = 0) -> Array:
    """Each node feeding the output layer times its output weight, for one sample.

    Returns (n_last_hidden, n_outputs); column o plus ``network.biases[-1][o]`` sums to
    ``trace.z[-1][sample, o]``. With no hidden layer the "nodes" are the inputs.
    """
    a = np.asarray(trace.a[-2][sample], dtype=np.float64)
    out: Array = a[:, None] * network.weights[-1]
    return out


@dataclass(frozen=True)
class Switch:
    """Where a first-layer hidden node switches along its dominant grade.

    ``feature``: the grade with the largest ``|w| x`` (scaled spread of the training data);
    ``raw``: the raw value of that grade where the node's weighted sum is 0 with every
    other grade at its training median (None when the weight is 0); ``rising``: whether the
    node's guess grows with the grade.
    """

    node: int
    feature: int
    raw: float | None
    rising: bool


def node_switch(network: Network, scaler: Scaler, X_raw: ArrayLike, node: int) -> Switch:
    """Hidden ``node`` of the first layer: its 0.5 crossing (z = 0) along its dominant grade.

    ``X_raw``: the training students' raw grades, (n_samples, n_features).
    """
    if len(network.layer_sizes) < 3 or not 0 <= node < network.layer_sizes[1]:
        raise ValueError(f"no first-layer hidden node {node} in a {network.layer_sizes} network")
    scaled = scaler.transform(np.asarray(X_raw, dtype=np.float64))
    w = network.weights[0][:, node]
    spread = np.ptp(scaled, axis=0) if scaled.shape[0] else np.ones(w.size)
    feature = int(np.argmax(np.abs(w) * np.where(spread > 0, spread, 1.0)))
    median = np.median(scaled, axis=0) if scaled.shape[0] else np.zeros(w.size)
    wi = float(w[feature])
    if wi == 0.0 or not np.isfinite(wi):
        return Switch(node, feature, None, False)
    rest = float(network.biases[0][node] + w @ median - wi * median[feature])
    at = np.array(median, dtype=np.float64)
    at[feature] = -rest / wi
    raw = float(scaler.inverse_transform(at[None, :])[0, feature])
    return Switch(node, feature, raw if np.isfinite(raw) else None, wi > 0)


@dataclass(frozen=True)
class Cut:
    """The best rule of the form "pass when grade >= threshold" (or "<" when not ``above``)."""

    feature: int
    threshold: float
    above: bool
    accuracy: float


def best_cut(column: ArrayLike, y: ArrayLike, feature: int = 0) -> Cut:
    """The one-grade threshold split of ``column`` (n_samples,) that best predicts ``y``.

    ``y``: 0/1 targets (n_samples,) (or (n_samples, 1)); thresholds lie halfway between
    neighbouring distinct values. Ties go to the lowest threshold, "above" first.
    """
    x = np.asarray(column, dtype=np.float64).ravel()
    t = np.asarray(y, dtype=np.float64).ravel() >= 0.5
    if x.size != t.size or x.size == 0:
        raise ValueError(f"need one target per grade, got {x.size} grades and {t.size} targets")
    order = np.argsort(x, kind="stable")
    xs, ts = x[order], t[order]
    values = np.unique(xs)
    cuts = np.concatenate([[values[0] - 1.0], (values[:-1] + values[1:]) / 2])
    below = np.searchsorted(xs, cuts, side="left")  # students under each cut
    fails_below = np.concatenate([[0], np.cumsum(~ts)])[below]
    passes_below = np.concatenate([[0], np.cumsum(ts)])[below]
    passes_above = int(ts.sum()) - passes_below
    fails_above = int((~ts).sum()) - fails_below
    right_above = (fails_below + passes_above) / x.size
    right_below = (passes_below + fails_above) / x.size
    k_above, k_below = int(np.argmax(right_above)), int(np.argmax(right_below))
    if right_below[k_below] > right_above[k_above]:
        return Cut(feature, float(cuts[k_below]), False, float(right_below[k_below]))
    return Cut(feature, float(cuts[k_above]), True, float(right_above[k_above]))


def grade_text(value: float, column: ArrayLike) -> str:
    """A raw grade as a sentence writes it: ``82%`` on a percentage column, else 3 digits."""
    return f"{value:.0f}%" if is_percentage(column) else f"{value:.3g}"


def agreement(
    switch: Switch, cut: Cut, column: ArrayLike, node_name: str, feature_name: str
) -> str | None:
    """The sentence "h2 switches near class assignments 82%: the data's best single cut is
    80%", when the node's switch lies within ``NEAR`` of the grade's range of the data's best
    cut; else None.

    ``column``: the grade's raw training values (sets the range and how values are written).
    """
    if switch.raw is None or switch.feature != cut.feature:
        return None
    lo, hi = feature_range(column)
    if abs(switch.raw - cut.threshold) > NEAR * (hi - lo):
        return None
    grade = feature_name.replace("_", " ")
    return (
        f"{node_name} switches near {grade} {grade_text(switch.raw, column)}: "
        f"the data's best single cut is {grade_text(cut.threshold, column)}"
    )
