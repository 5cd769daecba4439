"""What decides how a network is built and trained (``TrainingConfig``), and the error a
run raises when it diverges (``TrainingDiverged``)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from engine.activations import check_activation
from engine.limits import hidden_problem
from engine.losses import check_loss
from engine.scaling import SCALE_METHODS

MODES = ("stochastic", "minibatch", "batch")
"""How many students each gradient-descent step looks at: one, ``batch_size``, or all."""


class TrainingDiverged(ArithmeticError):
    """A parameter or the loss became infinite or NaN; the last finite network was kept."""

    def __init__(self, epoch: int, learning_rate: float) -> None:
        self.epoch = epoch
        self.learning_rate = learning_rate
        super().__init__(
            f"training diverged in epoch {epoch}: a weight or the loss became infinite or NaN "
            f"at learning rate {learning_rate:g}; the last finite network is kept. "
            f"Try a smaller learning rate, e.g. --lr {min(learning_rate / 10, 0.5):g}"
        )


@dataclass(frozen=True)
class TrainingConfig:
    """Everything that decides how a network is built and trained.

    ``None`` is "auto" for ``epochs``, ``lr_decay`` and ``weight_decay``: the measured
    recipe's value for the mode and the data (``engine.recipe.Recipe`` resolves it).
    ``tol``/``patience``: the stop rule (0 turns it off); ``until_loss``: stop at the first
    epoch whose training loss is at most this.
    """

    hidden: tuple[int, ...] = (2,)
    activation: str = "sigmoid"
    loss: str = "bce"
    learning_rate: float = 0.5
    epochs: int | None = None
    mode: str = "stochastic"
    batch_size: int = 16
    weight_decay: float | tuple[float, ...] | None = None
    """``None``: auto; a number: every layer's lambda; a tuple: one a layer (a model file's)."""
    scale: str = "standard"
    test_fraction: float = 0.2
    seed: int = 0
    update_biases: bool = True
    lr_decay: float | None = None
    tol: float = 1e-4
    patience: int = 20
    until_loss: float | None = None

    def __post_init__(self) -> None:
        check_activation(self.activation)
        check_loss(self.loss)
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}: expected one of {', '.join(MODES)}")
        if self.scale not in SCALE_METHODS:
            raise ValueError(
                f"unknown scaling {self.scale!r}: expected one of {', '.join(SCALE_METHODS)}"
            )
        if not (math.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning rate must be a positive number, got {self.learning_rate}")
        if self.epochs is not None and self.epochs < 0:
            raise ValueError(f"epochs must be >= 0, got {self.epochs}")
        if self.batch_size < 1:
            raise ValueError(f"batch size must be >= 1, got {self.batch_size}")
        decays = self.weight_decay if isinstance(self.weight_decay, tuple) else [self.weight_decay]
        for name, value in [
            *(("weight_decay", d) for d in decays),
            ("lr_decay", self.lr_decay),
            ("tol", self.tol),
        ]:
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name.replace('_', ' ')} must be >= 0, got {value}")
        if self.patience < 0:
            raise ValueError(f"patience must be >= 0, got {self.patience}")
        if self.until_loss is not None and not math.isfinite(self.until_loss):
            raise ValueError(f"until-loss must be a number, got {self.until_loss}")
        if not 0.0 <= self.test_fraction < 1.0:
            raise ValueError(f"test fraction must be in [0, 1), got {self.test_fraction}")
        if any(h < 1 for h in self.hidden):
            raise ValueError(f"hidden layer sizes must be >= 1, got {self.hidden}")
        too_big = hidden_problem(self.hidden)
        if too_big is not None:
            raise ValueError(f"--hidden: expected {too_big}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready settings (stored in the model file)."""
        d = asdict(self)
        d["hidden"] = list(self.hidden)
        if isinstance(self.weight_decay, tuple):
            d["weight_decay"] = list(self.weight_decay)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingConfig:
        """Settings from a model file; unknown keys are ignored, missing ones take defaults."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "hidden" in known:
            known["hidden"] = tuple(int(h) for h in known["hidden"])
        if isinstance(known.get("weight_decay"), list):
            known["weight_decay"] = tuple(float(d) for d in known["weight_decay"])
        return cls(**known)
