"""A trained network with what it needs to read raw rows: features, scaling, labels, settings.

The trainer makes one (``Trainer.saved_model()``); ``engine.model_file`` writes it to disk
and reads it back. Keeping the shape here means the trainer does not depend on the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.network import Network
from engine.scaling import Scaler

if TYPE_CHECKING:
    from engine.trainer import Trainer


@dataclass(frozen=True)
class DataRef:
    """The file a model learned from: its name (no folder) and the sha256 of its bytes."""

    name: str
    sha256: str


def at_seed_start(network: Network, seed: int) -> bool:
    """Whether ``network``'s weights are exactly the ones ``seed`` starts it from: nothing
    (no epoch, step or edit) has moved them, so it has learned nothing."""
    start = Network.create(network.layer_sizes, network.activation, seed=seed)
    return bool(np.array_equal(start.parameters(), network.parameters()))


@dataclass(frozen=True, eq=False)
class SavedModel:
    """A trained network plus how to feed it: features, scaling, labels, settings, seed."""

    network: Network
    loss: str
    feature_names: tuple[str, ...]
    scaler: Scaler
    target_name: str
    labels: tuple[str, str]
    settings: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    n_train: int = 0
    data: DataRef | None = None

    def training_settings(self) -> dict[str, Any]:
        """``settings`` with the network's own hidden sizes, activation, loss, scaling and
        seed filled in where the file leaves them out (loading checked that those it has
        agree), for ``TrainingConfig.from_dict``: a reset or a new seed keeps this shape."""
        net = self.network
        return {
            "hidden": list(net.layer_sizes[1:-1]),
            "activation": net.activation,
            "loss": self.loss,
            "scale": self.scaler.method,
            "seed": self.seed,
            **self.settings,
        }


def model_of(trainer: Trainer) -> SavedModel:
    """``trainer``'s network in use with its features, scaling, labels and settings.

    ``epochs_trained`` is the epochs the weights have trained (``epochs_before`` plus
    ``Trainer.weights_from.epoch``; single steps since are not counted): after a stop that
    kept epoch 86's weights of a run to 93, 86, so ``--model`` goes on from there.
    """
    data = trainer.dataset
    learned_from = DataRef(Path(data.path).name, data.sha256) if data.sha256 else None
    return SavedModel(
        network=trainer.network,
        loss=trainer.config.loss,
        feature_names=data.feature_names,
        scaler=trainer.scaler,
        target_name=data.target_name or "passed",
        labels=data.labels,
        settings={
            **trainer.recipe.applied_to(trainer.config).to_dict(),
            "epochs_trained": trainer.epochs_before + trainer.weights_from.epoch,
        },
        seed=trainer.config.seed,
        n_train=trainer.n_train,
        data=learned_from,
    )
