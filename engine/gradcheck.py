"""The gradient check: backprop's slope beside a central finite difference, for every parameter.

A learner sees backprop is right: nudge one weight by +-h, measure the error both times, and
``(E(w + h) - E(w - h)) / 2h`` agrees with backprop's dE/dw to many digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from engine.names import bias_name, weight_name
from engine.network import Network, loss_value

STEP = 1e-5
"""The default nudge h: central differences' error is O(h^2) against rounding's O(eps / h)."""


@dataclass(frozen=True)
class GradientCheckRow:
    """One parameter: its name, value, backprop's gradient, the numeric one and their gap."""

    name: str
    layer: int
    row: int  # -1 for a bias
    col: int
    value: float
    backprop: float
    numeric: float

    @property
    def relative_error(self) -> float:
        """|backprop - numeric| / max(|backprop|, |numeric|), 0 when both are 0."""
        scale = max(abs(self.backprop), abs(self.numeric))
        return abs(self.backprop - self.numeric) / scale if scale else 0.0


def gradient_check(
    net: Network, X: ArrayLike, y: ArrayLike, loss: str = "bce", h: float = STEP
) -> list[GradientCheckRow]:
    """Backprop against central differences of the mean ``loss`` for every weight and bias."""
    trace = net.forward(X)
    grads = net.backward(trace, y, loss)
    sizes = net.layer_sizes
    base = net.parameters()
    numeric = np.empty_like(base)
    for k in range(base.size):
        nudged = base.copy()
        nudged[k] = base[k] + h
        up = loss_value(loss, net.with_parameters(nudged).forward(X), y)
        nudged[k] = base[k] - h
        down = loss_value(loss, net.with_parameters(nudged).forward(X), y)
        numeric[k] = (up - down) / (2 * h)
    rows = []
    k = 0
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                rows.append(
                    GradientCheckRow(
                        weight_name(sizes, layer, i, j),
                        layer,
                        i,
                        j,
                        float(w[i, j]),
                        float(grads.weights[layer][i, j]),
                        float(numeric[k]),
                    )
                )
                k += 1
        for j in range(b.shape[0]):
            rows.append(
                GradientCheckRow(
                    bias_name(sizes, layer, j),
                    layer,
                    -1,
                    j,
                    float(b[j]),
                    float(grads.biases[layer][j]),
                    float(numeric[k]),
                )
            )
            k += 1
    return rows
