"""The network: a multilayer perceptron with a sigmoid output, its forward pass and its blame.

Conventions (a contract that outside tools import; keep them stable):

- ``weights[i]`` has shape ``(n_in, n_out)`` and ``biases[i]`` shape ``(n_out,)`` for layer i;
  the article's 3-2-1 network has ``weights`` of shapes (3, 2) and (2, 1).
- The forward pass of ``X`` with shape ``(n_samples, n_inputs)`` computes, for each layer,
  ``z[i] = a[i] @ W[i] + b[i]`` (the dot product, "the guessing game") and
  ``a[i + 1] = activation(z[i])``, with ``a[0] = X``. Hidden layers use the network's
  activation; the output layer is always sigmoid, so the output is a probability.
- Losses are means over every element (samples x outputs); gradients are of that mean.
- A ``Network`` never changes: ``apply`` returns a new one. Its arrays are read-only.

Initialisation (``Network.create``): weights are drawn uniformly from ``[-r, r]`` with
Glorot's ``r = sqrt(6 / (n_in + n_out))`` for sigmoid, tanh and linear hidden layers and He's
``r = sqrt(6 / n_in)`` for relu hidden layers (the output layer always uses Glorot);
biases start at 0. All draws come from ``numpy.random.default_rng(seed)``, layer by layer,
so one seed gives the same network on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine.activations import ACTIVATIONS, DERIVATIVES, check_activation
from engine.losses import LOSS_DELTAS, LOSSES, check_loss

Array = NDArray[np.float64]

_GEMV_SAMPLES = 4096
_GEMV_OUTPUTS = 8
"""Thin weight gradients (many samples, at most this many outputs) use matrix-vector products."""

OUTPUT_ACTIVATION = "sigmoid"
"""The output layer's activation: always sigmoid, so outputs read as probabilities."""


def _frozen(values: ArrayLike) -> Array:
    """A float64 read-only copy, so no holder of a Network can change it in place."""
    out = np.array(values, dtype=np.float64, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class ForwardTrace:
    """Everything the forward pass computed, layer by layer.

    ``z[i]``: weighted sums of layer i, ``(n_samples, layer_sizes[i + 1])``.
    ``a[i]``: activations; ``a[0]`` is the input ``X`` and ``a[-1]`` the output.
    """

    z: tuple[Array, ...]
    a: tuple[Array, ...]

    @property
    def output(self) -> Array:
        """The network's output probabilities, ``(n_samples, n_outputs)``."""
        return self.a[-1]

    @property
    def hidden(self) -> tuple[Array, ...]:
        """The hidden layers' activations (the article's "preliminary guesses")."""
        return self.a[1:-1]

    @property
    def n_samples(self) -> int:
        """How many samples went through."""
        return int(self.a[0].shape[0])


@dataclass(frozen=True, eq=False)
class Gradients:
    """Each parameter's share of the blame: the gradient of the mean loss.

    ``weights[i]`` and ``biases[i]`` have the shapes of the network's parameters.
    ``deltas[i]`` is dLoss/dz for layer i, ``(n_samples, layer_sizes[i + 1])``.
    """

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    deltas: tuple[Array, ...]

    def flat(self) -> Array:
        """All gradients in one vector, in ``Network.parameters()`` order."""
        return np.concatenate(
            [np.concatenate([w.ravel(), b]) for w, b in zip(self.weights, self.biases)]
        )


@dataclass(frozen=True, eq=False)
class Network:
    """A multilayer perceptron: hidden layers of one activation, then a sigmoid output."""

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    activation: str = "sigmoid"

    def __post_init__(self) -> None:
        check_activation(self.activation)
        if len(self.weights) == 0:
            raise ValueError("a network needs at least one layer of weights")
        if len(self.weights) != len(self.biases):
            raise ValueError(
                f"expected one bias vector per weight matrix: got {len(self.weights)} "
                f"weight matrices and {len(self.biases)} bias vectors"
            )
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if w.ndim != 2:
                raise ValueError(f"weights[{i}] must be 2-D (n_in, n_out), got shape {w.shape}")
            if b.shape != (w.shape[1],):
                raise ValueError(
                    f"biases[{i}] must have shape ({w.shape[1]},) to match weights[{i}] "
                    f"of shape {w.shape}, got {b.shape}"
                )
            if i > 0 and w.shape[0] != self.weights[i - 1].shape[1]:
                raise ValueError(
                    f"weights[{i}] must have shape ({self.weights[i - 1].shape[1]}, n_out) "
                    f"to follow weights[{i - 1}] of shape {self.weights[i - 1].shape}, "
                    f"got {w.shape}"
                )

    # ----- construction -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        layer_sizes: Sequence[int],
        activation: str = "sigmoid",
        seed: int | np.random.Generator | None = 0,
    ) -> Network:
        """A new network with seeded random weights (see the module docstring's scheme).

        ``layer_sizes`` is (n_inputs, hidden..., n_outputs): (3, 2, 1) is the article's
        network, (3, 1) has no hidden layer.
        """
        check_activation(activation)
        sizes = [int(s) for s in layer_sizes]
        if len(sizes) < 2 or any(s < 1 for s in sizes):
            raise ValueError(
                f"layer_sizes must be (n_inputs, [hidden...], n_outputs), all >= 1, got {sizes}"
            )
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        weights, biases = [], []
        last = len(sizes) - 2
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            if activation == "relu" and i < last:
                r = np.sqrt(6.0 / n_in)
            else:
                r = np.sqrt(6.0 / (n_in + n_out))
            weights.append(_frozen(rng.uniform(-r, r, size=(n_in, n_out))))
            biases.append(_frozen(np.zeros(n_out)))
        return cls(tuple(weights), tuple(biases), activation)

    @classmethod
    def from_weights(
        cls,
        weights: Sequence[ArrayLike],
        biases: Sequence[ArrayLike],
        activation: str = "sigmoid",
    ) -> Network:
        """A network with exactly these parameters (copied): W[i] (n_in, n_out), b[i] (n_out,)."""
        return cls(
            tuple(_frozen(w) for w in weights),
            tuple(_frozen(b) for b in biases),
            activation,
        )

    # ----- shape ---------------------------------------------------------------------

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """(n_inputs, hidden sizes..., n_outputs)."""
        return (int(self.weights[0].shape[0]),) + tuple(int(w.shape[1]) for w in self.weights)

    @property
    def n_inputs(self) -> int:
        """Number of input features."""
        return int(self.weights[0].shape[0])

    @property
    def n_outputs(self) -> int:
        """Number of output probabilities."""
        return int(self.weights[-1].shape[1])

    @property
    def n_parameters(self) -> int:
        """How many weights and biases in all."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    def parameters(self) -> Array:
        """All parameters in one vector: layer by layer, W[i] row-major then b[i]."""
        return np.concatenate(
            [np.concatenate([w.ravel(), b]) for w, b in zip(self.weights, self.biases)]
        )

    def with_parameters(self, vector: ArrayLike) -> Network:
        """A network of this shape holding ``vector`` (in ``parameters()`` order)."""
        flat = np.asarray(vector, dtype=np.float64)
        if flat.shape != (self.n_parameters,):
            raise ValueError(f"expected a vector of shape ({self.n_parameters},), got {flat.shape}")
        weights, biases, k = [], [], 0
        for w, b in zip(self.weights, self.biases):
            weights.append(flat[k : k + w.size].reshape(w.shape))
            k += w.size
            biases.append(flat[k : k + b.size])
            k += b.size
        return Network.from_weights(weights, biases, self.activation)

    def with_weight(self, layer: int, row: int, col: int, value: float) -> Network:
        """A copy with one weight set by hand: ``weights[layer][row, col] = value``."""
        weights = [np.array(w) for w in self.weights]
        weights[layer][row, col] = value
        return Network.from_weights(weights, self.biases, self.activation)

    def with_bias(self, layer: int, index: int, value: float) -> Network:
        """A copy with one bias set by hand: ``biases[layer][index] = value``."""
        biases = [np.array(b) for b in self.biases]
        biases[layer][index] = value
        return Network.from_weights(self.weights, biases, self.activation)

    # ----- the guessing game and the blame game ---------------------------------------

    def _check_x(self, X: ArrayLike) -> Array:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_inputs:
            raise ValueError(
                f"X must have shape (n_samples, {self.n_inputs}), got {X.shape}"
                + (" (reshape a single sample with X.reshape(1, -1))" if X.ndim == 1 else "")
            )
        return X

    def forward(self, X: ArrayLike) -> ForwardTrace:
        """The forward pass of ``X``, shape (n_samples, n_inputs), keeping every layer.

        Internally each layer is computed transposed, ``z[i].T = W[i].T @ a[i].T`` of shape
        (n_out, n_samples), so the bias add and the per-parameter sums in ``backward`` run
        along contiguous memory; ``trace.z[i]`` and ``trace.a[i]`` are (n_samples, n_out)
        views of those arrays. The sigmoid is ``1 / (1 + e^-z)`` in place, with e^-z
        allowed to overflow to inf (giving exactly 0) under one errstate for the whole pass.
        """
        x = self._check_x(X)
        act = ACTIVATIONS[self.activation]
        hidden_sigmoid = self.activation == "sigmoid"
        zs: list[Array] = []
        acts: list[Array] = [x]
        a_t = x.T
        last = len(self.weights) - 1
        with np.errstate(over="ignore"):
            for i, (w, b) in enumerate(zip(self.weights, self.biases)):
                z_t = w.T @ a_t
                z_t += b[:, None]
                if hidden_sigmoid or i == last:
                    a_t = np.negative(z_t)
                    np.exp(a_t, out=a_t)
                    a_t += 1.0
                    np.divide(1.0, a_t, out=a_t)
                else:
                    a_t = act(z_t)
                zs.append(z_t.T)
                acts.append(a_t.T)
        return ForwardTrace(tuple(zs), tuple(acts))

    def predict_proba(self, X: ArrayLike) -> Array:
        """Only the output probabilities of ``X``, (n_samples, n_outputs)."""
        return self.forward(X).output

    def _check_y(self, trace: ForwardTrace, y: ArrayLike) -> Array:
        y = np.asarray(y, dtype=np.float64)
        if y.shape != trace.output.shape:
            raise ValueError(
                f"y must have shape {trace.output.shape} (n_samples, n_outputs) "
                f"to match the output, got {y.shape}"
            )
        return y

    def backward(self, trace: ForwardTrace, y: ArrayLike, loss: str = "bce") -> Gradients:
        """Backpropagation: the gradient of the mean ``loss`` for every parameter.

        ``trace`` must come from this network's ``forward``; ``y`` has the output's shape.
        """
        check_loss(loss)
        yy = self._check_y(trace, y)
        deriv = DERIVATIVES[self.activation]
        n = len(self.weights)
        # Transposed, (n_out, n_samples): contiguous for traces made by forward.
        delta = LOSS_DELTAS[loss](trace.z[-1].T, trace.a[-1].T, yy.T)
        deltas: list[Array] = [delta] * n
        gw: list[Array] = [delta] * n
        gb: list[Array] = [delta] * n
        for i in range(n - 1, -1, -1):
            a_t = trace.a[i].T
            deltas[i] = delta.T
            if delta.shape[1] >= _GEMV_SAMPLES and delta.shape[0] <= _GEMV_OUTPUTS:
                # Many samples, few outputs: one matrix-vector product per output beats
                # BLAS's matrix-matrix product of such thin shapes several times over.
                g_t = np.empty((delta.shape[0], a_t.shape[0]))
                for j in range(delta.shape[0]):
                    np.matmul(a_t, delta[j], out=g_t[j])
                gw[i] = g_t.T
            else:
                gw[i] = a_t @ delta.T
            gb[i] = np.add.reduce(delta, axis=1)
            if i > 0:
                w = self.weights[i]
                back = deriv(trace.z[i - 1].T, a_t)
                if w.shape[1] == 1:
                    # One output: W @ delta is an outer product; two broadcast multiplies
                    # into the derivative's fresh array beat a matmul and a temporary.
                    back *= w
                    back *= delta
                else:
                    back *= w @ delta
                delta = back
        return Gradients(tuple(gw), tuple(gb), tuple(deltas))

    def apply(
        self, grads: Gradients, learning_rate: float = 0.5, update_biases: bool = True
    ) -> Network:
        """Gradient descent: a new network with each parameter moved ``-learning_rate * g``."""
        lr = float(learning_rate)
        if len(grads.weights) != len(self.weights) or len(grads.biases) != len(self.biases):
            raise ValueError(
                f"expected gradients for {len(self.weights)} layers, got "
                f"{len(grads.weights)} weight and {len(grads.biases)} bias gradients"
            )
        params = self.weights + self.biases if update_biases else self.weights
        moved = []
        for p, g in zip(params, grads.weights + grads.biases):
            if g.shape != p.shape:
                raise ValueError(f"expected a gradient of shape {p.shape}, got {g.shape}")
            new = p - lr * g
            new.setflags(write=False)
            moved.append(new)
        k = len(self.weights)
        biases = tuple(moved[k:]) if update_biases else self.biases
        return Network._trusted(tuple(moved[:k]), biases, self.activation)

    @classmethod
    def _trusted(
        cls, weights: tuple[Array, ...], biases: tuple[Array, ...], activation: str
    ) -> Network:
        """A Network from arrays already known to be valid (read-only, float64, fitting shapes).

        Skips ``__post_init__``'s checks, which cost more than a small step's arithmetic.
        """
        net = object.__new__(cls)
        object.__setattr__(net, "weights", weights)
        object.__setattr__(net, "biases", biases)
        object.__setattr__(net, "activation", activation)
        return net


def loss_value(loss: str, trace: ForwardTrace, y: ArrayLike) -> float:
    """The mean ``loss`` ("bce" or "mse") of a forward trace against targets ``y``."""
    check_loss(loss)
    yy = np.asarray(y, dtype=np.float64)
    if yy.shape != trace.output.shape:
        raise ValueError(
            f"y must have shape {trace.output.shape} (n_samples, n_outputs) "
            f"to match the output, got {yy.shape}"
        )
    return LOSSES[loss](trace.z[-1], trace.a[-1], yy)


def parameter_changes(
    before: Network, after: Network
) -> tuple[tuple[Array, ...], tuple[Array, ...]]:
    """What an update did: ``after - before`` for every weight matrix and bias vector (the
    screen's last change beside each value). Both networks must have the same shape."""
    if before.layer_sizes != after.layer_sizes:
        raise ValueError(
            f"expected networks of one shape, got {before.layer_sizes} and {after.layer_sizes}"
        )
    weights = tuple(a - b for a, b in zip(after.weights, before.weights))
    biases = tuple(a - b for a, b in zip(after.biases, before.biases))
    return weights, biases
