"""Guided tour (t, --tour): the whole article in order, pressing the simulator's keys itself.

Walked step by step at 80x24 and 120x40: the views it opens (m, g, l, c, p), its box never
over the widget a step points at, the overshoot it finds from the live numbers, the run it
starts stopping by itself at a low error, and going back taking back what a step pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.app import SimulatorApp
from tui.screens.compare import CompareScreen
from tui.screens.gradcheck import GradientCheckScreen
from tui.screens.landscape import LandscapeScreen
from tui.screens.math_view import MathScreen
from tui.screens.predictions import PredictionsScreen
from tui.screens.tour import TourScreen
from tui.simulation import SPEEDS
from tui.tour_steps import STEPS

pytestmark = pytest.mark.slow

BIG = (120, 40)


def step_at(title: str) -> int:
    """The index of the step called ``title``."""
    return next(k for k, s in enumerate(STEPS) if s.title == title)


async def settled(pilot: Pilot[int], app: SimulatorApp) -> TourScreen:
    """The tour's box once it is on top, placed, and (over a view) the view made room."""
    for k in range(1000):  # up to about 10 s on a busy machine: the box checks for 5 s
        await pilot.pause(0.01 if k > 100 else None)
        screen = app.screen
        if isinstance(screen, TourScreen) and not screen.retired and screen.placed:
            await pilot.pause()
            return screen
    box = screen.query_one("#tour-box") if isinstance(screen, TourScreen) else None
    where = (box.region, [t.region for t in screen.targets()]) if box is not None else ()
    raise AssertionError(
        f"the tour's box did not settle: {app.screen_stack}, box and targets {where}"
    )


async def run_stopped(pilot: Pilot[int], app: SimulatorApp) -> None:
    """Wait for the run the Repeat step started to stop by itself."""
    for _ in range(2000):
        if not app.sim.running:
            return
        await pilot.pause(0.01)
    raise AssertionError("the run did not stop")


def landing(view: Any) -> tuple[float, float] | None:
    """The landscape's loss now and at the next step, as it shows them."""
    return (view.current[1], view.next[1]) if isinstance(view, LandscapeScreen) else None


@dataclass
class Seen:
    """One step as shown: the screen beneath the box, the box and the targets' regions."""

    title: str
    beneath: Any
    box: Region
    targets: dict[str, Region]
    room: int
    """The last row the box may use (above the status line, or above the box's footer)."""
    landing: tuple[float, float] | None = None
    """Over the error landscape: its training loss now and where its next step lands."""
    toasts: int = 0
    """Notifications on screen over the step (a note about an earlier step must not stay)."""


async def walk(app: SimulatorApp, pilot: Pilot[int]) -> list[Seen]:
    """Every step from the first, pressing enter; the run goes at full speed."""
    app.sim.speed = len(SPEEDS) - 1  # the Repeat step's run, as fast as it goes
    seen = []
    for step in STEPS:
        tour = await settled(pilot, app)
        if step.live:
            if app.sim.running:  # enter hurries the run: its note must not outlive the step
                await pilot.press("enter")
            await run_stopped(pilot, app)
        beneath = tour.beneath()
        if isinstance(beneath, CompareScreen):  # the maps come once both have stopped
            tour = await trained(pilot, app, beneath)
        room = beneath.query_one("#status").region.y if beneath is app.screen_stack[0] else 0
        seen.append(
            Seen(
                step.title,
                beneath,
                tour.query_one("#tour-box").region,
                {str(w.id): w.region for w in tour.targets()},
                room or app.size.height - 1,
                landing(beneath),
                toasts(app),
            )
        )
        assert len(seen[-1].targets) == 1 + len(step.also), step.title  # all found
        await pilot.press("enter")
    return seen


def toasts(app: SimulatorApp) -> int:
    """Notifications showing, on any screen (``run_test(notifications=True)`` to see any)."""
    return sum(len(screen.query("Toast")) for screen in app.screen_stack)


async def trained(pilot: Pilot[int], app: SimulatorApp, view: CompareScreen) -> TourScreen:
    """The compare view once both contenders have stopped and its maps are laid out."""
    for _ in range(3000):
        if view.outcome is not None:
            break
        await pilot.pause(0.01)
    assert view.outcome is not None, "the twin did not finish training"
    await pilot.pause(0.1)
    return await settled(pilot, app)


def assert_off_targets(seen: list[Seen], size: tuple[int, int]) -> None:
    for s in seen:
        for name, region in s.targets.items():
            assert not s.box.overlaps(region), f"{size} {s.title}: the box covers #{name}"
            assert region.height > 0, f"{size} {s.title}: #{name} is not on screen"
        assert s.box.x >= 0 and s.box.right <= size[0], s.title
        assert s.box.bottom <= s.room, f"{size} {s.title}: the box runs off its rows"
        assert s.toasts == 0, f"{size} {s.title}: a note from an earlier step stays on screen"


async def test_the_tour_tells_the_article_and_visits_m_g_l_c_p_at_80x24() -> None:
    app = make_explore_app("--tour")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        sim, t = app.sim, app.sim.trainer
        alpha = t.config.learning_rate
        titles = [s.title for s in STEPS]
        assert titles.index("Trial and error") < titles.index("The guessing game")
        assert titles.index("Measuring error") < titles.index("The blame game")
        assert titles.index("Repeat") < titles.index("This year's students")
        seen = await walk(app, pilot)
        beneath = {type(s.beneath) for s in seen}
        for view in (MathScreen, GradientCheckScreen, LandscapeScreen, CompareScreen):
            assert view in beneath, view.__name__
        assert PredictionsScreen in beneath
        over = seen[step_at("Alpha and overshoot")].landing
        assert over is not None and over[1] > over[0]  # the view's own numbers: lands higher
        back = seen[step_at("Small steps")].landing
        assert back is not None and back[1] < back[0]  # alpha back: downhill again
        assert t.config.learning_rate == alpha  # and the tour took the + back
        assert_off_targets(seen, SIZE)
        # the run stopped by itself, by the stop rule, at a low error
        assert not sim.running and sim.stop is not None
        assert t.epoch < t.recipe.epochs and "budget" not in sim.stop.text
        start, now = sim.start_record(), t.measure()
        majority = max(float(t.y_train.mean()), 1 - float(t.y_train.mean()))
        assert now.train_loss < start.train_loss and now.train_accuracy > majority
        assert not isinstance(app.screen, TourScreen)  # past the last step it left
        assert len(app.screen_stack) == 1


async def test_no_box_covers_its_target_at_120x40() -> None:
    app = make_explore_app("--tour")
    async with app.run_test(size=BIG) as pilot:
        assert_off_targets(await walk(app, pilot), BIG)


async def test_going_back_takes_back_what_each_step_pressed() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        sim, t = app.sim, app.sim.trainer
        await press(pilot, "e", "e")
        trained = t.network
        await press(pilot, "t")
        tour = await settled(pilot, app)
        for _ in range(step_at("Random weights")):
            await press(pilot, "enter")
        tour = await settled(pilot, app)
        assert t.epoch == 0 and t.network is t.initial_network  # it pressed r
        assert "trained to epoch 2" in tour.tour.texts[-1]
        await press(pilot, "left")
        assert t.epoch == 2 and t.network is trained  # r taken back
        await press(pilot, "enter")  # r again
        sim.trace = sim.trace_net = None  # as at the start: no guess yet
        await press(pilot, "enter")  # f
        assert sim.trace is not None
        await press(pilot, "left")
        assert sim.trace is None  # the guess taken back
        while (tour := await settled(pilot, app)).step < step_at("The blame game"):
            await press(pilot, "enter")
        assert t.can_undo and sim.last_step is not None
        before_b = sim.last_step.before
        await press(pilot, "left")
        tour = await settled(pilot, app)
        assert t.network is before_b and not t.can_undo  # b taken back
        alpha = t.config.learning_rate
        while (tour := await settled(pilot, app)).step < step_at("Alpha and overshoot"):
            await press(pilot, "enter")
        assert t.config.learning_rate > alpha  # it pressed +
        await press(pilot, "left")
        tour = await settled(pilot, app)
        assert t.config.learning_rate == alpha and isinstance(tour.beneath(), GradientCheckScreen)
        sim.speed = 0  # the slowest epoch pace: the run is still going when enter comes
        while (tour := await settled(pilot, app)).step < step_at("Repeat"):
            await press(pilot, "enter")
        assert sim.running
        said = str(tour.query_one("#tour-box").render())  # no epoch: it would go stale beside
        assert "Running" in said and not re.search(r"(?i)epoch \d", said)  # the status line's
        await press(pilot, "enter")  # not on: the run goes to its own stop, at full speed
        assert tour.step == step_at("Repeat") and sim.speed == len(SPEEDS) - 1
        await pilot.pause(0.1)  # a toast would be up by now
        said = str(tour.query_one("#tour-box").render())
        assert "full speed" in said and not toasts(app)  # the box says so: no toast
        await run_stopped(pilot, app)
        assert t.epoch > 0 and sim.stop is not None
        await press(pilot, "left")
        tour = await settled(pilot, app)
        assert t.epoch == 0 and sim.stop is None  # the run's epochs taken back
        await press(pilot, "escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1 and "left the tour" in app.message
