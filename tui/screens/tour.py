"""Guided tour (``t``, ``--tour``): the article's story, step by step, over the live simulator.

The box is a transparent screen over the simulator, or over the view a step opens (``m``,
``g``, ``l``, ``c``, ``p``): Textual draws the screens beneath a transparent one, so the
view shows and the box sits on it. Over the simulator the box covers the column its target
is not in; over a view it sits at the bottom and the view is given the rows above it. A
step that opens another view swaps the screens (box, view) for new ones; the ``Tour`` (its
place and marks, ``tui/tour.py``) goes with them. ``enter`` / right goes on, left goes back
(undoing what the step pressed), ``escape`` leaves. Keys queue on the ``Tour`` and are taken
one at a time: a key waits while a step's screens are being swapped, its run has not yet
started, or a run sent to full speed has not stopped (a burst of enter walks the same steps,
to the same network, as enter pressed slowly). While the screens are swapped the App holds
the tour's keys (``tui/screens/tour_keys.py``): the view on top meanwhile must not take them.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.messages import Did
from tui.screens.compare import CompareScreen
from tui.screens.elsewhere import SaysWhereKeysWork
from tui.screens.explore import ExploreScreen
from tui.screens.gradcheck import GradientCheckScreen
from tui.screens.landscape import LandscapeScreen
from tui.screens.math_view import MathScreen, render, working
from tui.screens.modal import OnceModal
from tui.screens.predictions import PredictionsScreen
from tui.screens.tour_keys import TourKeys
from tui.simulation import SPEEDS, Simulation
from tui.tour import Tour
from tui.tour_steps import STEPS, Step
from tui.widgets.pane import ascii_mode

PLACING = 5.0
"""Longest the box keeps checking, in seconds, that the layout put it where it was placed."""

TRIES = 250
"""How many times in ``PLACING`` it checks."""

PASS_FAIL = ("c", "p")
"""Views with verdicts: not opened for a worked example (its targets are soft)."""


def open_view(key: str, tour: Tour, app: App[Any]) -> ExploreScreen:
    """A new view for ``key`` (m, g, l, c, p) on the tour's simulation."""
    sim = tour.sim
    if key == "m":
        return MathScreen(sim)
    if key == "g":
        return GradientCheckScreen(sim)
    if key == "l":
        view = LandscapeScreen(sim)
        view.index = tour.landscape
        return view
    if key == "c":
        return CompareScreen(sim)
    return PredictionsScreen(sim, str(getattr(app, "predict_path", "")))


def view_of(step: Step, sim: Simulation) -> str:
    """The view a step opens here ("" for the simulator)."""
    return "" if step.view in PASS_FAIL and sim.worked_example else step.view


async def close(app: App[Any], tour: Tour) -> None:
    """Pop the box, and the view beneath it (its workers first: the twin's training)."""
    view = app.screen_stack[-2] if tour.view else None
    await app.pop_screen()
    if view is not None:
        app.workers.cancel_node(view)
        await app.pop_screen()


async def swap(app: App[Any], tour: Tour, view: str) -> None:
    """Replace the box (and the view beneath it) by the next step's: a new view, a new box."""
    await close(app, tour)
    tour.view = view
    if view:
        await app.push_screen(open_view(view, tour, app))
    await app.push_screen(TourScreen(tour.sim, tour))


async def leave(app: App[Any], tour: Tour) -> None:
    """Close the box and the view beneath it: back to the simulator, as the tour left it."""
    await close(app, tour)
    tour.view, tour.keys = "", []
    if isinstance(app, TourKeys):
        app.touring = None  # keys go to the simulator again
    app.post_message(Did(tour.left()))


class TourBox(Static):
    """The box: it tells its screen when it changes size (a view then makes room)."""

    def on_resize(self) -> None:
        if isinstance(self.screen, TourScreen):
            self.screen.place()


class TourScreen(SaysWhereKeysWork, OnceModal[None]):
    """The tour's box over the simulator or a view; both stay visible and live behind it."""

    CSS_PATH = "tour.tcss"
    ELSEWHERE_TEXT = "{key} works once you leave the tour: esc leaves it"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,right", "key('next')", "Next"),
        Binding("left", "key('previous')", "Back"),
        Binding("escape", "key('leave')", "Leave"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, sim: Simulation, tour: Tour | None = None) -> None:
        super().__init__()
        self.sim = sim
        self.tour = tour or Tour(sim)
        self.retired = False
        """This box is being replaced (or closed): keys meanwhile do nothing."""
        self.placed = False
        """The box is where it goes (over a view: and the view has made room for it)."""
        self._tries = 0

    @property
    def step(self) -> int:
        """The step shown, from 0."""
        return self.tour.step

    def compose(self) -> ComposeResult:
        yield TourBox(id="tour-box")
        yield Footer()

    def on_mount(self) -> None:
        app, tour = self.app, self.tour
        tour.post = lambda outcome: app.post_message(Did(outcome))
        tour.start_run = lambda: app.call_later(self._start_run)
        if isinstance(app, TourKeys):
            app.touring = tour
        tour.changing = False
        if tour.step < 0:
            self.action_next()
        else:
            self.draw()
        self.set_interval(0.25, self._live)
        self.take()

    async def _start_run(self) -> None:
        """space (the App's run); then the box says so and the keys that waited go on."""
        await self.app.run_action("run")
        self.tour.starting = False
        for screen in self.app.screen_stack:  # this box, or the one that replaced it
            if isinstance(screen, TourScreen):
                screen._live()

    # ----- keys ----------------------------------------------------------------------

    def action_key(self, key: str) -> None:
        """A tour key (next, previous, leave): queued, then taken in turn."""
        self.tour.keys.append(key)
        self.take()

    def take(self) -> None:
        """Take the waiting keys in order while this box is the tour's and nothing waits."""
        tour = self.tour
        while tour.keys and not self.retired and self.is_mounted and not tour.waits():
            key = tour.keys.pop(0)
            if key == "next":
                self.action_next()
            elif key == "previous":
                self.action_previous()
            else:
                self.action_leave()

    def action_next(self) -> None:
        """The next step (pressing its keys); past the last, leave. While the run goes,
        enter sends it to full speed (later keys wait for its own stop)."""
        if self.retired:
            return
        tour = self.tour
        if tour.step >= 0 and STEPS[tour.step].live and self.sim.running:  # its own end
            tour.press(self.sim.set_speed(len(SPEEDS) - 1))
            tour.hurried = True
            self._live()  # the box says so (a toast would outlive the step, over the next)
            return
        if tour.step + 1 >= len(STEPS):
            self.action_leave()
            return
        step = STEPS[tour.step + 1]
        tour.enter(step.press, step.text)
        self.show()

    def action_previous(self) -> None:
        """Back one step, taking back what the step being left pressed."""
        if self.retired or self.tour.step <= 0:
            return
        note = self.tour.back()
        self.show()
        if note:
            self.notify(note, title="tour", severity="warning")

    def action_leave(self) -> None:
        """Back to the simulator, as the tour left it."""
        if not self.retired:
            self.retired = self.tour.changing = True
            self.app.run_worker(leave(self.app, self.tour), group="tour")

    def show(self) -> None:
        """The current step: over the same view, redraw; over another, swap the screens.
        A note about the step before (a toast) goes: it would sit over this one."""
        self.app.clear_notifications()
        view = view_of(STEPS[self.tour.step], self.sim)
        if view != self.tour.view:
            self.retired = self.tour.changing = True
            self.app.run_worker(swap(self.app, self.tour, view), group="tour")
            return
        beneath = self.beneath()
        if isinstance(beneath, ExploreScreen):
            beneath.draw()  # the step pressed keys: the view follows them
        self.draw()

    # ----- drawing -------------------------------------------------------------------

    def beneath(self) -> Screen[Any]:
        """The screen the box sits on: the view, or the simulator."""
        stack = self.app.screen_stack
        return stack[stack.index(self) - 1]

    def targets(self) -> list[Any]:
        """The widgets the current step points at (on the screen beneath), found ones only."""
        step = STEPS[self.tour.step]
        found = []
        for selector in (step.target, *step.also):
            with suppress(NoMatches):
                found.append(self.beneath().query_one(selector))
        return found

    def draw(self) -> None:
        """The current step's box: its title, its text, then its place (once laid out)."""
        tour = self.tour
        step = STEPS[tour.step]
        box = self.query_one("#tour-box", Static)
        box.border_title = f"Tour {tour.step + 1}/{len(STEPS)}: {step.title}"
        box.update(tour.texts[-1])
        self.placed, self._tries = False, TRIES
        self.place()

    def on_resize(self) -> None:
        if self.tour.step >= 0 and not self.retired:
            self.placed, self._tries = False, TRIES
            self.call_after_refresh(self.place)

    def place(self) -> None:
        """Put the box where the step's targets are not: over a view, the bottom rows (the
        view keeps the rows above); over the simulator, in the column ``Step.box`` names,
        above or below any target in that column, above the status line. Called again when
        the box changes size (only the screen itself is see-through, so the box is placed
        alone, by its offset)."""
        if self.retired or self.tour.step < 0:
            return
        step = STEPS[self.tour.step]
        box = self.query_one("#tour-box", Static)
        height = box.outer_size.height
        if self.tour.view:
            box.border_subtitle = f"▴ {step.names}"
            box.styles.width = "100%"
            box.styles.max_height = self.app.size.height // 2
            box.styles.offset = (0, max(self.app.size.height - 1 - height, 0))
            self.make_room()
            return
        main = self.app.screen_stack[0]
        left = main.query_one("#left").region
        on_left = step.box.startswith("left")
        x, width = (0, left.width) if on_left else (left.right, self.app.size.width - left.right)
        top, bottom = 0, main.query_one("#status").region.y
        below = step.box.endswith("bottom")
        for target in self.targets():
            r = target.region
            if r.x < x + width and r.right > x:  # a target in this column too: keep off it
                top, bottom = (max(top, r.bottom), bottom) if below else (top, min(bottom, r.y))
        box.border_subtitle = f"{step.names} ▸" if on_left else f"◂ {step.names}"
        box.styles.width = width
        box.styles.max_height = max(bottom - top, 3)
        y = max(bottom - height, top) if below else top
        box.styles.offset = (x, y)
        self.placed = box.region.width == width and box.region.y == y and height > 0

        self._again()

    def _again(self) -> None:
        """Not yet laid out where it was put: look again shortly (a timer, not after the next
        refresh: the screen lays itself out when idle), for at most ``PLACING`` seconds."""
        if not self.placed and self._tries > 0:
            self._tries -= 1
            self.set_timer(PLACING / TRIES, self.place)

    def make_room(self) -> None:
        """Over a view: the view keeps the rows above the box (its own footer hidden: the
        keys are the tour's), and the math view scrolls to the step's lines. Called again
        whenever the box changes size (its text wraps to the frame's width)."""
        if self.retired or not self.tour.view or self.tour.step < 0:
            return
        view, step = self.beneath(), STEPS[self.tour.step]
        box = self.query_one("#tour-box")
        for footer in view.query(Footer):
            footer.display = False
        for selector in step.hide:  # room for what the step talks about
            for widget in view.query(selector):
                widget.display = False
        bottom = self.app.size.height - 1  # above the tour's footer
        if box.region.width == self.app.size.width and box.region.bottom == bottom:  # in place
            rows = box.outer_size.height + 1
            clear = not any(t.region.overlaps(box.region) for t in self.targets())
            if view.styles.padding.bottom != rows:
                view.styles.padding = (0, 0, rows, 0)
                view.refresh(layout=True)  # the view may not lay itself out again unasked
            elif clear:  # the view has laid itself out above the box
                if step.anchor and isinstance(view, MathScreen):
                    self._scroll_math(view, step.anchor)
                self.placed = True
            else:  # padded, but not yet laid out above the box: ask again
                view.refresh(layout=True)
        self._again()

    def _scroll_math(self, view: MathScreen, anchor: str) -> None:
        width = max(self.app.size.width - 5, 20)
        markup = render(working(self.sim, ascii_mode(self)), width)
        lines = Content.from_markup(markup).plain.split("\n")
        at = next((k for k, line in enumerate(lines) if line.lstrip().startswith(anchor)), 0)
        view.query_one("#math").scroll_to(y=at, animate=False)

    def _live(self) -> None:
        """A step whose numbers move (the run): its text, again; keys that waited for the
        run's stop go on."""
        self.take()
        tour = self.tour
        step = STEPS[tour.step] if tour.step >= 0 else None
        if step is not None and step.live and not self.retired and tour.texts:
            tour.texts[-1] = step.text(tour)
            self.query_one("#tour-box", Static).update(tour.texts[-1])
