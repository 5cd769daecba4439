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


LOSSES: dict[str, Callable[[Array, Array, Array], float]] = {"bce": bce, "mse": mse}
"""Name -> loss value (mean over samples x outputs)."""

LOSS_DELTAS: dict[str, Callable[[Array, Array, Array], Array]] = {
    "bce": bce_delta,
    "mse": mse_delta,
}
"""Name -> slope of that mean loss with respect to the output logits, (n_samples, n_outputs)."""

LOSS_NAMES: dict[str, str] = {
    "bce": "binary cross-entropy",
    "mse": "mean squared error",
}
"""Name -> the name a person reads."""


def check_loss(name: str) -> str:
    """Return ``name`` if it is a known loss, else raise ValueError listing them."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}: expected one of {', '.join(LOSSES)}")
    return name
