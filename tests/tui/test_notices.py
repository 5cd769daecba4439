"""Notices (Textual's toasts) never hide the simulator's status line or footer: a view's own
notices (what-if's refusals, "f works on the main screen") go when the view closes, and the
simulator's (and the tour's, over it) sit above its status line, at 80x24 and 120x40."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets._toast import Toast

from tests.tui.explore_app import make_explore_app, press
from tests.tui.test_glossary import screen_text
from tui.app import SimulatorApp
from tui.widgets.status import StatusLine

SIZES = [(80, 24), (120, 40)]
SLOW = pytest.mark.slow


def state_row(app: SimulatorApp) -> str:
    """The status line's state row as the screen shows it ("" when nothing shows it)."""
    rows = [row for row in screen_text(app).splitlines() if "paused epoch" in row]
    return rows[-1] if rows else ""


def whole(row: str) -> bool:
    """The state row starts the line and ends with alpha: no toast (``▌``) over it."""
    return row.startswith(" paused epoch 0 · ") and row.rstrip().endswith("α 0.5")


async def toasts_clear_the_status_line(pilot: Pilot[int], app: SimulatorApp) -> None:
    """Every toast on screen ends above the status line's first row (once the toasts, which
    Textual mounts a refresh or two after the notice, are laid out)."""
    status = app.query_one(StatusLine).region
    for _ in range(100):
        shown = [toast for toast in app.screen.query(Toast) if toast.region.height]
        if shown:
            break
        await pilot.pause()
    assert shown, "no notice on screen"
    for toast in shown:
        assert toast.region.bottom <= status.y, (toast.region, status)


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_a_views_notices_do_not_follow_it_back_over_the_status_line(
    size: tuple[int, int],
) -> None:
    app = make_explore_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await press(pilot, "w", *"150", "enter")
        assert "expected 0-100" in screen_text(app)
        await press(pilot, "escape")
        await pilot.pause()
        text = screen_text(app)
        assert "expected 0-100" not in text, text
        assert whole(state_row(app)), state_row(app)
        await press(pilot, "d", "f")
        assert "f works on the main screen" in " ".join(screen_text(app).split())
        await press(pilot, "escape")
        await pilot.pause()
        assert "works on the main screen" not in " ".join(screen_text(app).split())
        assert whole(state_row(app)), state_row(app)


@pytest.mark.parametrize(
    "size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40", marks=SLOW)]
)
async def test_the_simulators_notices_sit_above_its_status_line(size: tuple[int, int]) -> None:
    app = make_explore_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await press(pilot, "ctrl+t")  # the theme's notice
        await toasts_clear_the_status_line(pilot, app)
        assert whole(state_row(app)), state_row(app)
        app.clear_notifications()
        await press(pilot, "t", "f")  # the tour, over the simulator: "f works once you leave"
        await toasts_clear_the_status_line(pilot, app)
        assert whole(state_row(app)), state_row(app)
