"""A plain-Python fast path for stochastic epochs: one student at a time, no numpy calls.

A numpy call costs about a microsecond whatever its size, and one student's step through the
3-2-1 network takes some twenty of them. For networks this small, plain Python floats are
several times faster, so this module writes (once per network shape) a function with every
weight in its own local variable and the forward pass, the blame and the update unrolled.
Each activation's and error function's Python source comes from its record
(``engine.activations.ACTIVATION_TABLE``, ``engine.losses.LOSS_TABLE``), beside the numpy
versions ``Network`` uses. The maths is the same as ``Network.forward`` / ``backward`` /
``apply`` on a batch of one student, which ``tests/engine/test_trainer.py`` checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from engine.activations import activation as find_activation
from engine.losses import loss_function
from engine.recipe import layer_decays

MAX_FAST_PARAMETERS = 400
"""Above this many parameters the unrolled code grows too big to pay; use numpy instead."""

EpochFunction = Callable[
    [list[float], Sequence[Sequence[float]], Sequence[Sequence[float]], Sequence[int], float],
    list[float],
]
"""(parameters, rows, targets, order, learning_rate) -> parameters after the epoch."""


def epoch_source(
    layer_sizes: tuple[int, ...],
    activation: str,
    loss: str,
    weight_decay: float | tuple[float, ...],
    update_biases: bool,
) -> str:
    """The Python source of the unrolled stochastic epoch for this network shape."""
    n_layers = len(layer_sizes) - 1
    params: list[str] = []
    for layer in range(n_layers):
        n_in, n_out = layer_sizes[layer], layer_sizes[layer + 1]
        params += [f"w{layer}_{i}_{j}" for i in range(n_in) for j in range(n_out)]
        params += [f"b{layer}_{j}" for j in range(n_out)]
    inputs = [f"x{i}" for i in range(layer_sizes[0])]
    targets = [f"t{k}" for k in range(layer_sizes[-1])]

    body: list[str] = []
    body.append(f"{', '.join(inputs)}, = rows[s]")
    body.append(f"{', '.join(targets)}, = targets[s]")
    body += _forward_lines(layer_sizes, activation, inputs)
    body += _blame_lines(layer_sizes, activation, loss)
    body += _descent_lines(layer_sizes, inputs, weight_decay, update_biases)

    lines = ["def epoch(params, rows, targets, order, lr):"]
    lines.append(f"    {', '.join(params)}, = params")
    lines.append("    for s in order:")
    lines += ["        " + line for line in body]
    lines.append(f"    return [{', '.join(params)}]")
    return "\n".join(lines) + "\n"


def _forward_lines(layer_sizes: tuple[int, ...], hidden: str, inputs: list[str]) -> list[str]:
    """Forward pass: z = a . W + b, then the activation (sigmoid on the output layer)."""
    n_layers = len(layer_sizes) - 1
    body: list[str] = []
    layer_in = inputs
    for layer in range(n_layers):
        n_out = layer_sizes[layer + 1]
        act = "sigmoid" if layer == n_layers - 1 else hidden
        outs = []
        for j in range(n_out):
            terms = " + ".join(f"{x} * w{layer}_{i}_{j}" for i, x in enumerate(layer_in))
            body.append(f"z{layer}_{j} = {terms} + b{layer}_{j}")
            body += find_activation(act).lines(f"z{layer}_{j}", f"h{layer}_{j}")
            outs.append(f"h{layer}_{j}")
        layer_in = outs
    return body


def _blame_lines(layer_sizes: tuple[int, ...], hidden: str, loss: str) -> list[str]:
    """Blame: dLoss/dz of the output (loss averaged over the outputs), then back layer by
    layer."""
    body: list[str] = []
    last = len(layer_sizes) - 2
    n_out = layer_sizes[-1]
    error = loss_function(loss)
    for k in range(n_out):
        body.append(f"d{last}_{k} = {error.delta_expression(f'h{last}_{k}', f't{k}', n_out)}")
    for layer in range(last - 1, -1, -1):
        for j in range(layer_sizes[layer + 1]):
            back = " + ".join(
                f"d{layer + 1}_{k} * w{layer + 1}_{j}_{k}" for k in range(layer_sizes[layer + 2])
            )
            deriv = find_activation(hidden).derivative_expression(f"z{layer}_{j}", f"h{layer}_{j}")
            body.append(f"d{layer}_{j} = ({back}) * {deriv}")
    return body


def _descent_lines(
    layer_sizes: tuple[int, ...],
    inputs: list[str],
    weight_decay: float | tuple[float, ...],
    update_biases: bool,
) -> list[str]:
    """Gradient descent: every parameter moves against its slope by alpha x slope (plus its
    layer's weight decay x the weight)."""
    body: list[str] = []
    n_layers = len(layer_sizes) - 1
    decays = layer_decays(weight_decay, n_layers)
    for layer, decay in zip(range(n_layers), decays):
        src = inputs if layer == 0 else [f"h{layer - 1}_{i}" for i in range(layer_sizes[layer])]
        for i, x in enumerate(src):
            for j in range(layer_sizes[layer + 1]):
                w = f"w{layer}_{i}_{j}"
                if decay:
                    body.append(f"{w} -= lr * ({x} * d{layer}_{j} + {decay!r} * {w})")
                else:
                    body.append(f"{w} -= lr * {x} * d{layer}_{j}")
        if update_biases:
            for j in range(layer_sizes[layer + 1]):
                body.append(f"b{layer}_{j} -= lr * d{layer}_{j}")
    return body


@lru_cache(maxsize=32)
def compile_epoch(
    layer_sizes: tuple[int, ...],
    activation: str,
    loss: str,
    weight_decay: float | tuple[float, ...] = 0.0,
    update_biases: bool = True,
) -> EpochFunction:
    """The compiled stochastic epoch for this shape and these settings (cached)."""
    source = epoch_source(layer_sizes, activation, loss, weight_decay, update_biases)
    namespace: dict[str, object] = {"exp": math.exp, "tanh": math.tanh}
    exec(compile(source, f"<fastpath {layer_sizes} {activation} {loss}>", "exec"), namespace)
    fn: EpochFunction = namespace["epoch"]  # type: ignore[assignment]
    return fn


CHUNK_STEPS = 1 << 12
"""Students handed to the compiled epoch at a time, as Python floats: the training rows stay
numpy arrays (a Python float per grade held for the whole run cost ~80 bytes a student)."""


def run_epoch(
    fn: EpochFunction,
    params: list[float],
    X: NDArray[np.float64],
    y: NDArray[np.float64],
    order: NDArray[np.intp],
    learning_rate: float,
) -> list[float]:
    """``fn``'s epoch over rows ``order`` of ``X`` and ``y``, a chunk of students at a time
    (the same steps in the same order, so bit for bit the same weights)."""
    for start in range(0, order.size, CHUNK_STEPS):
        part = order[start : start + CHUNK_STEPS]
        params = fn(params, X[part].tolist(), y[part].tolist(), range(part.size), learning_rate)
    return params


def fits_fast_path(n_parameters: int) -> bool:
    """Whether a network this size is worth the unrolled plain-Python epoch."""
    return n_parameters <= MAX_FAST_PARAMETERS
