"""SVG snapshots of each Explore view at 120x40, after a few epochs (fixed seed).

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from textual.pilot import Pilot

from tests.tui.explore_app import make_explore_app
from tests.tui.test_explore_tour import settled
from tui.app import SimulatorApp
from tui.tour_steps import STEPS

pytestmark = pytest.mark.slow

SIZE = (120, 40)


@pytest.mark.parametrize(
    "keys",
    [
        ("w", "right", "right", "down", "down", "down", "down"),
        ("l", "down", "down", "down", "down", "down", "down", "down", "down", "plus", "plus"),
        ("d",),
        ("p", "s"),
        ("v", "left"),
    ],
    ids=["whatif", "landscape", "decision_map", "predictions", "evaluation"],
)
def test_explore_view(snap_compare: Any, keys: tuple[str, ...]) -> None:
    assert snap_compare(make_explore_app(), terminal_size=SIZE, press=["e", "e", "e", *keys])


@pytest.mark.parametrize("title", ["Preliminary guesses", "Alpha and overshoot"])
def test_tour_step_at_80x24(snap_compare: Any, title: str) -> None:
    """A step over the simulator (its box off the Hidden pane and the votes) and one over
    the error landscape (the + the tour pressed, the step landing higher)."""
    steps = next(k for k, s in enumerate(STEPS) if s.title == title)

    async def walk(pilot: Pilot[int]) -> None:
        app = cast(SimulatorApp, pilot.app)
        for _ in range(steps):
            await settled(pilot, app)
            await pilot.press("enter")
        await settled(pilot, app)

    app = make_explore_app("--tour")
    assert snap_compare(app, terminal_size=(80, 24), run_before=walk)
