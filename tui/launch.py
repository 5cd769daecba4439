"""From options to a running simulator: the one place the App is built.

``build_app`` is used by ``passfail-tui`` (``run_app``), by ``serve`` (each browser tab runs
``python -m tui.cli``) and by the tests' fixtures, so all three open the same simulator.
"""

from __future__ import annotations

import argparse

from engine.trainer import Trainer
from tui.app import SimulatorApp
from tui.simulation import Simulation


def build_trainer(args: argparse.Namespace) -> Trainer:
    """The Trainer the options ask for; DataError / UsageError for bad input (exit 2)."""
    return opened(args)[0]


def opened(args: argparse.Namespace) -> tuple[Trainer, int]:
    """``build_trainer``, and the epochs ``--model FILE`` had trained (0 without a model, or
    for a file that does not say). A target of one class is refused, as ``train`` does.

    A model's settings go on, but not its ``epochs``: that was the budget of the run that
    made it (0 for ``train --epochs 0``). Space's budget is this command line's ``--epochs``,
    auto when not given, as a fresh ``train`` run's is."""
    from engine.diagnose import check_two_classes
    from engine.trainer import TrainingConfig
    from tui.cli_parser import (
        UsageError,
        config_from_args,
        load_model_and_data,
        load_training_data,
    )

    if getattr(args, "model", None):
        model, data = load_model_and_data(args)  # the model decides the features, in its order
        check_two_classes(data)
        trained = int(model.settings.get("epochs_trained") or 0)  # checked on loading
        settings = {**model.training_settings(), "epochs": getattr(args, "epochs", None)}
        try:
            trainer = Trainer(
                data,
                TrainingConfig.from_dict(settings),
                network=model.network,
                scaler=model.scaler,
                epochs_before=trained,  # the schedule goes on from there
            )
        except ValueError as exc:
            raise UsageError(f"{args.model}: {exc}") from None
        return trainer, trained
    if getattr(args, "preset", "article") == "mazur":
        from engine.presets import mazur, preset_trainer

        return preset_trainer(mazur()), 0
    config = config_from_args(args)
    data = load_training_data(args)
    check_two_classes(data)
    try:
        return Trainer(data, config), 0
    except ValueError as exc:
        raise UsageError(f"{data.path}: {exc}") from None


def build_app(args: argparse.Namespace) -> SimulatorApp:
    """The simulator as ``passfail-tui ARGS`` opens it (not yet running)."""
    trainer, trained = opened(args)
    sim = Simulation(
        trainer,
        hide_names=bool(args.hide_names),
        uncertain=getattr(args, "uncertain", 0.1),
    )
    app = SimulatorApp(
        sim,
        save_path=getattr(args, "model", None) or "",
        predict_path=getattr(args, "predict", None) or "",
        start_tour=bool(getattr(args, "tour", False)),
        quiz=bool(getattr(args, "quiz", False)),
    )
    if trained:  # the status line says epoch 212+0: say why once
        app.message = (
            f"the model had trained {trained:,} epochs: the count goes on from there "
            f"({trained:,}+0)"
        )
    app.start_theme = getattr(args, "theme", None) or app.start_theme
    app.use_ascii(bool(getattr(args, "ascii", False)))
    if getattr(args, "no_motion", False):
        app.motion = False
    app.max_csv_mb = getattr(args, "max_csv_mb", None)
    return app


def run_app(args: argparse.Namespace) -> int:
    """``passfail-tui`` with no command: load everything, then open the simulator."""
    from tui.glyphs import use_ascii

    app = build_app(args)
    app.use_ascii(app.ascii_mode or use_ascii())  # the locale too (not in tests: they pin it)
    app.run()
    return app.return_code or 0
