"""Notices (Textual's toasts) never hide the simulator's status line or footer: a view's own
notices (what-if's refusals, "f works on the main screen") go when the view closes, and the
simulator's (and the tour's, over it) sit above its status line, at 80x24 and 120x40."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from tests.tui.explore_app import make_explore_app, press
from tests.tui.test_glossary import screen_text
from tui.app import SimulatorApp
from tui.widgets.status import StatusLine

SIZES = [(80, 24), (120, 40)]
SLOW = pytest.mark.slow


def status_rows(app: SimulatorApp) -> list[str]:
    """The status line's two rows as the screen shows them (the footer is below)."""
    return [row for row in screen_text(app).splitlines() if row.strip()][-3:-1]


def toasts_clear_the_status_line(app: SimulatorApp) -> None:
    """Every toast on screen ends above the status line's first row."""
    status = app.query_one(StatusLine).region
    shown = list(app.screen.query(Toast))
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
        assert status_rows(app)[0].startswith(" paused epoch 0 · "), status_rows(app)
        assert "α 0.5" in status_rows(app)[0], status_rows(app)
        await press(pilot, "d", "f")
        assert "f works on the main screen" in " ".join(screen_text(app).split())
        await press(pilot, "escape")
        await pilot.pause()
        assert "works on the main screen" not in " ".join(screen_text(app).split())
        assert "α 0.5" in status_rows(app)[0], status_rows(app)


@pytest.mark.parametrize(
    "size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40", marks=SLOW)]
)
async def test_the_simulators_notices_sit_above_its_status_line(size: tuple[int, int]) -> None:
    app = make_explore_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await press(pilot, "ctrl+t")  # the theme's notice
        await pilot.pause()
        toasts_clear_the_status_line(app)
        assert "α 0.5" in status_rows(app)[0], status_rows(app)
        app.clear_notifications()
        await press(pilot, "t", "f")  # the tour, over the simulator: "f works once you leave"
        await pilot.pause()
        toasts_clear_the_status_line(app)
        assert "α 0.5" in status_rows(app)[0], status_rows(app)
