"""``passfail-tui train``: train headless, print a summary (or JSON), maybe save the model."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from engine.recipe import STOP_REASONS, decay_text, learning_rate_at
from tui.cli_parser import EXIT_DIVERGED, EXIT_OK, UsageError, config_from_args, load_training_data


def _summary_dict(trainer: Any, stop: Any, seconds: float, saved: str | None) -> dict[str, Any]:
    from engine.diagnose import learned_nothing, saturation

    last = trainer.measure()
    test = trainer.evaluate("test")
    train = trainer.evaluate("train")

    def confusion(ev: Any) -> dict[str, int] | None:
        if ev is None:
            return None
        return {
            "true_positive": ev.true_positive,
            "false_positive": ev.false_positive,
            "false_negative": ev.false_negative,
            "true_negative": ev.true_negative,
        }

    return {
        "epochs": trainer.epoch,
        "n_train": trainer.n_train,
        "n_test": trainer.n_test,
        "train_loss": last.train_loss,
        "train_accuracy": last.train_accuracy,
        "test_loss": last.test_loss,
        "test_accuracy": last.test_accuracy,
        "train_baseline_accuracy": train.baseline_accuracy if train else None,
        "test_baseline_accuracy": test.baseline_accuracy if test else None,
        "train_confusion": confusion(train),
        "test_confusion": confusion(test),
        "layer_sizes": list(trainer.network.layer_sizes),
        "features": list(trainer.dataset.feature_names),
        "test_accuracy_interval": _interval(test),
        "skipped": [
            {"student": k.number, "line": k.line, "column": k.column, "name": k.name}
            for k in trainer.dataset.skipped
        ],
        "epoch_kept": stop.epoch_kept,
        "stop_reason": stop.reason,
        "warnings": learned_nothing(trainer),
        "saturation": [s.message for s in saturation(trainer.network, trainer.X_train)],
        "scale": trainer.config.scale,
        "settings": trainer.recipe.applied_to(trainer.config).to_dict(),
        "seconds": seconds,
        "saved": saved,
    }


def _interval(ev: Any) -> list[float] | None:
    """The Wilson 95% interval of a set's accuracy, or None for an empty set."""
    from engine.stats import wilson_interval

    if ev is None:
        return None
    return list(wilson_interval(ev.true_positive + ev.true_negative, ev.n))


def _print_summary(console: Any, trainer: Any, s: dict[str, Any]) -> None:
    from rich.table import Table

    from engine.stats import INTERVAL_BELOW, accuracy_text

    data = trainer.dataset
    for note in data.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    cfg, recipe = trainer.config, trainer.recipe
    last = learning_rate_at(cfg.learning_rate, recipe.lr_decay, max(s["epochs"], 1))
    decay = f" decayed to {last:.3g}" if last != cfg.learning_rate else ""
    console.print(
        f"Trained the {'-'.join(map(str, s['layer_sizes']))} network "
        f"({cfg.activation} hidden, {cfg.loss} loss, {cfg.mode}, alpha "
        f"{cfg.learning_rate:g}{decay}, weight decay {decay_text(recipe.weight_decay)}) for "
        f"{s['epochs']} epochs on {s['n_train']} students in {s['seconds']:.2f} s: "
        f"{STOP_REASONS[s['stop_reason']]}, kept epoch {s['epoch_kept']}'s weights."
    )
    table = Table(title=None, show_edge=False)
    table.add_column("")
    table.add_column("students", justify="right")
    table.add_column("loss", justify="right")
    table.add_column("accuracy", justify="right")
    table.add_column("majority baseline", justify="right")
    table.add_row(
        "training",
        str(s["n_train"]),
        f"{s['train_loss']:.4f}",
        f"{s['train_accuracy']:.1%}",
        f"{s['train_baseline_accuracy']:.1%}",
    )
    if s["n_test"]:
        table.add_row(
            "held-out",
            str(s["n_test"]),
            f"{s['test_loss']:.4f}",
            f"{s['test_accuracy']:.1%}",
            f"{s['test_baseline_accuracy']:.1%}",
        )
    else:
        table.add_row("held-out", "0", "-", "-", "-")
    console.print(table)
    console.print("Features, in order: " + ", ".join(s["features"]), highlight=False)
    if 0 < s["n_test"] < INTERVAL_BELOW:
        console.print(
            "Held-out accuracy: "
            + accuracy_text(s["test_accuracy"], s["n_test"])
            + " (the 95% interval: so few students say only that much)",
            highlight=False,
        )
    which = "test_confusion" if s["n_test"] else "train_confusion"
    c = s[which]
    neg, pos = data.labels
    cm = Table(
        title=f"confusion matrix ({'held-out' if s['n_test'] else 'training'} students)",
        show_edge=False,
    )
    cm.add_column("actual \\ predicted")
    cm.add_column(f"{pos} (pass)", justify="right")
    cm.add_column(f"{neg} (fail)", justify="right")
    cm.add_row(f"{pos} (pass)", str(c["true_positive"]), str(c["false_negative"]))
    cm.add_row(f"{neg} (fail)", str(c["false_positive"]), str(c["true_negative"]))
    console.print(cm)
    for line in s["saturation"]:
        console.print(f"Saturation: {line}.")
    if s["saved"]:
        console.print(f"Saved the model to {s['saved']}")


def run_train(args: argparse.Namespace) -> int:
    """``passfail-tui train``: train headless, print a summary or JSON, maybe save."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from engine.diagnose import check_two_classes
    from engine.model_file import save_model
    from engine.recipe import Run
    from engine.safe_write import check_destination
    from engine.trainer import Trainer, TrainingDiverged

    config = config_from_args(args)
    data = load_training_data(args)
    if args.save:  # refused before training, not after: never over the CSV read (safe_write)
        check_destination(args.save, "model", [data.path])
    check_two_classes(data)
    err = Console(stderr=True)
    out = Console()
    try:
        trainer = Trainer(data, config)
    except ValueError as exc:
        raise UsageError(f"{data.path}: {exc}") from None
    start = time.perf_counter()
    run = Run(trainer)
    budget = run.rule.end
    try:
        if err.is_terminal and budget > 0:
            with Progress(
                TextColumn("training"),
                BarColumn(),
                TextColumn("epoch {task.completed}/{task.total}"),
                TextColumn("loss {task.fields[loss]}"),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("train", total=budget, loss="-")
                every = max(1, budget // 100)

                def show(record: Any) -> None:
                    if record.epoch % every == 0 or record.epoch == budget:
                        progress.update(
                            task, completed=record.epoch, loss=f"{record.train_loss:.4f}"
                        )

                stop = run.until_stopped(show)
        else:
            stop = run.until_stopped()
    except TrainingDiverged as exc:
        print(f"passfail-tui: {exc}", file=sys.stderr)
        return EXIT_DIVERGED
    seconds = time.perf_counter() - start
    saved = None
    if args.save:
        save_model(args.save, trainer.saved_model(), [data.path])
        saved = str(args.save)
    summary = _summary_dict(trainer, stop, seconds, saved)
    for warning in summary["warnings"]:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if args.json:
        summary["notes"] = list(data.notes)
        print(json.dumps(summary))
    else:
        _print_summary(out, trainer, summary)
    return EXIT_OK
