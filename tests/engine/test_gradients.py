"""Backprop is right: central differences for every parameter, a network worked by hand,
Matt Mazur's published example, saturated logits, and batches split in pieces."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from engine import Network, loss_value
from engine.network import _GEMV_SAMPLES

ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "linear"]
H = 1e-5
"""The nudge for central differences, refined by one Richardson step (error O(h^4))."""
KINK = 1e-4
"""Relu pre-activations closer to 0 than this are skipped: the loss has no slope there."""


@st.composite
def problems(draw: st.DrawFn) -> tuple[Network, np.ndarray, np.ndarray, str]:
    """A random network (0-3 hidden layers of 1-5 nodes, 1-3 outputs, random biases),
    1-8 samples, soft or hard targets, and a loss."""
    n_in = draw(st.integers(1, 5))
    hidden = draw(st.lists(st.integers(1, 5), min_size=0, max_size=3))
    n_out = draw(st.integers(1, 3))
    n = draw(st.integers(1, 8))
    activation = draw(st.sampled_from(ACTIVATION_NAMES))
    loss = draw(st.sampled_from(["bce", "mse"]))
    soft = draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = Network.create((n_in, *hidden, n_out), activation, seed=rng)
    net = net.with_parameters(net.parameters() + rng.normal(0.0, 0.5, net.n_parameters))
    X = rng.normal(0.0, 1.0, size=(n, n_in))
    shape = (n, n_out)
    y = rng.uniform(0.0, 1.0, shape) if soft else rng.integers(0, 2, shape).astype(np.float64)
    return net, X, y, loss


def numeric_gradient(net: Network, X: np.ndarray, y: np.ndarray, loss: str) -> np.ndarray:
    """d mean-loss / d parameter for every parameter, by central differences only."""
    base = net.parameters()

    def central(k: int, h: float) -> float:
        p = base.copy()
        p[k] = base[k] + h
        up = loss_value(loss, net.with_parameters(p).forward(X), y)
        p[k] = base[k] - h
        down = loss_value(loss, net.with_parameters(p).forward(X), y)
        return (up - down) / (2.0 * h)

    out = np.empty_like(base)
    for k in range(base.size):
        coarse, fine = central(k, H), central(k, H / 2)
        out[k] = (4.0 * fine - coarse) / 3.0  # Richardson: cancels the h^2 error term
    return out


def assert_close(a: np.ndarray, b: np.ndarray, rel: float, abs_: float) -> None:
    """|a - b| <= rel * max(|a|, |b|) + abs_, element by element."""
    bound = rel * np.maximum(np.abs(a), np.abs(b)) + abs_
    bad = np.abs(a - b) > bound
    assert not bad.any(), f"mismatch at {np.flatnonzero(bad)}: {a[bad]} vs {b[bad]}"


@pytest.mark.slow
@given(problems())
def test_backprop_matches_central_differences(
    problem: tuple[Network, np.ndarray, np.ndarray, str],
) -> None:
    net, X, y, loss = problem
    trace = net.forward(X)
    if net.activation == "relu":
        assume(all(np.abs(z).min() > KINK for z in trace.z[:-1]))
    grads = net.backward(trace, y, loss)
    assert_close(grads.flat(), numeric_gradient(net, X, y, loss), rel=1e-6, abs_=1e-9)
    # Each bias's gradient is its layer's deltas summed over the samples.
    for gb, delta in zip(grads.biases, grads.deltas):
        np.testing.assert_allclose(gb, delta.sum(axis=0), rtol=1e-12, atol=1e-15)


def test_central_differences_would_catch_a_wrong_gradient() -> None:
    """The check is not vacuous: one wrong gradient entry is more than the tolerance."""
    rng = np.random.default_rng(3)
    net = Network.create((3, 2, 1), seed=3)
    X, y = rng.normal(size=(4, 3)), np.array([[1.0], [0.0], [1.0], [0.0]])
    flat = net.backward(net.forward(X), y).flat()
    numeric = numeric_gradient(net, X, y, "bce")
    assert_close(flat, numeric, rel=1e-6, abs_=1e-9)
    wrong = flat.copy()
    wrong[4] *= 1.0 + 1e-5
    with pytest.raises(AssertionError):
        assert_close(wrong, numeric, rel=1e-6, abs_=1e-9)


# ----- the article's 3-2-1, worked by hand --------------------------------------------------


def test_worked_example_by_hand() -> None:
    """One student (0.85, 0.70, 0.55) who passed (y = 1), bce, learning rate 0.5.

    Parameters (W[i] is (n_in, n_out), so row = input, column = node):
        W1 = [[0.5, -0.5], [0.25, 0.5], [-0.25, 1.0]], b1 = [0.1, -0.2]
        W2 = [[1.0], [-1.0]],                           b2 = [0.5]

    Forward:
        z1_1 = 0.85*0.5 + 0.70*0.25 + 0.55*(-0.25) + 0.1 = 0.425 + 0.175 - 0.1375 + 0.1 = 0.5625
        z1_2 = 0.85*(-0.5) + 0.70*0.5 + 0.55*1.0 - 0.2 = -0.425 + 0.35 + 0.55 - 0.2 = 0.275
        e^-0.5625 = 0.5697828247, so h1 = 1 / 1.5697828247 = 0.6370307945
        e^-0.275  = 0.7595721232, so h2 = 1 / 1.7595721232 = 0.5683199835
        z2 = 1.0*h1 - 1.0*h2 + 0.5 = 0.6370307945 - 0.5683199835 + 0.5 = 0.5687108110
        e^-0.5687108110 = 0.5662549780, so o = 1 / 1.5662549780 = 0.6384656483
    Loss: bce = -ln(o) = -ln(0.6384656483) = 0.4486874055
          (mse would be (o - 1)^2 = 0.3615343517^2 = 0.1307070874)
    Backward (one sample, one output, so n = 1):
        delta2 = o - y = 0.6384656483 - 1 = -0.3615343517
        dW2 = [h1 * delta2, h2 * delta2] = [-0.2303085153, -0.2054671968];  db2 = -0.3615343517
        h1 (1 - h1) = 0.6370307945 * 0.3629692055 = 0.2312225614
        h2 (1 - h2) = 0.5683199835 * 0.4316800165 = 0.2453323799
        delta1_1 = delta2 * W2[0] * h1 (1 - h1) = -0.3615343517 * 1.0 * 0.2312225614 = -0.0835948988
        delta1_2 = delta2 * W2[1] * h2 (1 - h2) = -0.3615343517 * -1.0 * 0.2453323799 = 0.0886960829
        dW1[i, j] = x_i * delta1_j:
            [[0.85 * -0.0835948988, 0.85 * 0.0886960829],    = [[-0.0710556640, 0.0753916705],
             [0.70 * -0.0835948988, 0.70 * 0.0886960829],       [-0.0585164292, 0.0620872580],
             [0.55 * -0.0835948988, 0.55 * 0.0886960829]]       [-0.0459771943, 0.0487828456]]
        db1 = [-0.0835948988, 0.0886960829]
    Update, w - 0.5 * dw:
        W2+ = [1.0 + 0.1151542576, -1.0 + 0.1027335984] = [1.1151542576, -0.8972664016]
        b2+ = 0.5 + 0.1807671758 = 0.6807671758
        W1+ = [[0.5355278320, -0.5376958352], [0.2792582146, 0.4689563710],
               [-0.2270114028, 0.9756085772]]
        b1+ = [0.1 + 0.0417974494, -0.2 - 0.0443480414] = [0.1417974494, -0.2443480414]
    """
    net = Network.from_weights(
        [[[0.5, -0.5], [0.25, 0.5], [-0.25, 1.0]], [[1.0], [-1.0]]], [[0.1, -0.2], [0.5]]
    )
    X, y = np.array([[0.85, 0.70, 0.55]]), np.array([[1.0]])
    tol = 1e-9
    trace = net.forward(X)
    np.testing.assert_allclose(trace.z[0], [[0.5625, 0.275]], atol=1e-15)
    np.testing.assert_allclose(trace.hidden[0], [[0.6370307945, 0.5683199835]], atol=tol)
    np.testing.assert_allclose(trace.z[1], [[0.5687108110]], atol=tol)
    np.testing.assert_allclose(trace.output, [[0.6384656483]], atol=tol)
    assert loss_value("bce", trace, y) == pytest.approx(0.4486874055, abs=tol)
    assert loss_value("mse", trace, y) == pytest.approx(0.1307070874, abs=tol)

    grads = net.backward(trace, y, "bce")
    np.testing.assert_allclose(grads.deltas[1], [[-0.3615343517]], atol=tol)
    np.testing.assert_allclose(grads.deltas[0], [[-0.0835948988, 0.0886960829]], atol=tol)
    np.testing.assert_allclose(grads.weights[1], [[-0.2303085153], [-0.2054671968]], atol=tol)
    np.testing.assert_allclose(grads.biases[1], [-0.3615343517], atol=tol)
    np.testing.assert_allclose(
        grads.weights[0],
        [
            [-0.0710556640, 0.0753916705],
            [-0.0585164292, 0.0620872580],
            [-0.0459771943, 0.0487828456],
        ],
        atol=tol,
    )
    np.testing.assert_allclose(grads.biases[0], [-0.0835948988, 0.0886960829], atol=tol)

    new = net.apply(grads, learning_rate=0.5)
    np.testing.assert_allclose(new.weights[1], [[1.1151542576], [-0.8972664016]], atol=tol)
    np.testing.assert_allclose(new.biases[1], [0.6807671758], atol=tol)
    np.testing.assert_allclose(
        new.weights[0],
        [
            [0.5355278320, -0.5376958352],
            [0.2792582146, 0.4689563710],
            [-0.2270114028, 0.9756085772],
        ],
        atol=tol,
    )
    np.testing.assert_allclose(new.biases[0], [0.1417974494, -0.2443480414], atol=tol)


def test_worked_example_mse_output_delta() -> None:
    """Same network and student with mse: delta2 = 2 (o - y) o (1 - o) / n
    = 2 * -0.3615343517 * 0.6384656483 * 0.3615343517 = -0.1669039706."""
    net = Network.from_weights(
        [[[0.5, -0.5], [0.25, 0.5], [-0.25, 1.0]], [[1.0], [-1.0]]], [[0.1, -0.2], [0.5]]
    )
    trace = net.forward([[0.85, 0.70, 0.55]])
    grads = net.backward(trace, [[1.0]], "mse")
    np.testing.assert_allclose(grads.deltas[1], [[-0.1669039706]], atol=1e-9)


# ----- Matt Mazur, "A Step by Step Backpropagation Example" --------------------------------


def mazur_network() -> Network:
    """His 2-2-2 network; w1 (i1 -> h1) is W1[0, 0], w2 (i2 -> h1) W1[1, 0], and so on."""
    w1, w2, w3, w4 = 0.15, 0.20, 0.25, 0.30
    w5, w6, w7, w8 = 0.40, 0.45, 0.50, 0.55
    return Network.from_weights(
        [[[w1, w3], [w2, w4]], [[w5, w7], [w6, w8]]], [[0.35, 0.35], [0.60, 0.60]]
    )


def test_mazur_published_values() -> None:
    net = mazur_network()
    X, y = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])
    trace = net.forward(X)
    assert trace.z[0][0, 0] == pytest.approx(0.3775, abs=1e-12)  # net_h1
    assert trace.a[1][0, 0] == pytest.approx(0.593269992, abs=5e-10)  # out_h1
    assert trace.a[1][0, 1] == pytest.approx(0.596884378, abs=5e-10)  # out_h2
    assert trace.z[1][0, 0] == pytest.approx(1.105905967, abs=5e-10)  # net_o1
    assert trace.output[0, 0] == pytest.approx(0.75136507, abs=5e-9)  # out_o1
    assert trace.output[0, 1] == pytest.approx(0.772928465, abs=5e-10)  # out_o2
    # His E_total = sum of 1/2 (t - o)^2 over two outputs = our mean of (o - t)^2.
    assert loss_value("mse", trace, y) == pytest.approx(0.298371109, abs=5e-10)

    grads = net.backward(trace, y, "mse")
    assert grads.weights[1][0, 0] == pytest.approx(0.082167041, abs=5e-10)  # his dE/dw5
    assert grads.weights[0][0, 0] == pytest.approx(0.000438568, abs=5e-10)  # his dE/dw1

    new = net.apply(grads, learning_rate=0.5, update_biases=False)
    published = {
        (1, 0, 0): (0.35891648, 5e-9),  # w5+
        (1, 1, 0): (0.408666186, 5e-10),  # w6+
        (1, 0, 1): (0.511301270, 5e-10),  # w7+
        (1, 1, 1): (0.561370121, 5e-10),  # w8+
        (0, 0, 0): (0.149780716, 5e-10),  # w1+
        (0, 1, 0): (0.19956143, 5e-9),  # w2+
        (0, 0, 1): (0.24975114, 5e-9),  # w3+
        (0, 1, 1): (0.29950229, 5e-9),  # w4+
    }
    for (layer, i, j), (value, tol) in published.items():
        assert new.weights[layer][i, j] == pytest.approx(value, abs=tol), (layer, i, j)
    for before, after in zip(net.biases, new.biases):
        np.testing.assert_array_equal(before, after)
    # The original network is untouched.
    assert net.weights[1][0, 0] == 0.40


# ----- saturation ---------------------------------------------------------------------------


def test_saturated_logits_bce_is_exact_and_gradients_finite() -> None:
    # One input, one output, weight 1000: x = +1 gives z = 1000, x = -1 gives z = -1000.
    net = Network.from_weights([[[1000.0]]], [[0.0]])
    X = np.array([[1.0], [-1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = net.forward(X)
        np.testing.assert_array_equal(trace.z[0], [[1000.0], [-1000.0]])
        np.testing.assert_array_equal(trace.output, [[1.0], [0.0]])
        # Each sample wrong: bce = max(z, 0) - z y + log(1 + e^-|z|) = 1000 both times.
        assert loss_value("bce", trace, [[0.0], [1.0]]) == 1000.0
        # Each sample right: bce = log(1 + e^-1000), 0 in float64.
        assert loss_value("bce", trace, [[1.0], [0.0]]) == 0.0
        # Soft targets: z = 1000, y = 0.25 gives 1000 - 250 = 750; z = -1000, y = 0.25: 250.
        assert loss_value("bce", trace, [[0.25], [0.25]]) == 500.0
        g = net.backward(trace, [[0.0], [1.0]], "bce")
        # delta = (a - y) / 2 = [0.5, -0.5]; dW = 1 * 0.5 + (-1) * (-0.5) = 1; db = 0.
        np.testing.assert_array_equal(g.weights[0], [[1.0]])
        np.testing.assert_array_equal(g.biases[0], [0.0])
        assert loss_value("mse", trace, [[0.0], [1.0]]) == 1.0
        g = net.backward(trace, [[0.0], [1.0]], "mse")
        # The sigmoid is flat: a (1 - a) = 0, so mse's gradients are exactly 0 (and finite).
        np.testing.assert_array_equal(g.weights[0], [[0.0]])


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_saturated_deep_network_stays_finite(activation: str, loss: str) -> None:
    # Hidden z = +-1000 from x = +-1; output z = +-1000 whatever the hidden layer gives.
    net = Network.from_weights(
        [[[1000.0, -1000.0]], [[0.0], [0.0]]], [[0.0, 0.0], [1000.0]], activation=activation
    )
    X = np.array([[1.0], [-1.0]])
    y = np.array([[0.0], [0.7]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = net.forward(X)
        np.testing.assert_array_equal(trace.z[1], [[1000.0], [1000.0]])
        value = loss_value(loss, trace, y)
        grads = net.backward(trace, y, loss)
        new = net.apply(grads)
    assert np.isfinite(value)
    if loss == "bce":
        assert value == (1000.0 + (1000.0 - 700.0)) / 2  # max(z,0) - z y, e^-1000 is 0
    for g in grads.weights + grads.biases + grads.deltas:
        assert np.isfinite(g).all()
    assert np.isfinite(new.parameters()).all()
    if activation == "sigmoid":
        np.testing.assert_array_equal(trace.hidden[0], [[1.0, 0.0], [0.0, 1.0]])


# ----- the batch is a mean; big batches take another code path ------------------------------


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("sizes", [(3, 2, 1), (3, 4, 3, 2), (2, 1)])
def test_big_batch_gradient_is_weighted_mean_of_chunks(
    activation: str, sizes: tuple[int, ...]
) -> None:
    """Above _GEMV_SAMPLES samples the weight gradients use matrix-vector products; they must
    equal the size-weighted mean of the gradients of chunks small enough for the matmul path."""
    rng = np.random.default_rng(5)
    n = _GEMV_SAMPLES + 1000
    net = Network.create(sizes, activation, seed=5)
    net = net.with_parameters(net.parameters() + rng.normal(0.0, 0.3, net.n_parameters))
    X = rng.normal(size=(n, sizes[0]))
    y = rng.uniform(size=(n, sizes[-1]))
    for loss in ("bce", "mse"):
        whole = net.backward(net.forward(X), y, loss).flat()
        parts = np.zeros_like(whole)
        for chunk in np.array_split(np.arange(n), 3):
            assert chunk.size < _GEMV_SAMPLES
            part = net.backward(net.forward(X[chunk]), y[chunk], loss).flat()
            parts += part * (chunk.size / n)
        np.testing.assert_allclose(whole, parts, rtol=1e-9, atol=1e-15)
