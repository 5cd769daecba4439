"""The simulator as ``passfail-tui ARGV`` opens it, with the Explore options (--tour, --predict)."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.conftest import make_app
from tui.app import SimulatorApp

SIZE = (80, 24)


def make_explore_app(*argv: str) -> SimulatorApp:
    """``make_app``: ``build_app`` reads --predict and --tour too."""
    return make_app(*argv)


async def press(pilot: Pilot[int], *keys: str) -> None:
    """Press keys and let the screen settle."""
    await pilot.press(*keys)
    await pilot.pause()
