"""The model file: a trained network with everything needed to use it, as versioned JSON.

INTERFACE STUB: names and signatures are the contract; the implementation is being
written (issue 3). Never pickle: JSON only, written atomically (temp file, then rename).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.data import Scaler
from engine.network import Network

FORMAT_VERSION = 1
"""Bumped whenever the file's layout changes; loading refuses versions it does not know."""


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


def save_model(path: str | Path, model: SavedModel) -> None:
    """Write ``model`` to ``path`` atomically: a killed save leaves the old file intact."""
    raise NotImplementedError


def load_model(path: str | Path) -> SavedModel:
    """Read and validate every field; a broken or mismatched file raises DataError."""
    raise NotImplementedError
