"""The same networks written again in float64 PyTorch: losses, every gradient, the deltas and
the update agree to 1e-10 relative. Skipped when torch is not installed (not a dependency)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Network, loss_value

torch = pytest.importorskip("torch")

RTOL = 1e-10
ATOL = 1e-15
HIDDEN = {
    "sigmoid": lambda t: torch.sigmoid(t),
    "tanh": lambda t: torch.tanh(t),
    "relu": lambda t: torch.relu(t),
    "linear": lambda t: t,
}


def torch_step(
    net: Network, X: np.ndarray, y: np.ndarray, loss: str
) -> tuple[float, list[Any], list[Any], list[Any]]:
    """Loss, weight gradients, bias gradients and dLoss/dz per layer, by autograd."""
    W = [torch.tensor(np.array(w), dtype=torch.float64, requires_grad=True) for w in net.weights]
    b = [torch.tensor(np.array(v), dtype=torch.float64, requires_grad=True) for v in net.biases]
    a = torch.tensor(X, dtype=torch.float64)
    t = torch.tensor(y, dtype=torch.float64)
    zs = []
    for i, (w, v) in enumerate(zip(W, b)):
        z = a @ w + v
        z.retain_grad()
        zs.append(z)
        a = torch.sigmoid(z) if i == len(W) - 1 else HIDDEN[net.activation](z)
    if loss == "bce":
        value = torch.nn.functional.binary_cross_entropy_with_logits(zs[-1], t)
    else:
        value = torch.mean((a - t) ** 2)
    value.backward()
    return (
        float(value.detach()),
        [w.grad.numpy() for w in W],
        [v.grad.numpy() for v in b],
        [z.grad.numpy() for z in zs],
    )


def assert_agrees(net: Network, X: np.ndarray, y: np.ndarray, loss: str) -> None:
    trace = net.forward(X)
    grads = net.backward(trace, y, loss)
    value, gw, gb, deltas = torch_step(net, X, y, loss)
    assert loss_value(loss, trace, y) == pytest.approx(value, rel=RTOL, abs=ATOL)
    pairs = zip(grads.weights + grads.biases + grads.deltas, gw + gb + deltas)
    for ours, theirs in pairs:
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)
    new = net.apply(grads, learning_rate=0.5)
    for p, g, p_new in zip(net.weights + net.biases, gw + gb, new.weights + new.biases):
        np.testing.assert_allclose(p_new, p - 0.5 * g, rtol=RTOL, atol=ATOL)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Network, np.ndarray, np.ndarray, str]:
    sizes = (
        draw(st.integers(1, 5)),
        *draw(st.lists(st.integers(1, 5), max_size=3)),
        draw(st.integers(1, 3)),
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = Network.create(sizes, draw(st.sampled_from(list(HIDDEN))), seed=rng)
    net = net.with_parameters(net.parameters() + rng.normal(0.0, 0.5, net.n_parameters))
    n = draw(st.integers(1, 8))
    X = rng.normal(size=(n, sizes[0]))
    y = rng.uniform(size=(n, sizes[-1]))
    if draw(st.booleans()):
        y = np.round(y)
    return net, X, y, draw(st.sampled_from(["bce", "mse"]))


@settings(max_examples=200)
@given(problems())
def test_matches_torch_autograd(problem: tuple[Network, np.ndarray, np.ndarray, str]) -> None:
    assert_agrees(*problem)


@pytest.mark.parametrize("activation", list(HIDDEN))
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_matches_torch_on_a_big_batch(activation: str, loss: str) -> None:
    """10,000 students through the 3-2-1 network and a deeper one (the many-samples path)."""
    rng = np.random.default_rng(8)
    X = rng.uniform(size=(10_000, 3))
    y = (X.sum(axis=1, keepdims=True) > 1.5).astype(np.float64)
    for sizes in [(3, 2, 1), (3, 5, 4, 1)]:
        assert_agrees(Network.create(sizes, activation, seed=8), X, y, loss)


def test_matches_torch_on_mazur_and_saturated_logits() -> None:
    mazur = Network.from_weights(
        [[[0.15, 0.25], [0.20, 0.30]], [[0.40, 0.50], [0.45, 0.55]]], [[0.35, 0.35], [0.6, 0.6]]
    )
    assert_agrees(mazur, np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]]), "mse")
    big = Network.from_weights([[[1000.0]]], [[0.0]])
    for loss in ("bce", "mse"):
        assert_agrees(big, np.array([[1.0], [-1.0]]), np.array([[0.0], [1.0]]), loss)
