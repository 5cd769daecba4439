"""Shared set-up for the screen's tests: the app on the bundled students, fixed seed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.app import SimulatorApp
from tui.cli import build_parser
from tui.launch import build_app


def make_app(*argv: str) -> SimulatorApp:
    """The simulator as ``passfail-tui ARGV`` would open it (not yet running)."""
    return build_app(build_parser().parse_args(list(argv)))


@pytest.fixture
def app_factory() -> Callable[..., SimulatorApp]:
    return make_app
