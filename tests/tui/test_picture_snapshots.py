"""SVG snapshots of the network picture (ASCII; the 80x24 and 120x40 ones are the main
screen's own snapshots) and of the hidden nodes' maps in d, after a few epochs (fixed seed).

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.explore_app import make_explore_app


def test_picture_in_ascii(snap_compare: Any) -> None:
    app = make_explore_app("--ascii")

    async def guess_after_three_epochs(pilot: Any) -> None:
        await pilot.press("e", "e", "e", "f")
        await pilot.pause()  # the screenshot waits for the guess's redraw

    assert snap_compare(app, terminal_size=(80, 24), run_before=guess_after_three_epochs)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_hidden_maps_beside_the_decision_map(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_explore_app()
    assert snap_compare(app, terminal_size=size, press=["e", "e", "e", "d"])


@pytest.mark.parametrize("tabs", [0, 1, 2], ids=["network", "guess", "loss"])
def test_projector_mode_at_80x24(snap_compare: Any, tabs: int) -> None:
    keys = ["e", "e", "e", "f", "z", *["tab"] * tabs]
    assert snap_compare(make_explore_app(), terminal_size=(80, 24), press=keys)
