"""The ``passfail-tui`` command line's parser: the app's options, each subcommand's, and what
the shared options mean (``config_from_args``, ``load_training_data``).

Imports nothing heavy (no textual, no numpy) so ``--help`` and the headless commands start
fast. A bad option value is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import math
from typing import Any, NoReturn

from tui.cli_gradebook import add_reading_options, add_uncertain_option, column_names
from tui.cli_gradebook import load_model_and_data as load_model_and_data  # re-exported
from tui.cli_gradebook import load_training_data as load_training_data  # re-exported
from tui.cli_recipe import add_recipe_options, recipe_settings
from tui.serve import listen_host, port_number, session_cap

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


def _add_max_csv_mb(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-csv-mb",
        metavar="MB",
        type=_positive_float,
        help="refuse a CSV larger than this, before reading it (default: 64, engine/limits.py)",
    )


def add_model_options(p: argparse.ArgumentParser) -> None:
    """The data and training options shared by the app and ``train`` (defaults in --help)."""
    p.add_argument("--data", metavar="F", help="students CSV (default: the bundled students.csv)")
    _add_max_csv_mb(p)
    p.add_argument(
        "--target",
        metavar="T",
        help="target column (default: passed; with --model, the model's own)",
    )
    p.add_argument(
        "--features",
        metavar="a,b",
        type=column_names,
        help="feature columns (default: every numeric column but the target and ids)",
    )
    add_reading_options(p)
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
    add_recipe_options(p)
    p.add_argument(
        "--scale",
        metavar="S",
        default="standard",
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
    parser = _app_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_train(sub)
    _add_predict(sub)
    _add_explain(sub)
    _add_serve(sub, parser)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    """The parser with the app's own options (what ``passfail-tui`` alone takes)."""
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
        "--quiz", action="store_true", help="start with the quiz (k) on (default: off)"
    )
    parser.add_argument(
        "--predict", metavar="FILE", help="this year's students for the p view (default: bundled)"
    )
    add_uncertain_option(parser)
    from tui.themes import THEMES

    parser.add_argument(
        "--theme",
        choices=THEMES,
        default=THEMES[0],
        help="colours: textual-dark, textual-light, passfail-contrast (for projectors); "
        "ctrl+t cycles them (%(default)s)",
    )
    parser.add_argument("--no-motion", action="store_true", help="a still picture after f, b")
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw with ASCII only: # - bars, + | - borders (default: on when the locale "
        "is C/POSIX or the output is not UTF-8)",
    )
    return parser


def _add_train(sub: argparse._SubParsersAction[_Parser]) -> None:
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


def _add_predict(sub: argparse._SubParsersAction[_Parser]) -> None:
    predict = sub.add_parser(
        "predict",
        help="predict this year's students with a saved model",
        description="Probability of passing and verdict for each student.",
    )
    predict.add_argument(
        "--model", metavar="FILE", required=True, help="a model file from train --save"
    )
    predict.add_argument(
        "--data", metavar="F", help="students to predict (default: bundled, if it learned them)"
    )
    predict.add_argument(
        "--out",
        metavar="FILE",
        help="write the input as it came plus probability, prediction, confidence (not written)",
    )
    predict.add_argument(
        "--force",
        action="store_true",
        help="let --out replace a text file that is not its own earlier output (default: off)",
    )
    predict.add_argument(
        "--json", action="store_true", help="print JSON instead of a table (default: off)"
    )
    _add_max_csv_mb(predict)
    add_uncertain_option(predict)


def _add_explain(sub: argparse._SubParsersAction[_Parser]) -> None:
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


def _add_serve(sub: argparse._SubParsersAction[_Parser], parser: argparse.ArgumentParser) -> None:
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
        type=listen_host,
        default="127.0.0.1",
        help="address to listen on; anything but loopback lets anyone who can reach it use "
        "the app (%(default)s)",
    )
    serve.add_argument(
        "--port", metavar="P", type=port_number, default=8000, help="port (%(default)s)"
    )
    serve.add_argument(
        "--max-sessions",
        metavar="N",
        type=session_cap,
        default=40,
        help="most browser tabs (app processes) at once; the next is told the server is full "
        "(%(default)s)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers connect to, e.g. behind a proxy (default: http://HOST:PORT)",
    )
    for action in parser._actions:  # every app option, as `passfail-tui --help` lists them
        if action.option_strings and action.dest not in ("help", "version"):
            serve._add_action(action)


def config_from_args(args: argparse.Namespace) -> Any:
    """A TrainingConfig from parsed options (UsageError for a bad combination)."""
    from engine.trainer import TrainingConfig

    try:
        return TrainingConfig(
            hidden=tuple(args.hidden),
            activation=args.activation,
            loss=args.loss,
            learning_rate=args.lr,
            mode=args.mode,
            batch_size=max(args.batch_size, 1),
            scale=args.scale,
            test_fraction=args.test_fraction,
            seed=args.seed,
            **recipe_settings(args),
        )
    except ValueError as err:
        raise UsageError(str(err)) from None
