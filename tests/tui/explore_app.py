"""The simulator as ``passfail-tui ARGV`` opens it, with the Explore options (--tour, --predict)."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.cli import build_parser

SIZE = (80, 24)


def make_explore_app(*argv: str) -> SimulatorApp:
    """``make_app`` plus what ``run_app`` sets from --predict and --tour."""
    app = make_app(*argv)
    args = build_parser().parse_args(list(argv))
    app.predict_path, app.start_tour = args.predict or "", bool(args.tour)
    app.uncertain = args.uncertain
    return app


async def press(pilot: Pilot[int], *keys: str) -> None:
    """Press keys and let the screen settle."""
    await pilot.press(*keys)
    await pilot.pause()
