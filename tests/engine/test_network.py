"""The network's contract: shapes and their errors, seeded construction, immutability, and
properties of the forward pass and the losses over random shapes."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import ForwardTrace, Network, loss_value

ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "linear"]


# ----- shapes and their errors --------------------------------------------------------------


def test_wrong_x_columns_says_expected_shape() -> None:
    net = Network.create((3, 2, 1))
    with pytest.raises(ValueError, match=r"\(n_samples, 3\), got \(4, 2\)"):
        net.forward(np.zeros((4, 2)))


def test_one_dimensional_x_says_expected_shape_and_how_to_reshape() -> None:
    net = Network.create((3, 2, 1))
    with pytest.raises(ValueError, match=r"\(n_samples, 3\), got \(3,\).*reshape"):
        net.forward(np.array([0.85, 0.70, 0.55]))
    with pytest.raises(ValueError, match=r"\(n_samples, 3\)"):
        net.forward(np.zeros((2, 3, 1)))


def test_wrong_y_shape_says_expected_shape() -> None:
    net = Network.create((3, 2, 1))
    trace = net.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"\(4, 1\).*got \(4,\)"):
        net.backward(trace, np.zeros(4))
    with pytest.raises(ValueError, match=r"\(4, 1\).*got \(1, 4\)"):
        loss_value("bce", trace, np.zeros((1, 4)))


@pytest.mark.parametrize(
    ("weights", "biases", "message"),
    [
        ([np.zeros((3, 2)), np.zeros((3, 1))], [np.zeros(2), np.zeros(1)], r"\(2, n_out\)"),
        ([np.zeros((3, 2)), np.zeros((2, 1))], [np.zeros(3), np.zeros(1)], r"shape \(2,\)"),
        ([np.zeros((3, 2)), np.zeros((2, 1))], [np.zeros(2)], "one bias vector per weight"),
        ([np.zeros(3)], [np.zeros(1)], r"2-D \(n_in, n_out\)"),
        ([], [], "at least one layer"),
    ],
)
def test_inconsistent_from_weights_says_expected_shape(
    weights: list[np.ndarray], biases: list[np.ndarray], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Network.from_weights(weights, biases)


def test_other_bad_arguments() -> None:
    net = Network.create((3, 2, 1))
    with pytest.raises(ValueError, match=r"shape \(11,\)"):
        net.with_parameters(np.zeros(10))
    with pytest.raises(ValueError, match="unknown activation"):
        Network.create((3, 2, 1), activation="softmax")
    with pytest.raises(ValueError, match="unknown loss"):
        net.backward(net.forward(np.zeros((1, 3))), np.zeros((1, 1)), loss="hinge")
    for sizes in [(3,), (3, 0, 1), ()]:
        with pytest.raises(ValueError, match="layer_sizes"):
            Network.create(sizes)
    other = Network.create((3, 4, 1)).backward(
        Network.create((3, 4, 1)).forward(np.zeros((1, 3))), np.zeros((1, 1))
    )
    with pytest.raises(ValueError, match=r"shape \(3, 2\)"):
        net.apply(other)
    deeper = Network.create((3, 2, 2, 1))
    with pytest.raises(ValueError, match="gradients for 3 layers"):
        deeper.apply(net.backward(net.forward(np.zeros((1, 3))), np.zeros((1, 1))))


# ----- construction -------------------------------------------------------------------------


def test_seeded_create_is_reproducible() -> None:
    a, b = Network.create((3, 2, 1), seed=42), Network.create((3, 2, 1), seed=42)
    np.testing.assert_array_equal(a.parameters(), b.parameters())
    c = Network.create((3, 2, 1), seed=43)
    assert not np.array_equal(a.parameters(), c.parameters())
    g1, g2 = np.random.default_rng(9), np.random.default_rng(9)
    np.testing.assert_array_equal(
        Network.create((3, 2, 1), seed=g1).parameters(),
        Network.create((3, 2, 1), seed=g2).parameters(),
    )


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_create_follows_the_documented_scheme(activation: str) -> None:
    sizes = (4, 5, 3, 2)
    net = Network.create(sizes, activation, seed=1)
    assert net.layer_sizes == sizes
    assert net.n_inputs == 4 and net.n_outputs == 2
    assert net.n_parameters == 4 * 5 + 5 + 5 * 3 + 3 + 3 * 2 + 2
    assert net.activation == activation
    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        n_in, n_out = sizes[i], sizes[i + 1]
        assert w.shape == (n_in, n_out) and w.dtype == np.float64
        np.testing.assert_array_equal(b, np.zeros(n_out))
        hidden = i < len(net.weights) - 1
        r = (
            math.sqrt(6 / n_in)
            if activation == "relu" and hidden
            else math.sqrt(6 / (n_in + n_out))
        )
        assert np.abs(w).max() <= r
        assert np.abs(w).max() > r / 4  # drawn across the range, not squeezed near 0
    # The draws are default_rng(seed).uniform(-r, r, (n_in, n_out)), layer by layer.
    rng = np.random.default_rng(1)
    r0 = math.sqrt(6 / 4) if activation == "relu" else math.sqrt(6 / 9)
    np.testing.assert_array_equal(net.weights[0], rng.uniform(-r0, r0, size=(4, 5)))


def test_no_hidden_layer_works() -> None:
    net = Network.create((3, 1), seed=0)
    assert net.layer_sizes == (3, 1)
    X = np.array([[0.85, 0.70, 0.55], [0.2, 0.3, 0.1]])
    trace = net.forward(X)
    assert len(trace.z) == 1 and trace.hidden == ()
    # Logistic regression: o = sigmoid(X @ W + b).
    expected = 1.0 / (1.0 + np.exp(-(X @ net.weights[0] + net.biases[0])))
    np.testing.assert_allclose(trace.output, expected, rtol=1e-15)
    grads = net.backward(trace, np.array([[1.0], [0.0]]))
    # bce: dW = X^T (o - y) / n.
    np.testing.assert_allclose(grads.weights[0], X.T @ (expected - [[1.0], [0.0]]) / 2, rtol=1e-14)
    assert grads.weights[0].shape == (3, 1) and grads.biases[0].shape == (1,)
    assert net.apply(grads).layer_sizes == (3, 1)


def test_from_weights_copies_and_everything_is_read_only() -> None:
    W1, W2 = np.full((3, 2), 0.1), np.full((2, 1), 0.2)
    net = Network.from_weights([W1, W2], [np.zeros(2), np.zeros(1)])
    W1[0, 0] = 99.0
    assert net.weights[0][0, 0] == 0.1
    X, y = np.ones((2, 3)), np.ones((2, 1))
    new = net.apply(net.backward(net.forward(X), y))
    for network in (net, new, Network.create((3, 2, 1)), net.with_parameters(net.parameters())):
        for arr in network.weights + network.biases:
            assert not arr.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                arr[0] = 1.0
    with pytest.raises(AttributeError):
        net.weights = ()  # type: ignore[misc]


@pytest.mark.parametrize("update_biases", [True, False])
def test_apply_returns_a_new_network_and_leaves_the_old_one(update_biases: bool) -> None:
    net = Network.create((3, 2, 1), seed=0).with_bias(0, 1, 0.3)
    before = net.parameters().copy()
    X, y = np.random.default_rng(0).uniform(size=(5, 3)), np.ones((5, 1))
    grads = net.backward(net.forward(X), y)
    new = net.apply(grads, learning_rate=0.5, update_biases=update_biases)
    assert new is not net
    np.testing.assert_array_equal(net.parameters(), before)
    for w, g, w_new in zip(net.weights, grads.weights, new.weights):
        np.testing.assert_array_equal(w_new, w - 0.5 * g)
    for b, g, b_new in zip(net.biases, grads.biases, new.biases):
        np.testing.assert_array_equal(b_new, b - 0.5 * g if update_biases else b)
    assert new.activation == net.activation and new.layer_sizes == net.layer_sizes


def test_parameters_round_trip_in_documented_order() -> None:
    net = Network.from_weights([[[1.0, 2.0], [3.0, 4.0]], [[5.0], [6.0]]], [[7.0, 8.0], [9.0]])
    np.testing.assert_array_equal(net.parameters(), [1, 2, 3, 4, 7, 8, 5, 6, 9])
    same = net.with_parameters(net.parameters())
    np.testing.assert_array_equal(same.weights[1], net.weights[1])
    assert net.with_weight(1, 1, 0, -6.0).weights[1][1, 0] == -6.0
    assert net.with_bias(0, 1, -8.0).biases[0][1] == -8.0
    assert net.weights[1][1, 0] == 6.0 and net.biases[0][1] == 8.0


# ----- properties over random shapes --------------------------------------------------------


@st.composite
def cases(draw: st.DrawFn) -> tuple[Network, np.ndarray, np.ndarray]:
    sizes = (
        draw(st.integers(1, 5)),
        *draw(st.lists(st.integers(1, 5), max_size=3)),
        draw(st.integers(1, 3)),
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = Network.create(sizes, draw(st.sampled_from(ACTIVATION_NAMES)), seed=rng)
    scale = draw(st.sampled_from([0.1, 1.0, 10.0]))
    net = net.with_parameters(net.parameters() * scale + rng.normal(0, scale, net.n_parameters))
    n = draw(st.integers(1, 8))
    X = rng.normal(0.0, draw(st.sampled_from([0.5, 3.0, 30.0])), size=(n, sizes[0]))
    y = rng.uniform(size=(n, sizes[-1]))
    if draw(st.booleans()):
        y = np.round(y)
    return net, X, y


@given(cases())
def test_forward_trace_structure(case: tuple[Network, np.ndarray, np.ndarray]) -> None:
    net, X, _ = case
    trace = net.forward(X)
    assert isinstance(trace, ForwardTrace)
    assert trace.n_samples == X.shape[0]
    np.testing.assert_array_equal(trace.a[0], X)
    assert len(trace.z) == len(net.weights) and len(trace.a) == len(net.weights) + 1
    assert len(trace.hidden) == len(net.weights) - 1
    for i, (z, w, b) in enumerate(zip(trace.z, net.weights, net.biases)):
        assert z.shape == (X.shape[0], w.shape[1]) == trace.a[i + 1].shape
        np.testing.assert_allclose(z, trace.a[i] @ w + b, rtol=1e-12, atol=1e-12 * np.abs(z).max())
    assert trace.output is trace.a[-1]
    np.testing.assert_array_equal(net.predict_proba(X), trace.output)


@given(cases())
def test_outputs_are_probabilities_and_losses_are_sane(
    case: tuple[Network, np.ndarray, np.ndarray],
) -> None:
    net, X, y = case
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e^-z may overflow inside, but silently and exactly
        trace = net.forward(X)
        values = {loss: loss_value(loss, trace, y) for loss in ("bce", "mse")}
        net.backward(trace, y, "bce")
    a, z = trace.output, trace.z[-1]
    assert ((a >= 0.0) & (a <= 1.0)).all()
    for value in values.values():
        assert math.isfinite(value) and value >= 0.0
    assert values["mse"] == pytest.approx(np.mean((a - y) ** 2), rel=1e-12)
    # Where the output is not saturated, bce equals the textbook -(y log a + (1-y) log(1-a)).
    ok = (a > 1e-6) & (a < 1 - 1e-6)
    a_ok, y_ok = a[ok], y[ok]
    textbook = -(y_ok * np.log(a_ok) + (1 - y_ok) * np.log(1 - a_ok))
    if ok.all():
        assert values["bce"] == pytest.approx(textbook.mean(), rel=1e-8)
    else:  # element by element, through one-element traces
        z_ok = z[ok]
        for zk, yk, tk in zip(z_ok, y_ok, textbook):
            one = ForwardTrace((np.array([[zk]]),), (np.zeros((1, 1)), np.array([[0.5]])))
            assert loss_value("bce", one, [[yk]]) == pytest.approx(tk, rel=1e-8)
    # The sigmoid output matches 1 / (1 + e^-z) where that does not overflow.
    small = np.abs(z) < 700
    np.testing.assert_allclose(a[small], 1.0 / (1.0 + np.exp(-z[small])), rtol=1e-15)


@given(cases())
def test_each_row_goes_through_alone_as_in_the_batch(
    case: tuple[Network, np.ndarray, np.ndarray],
) -> None:
    net, X, y = case
    batch = net.forward(X)
    for k in range(X.shape[0]):
        alone = net.forward(X[k : k + 1])
        for zb, za in zip(batch.z, alone.z):
            np.testing.assert_allclose(
                za[0], zb[k], rtol=1e-12, atol=1e-12 * (1 + np.abs(zb).max())
            )
    # The batch gradient is the mean of the one-sample gradients (each a mean over outputs).
    n = X.shape[0]
    whole = net.backward(batch, y, "bce").flat()
    mean = sum(
        net.backward(net.forward(X[k : k + 1]), y[k : k + 1], "bce").flat() for k in range(n)
    )
    np.testing.assert_allclose(whole, np.asarray(mean) / n, rtol=1e-9, atol=1e-12)
