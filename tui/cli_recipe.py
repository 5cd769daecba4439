"""The training recipe's options (``--epochs auto``, ``--lr-decay``, ``--weight-decay``, the
stop rule) shared by the app and the commands, with the measured defaults in ``--help``.

Imports nothing heavy: the budgets are repeated here as text, and a test checks them against
``engine.recipe``.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any

AUTO = "auto"

EPOCHS_HELP = "200 stochastic, 1,000 minibatch, 2,000 batch"
LR_DECAY_HELP = "10 stochastic, 50 minibatch, 0 batch"


def _at_least_0(kind: type, auto: bool = True) -> Callable[[str], float | None]:
    """An option type taking a number >= 0 (of ``kind``), and ``auto`` (None: the recipe
    decides) when ``auto``."""
    also = " or auto" if auto else ""

    def parse(text: str) -> float | None:
        if auto and text.strip().lower() == AUTO:
            return None
        try:
            value = kind(text)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"expected {what}{also}, got {text!r}") from None
        if not (math.isfinite(value) and value >= 0):
            raise argparse.ArgumentTypeError(f"expected a number >= 0{also}, got {text!r}")
        return value  # type: ignore[no-any-return]

    return parse


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def add_recipe_options(p: argparse.ArgumentParser) -> None:
    """--epochs, --lr-decay, --weight-decay, --tol, --patience, --until-loss."""
    p.add_argument(
        "--epochs",
        metavar="N|auto",
        type=_at_least_0(int),
        default=None,
        help=f"most epochs to train; auto = {EPOCHS_HELP} (auto)",
    )
    p.add_argument(
        "--lr-decay",
        metavar="K|auto",
        type=_at_least_0(float),
        default=None,
        help="epoch e steps with alpha / (1 + (e-1)/K), 0 keeps alpha fixed; "
        f"auto = {LR_DECAY_HELP} (auto)",
    )
    p.add_argument(
        "--weight-decay",
        metavar="L|auto",
        type=_at_least_0(float),
        default=None,
        help="L2 weight decay: each weight's step adds L x w (not part of the reported "
        "loss); auto = 0.15 x the layer's inputs per node / training students, a layer "
        "(auto)",
    )
    p.add_argument(
        "--tol",
        metavar="T",
        type=_at_least_0(float, auto=False),
        default=1e-4,
        help="stop when the objective (training loss + decay penalty) has not fallen by T "
        "for --patience epochs, keeping the best epoch; 0 = never (%(default)s)",
    )
    p.add_argument(
        "--patience",
        metavar="N",
        type=_at_least_0(int, auto=False),
        default=20,
        help="epochs the stop rule waits for an improvement of T (%(default)s)",
    )
    p.add_argument(
        "--until-loss",
        metavar="X",
        type=_number,
        default=None,
        help="stop at the first epoch whose training loss is at most X (default: no)",
    )


def recipe_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The TrainingConfig fields these options set."""
    names = ("epochs", "lr_decay", "weight_decay", "tol", "patience", "until_loss")
    return {name: getattr(args, name) for name in names}
