"""Activation functions and their derivatives, as lookup tables of plain functions.

Each derivative is computed from the activation's *output* ``a`` (and, for relu, the
pre-activation ``z``), as scikit-learn does: the forward pass already holds both, so the
backward pass costs no extra exp. Each derivative returns a new array, which the backward
pass then multiplies into in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Activation:
    """One activation, everything about it in one place: read by ``Network`` (``function``,
    ``derivative``), the fast path (``source``, ``derivative_source``), ``explain``
    (``label``) and the CLI's choices (the table's keys).

    ``source`` is plain Python setting ``{a}`` from ``{z}`` (one float each; ``exp`` and
    ``tanh`` from ``math``); ``derivative_source`` an expression in ``{z}`` and ``{a}``.
    """

    name: str
    function: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array]
    label: str
    source: tuple[str, ...]
    derivative_source: str

    def lines(self, z: str, a: str) -> list[str]:
        """The fast path's lines computing ``a`` from ``z`` (variable names)."""
        return [line.format(z=z, a=a) for line in self.source]

    def derivative_expression(self, z: str, a: str) -> str:
        """The fast path's expression for d a / d z."""
        return self.derivative_source.format(z=z, a=a)


ACTIVATION_TABLE: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid",
        sigmoid,
        sigmoid_derivative,
        "sigmoid: 1 / (1 + e^-z), d/dz = a (1 - a)",
        # Two branches so exp never overflows: e^-z for z >= 0, e^z / (1 + e^z) below.
        (
            "if {z} >= 0.0:",
            "    {a} = 1.0 / (1.0 + exp(-{z}))",
            "else:",
            "    _e = exp({z})",
            "    {a} = _e / (1.0 + _e)",
        ),
        "{a} * (1.0 - {a})",
    ),
    "tanh": Activation(
        "tanh",
        tanh,
        tanh_derivative,
        "tanh, d/dz = 1 - a^2",
        ("{a} = tanh({z})",),
        "(1.0 - {a} * {a})",
    ),
    "relu": Activation(
        "relu",
        relu,
        relu_derivative,
        "relu: max(0, z), d/dz = 1 if z > 0 else 0",
        ("{a} = {z} if {z} > 0.0 else 0.0",),
        "(1.0 if {z} > 0.0 else 0.0)",
    ),
    "linear": Activation(
        "linear", linear, linear_derivative, "linear: z, d/dz = 1", ("{a} = {z}",), "1.0"
    ),
}
"""Name -> activation, for hidden layers. The output layer is always sigmoid."""

ACTIVATIONS: dict[str, Callable[[Array], Array]] = {
    name: act.function for name, act in ACTIVATION_TABLE.items()
}
"""Name -> activation function (from ``ACTIVATION_TABLE``)."""

DERIVATIVES: dict[str, Callable[[Array, Array], Array]] = {
    name: act.derivative for name, act in ACTIVATION_TABLE.items()
}
"""Name -> derivative d a / d z as a function of (z, a) (from ``ACTIVATION_TABLE``)."""


def activation(name: str) -> Activation:
    """The activation called ``name`` (ValueError listing the known ones)."""
    return ACTIVATION_TABLE[check_activation(name)]


def check_activation(name: str) -> str:
    """Return ``name`` if it is a known hidden activation, else raise ValueError listing them."""
    if name not in ACTIVATIONS:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}: expected one of {known}")
    return name
