"""Guided tour (t, --tour): steps in the article's order, pressing the simulator's keys."""

from __future__ import annotations

import pytest

from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.tour import STEPS, TourScreen


@pytest.mark.slow
async def test_tour_starts_with_the_option_and_presses_the_keys() -> None:
    app = make_explore_app("--tour")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tour = app.screen
        assert isinstance(tour, TourScreen)
        assert [s.title for s in STEPS][:5] == [
            "The guessing game",
            "Measuring error",
            "The blame game",
            "Gradient descent",
            "Repeat",
        ]
        t = app.sim.trainer
        assert tour.step == 0 and app.sim.trace is not None  # it pressed f
        await press(pilot, "enter")
        assert tour.step == 1 and not t.can_undo
        start = t.network
        await press(pilot, "right")  # the blame game: b
        assert tour.step == 2 and t.network is not start and t.can_undo
        first_row = app.sim.row
        await press(pilot, "enter")  # n f b
        assert app.sim.row != first_row
        await press(pilot, "enter")  # ten epochs
        assert t.epoch == 10 and tour.has_class("-top")
        await press(pilot, "left")  # back: the ten epochs are taken back
        assert tour.step == 3 and t.epoch == 0
        await press(pilot, "left")
        assert tour.step == 2 and app.sim.row == first_row
        box = tour.query_one("#tour-box")
        assert box.region.right <= SIZE[0] and box.region.bottom <= SIZE[1]
        assert "Tour 3/6" in str(box.border_title)
        await press(pilot, "escape")
        assert not isinstance(app.screen, TourScreen)
        await press(pilot, "t")
        assert isinstance(app.screen, TourScreen)
        await press(pilot, *["enter"] * len(STEPS))  # past the last step leaves
        assert not isinstance(app.screen, TourScreen)


@pytest.mark.slow
async def test_tour_box_fits_at_80x24_on_every_step() -> None:
    app = make_explore_app("--tour")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tour = app.screen
        for _ in STEPS:
            box = tour.query_one("#tour-box")
            region = box.region
            assert region.x >= 0 and region.right <= SIZE[0] and region.bottom <= SIZE[1] - 1
            assert region.height < 11  # under its max-height: the whole text is shown
            await press(pilot, "right")
