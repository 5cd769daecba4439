"""The on-screen gradient check agrees with backprop, and would show a wrong gradient."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gradcheck import GradientCheckRow, gradient_check
from engine.network import Network
from engine.presets import mazur


def test_mazur_gradient_check_agrees() -> None:
    ex = mazur()
    rows = gradient_check(ex.network, ex.X, ex.y, ex.loss)
    assert len(rows) == ex.network.n_parameters == 12
    assert {r.name for r in rows} >= {f"w{k}" for k in range(1, 9)}
    w5 = next(r for r in rows if r.name == "w5")
    assert w5.backprop == pytest.approx(0.082167041, abs=1e-9)  # Mazur's dE/dw5
    assert max(r.relative_error for r in rows) < 1e-6


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear"])
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_random_networks_agree(activation: str, loss: str) -> None:
    rng = np.random.default_rng(7)
    net = Network.create((3, 4, 2, 1), activation, seed=11)
    X = rng.uniform(0, 1, size=(6, 3))
    y = (rng.uniform(size=(6, 1)) > 0.5).astype(float)
    rows = gradient_check(net, X, y, loss)
    assert all(r.relative_error < 1e-6 for r in rows)
    assert all(r.numeric != 0.0 for r in rows)


def test_relative_error_flags_a_disagreement() -> None:
    row = GradientCheckRow("w1", 0, 0, 0, 0.1, backprop=0.5, numeric=0.25)
    assert row.relative_error == pytest.approx(0.5)
    assert GradientCheckRow("w1", 0, 0, 0, 0.1, 0.0, 0.0).relative_error == 0.0
