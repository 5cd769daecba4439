"""Error functions (the article's error / cost / loss / objective function) and their slopes.

Both are means over every element (samples x outputs) of a sigmoid output. Each is given
the output's pre-activation ``z`` (the logit) and activation ``a`` = sigmoid(z):

- ``bce``: binary cross-entropy, computed from the logit as
  ``max(z, 0) - z y + log(1 + e^-|z|)``, which equals ``-(y log a + (1 - y) log(1 - a))``
  but stays finite and exact for any logit (e.g. +-1000). Its slope with respect to the
  logit is ``(a - y) / n``: the sigmoid's derivative cancels.
- ``mse``: mean of ``(a - y)^2`` (no 1/2). Slope with respect to the logit:
  ``2 (a - y) a (1 - a) / n``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def bce(z: Array, a: Array, y: Array) -> float:
    """Binary cross-entropy, mean over all elements, from the logits ``z``."""
    per = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(per.mean())


def mse(z: Array, a: Array, y: Array) -> float:
    """Mean squared error of the probabilities ``a`` against targets ``y`` (no 1/2)."""
    d = a - y
    return float(np.mean(d * d))


def bce_delta(z: Array, a: Array, y: Array) -> Array:
    """d bce / d z for every element: (a - y) / n."""
    out: Array = a - y
    out *= 1.0 / a.size
    return out


def mse_delta(z: Array, a: Array, y: Array) -> Array:
    """d mse / d z for every element: 2 (a - y) a (1 - a) / n."""
    out: Array = a - y
    slope = 1.0 - a
    slope *= a
    out *= slope
    out *= 2.0 / a.size
    return out


@dataclass(frozen=True)
class Loss:
    """One error function, everything about it in one place: read by ``Network`` (``value``,
    ``delta``), the fast path (``delta_source``), ``explain`` (``label``, ``upstream``) and
    the CLI's choices (the table's keys).

    ``delta_source`` is the fast path's expression for one output's dE/dz, in ``{o}`` (the
    output), ``{t}`` (its target) and ``{scale}`` (``delta_scale`` / n_outputs).
    ``upstream(delta, local, o, t, n)`` is dE/d(out), the chain rule's first factor as
    ``explain`` writes it (``local`` = d out / d z, ``n`` = number of outputs).
    """

    name: str
    label: str
    value: Callable[[Array, Array, Array], float]
    delta: Callable[[Array, Array, Array], Array]
    delta_source: str
    delta_scale: float
    upstream: Callable[[float, float, float, float, int], float]

    def delta_expression(self, o: str, t: str, n_outputs: int) -> str:
        """The fast path's expression for dE/dz of output ``o`` with target ``t``."""
        return self.delta_source.format(o=o, t=t, scale=repr(self.delta_scale / n_outputs))


def _bce_upstream(delta: float, local: float, o: float, t: float, n: int) -> float:
    """dE/d(out) for bce: backprop's delta divided by the sigmoid's slope."""
    return delta / local if local else float("nan")


def _mse_upstream(delta: float, local: float, o: float, t: float, n: int) -> float:
    """dE/d(out) for mse: 2 (out - y) / n."""
    return 2.0 * (o - t) / n


LOSS_TABLE: dict[str, Loss] = {
    "bce": Loss(
        "bce", "binary cross-entropy", bce, bce_delta, "({o} - {t}) * {scale}", 1.0, _bce_upstream
    ),
    "mse": Loss(
        "mse",
        "mean squared error",
        mse,
        mse_delta,
        "({o} - {t}) * {o} * (1.0 - {o}) * {scale}",
        2.0,
        _mse_upstream,
    ),
}
"""Name -> error function."""

LOSSES: dict[str, Callable[[Array, Array, Array], float]] = {
    name: loss.value for name, loss in LOSS_TABLE.items()
}
"""Name -> loss value (mean over samples x outputs)."""

LOSS_DELTAS: dict[str, Callable[[Array, Array, Array], Array]] = {
    name: loss.delta for name, loss in LOSS_TABLE.items()
}
"""Name -> slope of that mean loss with respect to the output logits, (n_samples, n_outputs)."""

LOSS_NAMES: dict[str, str] = {name: loss.label for name, loss in LOSS_TABLE.items()}
"""Name -> the name a person reads."""


def loss_function(name: str) -> Loss:
    """The error function called ``name`` (ValueError listing the known ones)."""
    return LOSS_TABLE[check_loss(name)]


def check_loss(name: str) -> str:
    """Return ``name`` if it is a known loss, else raise ValueError listing them."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}: expected one of {', '.join(LOSSES)}")
    return name
