"""The ``passfail-tui`` command line: the app, and the headless ``train``, ``predict`` and
``explain``; each command has its own module (``tui.cli_train``, ``tui.cli_predict``,
``tui.cli_explain``), the options are ``tui.cli_parser``.

The headless commands never import textual, so they start fast and run anywhere. Exit
status: 0 success; 2 bad input or a bad option value (one line on stderr); 3 training
diverged; 1 only for a bug.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from tui.cli_explain import run_explain
from tui.cli_parser import (
    EXIT_BAD_INPUT,
    EXIT_BUG,
    EXIT_DIVERGED,
    EXIT_OK,
    UsageError,
    add_model_options,
    build_parser,
    config_from_args,
    load_training_data,
)
from tui.cli_predict import run_predict
from tui.cli_train import run_train

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BUG",
    "EXIT_DIVERGED",
    "EXIT_OK",
    "UsageError",
    "add_model_options",
    "build_parser",
    "config_from_args",
    "load_training_data",
    "main",
    "run_app",
    "run_explain",
    "run_predict",
    "run_train",
]


def run_app(args: argparse.Namespace) -> int:
    """Open the simulator screen (imports textual only now)."""
    # Textual paints at most MAX_FPS times a second and, after a paint, may wait up to two
    # frames for the next; at 120 a key pressed during a run is on screen sooner.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    try:
        from tui.launch import run_app as _run
    except ImportError as exc:  # e.g. a textual too old for the screen
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


@contextlib.contextmanager
def _sigterm_exits(wanted: bool) -> Iterator[None]:
    """While a headless command runs, SIGTERM ends it through Python's own exit, so a save
    under way removes its temp file (the default action would leave it behind)."""
    if not wanted or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``passfail-tui`` console script."""
    for stream in (sys.stdout, sys.stderr):  # a name the console can't show: "?", no traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    with _sigterm_exits(args.command in ("train", "predict")):
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """The command ``args`` names; every expected failure becomes its exit status."""
    from engine.data import DataError
    from engine.trainer import TrainingDiverged

    try:
        if args.command == "train":
            return run_train(args)
        if args.command == "predict":
            return run_predict(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "serve":
            from tui.serve import run_serve

            subcommands: Any = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
            return run_serve(args, subcommands.choices["serve"]._actions)
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
