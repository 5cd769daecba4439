"""What a finished run says about itself: saturated nodes, and "it learned nothing".

- ``saturation``: a hidden node whose slope is ~0 for most students has almost stopped
  learning (the slope sets the step). Sigmoid: output within 0.01 of 0 or 1; tanh: within
  0.01 of -1 or 1; relu: exactly 0 ("dead"). Named when that holds for at least 90% of the
  students given.
- ``learned_nothing``: training accuracy at or below the majority baseline, or a training
  loss at or above that of always answering the base rate, with the likely cause and fix.
- ``check_two_classes``: a target with one class gives nothing to learn; refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from engine.data import DataError, Dataset
from engine.explain import node_names
from engine.network import Network
from engine.recipe import EPOCH_BUDGET

if TYPE_CHECKING:
    from engine.trainer import Trainer

Array = NDArray[np.float64]

NEAR = 0.01
"""How close to a flat end of the activation counts as saturated."""

SATURATED_SHARE = 0.9
"""The share of students at which a saturated node is named."""


@dataclass(frozen=True)
class Saturation:
    """A hidden node that is flat (saturated, or dead for relu) for ``share`` of students."""

    node: str
    activation: str
    share: float

    @property
    def message(self) -> str:
        """The lesson in one line: flat for most students, so almost no slope to learn by."""
        if self.activation == "relu":
            return (
                f"{self.node} is dead (output 0) for {self.share:.0%} of students: its slope "
                "is 0, it has stopped learning"
            )
        return (
            f"{self.node} is saturated for {self.share:.0%} of students: its slope is ~0, "
            "it has almost stopped learning"
        )


def flat_share(activation: str, a: Array) -> Array:
    """Per node (column of ``a``, n_students x n_nodes): the share of students it is flat for."""
    if a.shape[0] == 0:
        return np.zeros(a.shape[1])
    if activation == "sigmoid":
        flat = (a <= NEAR) | (a >= 1.0 - NEAR)
    elif activation == "tanh":
        flat = np.abs(a) >= 1.0 - NEAR
    elif activation == "relu":
        flat = a <= 0.0
    else:
        flat = np.zeros(a.shape, dtype=bool)
    out: Array = flat.mean(axis=0)
    return out


def saturation(network: Network, X: Array) -> list[Saturation]:
    """The hidden nodes flat for at least 90% of the students ``X`` (scaled), in order."""
    names = node_names(network.layer_sizes)
    trace = network.forward(X)
    found = []
    for layer, a in enumerate(trace.hidden, start=1):
        for k, share in enumerate(flat_share(network.activation, a)):
            if share >= SATURATED_SHARE:
                found.append(Saturation(names[layer][k], network.activation, float(share)))
    return found


def base_rate_loss(loss: str, y: Array) -> float:
    """The loss of always answering the training share of passes (the best constant)."""
    p = float(np.mean(y))
    if loss == "mse":
        return float(np.mean((y - p) ** 2))
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return float(-(p * np.log(p) + (1 - p) * np.log(1 - p)))


def is_pass_fail(y: Array) -> bool:
    """One output of 0/1 targets (Mazur's soft 0.01/0.99 are not: no verdicts, no warnings)."""
    return y.ndim == 2 and y.shape[1] == 1 and bool(np.all((y == 0.0) | (y == 1.0)))


def likely_cause(trainer: Trainer, start_loss: float) -> str:
    """The likeliest reason a run learned nothing, with its fix."""
    cfg = trainer.config
    end_loss = trainer.measure().train_loss
    largest = float(np.max(np.abs(trainer.X_train))) if trainer.X_train.size else 0.0
    if cfg.scale == "none" and largest > 10:
        return (
            f"the inputs are not scaled (--scale none) and reach {largest:g}, so the sigmoids "
            "saturate; try --scale standard"
        )
    if end_loss > start_loss or cfg.learning_rate > 10:
        rose = ""
        if end_loss > start_loss:
            rose = f" (the loss rose from {start_loss:.4g} to {end_loss:.4g})"
        return f"alpha {cfg.learning_rate:g} is probably too big{rose}; try --lr 0.5"
    if cfg.mode == "batch" and trainer.epoch < EPOCH_BUDGET["batch"] // 2:
        return (
            f"batch mode takes one step an epoch, and {trainer.epoch} steps are too few; "
            f"leave --epochs auto ({EPOCH_BUDGET['batch']:,}) or give more"
        )
    if trainer.epoch < 20:
        return f"{trainer.epoch} epochs are probably too few; leave --epochs auto"
    return "the features may not tell the classes apart"


def learned_nothing(trainer: Trainer) -> list[str]:
    """Warnings when the trained network is no better than a constant answer on its own
    training students (none for soft targets, an empty training side or a worked example)."""
    y = trainer.y_train
    if y.shape[0] == 0 or not is_pass_fail(y):
        return []
    ev = trainer.evaluate("train")
    if ev is None:
        return []
    start_loss = trainer.measure(trainer.initial_network).train_loss
    base = base_rate_loss(trainer.config.loss, y)
    neg, pos = trainer.dataset.labels
    majority = pos if trainer.majority_label() >= 0.5 else neg
    found = []
    if ev.accuracy <= ev.baseline_accuracy:
        found.append(
            f"training accuracy {ev.accuracy:.1%} is no better than always answering "
            f'"{majority}" ({ev.baseline_accuracy:.1%})'
        )
    if ev.loss >= base:
        found.append(
            f"training loss {ev.loss:.4g} is no better than always answering the pass rate "
            f"({base:.4g})"
        )
    if not found:
        return []
    return [
        f"the network learned nothing useful: {' and '.join(found)}. Likely cause: "
        f"{likely_cause(trainer, start_loss)}"
    ]


def check_two_classes(data: Dataset) -> None:
    """Refuse a 0/1 target that holds only one class (DataError naming file and column)."""
    if data.y is None or not is_pass_fail(data.y) or data.n_samples == 0:
        return
    values = np.unique(data.y)
    if values.size < 2:
        label = data.labels[int(values[0])]
        raise DataError(
            f'every student has the label "{label}": one class, nothing to learn '
            "(the target needs passes and fails)",
            path=data.path,
            column=data.target_name,
        )
