"""Shared set-up for the screen's tests: the app on the bundled students, fixed seed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.app import SimulatorApp, build_trainer
from tui.cli import build_parser


def make_app(*argv: str) -> SimulatorApp:
    """The simulator as ``passfail-tui ARGV`` would open it (not yet running)."""
    args = build_parser().parse_args(list(argv))
    return SimulatorApp(build_trainer(args), hide_names=args.hide_names, save_path=args.model or "")


@pytest.fixture
def app_factory() -> Callable[..., SimulatorApp]:
    return make_app
