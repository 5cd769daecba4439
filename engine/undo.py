"""What the trainer's undo stack holds, and which epoch made the weights in use.

``WeightsFrom`` is the trainer's answer to "whose weights are these?": a run's stop rule can
keep an earlier epoch's weights (epoch 86's after running to 93), and ``b`` moves them one
step without finishing an epoch. The model file's ``epochs_trained``, ``explain`` and the
screen read it, so none of them names the wrong epoch. No Textual import.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.network import Network
from engine.training_config import TrainingConfig

UNDO_DEPTH = 200
"""How many actions can be taken back."""


@dataclass(frozen=True)
class WeightsFrom:
    """The weights in use: made by the end of epoch ``epoch`` (0: the initial weights; counted
    as ``Trainer.epoch`` counts, on from ``epochs_before``), then ``steps`` single steps (b,
    or a student pace's updates) that did not finish an epoch."""

    epoch: int = 0
    steps: int = 0


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One undo entry: what an action replaced, and its label."""

    label: str
    network: Network
    epoch: int
    config: TrainingConfig
    weights_from: WeightsFrom
