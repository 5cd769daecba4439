"""Options for a teacher's own gradebook: blank cells, the school's pass/fail words, columns
to leave out, how sure a prediction must be, and which students a model's commands read
by default (``predict``'s class, ``explain --model``'s and the app's history).

Shared by the app, ``train``, ``explain`` (and ``serve``, which passes the app's options on);
``--uncertain`` by ``predict`` and the app. No textual here: the headless commands use it.
``tui.cli_parser`` imports this module, so this one imports it only inside functions.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DEFAULT_TARGET = "passed"
"""The target column when neither --target nor a model names one."""


def column_names(text: str) -> tuple[str, ...]:
    """--features and --ignore: column names like a,b,c."""
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise argparse.ArgumentTypeError("expected column names like a,b,c")
    return names


def _half_width(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= value <= 0.5:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 0.5, got {text!r}")
    return value


def add_reading_options(p: argparse.ArgumentParser) -> None:
    """--missing, --positive and --ignore (defaults in --help)."""
    p.add_argument(
        "--missing",
        choices=["skip", "error"],
        default="skip",
        help="a student with a blank grade or label: skip (leave out, and say which lines) "
        "or error (%(default)s)",
    )
    p.add_argument(
        "--positive",
        metavar="LABEL",
        help="the target value that means passed, for a school's own words (default: "
        "recognise 1/0, pass/fail, P/F, yes/no, aprobado/suspenso, admis/ajourné, ...)",
    )
    p.add_argument(
        "--ignore",
        metavar="a,b",
        type=column_names,
        default=(),
        help="columns that are not features (default: none; id-like columns are left out anyway)",
    )


def add_uncertain_option(p: argparse.ArgumentParser) -> None:
    """--uncertain W: predictions within W of 0.5 are marked uncertain."""
    p.add_argument(
        "--uncertain",
        metavar="W",
        type=_half_width,
        default=0.1,
        help="mark a prediction uncertain when P(pass) is within W of 0.5 (%(default)s)",
    )


def reading_options(args: argparse.Namespace) -> dict[str, Any]:
    """The load_dataset keywords the options ask for; a column in both --features and
    --ignore is a UsageError (exit 2) before anything is read."""
    from tui.cli_parser import UsageError

    ignore = tuple(getattr(args, "ignore", ()) or ())
    features = getattr(args, "features", None) or ()
    both = sorted({c.casefold() for c in ignore} & {c.casefold() for c in features})
    if both:
        raise UsageError(f'column "{both[0]}" is in both --features and --ignore: choose one')
    return {
        "missing": getattr(args, "missing", "skip"),
        "positive": getattr(args, "positive", None),
        "ignore": ignore,
    }


def load_training_data(
    args: argparse.Namespace, features: Any = None, path: Path | None = None, target: Any = None
) -> Any:
    """The students at ``path`` (default --data, or the bundled history), with the target
    ``target`` (default --target, or passed), ``features`` (default --features) and
    --missing, --positive, --ignore; over --max-csv-mb: refused."""
    from engine.data import bundled_path, load_dataset

    path = path or args.data or bundled_path("students.csv")
    target = target or getattr(args, "target", None) or DEFAULT_TARGET
    limit = getattr(args, "max_csv_mb", None)
    chosen = features or args.features
    return load_dataset(path, target, chosen, max_mb=limit, **reading_options(args))


def load_model_and_data(args: argparse.Namespace) -> tuple[Any, Any]:
    """--model's SavedModel and the students it learned from: --data, or the bundled ones only
    if it learned from them (else a UsageError asking for --data); the model's own target
    (unless --target names another) and its own features in its order (--features may only
    name the same set, UsageError otherwise)."""
    from engine.model_file import features_in_model_order, load_model
    from tui.cli_parser import UsageError

    model = load_model(args.model)
    try:
        features = features_in_model_order(model, args.features)
    except ValueError as exc:
        raise UsageError(f"{args.model}: {exc}") from None
    path = training_path(model, args.data, model_path=args.model)
    target = getattr(args, "target", None) or model.target_name
    return model, load_training_data(args, features, path, target)


def learned_from_bundled(model: Any) -> bool:
    """Whether ``model`` was trained on the bundled students: its ``data`` field's sha256 is
    that of the bundled students.csv (an older model file without the field: it has their
    features)."""
    from engine.data import bundled_path
    from engine.records import read_text_file

    ours = bundled_path("students.csv")
    if model.data is not None:
        return bool(model.data.sha256 == read_text_file(ours).sha256)
    from engine.data import load_dataset

    return bool(model.feature_names == load_dataset(ours).feature_names)


def _own_students(model: Any, which: str, option: str, model_path: Any) -> Exception:
    """The UsageError for a model trained on the teacher's own file, without ``option``."""
    from tui.cli_parser import UsageError

    learned = f" ({model.data.name})" if model.data is not None else ""
    return UsageError(
        (f"{model_path}: " if model_path else "")
        + f"this model learned from your own students{learned}, not the bundled ones: "
        f"give {which} with {option} FILE"
    )


def training_path(
    model: Any, data: str | None, option: str = "--data", model_path: Any = None
) -> Path:
    """The students ``model`` learned from, for ``explain --model`` and the app: ``data`` if
    given; the bundled students.csv only for a model trained on them; otherwise a UsageError
    saying ``option`` is needed (naming ``model_path``, the model file, if given)."""
    from engine.data import bundled_path

    if data:
        return Path(data)
    if not learned_from_bundled(model):
        raise _own_students(model, "the students it learned from", option, model_path)
    return bundled_path("students.csv")


def predict_path(
    model: Any, data: str | None, option: str = "--data", model_path: Any = None
) -> Path:
    """This year's students for ``model``: ``data`` if given; the bundled current_year.csv
    only for a model trained on the bundled students (``learned_from_bundled``); otherwise a
    UsageError saying ``option`` is needed (naming ``model_path``, the model file, if given)."""
    from engine.data import bundled_path

    if data:
        return Path(data)
    if not learned_from_bundled(model):
        raise _own_students(model, "this year's students", option, model_path)
    return bundled_path("current_year.csv")
