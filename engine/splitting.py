"""The seeded stratified split of the students into training and held-out rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from engine.dataset import Array


@dataclass(frozen=True, eq=False)
class Split:
    """Row indices of the training and held-out students (each sorted ascending)."""

    train: NDArray[np.intp]
    test: NDArray[np.intp]


def split_indices(y: Array, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Seeded split stratified by y (n_samples, 1); ``test_fraction=0`` -> empty test.

    ``round(test_fraction * n)`` students are held out, shared between the classes in
    proportion to their sizes (largest remainders first); each class keeps at least one
    student in training. Draws come from ``numpy.random.default_rng(seed)``, class 0 first.
    """
    f = float(test_fraction)
    if not (math.isfinite(f) and 0.0 <= f < 1.0):
        raise ValueError(f"test fraction must be in [0, 1), got {test_fraction}")
    labels = np.asarray(y, dtype=np.float64).reshape(-1)
    n = labels.size
    rng = np.random.default_rng(seed)
    classes = [np.flatnonzero(labels < 0.5), np.flatnonzero(labels >= 0.5)]
    quotas = [f * c.size for c in classes]
    counts = [math.floor(q) for q in quotas]
    left = math.floor(f * n + 0.5) - sum(counts)
    by_remainder = sorted(range(2), key=lambda k: (-(quotas[k] - counts[k]), k))
    for k in by_remainder[: max(left, 0)]:
        counts[k] += 1
    train_parts, test_parts = [], []
    for members, count in zip(classes, counts):
        count = min(count, max(members.size - 1, 0))
        shuffled = rng.permutation(members)
        test_parts.append(shuffled[:count])
        train_parts.append(shuffled[count:])
    train = np.sort(np.concatenate(train_parts)).astype(np.intp)
    test = np.sort(np.concatenate(test_parts)).astype(np.intp)
    return Split(train, test)
