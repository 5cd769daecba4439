"""A trained network with what it needs to read raw rows: features, scaling, labels, settings.

The trainer makes one (``Trainer.saved_model()``); ``engine.model_file`` writes it to disk
and reads it back. Keeping the shape here means the trainer does not depend on the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.network import Network
from engine.scaling import Scaler


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
