"""``passfail-tui explain``: one step's forward pass and backprop, worked out with numbers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.cli_parser import (
    EXIT_OK,
    UsageError,
    config_from_args,
    load_model_and_data,
    load_training_data,
)


def run_explain(args: argparse.Namespace) -> int:
    """``passfail-tui explain``: the working of one step, as text to copy into notes."""
    from engine.explain import working_text

    if args.preset == "mazur":
        from engine.presets import mazur

        ex = mazur()
        print(
            working_text(
                ex.network,
                ex.X,
                ex.y,
                ex.loss,
                ex.learning_rate,
                ex.update_biases,
                ex.feature_names,
                ex.title,
                args.places,
            ),
            end="",
        )
        return EXIT_OK
    from engine.predict import untrained_warning
    from engine.trainer import Trainer, TrainingConfig

    if args.model:  # the model decides the features, target and students (cli_gradebook)
        model, data = load_model_and_data(args)
        trained = model.settings.get("epochs_trained")  # checked by load_model when present
        when = f"after {trained} epochs" if trained is not None else "a saved model"
        warning = untrained_warning(model, str(args.model))
        if warning is not None:
            print(f"warning: {warning}", file=sys.stderr)
        config = TrainingConfig.from_dict(model.training_settings())
        try:
            trainer = Trainer(
                data,
                config,
                network=model.network,
                scaler=model.scaler,
                epochs_before=trained or 0,  # its next step's alpha: the schedule's there
            )
        except ValueError as exc:
            raise UsageError(f"{args.model}: {exc}") from None
    else:
        data = load_training_data(args)
        trainer = Trainer(data, config_from_args(args))
        if args.epochs is None:  # --epochs auto: as far as the recipe trains
            trainer.fit()
        else:
            trainer.run_epochs(args.epochs)
        when = f"after {trainer.weights_from.epoch} epochs"  # a stop keeps an earlier one's
    row = data.row_of(args.student)
    if row is None:
        raise UsageError(_not_a_student(data, args.student))
    side = "training" if trainer.is_training(row) else "held-out (not learned from)"
    total = data.n_samples + len(data.skipped)
    title = (
        f"Student {args.student}/{total}: {data.names[row]} ({side}), {when}; raw grades "
        + ", ".join(f"{n} {v:g}" for n, v in zip(data.feature_names, data.X[row]))
        + f"; actual: {data.labels[int(trainer.y[row, 0])]}"
    )
    cfg = trainer.config
    print(
        working_text(
            trainer.network,
            trainer.X[row : row + 1],
            trainer.y[row : row + 1],
            cfg.loss,
            trainer.learning_rate_now,
            cfg.update_biases,
            data.feature_names,
            title + "\n(inputs scaled: " + cfg.scale + ")",
            args.places,
            trainer.recipe.weight_decay,
            cfg.learning_rate,
        ),
        end="",
    )
    return EXIT_OK


def _not_a_student(data: Any, number: int) -> str:
    """Why ``--student number`` has no working: left out for a blank cell, or out of range."""
    for skipped in data.skipped:
        if skipped.number == number:
            return f"--student {number}: {skipped.reason()}, so it was left out of training"
    total = data.n_samples + len(data.skipped)
    return f"--student must be between 1 and {total}, got {number}"
