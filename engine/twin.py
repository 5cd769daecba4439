"""The twin: what the hidden layer buys, measured (the article's "it's more complicated").

``Twin`` trains the article's network and one without the hidden layer (and, if asked, one
whose hidden layer is linear) from scratch, side by side, on the split and scaling of the
trainer it is built from, with the same seed and recipe; that trainer and its network are
never touched. Each contender is an ordinary ``Trainer`` running its own epoch loop, so its
numbers are exactly those of training that network alone. ``advance`` runs a few epochs at
a time (a worker calls it in chunks and keys stay answered); ``outcome`` then holds the
histories, the accuracies and one sentence on what the hidden layer bought, built only from
computed facts (accuracies and the two decision maps compared over a grid).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from engine.dataset import Dataset
from engine.history import EpochRecord
from engine.landscape import decision_grid, feature_range
from engine.network import Network
from engine.recipe import Run
from engine.trainer import Trainer, TrainingConfig, TrainingDiverged

Array = NDArray[np.float64]

GRID = 41
"""Cells a side of the grid the two decision maps are compared over."""

STRAIGHT = 0.02
"""A border whose crossings stray at most this share of the axis from one line is straight."""


@dataclass(frozen=True)
class Contender:
    """One network of the comparison, trained to its stop."""

    label: str
    """Its shape, e.g. ``3-2-1``, ``3-1``, ``3-2-1 linear``."""
    description: str
    """In words: "the article's network", "no hidden layer", "a linear hidden layer"."""
    network: Network
    history: tuple[EpochRecord, ...]
    train_accuracy: float
    test_accuracy: float | None
    diverged: bool = False
    stop: str = ""
    """Why its run ended (the recipe's words), "" while it trains."""
    kept: int | None = None
    """The epoch whose weights the run kept (the stop rule's best), None while it trains."""


@dataclass(frozen=True)
class TwinOutcome:
    """The contenders (the article's network first), the maps compared, and the verdict."""

    contenders: tuple[Contender, ...]
    axes: tuple[int, int]
    """The two features the decision maps were compared over (others at the median student)."""
    disagreement: float
    """Share of the grid where the article's network and the no-hidden one give other verdicts."""
    border_bends: bool | None
    """Whether the article's network's 50% border strays from a straight line (None: no border)."""
    gain_points: float
    """Held-out accuracy of the article's network minus the no-hidden one's, in points."""
    sentence: str


def twin_configs(config: TrainingConfig, linear: bool = False) -> list[tuple[str, TrainingConfig]]:
    """(description, config) for each contender: the hidden network as configured (the
    article's 2 sigmoid nodes when there is none or it is linear), none, and optionally linear."""
    hidden = config.hidden or (2,)
    activation = "sigmoid" if config.activation == "linear" else config.activation
    out = [
        ("the article's network", shaped(config, hidden, activation=activation)),
        ("no hidden layer", shaped(config, ())),
    ]
    if linear:
        out.append(("a linear hidden layer", shaped(config, hidden, activation="linear")))
    return out


def shaped(
    config: TrainingConfig, hidden: tuple[int, ...], activation: str | None = None
) -> TrainingConfig:
    """``config`` with these hidden layers: a per-layer weight decay (one lambda a layer, as
    a model file trained at auto keeps it) fits only its own depth, so another depth goes
    back to auto (None), worked out for its own layers."""
    decay = config.weight_decay
    if isinstance(decay, tuple) and len(decay) != len(hidden) + 1:
        decay = None
    act = config.activation if activation is None else activation
    return replace(config, hidden=hidden, activation=act, weight_decay=decay)


class Twin:
    """The contenders' trainers, advanced a few epochs at a time until each reaches its stop."""

    def __init__(self, trainer: Trainer, linear: bool = False) -> None:
        self.dataset: Dataset = trainer.dataset
        self.trainers: list[Trainer] = []
        self.descriptions: list[str] = []
        self.diverged: list[bool] = []
        for description, config in twin_configs(trainer.config, linear):
            twin = Trainer(trainer.dataset, config, scaler=trainer.scaler, split=trainer.split)
            self.trainers.append(twin)
            self.descriptions.append(description)
            self.diverged.append(False)
        self.runs = [Run(t) for t in self.trainers]  # the recipe's budget and stop rule

    @property
    def epochs(self) -> int:
        """The latest a contender stops: the recipe's epoch budget (its stop rule may end a
        run sooner)."""
        return max(run.rule.end for run in self.runs)

    def finished(self, k: int) -> bool:
        """Whether contender ``k`` has reached its stop (or diverged)."""
        return self.diverged[k] or self.runs[k].stop is not None

    @property
    def done(self) -> bool:
        """Whether every contender has reached its stop."""
        return all(self.finished(k) for k in range(len(self.trainers)))

    def advance(self, epochs: int = 10) -> bool:
        """Up to ``epochs`` more epochs of each unfinished contender; True once all are done."""
        for k in range(len(self.trainers)):
            for _ in range(epochs):
                if self.finished(k):
                    break
                try:
                    _, stop = self.runs[k].epoch()
                except TrainingDiverged:
                    self.diverged[k] = True
                    break
                if stop is not None:
                    self.runs[k].keep()  # the weights the stop rule names, as train keeps
        return self.done

    def run(self) -> TwinOutcome:
        """Every contender to its stop, then the outcome (for tests and the headless path)."""
        while not self.advance(50):
            pass
        return self.outcome()

    def contender(self, k: int) -> Contender:
        """Contender ``k`` as it stands."""
        t = self.trainers[k]
        record = t.measure()
        sizes = "-".join(map(str, t.layer_sizes))
        linear = t.config.hidden and t.config.activation == "linear"
        return Contender(
            label=f"{sizes} linear" if linear else sizes,
            description=self.descriptions[k],
            network=t.network,
            history=tuple(t.history),
            train_accuracy=record.train_accuracy,
            test_accuracy=record.test_accuracy,
            diverged=self.diverged[k],
            stop=(run.stop.message if (run := self.runs[k]).stop else ""),
            kept=run.stop.epoch_kept if run.stop else None,
        )

    @property
    def axes(self) -> tuple[int, int]:
        """The two features the maps are compared over: the first two (one, twice, if alone)."""
        return (0, 1) if self.dataset.n_features > 1 else (0, 0)

    def base(self) -> Array:
        """The raw grades held for the features off the axes: the training students' median."""
        median: Array = np.median(self.dataset.X[self.trainers[0].split.train], axis=0)
        return median

    def maps(self, axes: tuple[int, int] = (0, 1)) -> tuple[Array, Array]:
        """P(pass) of the article's network and the no-hidden one over the same grid of two
        raw features (the others at the training students' median), (GRID, GRID) each."""
        i, j = axes
        t = self.trainers[0]
        base = self.base()
        xs = np.linspace(*feature_range(self.dataset.X[:, i]), GRID)
        ys = np.linspace(*feature_range(self.dataset.X[:, j]), GRID)
        with np.errstate(all="ignore"):
            return (
                decision_grid(self.trainers[0].network, t.scaler, base, i, j, xs, ys),
                decision_grid(self.trainers[1].network, t.scaler, base, i, j, xs, ys),
            )

    def outcome(self) -> TwinOutcome:
        """The contenders, the maps compared and the sentence, from the networks as they are."""
        contenders = tuple(self.contender(k) for k in range(len(self.trainers)))
        axes = self.axes
        hidden_map, flat_map = self.maps(axes)
        disagreement = float(np.mean((hidden_map >= 0.5) != (flat_map >= 0.5)))
        bends = border_bends(hidden_map)
        gain = _points(contenders[0]) - _points(contenders[1])
        names = self.dataset.feature_names
        sentence = verdict(contenders, disagreement, bends, (names[axes[0]], names[axes[1]]))
        return TwinOutcome(contenders, axes, disagreement, bends, gain, sentence)


def _points(c: Contender) -> float:
    """Held-out accuracy in percent (training accuracy when nobody is held out)."""
    acc = c.test_accuracy if c.test_accuracy is not None else c.train_accuracy
    return 100.0 * acc


def border_bends(grid: Array) -> bool | None:
    """Whether the 50% border on a map strays from one straight line (None: no border).

    The border's crossings between neighbouring cells, down the columns and along the rows,
    are found by interpolation (in shares of each axis) and fitted with one line (the
    principal axis, so an upright border fits too); a border any of whose crossings lies
    more than ``STRAIGHT`` of the axis from that line bends.
    """
    rows, cols = grid.shape
    points = _crossings(grid, rows, cols) + [(x, y) for y, x in _crossings(grid.T, cols, rows)]
    if not points:
        return None
    xy = np.array(points)
    centred = xy - xy.mean(axis=0)
    if len(points) < 3:
        return False
    normal = np.linalg.svd(centred, full_matrices=False)[2][-1]  # across the best line
    return bool(np.max(np.abs(centred @ normal)) > STRAIGHT)


def _crossings(grid: Array, rows: int, cols: int) -> list[tuple[float, float]]:
    """(x, y) in shares of the axes where each column of ``grid`` crosses 0.5."""
    above = grid >= 0.5
    points = []
    for r, c in zip(*np.nonzero(above[1:, :] != above[:-1, :])):
        p0, p1 = float(grid[r, c]), float(grid[r + 1, c])
        t = (0.5 - p0) / (p1 - p0) if p1 != p0 else 0.5
        points.append((c / max(cols - 1, 1), (r + t) / max(rows - 1, 1)))
    return points


def verdict(
    contenders: tuple[Contender, ...],
    disagreement: float,
    bends: bool | None,
    axes: tuple[str, str],
) -> str:
    """One sentence on what the hidden layer bought, true whichever way it went."""
    hidden, flat = contenders[0], contenders[1]
    where = "held-out" if hidden.test_accuracy is not None else "on the training students"
    a, b = _points(hidden), _points(flat)
    gain = a - b
    accs = f"{a:.1f}% against {b:.1f}% with {flat.description}"
    if round(gain, 1) > 0:
        head = f"+{gain:.1f} points {where} ({accs})"
    elif round(gain, 1) == 0:
        head = f"no gain here: {flat.description} does as well {where} ({a:.1f}% both)"
    else:
        head = f"the hidden layer cost {-gain:.1f} points {where} ({accs})"
    share = f"{100 * disagreement:.0f}%"
    if round(100 * disagreement) == 0:
        maps = f"the two maps ({axes[0]} by {axes[1]}) give the same verdicts"
    elif bends:
        maps = (
            f"the maps differ on {share} of the {axes[0]}-by-{axes[1]} grid: the "
            f"{hidden.label} border bends, the {flat.label} one is straight"
        )
    else:
        maps = (
            f"the maps differ on {share} of the {axes[0]}-by-{axes[1]} grid; both borders "
            "are straight there"
        )
    flat_train = 100 * flat.train_accuracy
    if round(gain, 1) <= 0 and flat_train >= 90:
        maps += (
            f"; this data is nearly straight-line separable: a flat border sorts "
            f"{flat_train:.1f}% of the training students"
        )
    return f"{head}; {maps}."
