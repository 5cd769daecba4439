"""The default training recipe: plain gradient descent with alpha, chosen by measurement.

Measured by ``benchmarks/bench_defaults.py`` against logistic regression on nine public data
sets (README, "The default recipe"). Every part is a ``TrainingConfig`` setting; ``None``
("auto") takes the value for the mode below, an explicit value wins:

- **epochs** (``--epochs auto``): a budget per mode, ``EPOCH_BUDGET``: 200 stochastic
  epochs, 1,000 minibatch, 2,000 batch (batch takes one step an epoch).
- **alpha decay** (``--lr-decay auto``): the step of epoch e is
  ``alpha / (1 + (e - 1) / K)`` with K from ``LR_DECAY`` (10 epochs stochastic, 50
  minibatch; batch steps are not noisy and keep alpha fixed). Large steps first, small ones
  at the end, so the last step is not a noisy jump.
- **weight decay** (``--weight-decay auto``): one lambda per layer of weights,
  ``WEIGHT_DECAY_PER_INPUT x fan-in / n_train`` = 0.15 x (inputs per node) / n: a weight
  that sums many inputs is held nearer zero, as its initial range (``1 / fan-in`` variance)
  is smaller. The article's 3-2-1 network on 480 students: 0.15 x 3 / 480 = 0.00094 on the
  weights into the hidden nodes, 0.15 x 2 / 480 = 0.00063 into the output. Each weight's
  step becomes ``alpha (dE/dw + lambda w)``; biases are not decayed. A number given
  (``--weight-decay 0.01``) is every layer's lambda.
- **stop rule**: training stops early when the *objective* (training loss plus each
  layer's ``lambda / 2 sum w^2``, the quantity the steps go down) has not fallen below its
  best by ``tol`` for ``patience`` epochs; the weights of the best epoch are kept. Or at
  ``until_loss``: the first epoch whose training loss is at most that.

The rule looks at training students only: the held-out students decide nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from engine.history import EpochRecord
from engine.network import Gradients, Network
from engine.training_config import TrainingConfig
from engine.undo import WeightsFrom

if TYPE_CHECKING:
    from engine.trainer import Trainer

EPOCH_BUDGET = {"stochastic": 200, "minibatch": 1000, "batch": 2000}
"""``--epochs auto``: how many epochs each mode gets at most."""

LR_DECAY = {"stochastic": 10.0, "minibatch": 50.0, "batch": 0.0}
"""``--lr-decay auto``: K in ``alpha / (1 + (e - 1) / K)``; 0 keeps alpha fixed."""

WEIGHT_DECAY_PER_INPUT = 0.15
"""``--weight-decay auto``: a layer's lambda is this times its fan-in (inputs per node),
divided by the number of training students."""

Decay = float | Sequence[float]
"""A weight decay: one lambda for every layer of weights, or one per layer (input side
first)."""

STOP_REASONS = {
    "epochs": "reached the epoch budget",
    "converged": "converged: the objective stopped falling",
    "until_loss": "reached the target training loss",
}
"""``stop_reason`` values (``train --json``) and what they mean."""


def learning_rate_at(alpha: float, lr_decay: float, epoch: int) -> float:
    """The effective alpha of epoch ``epoch`` (1-based): ``alpha / (1 + (epoch - 1) / K)``."""
    if lr_decay <= 0:
        return alpha
    return alpha / (1.0 + max(epoch - 1, 0) / lr_decay)


def alpha_text(alpha: float, now: float, digits: int = 3) -> str:
    """Alpha as the screen says it: ``0.5``, or ``0.049 (0.5 decayed)`` when the schedule has
    made the next step's alpha ``now`` smaller than the configured ``alpha`` (to ``digits``
    significant digits, first, so it survives a line cut short)."""
    return f"{alpha:g}" if now == alpha else f"{now:.{digits}g} ({alpha:g} decayed)"


def decays_any(weight_decay: Decay) -> bool:
    """Whether any layer's weights are decayed (a single number, or one a layer)."""
    return bool(weight_decay) if isinstance(weight_decay, (int, float)) else any(weight_decay)


def step_words(weight_decay: Decay) -> str:
    """The step a weight takes, as the screen writes it: ``α×slope``, or with weight decay
    ``α×(slope + λ×w)`` (the decay's pull toward 0 is part of every weight's step)."""
    return "α×(slope + λ×w)" if decays_any(weight_decay) else "α×slope"


def layer_decays(weight_decay: Decay, n_layers: int) -> tuple[float, ...]:
    """One lambda per layer of weights: a single number is every layer's."""
    if isinstance(weight_decay, (int, float)):
        return (float(weight_decay),) * n_layers
    decays = tuple(float(d) for d in weight_decay)
    if len(decays) != n_layers:
        raise ValueError(f"expected {n_layers} weight decays (one a layer), got {len(decays)}")
    return decays


def auto_decays(layer_sizes: Sequence[int], n_train: int) -> tuple[float, ...]:
    """``--weight-decay auto``: ``WEIGHT_DECAY_PER_INPUT x fan-in / n_train`` a layer."""
    n = max(n_train, 1)
    return tuple(WEIGHT_DECAY_PER_INPUT * fan_in / n for fan_in in layer_sizes[:-1])


def decay_text(weight_decay: Decay) -> str:
    """The weight decay in words: ``0.01``, or ``0.00094 into the hidden nodes, 0.00063 into
    the output`` (input side first)."""
    if isinstance(weight_decay, (int, float)) or len(set(weight_decay)) <= 1:
        one = weight_decay if isinstance(weight_decay, (int, float)) else weight_decay[0]
        return f"{float(one):.3g}"
    last = len(weight_decay) - 1
    into = [
        "the output" if i == last else "the hidden nodes" if last == 1 else f"hidden layer {i + 1}"
        for i in range(len(weight_decay))
    ]
    return ", ".join(f"{d:.2g} into {where}" for d, where in zip(weight_decay, into))


def penalty(network: Network, weight_decay: Decay) -> float:
    """Each layer's ``lambda / 2`` times the sum of its squared weights (biases excluded)."""
    decays = layer_decays(weight_decay, len(network.weights))
    # np.add.reduce is what np.sum does, without its dispatch (a run asks every epoch)
    return sum(
        0.5 * d * float(np.add.reduce(w * w, axis=None))
        for d, w in zip(decays, network.weights)
        if d
    )


def with_weight_decay(network: Network, grads: Gradients, weight_decay: Decay) -> Gradients:
    """The gradients a step applies: each weight's ``dE/dw + lambda x w``, lambda its
    layer's (biases and deltas as they were)."""
    decays = layer_decays(weight_decay, len(network.weights))
    if not any(decays):
        return grads
    return Gradients(
        tuple(g + d * w for g, w, d in zip(grads.weights, network.weights, decays)),
        grads.biases,
        grads.deltas,
    )


@dataclass(frozen=True)
class Recipe:
    """A config's recipe resolved for its mode, its network and its training students."""

    epochs: int
    lr_decay: float
    weight_decay: tuple[float, ...]
    """One lambda per layer of weights, input side first."""

    @classmethod
    def resolve(cls, config: TrainingConfig, n_train: int, layer_sizes: Sequence[int]) -> Recipe:
        """Each "auto" (None) setting replaced by the mode's (or the data's) value."""
        n_layers = len(layer_sizes) - 1
        return cls(
            EPOCH_BUDGET[config.mode] if config.epochs is None else config.epochs,
            LR_DECAY[config.mode] if config.lr_decay is None else config.lr_decay,
            (
                auto_decays(layer_sizes, n_train)
                if config.weight_decay is None
                else layer_decays(config.weight_decay, n_layers)
            ),
        )

    def applied_to(self, config: TrainingConfig) -> TrainingConfig:
        """``config`` with these values in place of "auto" (what a model file records): one
        weight decay when every layer has the same, else one a layer."""
        same = len(set(self.weight_decay)) <= 1
        decay = (self.weight_decay[0] if self.weight_decay else 0.0) if same else self.weight_decay
        return replace(config, epochs=self.epochs, lr_decay=self.lr_decay, weight_decay=decay)


@dataclass(frozen=True, eq=False)
class Stop:
    """Why a run stops and which epoch's network it keeps."""

    reason: str
    epoch_kept: int
    network: Network

    @property
    def message(self) -> str:
        """The reason in words, with the kept epoch."""
        return f"{STOP_REASONS[self.reason]}; kept epoch {self.epoch_kept}'s weights"


class StopRule:
    """Watches one run's epochs and says when the recipe ends it.

    Converged: the objective has not fallen ``tol`` below the last level that counted for
    ``patience`` epochs (``tol`` or ``patience`` 0 turns this off); the best epoch's network
    is kept. ``until_loss``: the first epoch whose training loss is at most that. Else the
    budget: the run's last epoch is ``end``.
    """

    def __init__(
        self, end: int, tol: float, patience: int, until_loss: float | None = None
    ) -> None:
        self.end = end
        self.tol = tol
        self.patience = patience
        self.until_loss = until_loss
        self.best = math.inf
        self.best_epoch = 0
        self.best_network: Network | None = None
        self._level = math.inf
        self._since = 0

    def start(self, epoch: int, network: Network, objective: float) -> None:
        """The network the run starts from (the best so far until an epoch beats it)."""
        self.best, self.best_epoch, self.best_network = objective, epoch, network
        self._level = objective

    def see(self, epoch: int, network: Network, train_loss: float, objective: float) -> Stop | None:
        """Record epoch ``epoch``'s network and numbers; a Stop if the run ends here."""
        if objective < self.best or self.best_network is None:
            self.best, self.best_epoch, self.best_network = objective, epoch, network
        if objective < self._level - self.tol:
            self._level, self._since = objective, 0
        else:
            self._since += 1
        if self.until_loss is not None and train_loss <= self.until_loss:
            return Stop("until_loss", epoch, network)
        if self.tol > 0 and self.patience > 0 and self._since >= self.patience:
            return Stop("converged", self.best_epoch, self.best_network)
        if epoch >= self.end:
            return Stop("epochs", epoch, network)
        return None


class Run:
    """One run of a trainer's epochs under its recipe, as ``train`` and the screen's space run
    it: ``epoch()`` trains one and says whether the recipe ends the run there.

    The budget counts from epoch 0; a run that starts at or past it (the screen, after a
    stop) gets a budget's more epochs. Only training students are looked at.
    """

    def __init__(self, trainer: Trainer) -> None:
        self.trainer = trainer
        cfg, start = trainer.config, trainer.epoch
        budget = trainer.recipe.epochs
        self.rule = StopRule(
            budget if start < budget else start + budget, cfg.tol, cfg.patience, cfg.until_loss
        )
        self.rule.start(start, trainer.network, self.objective(trainer.network))
        self._start = (trainer.network, trainer.weights_from)  # b's steps since, if any
        self.stop: Stop | None = None
        if self.rule.end <= start:
            self.stop = Stop("epochs", start, trainer.network)

    def objective(self, network: Network, train_loss: float | None = None) -> float:
        """What the steps go down: the training loss plus the weight-decay penalty."""
        t = self.trainer
        if train_loss is None:
            train_loss = t.measure(network).train_loss
        return train_loss + penalty(network, t.recipe.weight_decay)

    def epoch(self) -> tuple[EpochRecord, Stop | None]:
        """One epoch (undoable); its record and the Stop if the recipe ends the run here.
        Raises TrainingDiverged."""
        record = self.trainer.run_epoch()
        net = self.trainer.network
        objective = self.objective(net, record.train_loss)
        self.stop = self.rule.see(record.epoch, net, record.train_loss, objective)
        self.trainer.history.pin(self.rule.best_epoch)  # the thinned history keeps its row
        return record, self.stop

    def keep(self) -> str | None:
        """Take the stop's network when it is not the current one, as one undoable step
        ("kept epoch N's weights"; the trainer's ``weights_from`` names that epoch); the
        label, or None."""
        t, stop = self.trainer, self.stop
        if stop is None or stop.network is t.network:
            return None
        label = f"kept epoch {stop.epoch_kept}'s weights"
        start, made = self._start
        t.set_network(
            stop.network, label, made if stop.network is start else WeightsFrom(stop.epoch_kept)
        )
        return label

    def until_stopped(self, callback: Callable[[EpochRecord], object] | None = None) -> Stop:
        """Epochs until the recipe ends the run, then keep the network it names."""
        while self.stop is None:
            record, _ = self.epoch()
            if callback is not None:
                callback(record)
        self.keep()
        return self.stop
