"""Presets: networks and data from published worked examples, to check against on screen.

``mazur``: Matt Mazur's "A Step by Step Backpropagation Example": 2 inputs, 2 hidden, 2
outputs, sigmoid throughout, squared error, learning rate 0.5, biases frozen, one training
example (inputs 0.05, 0.10; targets 0.01, 0.99). His E_total = sum of 1/2 (target - out)^2
equals our ``mse`` (the mean of (out - target)^2 over the 2 outputs), so the gradients and
updated weights are his.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from engine.dataset import Dataset
from engine.network import Network
from engine.trainer import Trainer, TrainingConfig

PRESETS = ("article", "mazur")
"""Known preset names; ``article`` is the default 3-2-1 pass/fail network on the students."""


@dataclass(frozen=True, eq=False)
class WorkedExample:
    """A network with its single training example and settings, from a published source."""

    name: str
    title: str
    network: Network
    X: NDArray[np.float64]
    y: NDArray[np.float64]
    loss: str
    learning_rate: float
    update_biases: bool
    feature_names: tuple[str, ...]
    output_names: tuple[str, ...]


def mazur() -> WorkedExample:
    """Mazur's example, with his weights: w1..w4 into h1, h2; w5..w8 into o1, o2."""
    w1, w2, w3, w4 = 0.15, 0.20, 0.25, 0.30
    w5, w6, w7, w8 = 0.40, 0.45, 0.50, 0.55
    net = Network.from_weights(
        [[[w1, w3], [w2, w4]], [[w5, w7], [w6, w8]]],
        [[0.35, 0.35], [0.60, 0.60]],
        activation="sigmoid",
    )
    return WorkedExample(
        name="mazur",
        title='Matt Mazur, "A Step by Step Backpropagation Example"',
        network=net,
        X=np.array([[0.05, 0.10]]),
        y=np.array([[0.01, 0.99]]),
        loss="mse",
        learning_rate=0.5,
        update_biases=False,
        feature_names=("i1", "i2"),
        output_names=("o1", "o2"),
    )


def preset_trainer(ex: WorkedExample) -> Trainer:
    """A Trainer on the example's one row: its network, loss, alpha and frozen biases, no
    scaling and nothing held out, so the screen steps through the published numbers: plain
    fixed-alpha steps, no weight decay, no stop rule (the recipe is not his)."""
    data = Dataset(
        path=f"{ex.name} preset",
        feature_names=ex.feature_names,
        X=ex.X,
        names=(f"{ex.name.capitalize()}'s example",),
        target_name="targets",
        y=ex.y,
    )
    config = TrainingConfig(
        hidden=ex.network.layer_sizes[1:-1],
        activation=ex.network.activation,
        loss=ex.loss,
        learning_rate=ex.learning_rate,
        scale="none",
        test_fraction=0.0,
        update_biases=ex.update_biases,
        lr_decay=0.0,
        weight_decay=0.0,
        tol=0.0,
    )
    return Trainer(data, config, network=ex.network)
