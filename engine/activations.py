"""Activation functions and their derivatives, as lookup tables of plain functions.

Each derivative is computed from the activation's *output* ``a`` (and, for relu, the
pre-activation ``z``), as scikit-learn does: the forward pass already holds both, so the
backward pass costs no extra exp. Each derivative returns a new array, which the backward
pass then multiplies into in place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def sigmoid(z: Array) -> Array:
    """Logistic function 1 / (1 + e^-z); exact in float64 for any z (e^-z may overflow to inf)."""
    with np.errstate(over="ignore"):
        out: Array = 1.0 / (1.0 + np.exp(-z))
    return out


def tanh(z: Array) -> Array:
    """Hyperbolic tangent, in (-1, 1)."""
    return np.tanh(z)


def relu(z: Array) -> Array:
    """max(0, z)."""
    return np.maximum(z, 0.0)


def linear(z: Array) -> Array:
    """The identity: no activation at all (the hidden layer is then only a linear map)."""
    return z


def sigmoid_derivative(z: Array, a: Array) -> Array:
    """d sigmoid / dz = a (1 - a)."""
    out: Array = 1.0 - a
    out *= a
    return out


def tanh_derivative(z: Array, a: Array) -> Array:
    """d tanh / dz = 1 - a^2."""
    out: Array = a * a
    np.subtract(1.0, out, out=out)
    return out


def relu_derivative(z: Array, a: Array) -> Array:
    """d relu / dz = 1 where z > 0, else 0 (0 at the kink itself)."""
    return (z > 0.0).astype(np.float64)


def linear_derivative(z: Array, a: Array) -> Array:
    """d z / dz = 1."""
    return np.ones_like(z)


ACTIVATIONS: dict[str, Callable[[Array], Array]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "linear": linear,
}
"""Name -> activation function, for hidden layers. The output layer is always sigmoid."""

DERIVATIVES: dict[str, Callable[[Array, Array], Array]] = {
    "sigmoid": sigmoid_derivative,
    "tanh": tanh_derivative,
    "relu": relu_derivative,
    "linear": linear_derivative,
}
"""Name -> derivative d a / d z as a function of (z, a)."""


def check_activation(name: str) -> str:
    """Return ``name`` if it is a known hidden activation, else raise ValueError listing them."""
    if name not in ACTIVATIONS:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}: expected one of {known}")
    return name
