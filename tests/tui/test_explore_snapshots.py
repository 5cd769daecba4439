"""SVG snapshots of each Explore view at 120x40, after a few epochs (fixed seed).

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.explore_app import make_explore_app

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


def test_tour_repeat_step(snap_compare: Any) -> None:
    app = make_explore_app("--tour")
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "enter", "enter", "enter"])


def test_tour_at_80x24(snap_compare: Any) -> None:
    app = make_explore_app("--tour")
    assert snap_compare(app, terminal_size=(80, 24), press=["enter", "enter"])
