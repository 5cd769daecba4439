"""One undo entry for a reset (``r``, ``R``, ``a``): everything the reset throws away, so ``u``
brings it back exactly. No Textual import.

The trainer's own undo stack (steps and epochs) is cleared by a reset; the checkpoint sits
below it: ``u`` takes back the steps after the reset first, then the reset itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.history import History
from engine.network import Network
from engine.trainer import Trainer, WeightsFrom
from engine.training_config import TrainingConfig


@dataclass(frozen=True)
class Checkpoint:
    """The network, the initial network, the settings, the epoch (and whose weights the
    network was) and the history before a reset, and which key made it."""

    key: str
    network: Network
    initial_network: Network
    config: TrainingConfig
    epoch: int
    history: History
    weights_from: WeightsFrom


def reset_with_checkpoint(
    trainer: Trainer, key: str, seed: int | None = None, activation: str | None = None
) -> Checkpoint:
    """Reset ``trainer`` (to its initial weights, or new ones for a new ``seed`` or hidden
    ``activation``) and return what it held before. The old history object is kept as it
    was (the trainer starts a fresh one), so nothing is copied."""
    saved = Checkpoint(
        key,
        trainer.network,
        trainer.initial_network,
        trainer.config,
        trainer.epoch,
        trainer.history,
        trainer.weights_from,
    )
    trainer.history = History()
    if seed is None and activation is None:
        trainer.reset()
    else:
        trainer.reinitialise(seed=seed, activation=activation)
    return saved


def restore(trainer: Trainer, checkpoint: Checkpoint) -> None:
    """Put back what ``checkpoint`` holds (the steps since the reset are dropped)."""
    trainer.reset()  # clears the undo stack of the steps since the reset
    trainer.network = checkpoint.network
    trainer.initial_network = checkpoint.initial_network
    trainer.config = checkpoint.config
    trainer.epoch, trainer.weights_from = checkpoint.epoch, checkpoint.weights_from
    trainer.history = checkpoint.history
