"""The ``passfail-tui`` command line: the app, and the headless ``train`` and ``predict``.

The headless commands never import textual, so they start fast and run anywhere. Exit
status: 0 success; 2 bad input or a bad option value (one line on stderr); 3 training
diverged; 1 only for a bug.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT, EXIT_DIVERGED = 0, 1, 2, 3


class UsageError(Exception):
    """A bad option value or bad input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _hidden(text: str) -> tuple[int, ...]:
    """--hidden: "2", "4,3", or "0" for no hidden layer."""
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected sizes like 2 or 4,3 (0 for no hidden layer), got {text!r}"
        ) from None
    if sizes == (0,):
        return ()
    if any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"hidden layer sizes must be >= 1, got {text!r}")
    return sizes


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"expected a fraction in [0, 1), got {text!r}")
    return value


def _nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    value = _nonnegative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _features(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise argparse.ArgumentTypeError("expected column names like a,b,c")
    return names


def add_model_options(p: argparse.ArgumentParser) -> None:
    """The data and training options shared by the app and ``train`` (defaults in --help)."""
    p.add_argument("--data", metavar="F", help="students CSV (default: the bundled students.csv)")
    p.add_argument("--target", metavar="T", default="passed", help="target column (%(default)s)")
    p.add_argument(
        "--features",
        metavar="a,b",
        type=_features,
        help="feature columns (default: every numeric column but the target)",
    )
    p.add_argument(
        "--hidden",
        metavar="2|4,3|0",
        type=_hidden,
        default=(2,),
        help="hidden layer sizes, 0 for none (default: 2)",
    )
    p.add_argument(
        "--activation",
        metavar="A",
        default="sigmoid",
        choices=["sigmoid", "tanh", "relu", "linear"],
        help="hidden activation: sigmoid, tanh, relu, linear (%(default)s)",
    )
    p.add_argument(
        "--loss",
        default="bce",
        choices=["bce", "mse"],
        help="error function: bce (binary cross-entropy) or mse (%(default)s)",
    )
    p.add_argument(
        "--lr",
        metavar="R",
        type=_positive_float,
        default=0.5,
        help="learning rate alpha (%(default)s)",
    )
    p.add_argument(
        "--epochs",
        metavar="N",
        type=_nonnegative_int,
        default=200,
        help="epochs to train (%(default)s)",
    )
    p.add_argument(
        "--mode",
        metavar="M",
        default="stochastic",
        choices=["stochastic", "minibatch", "batch"],
        help="stochastic (one student a step), minibatch, batch (%(default)s)",
    )
    p.add_argument(
        "--batch-size",
        metavar="K",
        type=_positive_int,
        default=16,
        help="students per minibatch step (%(default)s)",
    )
    p.add_argument(
        "--weight-decay",
        metavar="L",
        type=float,
        default=0.0,
        help="L2 weight decay, not part of the reported loss (%(default)s)",
    )
    p.add_argument(
        "--scale",
        metavar="S",
        default="minmax",
        choices=["minmax", "standard", "none"],
        help="feature scaling fitted on the training split: minmax, standard, none (%(default)s)",
    )
    p.add_argument(
        "--test-fraction",
        metavar="F",
        type=_fraction,
        default=0.2,
        help="share of students held out, 0 for none (%(default)s)",
    )
    p.add_argument(
        "--seed",
        metavar="N",
        type=_nonnegative_int,
        default=0,
        help="seeds the split, the initial weights and the shuffling (%(default)s)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the app's options and the subcommands."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("passfail-tui")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ver = "unknown"
    parser = _Parser(
        prog="passfail-tui",
        description="Watch a tiny neural network learn which students will pass. With no "
        "command, opens the simulator on the bundled students.",
    )
    parser.add_argument("--version", action="version", version=f"passfail-tui {ver}")
    add_model_options(parser)
    parser.add_argument(
        "--model", metavar="FILE", help="start from a saved model file (default: a new network)"
    )
    parser.add_argument(
        "--preset",
        choices=["article", "mazur"],
        default="article",
        help="article: the 3-2-1 pass/fail network on the students; mazur: Matt Mazur's "
        "step-by-step backpropagation example, his 2-2-2 network and numbers (%(default)s)",
    )
    parser.add_argument(
        "--hide-names",
        action="store_true",
        help='show "student 17" instead of names, for projecting (default: off)',
    )
    parser.add_argument(
        "--tour", action="store_true", help="start in the guided tour (default: off)"
    )
    parser.add_argument(
        "--predict", metavar="FILE", help="this year's students for the p view (default: bundled)"
    )
    from tui.themes import THEMES

    parser.add_argument(
        "--theme",
        choices=THEMES,
        default=THEMES[0],
        help="colours: textual-dark, textual-light, passfail-contrast (for projectors); "
        "ctrl+t cycles them (%(default)s)",
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw with ASCII only: # - bars, + | - borders (default: on when the locale "
        "is C/POSIX or the output is not UTF-8)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    train = sub.add_parser(
        "train",
        help="train headless and print a summary",
        description="Train on past students; print loss, accuracy, the "
        "majority-class baseline and the confusion matrix.",
    )
    add_model_options(train)
    train.add_argument(
        "--save", metavar="FILE", help="write the trained model (JSON; default: not saved)"
    )
    train.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object on stdout instead of the summary (default: off)",
    )

    predict = sub.add_parser(
        "predict",
        help="predict this year's students with a saved model",
        description="Probability of passing and verdict for each student.",
    )
    predict.add_argument(
        "--model", metavar="FILE", required=True, help="a model file from train --save"
    )
    predict.add_argument(
        "--data", metavar="F", help="students to predict (default: the bundled current_year.csv)"
    )
    predict.add_argument(
        "--out",
        metavar="FILE",
        help="write the input rows plus probability and prediction (CSV; default: not written)",
    )
    predict.add_argument(
        "--json", action="store_true", help="print JSON instead of a table (default: off)"
    )

    explain = sub.add_parser(
        "explain",
        help="print one step's forward pass and backprop, worked out with numbers",
        description="The math view as plain text: each node's dot product and activation, "
        "the error, each weight's chain rule, share of the blame and update.",
    )
    explain.add_argument(
        "--student",
        metavar="N",
        type=_nonnegative_int,
        default=1,
        help="which student (row number in the file, from 1; default 1)",
    )
    explain.add_argument(
        "--preset",
        choices=["article", "mazur"],
        default=argparse.SUPPRESS,  # so `passfail-tui --preset mazur explain` works too
        help="article (default): the 3-2-1 pass/fail network; mazur: Matt Mazur's "
        "step-by-step backpropagation example",
    )
    explain.add_argument(
        "--model",
        metavar="FILE",
        help="explain a saved model's network (default: a new one, after --epochs, default 0)",
    )
    explain.add_argument(
        "--places",
        metavar="D",
        type=_nonnegative_int,
        default=4,
        help="decimal places, more for small numbers: 4 shows 0.6038 and 0.0004386 (%(default)s)",
    )
    add_model_options(explain)
    explain.set_defaults(epochs=0)

    serve = sub.add_parser(
        "serve",
        help="serve the app to web browsers (textual-serve)",
        description="Serve the simulator to web browsers: each tab runs its own copy of the "
        "app with the app options given here. Loopback only unless --host says otherwise. "
        "Ctrl+C stops the server and every app it started.",
    )
    serve.add_argument(
        "--host",
        metavar="H",
        default="127.0.0.1",
        help="address to listen on; anything but loopback lets anyone who can reach it use "
        "the app (%(default)s)",
    )
    serve.add_argument(
        "--port", metavar="P", type=_nonnegative_int, default=8000, help="port (%(default)s)"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers connect to, e.g. behind a proxy (default: http://HOST:PORT)",
    )
    for action in parser._actions:  # every app option, as `passfail-tui --help` lists them
        if action.option_strings and action.dest not in ("help", "version"):
            serve._add_action(action)
    return parser


# ----- train ------------------------------------------------------------------------


def config_from_args(args: argparse.Namespace) -> Any:
    """A TrainingConfig from parsed options (UsageError for a bad combination)."""
    from engine.trainer import TrainingConfig

    try:
        return TrainingConfig(
            hidden=tuple(args.hidden),
            activation=args.activation,
            loss=args.loss,
            learning_rate=args.lr,
            epochs=args.epochs,
            mode=args.mode,
            batch_size=max(args.batch_size, 1),
            weight_decay=args.weight_decay,
            scale=args.scale,
            test_fraction=args.test_fraction,
            seed=args.seed,
        )
    except ValueError as err:
        raise UsageError(str(err)) from None


def load_training_data(args: argparse.Namespace) -> Any:
    """The students named by --data (or the bundled history), with --target / --features."""
    from engine.data import bundled_path, load_dataset

    path = args.data or bundled_path("students.csv")
    return load_dataset(path, target=args.target, features=args.features)


def _summary_dict(trainer: Any, seconds: float, saved: str | None) -> dict[str, Any]:
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
        "scale": trainer.config.scale,
        "settings": trainer.config.to_dict(),
        "seconds": seconds,
        "saved": saved,
    }


def _print_summary(console: Any, trainer: Any, s: dict[str, Any]) -> None:
    from rich.table import Table

    data = trainer.dataset
    for note in data.notes:
        console.print(f"[yellow]note:[/] {note}")
    console.print(
        f"Trained the {'-'.join(map(str, s['layer_sizes']))} network "
        f"({trainer.config.activation} hidden, {trainer.config.loss} loss, "
        f"{trainer.config.mode}, alpha {trainer.config.learning_rate:g}) for {s['epochs']} "
        f"epochs on {s['n_train']} students in {s['seconds']:.2f} s."
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
    if s["saved"]:
        console.print(f"Saved the model to {s['saved']}")


def run_train(args: argparse.Namespace) -> int:
    """``passfail-tui train``: train headless, print a summary or JSON, maybe save."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from engine.model_file import save_model
    from engine.trainer import Trainer, TrainingDiverged

    config = config_from_args(args)
    data = load_training_data(args)
    err = Console(stderr=True)
    out = Console()
    try:
        trainer = Trainer(data, config)
    except ValueError as exc:
        raise UsageError(f"{data.path}: {exc}") from None
    start = time.perf_counter()
    show_progress = err.is_terminal and config.epochs > 0
    try:
        if show_progress:
            with Progress(
                TextColumn("training"),
                BarColumn(),
                TextColumn("epoch {task.completed}/{task.total}"),
                TextColumn("loss {task.fields[loss]}"),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("train", total=config.epochs, loss="-")
                step = max(1, config.epochs // 100)
                for e in range(config.epochs):
                    record = trainer.run_epoch()
                    if e % step == 0 or e == config.epochs - 1:
                        progress.update(task, completed=e + 1, loss=f"{record.train_loss:.4f}")
        else:
            trainer.run_epochs(config.epochs)
    except TrainingDiverged as exc:
        print(f"passfail-tui: {exc}", file=sys.stderr)
        return EXIT_DIVERGED
    seconds = time.perf_counter() - start
    saved = None
    if args.save:
        save_model(args.save, trainer.saved_model())
        saved = str(args.save)
    summary = _summary_dict(trainer, seconds, saved)
    if args.json:
        summary["notes"] = list(data.notes)
        print(json.dumps(summary))
    else:
        _print_summary(out, trainer, summary)
    return EXIT_OK


# ----- predict ------------------------------------------------------------------------


def run_predict(args: argparse.Namespace) -> int:
    """``passfail-tui predict``: probability and verdict for each of this year's students."""
    from engine.data import bundled_path, load_dataset
    from engine.model_file import load_model
    from engine.predict import predict_rows, write_predictions

    model = load_model(args.model)
    path = args.data or bundled_path("current_year.csv")
    data = load_dataset(path, target=None, features=model.feature_names)
    rows = predict_rows(model, data)
    caveat = (
        f"Caveat: this model learned from {model.n_train} past students; each probability is "
        "its best guess from grades alone, not a certainty."
    )
    if args.out:
        if Path(args.out).resolve() == Path(path).resolve():
            raise UsageError(f"--out {args.out} is the file being read: choose another name")
        write_predictions(args.out, data, rows)
    if args.json:
        print(
            json.dumps(
                {
                    "model": str(args.model),
                    "data": str(path),
                    "n_train": model.n_train,
                    "caveat": caveat,
                    "out": None if not args.out else str(args.out),
                    "predictions": [
                        {
                            "student": r.student,
                            "probability": r.probability,
                            "prediction": r.prediction,
                            "verdict": r.verdict,
                        }
                        for r in rows
                    ],
                }
            )
        )
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for note in data.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    table = Table(show_edge=False)
    table.add_column("student")
    table.add_column("probability of passing", justify="right")
    table.add_column("verdict")
    for r in rows:
        table.add_row(r.student, f"{r.probability:.1%}", r.verdict)
    console.print(table)
    console.print(caveat, highlight=False)
    if args.out:
        console.print(f"Wrote {len(rows)} predictions to {args.out}", highlight=False)
    return EXIT_OK


# ----- explain ------------------------------------------------------------------------


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
    from engine.model_file import load_model
    from engine.trainer import Trainer, TrainingConfig

    data = load_training_data(args)
    if args.model:
        model = load_model(args.model)
        config = TrainingConfig.from_dict(model.settings)
        trainer = Trainer(data, config, network=model.network, scaler=model.scaler)
    else:
        trainer = Trainer(data, config_from_args(args))
        trainer.run_epochs(args.epochs)
    row = args.student - 1
    if not 0 <= row < data.n_samples:
        raise UsageError(f"--student must be between 1 and {data.n_samples}, got {args.student}")
    side = "training" if trainer.is_training(row) else "held-out (not learned from)"
    title = (
        f"Student {args.student}/{data.n_samples}: {data.names[row]} ({side}), after "
        f"{trainer.epoch} epochs; raw grades "
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
            cfg.learning_rate,
            cfg.update_biases,
            data.feature_names,
            title + "\n(inputs scaled: " + cfg.scale + ")",
            args.places,
        ),
        end="",
    )
    return EXIT_OK


# ----- main -----------------------------------------------------------------------------


def run_app(args: argparse.Namespace) -> int:
    """Open the simulator screen (imports textual only now)."""
    import os

    # Textual paints at most MAX_FPS times a second and, after a paint, may wait up to two
    # frames for the next; at 120 a key pressed during a run is on screen sooner.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    try:
        from tui.app import run_app as _run
    except ImportError as exc:  # the screen lands in its own issue
        raise UsageError(f"the simulator screen is not available: {exc}") from None
    result: int = _run(args)
    return result


def _stdout_open() -> bool:
    """Whether anyone still reads standard output (False after ``| head`` has gone)."""
    try:
        sys.stdout.flush()
        return not os.path.samefile(f"/proc/self/fd/{sys.stdout.fileno()}", os.devnull)
    except (OSError, ValueError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``passfail-tui`` console script."""
    from engine.data import DataError
    from engine.trainer import TrainingDiverged

    for stream in (sys.stdout, sys.stderr):  # a name the console can't show: "?", no traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "train":
            return run_train(args)
        if args.command == "predict":
            return run_predict(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "serve":
            from tui.serve import run_serve

            return run_serve(args, parser._subparsers._group_actions[0].choices["serve"]._actions)
        return run_app(args)
    except (DataError, UsageError) as exc:
        print(f"passfail-tui: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except TrainingDiverged as exc:
        print(f"passfail-tui: {exc}", file=sys.stderr)
        return EXIT_DIVERGED
    except BrokenPipeError:  # the reader went away (`| head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except SystemExit as exc:
        # rich's Console turns a broken pipe into SystemExit(1) after silencing stdout.
        if exc.code == 1 and not _stdout_open():
            return EXIT_OK
        raise
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"passfail-tui: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
