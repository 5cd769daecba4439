"""How a network does on a set of students: accuracy and the confusion counts.

``Evaluation`` is what ``Trainer.evaluate`` returns (the screen's evaluation view and
``train``'s summary read it); ``accuracy`` is the share a 0/1 verdict gets right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Evaluation:
    """How a network does on one set of students at a decision threshold.

    The confusion counts treat "passed" (the positive label) as positive.
    ``baseline_accuracy``: always answering the training split's majority class.
    """

    n: int
    loss: float
    accuracy: float
    baseline_accuracy: float
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    threshold: float = 0.5


def accuracy(probabilities: Array, y: Array, threshold: float = 0.5) -> float:
    """Share of elements where ``probability >= threshold`` agrees with the 0/1 target."""
    if y.size == 0:
        return float("nan")
    return float(np.mean((probabilities >= threshold) == (y >= 0.5)))
