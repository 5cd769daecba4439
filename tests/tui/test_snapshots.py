"""SVG snapshots of the main screen (pytest-textual-snapshot); fixed seed, no timing figures.

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.conftest import make_app

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen_after_a_guess_blame_and_epochs(
    snap_compare: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, press=["f", "b", "e", "e", "f"])


def test_opening_screen(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_too_small(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(60, 20))


def test_quiz_question_hides_the_guess(snap_compare: Any) -> None:
    assert snap_compare(make_app("--quiz"), terminal_size=(80, 24), press=["f"])


def test_quiz_answers_judged(snap_compare: Any) -> None:
    # this student's biggest blame is w8 and w5 goes up (seed 0): one right, one wrong
    assert snap_compare(make_app("--quiz"), terminal_size=(80, 24), press=["b", "8", "down"])
