"""Guided tour: the article's story, step by step, over the live simulator.

Each step is a few lines in a box over the loss chart (or the weights), and presses the
simulator's keys itself by calling the App's actions. ``enter`` / right goes on, left goes
back (undoing the steps and epochs that step took), ``escape`` leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from tui.screens.modal import OnceModal

if TYPE_CHECKING:
    from tui.app import SimulatorApp


class Step(NamedTuple):
    """One stop of the tour: a title, what to read, the keys it presses, where the box sits."""

    title: str
    text: str
    keys: tuple[str, ...] = ()
    top: bool = False


UNDOABLE = {"backprop", "epoch"}
"""Actions a step takes back when the tour goes back past it."""

STEPS: tuple[Step, ...] = (
    Step(
        "The guessing game",
        "The tour pressed [b]f[/b]. The student's grades go in; each hidden node weighs "
        "them and squashes the sum: two [b]preliminary guesses[/b]. The output weighs "
        "those into one guess: the chance of passing.",
        ("forward",),
    ),
    Step(
        "Measuring error",
        "How wrong was that? The [b]error function[/b] compares the guess with what "
        "happened: the [b]loss[/b] under Output. A sure, right guess scores near 0; "
        "a sure, wrong one scores high.",
    ),
    Step(
        "The blame game",
        "The tour pressed [b]b[/b]: backprop gives every weight its share of the blame "
        "(the slope of the error), then moves each a little against its slope: the "
        "▲▼ beside the weights.",
        ("backprop",),
    ),
    Step(
        "Gradient descent",
        "How far each weight moves is [b]alpha[/b] (α below). Too bold, and a guess of "
        "19 jumps to −24; cautious, it goes 16, 12, 8, 4, 6. Pressed [b]n f b[/b]: the next "
        "student. [b]l[/b] later shows the slope.",
        ("next_student", "forward", "backprop"),
    ),
    Step(
        "Repeat",
        "[b]e[/b] is an epoch: every training student once. The tour pressed it ten times: "
        "the loss in the chart below falls, with bumps (each step follows one student). "
        "[b]space[/b] keeps going.",
        ("epoch",) * 10,
        top=True,
    ),
    Step(
        "Explore",
        "[b]w[/b] what if · [b]l[/b] error landscape · [b]d[/b] decision map · "
        "[b]p[/b] predictions · [b]v[/b] evaluation · [b]?[/b] every key. "
        "enter leaves the tour; [b]t[/b] brings it back.",
    ),
)


class TourScreen(OnceModal[None]):
    """The tour's box over the simulator; the simulator stays visible and live behind it."""

    DEFAULT_CSS = """
    TourScreen {
        background: $background 0%;
        align: right bottom;
    }
    TourScreen.-top {
        align: right top;
    }
    #tour-box {
        width: 44;
        height: auto;
        max-height: 11;
        margin-bottom: 3;
        padding: 0 1;
        border: round $accent;
        border-title-color: $text-accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
    }
    TourScreen.-top #tour-box {
        margin-bottom: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,right", "next", "Next"),
        Binding("left", "previous", "Back"),
        Binding("escape", "leave", "Leave"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = -1
        self._taken: list[tuple[int, int]] = []  # per step entered: (row before, undoables)

    @property
    def sim(self) -> SimulatorApp:
        return cast("SimulatorApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="tour-box")
        yield Footer()

    def on_mount(self) -> None:
        self.action_next()

    def _press(self, keys: tuple[str, ...]) -> None:
        row = self.sim.row
        for action in keys:
            getattr(self.sim, f"action_{action}")()
        self._taken.append((row, sum(k in UNDOABLE for k in keys)))

    def action_next(self) -> None:
        """The next step (pressing its keys); past the last, leave."""
        if self.step + 1 >= len(STEPS):
            self.action_leave()
            return
        self.step += 1
        self._press(STEPS[self.step].keys)
        self.draw()

    def action_previous(self) -> None:
        """Back one step, taking back what the step being left pressed."""
        if self.step <= 0:
            return
        row, undoables = self._taken.pop()
        for _ in range(undoables):
            self.sim.action_undo()
        if row != self.sim.row:
            self.sim._say(self.sim._show_student(row, "tour: back to"))
            self.sim.action_forward()
        self.step -= 1
        self.draw()

    def action_leave(self) -> None:
        """Back to the simulator, as the tour left it."""
        self.dismiss(None)

    def draw(self) -> None:
        """The current step's box."""
        step = STEPS[self.step]
        self.set_class(step.top, "-top")
        box = self.query_one("#tour-box", Static)
        box.border_title = f"Tour {self.step + 1}/{len(STEPS)}: {step.title}"
        box.border_subtitle = "enter/→ next · ← back · esc leaves"
        box.update(step.text)
