"""passfail-tui's engine: the network math in numpy, with no user-interface imports.

The public API (a contract outside tools import)::

    from engine import Network, loss_value
    net = Network.create((3, 2, 1), activation="sigmoid", seed=0)
    trace = net.forward(X)                     # X: (n_samples, n_inputs)
    loss_value("bce", trace, y)                # mean over samples x outputs
    grads = net.backward(trace, y, loss="bce")
    new = net.apply(grads, learning_rate=0.5)  # net itself is unchanged
"""

from engine.activations import ACTIVATIONS, DERIVATIVES
from engine.losses import LOSS_DELTAS, LOSS_NAMES, LOSSES
from engine.network import OUTPUT_ACTIVATION, ForwardTrace, Gradients, Network, loss_value

__all__ = [
    "ACTIVATIONS",
    "DERIVATIVES",
    "LOSSES",
    "LOSS_DELTAS",
    "LOSS_NAMES",
    "OUTPUT_ACTIVATION",
    "ForwardTrace",
    "Gradients",
    "Network",
    "loss_value",
]
