"""Guided tour: the article's story, step by step, over the live simulator.

Each step is a few lines in a box over the loss chart (or the weights), and presses the
simulator's keys itself by calling the simulation's verbs (and posting ``Did`` up).
``enter`` / right goes on, left goes back (undoing the steps and epochs that step took),
``escape`` leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from tui.messages import Did
from tui.records import Outcome
from tui.screens.modal import OnceModal
from tui.simulation import Simulation

Verb = Callable[[Simulation], Outcome]
"""One of the simulation's verbs, as the tour presses it."""


@dataclass(frozen=True)
class Step:
    """One stop of the tour: a title, what to read, the verbs it presses, where the box sits."""

    title: str
    text: str
    keys: tuple[Verb, ...] = ()
    top: bool = False


UNDOABLE: tuple[Verb, ...] = (Simulation.backprop, Simulation.epoch)
"""Verbs a step takes back when the tour goes back past it."""

STEPS: tuple[Step, ...] = (
    Step(
        "The guessing game",
        "The tour pressed [b]f[/b]. The student's grades go in; each hidden node weighs "
        "them and squashes the sum: two [b]preliminary guesses[/b]. The output weighs "
        "those into one guess: the chance of passing.",
        (Simulation.forward,),
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
        (Simulation.backprop,),
    ),
    Step(
        "Gradient descent",
        "Each weight moves [b]alpha × its slope[/b] (α below). Too bold, and a guess of "
        "19 jumps to −24; cautious, it goes 16, 12, 8, 4, 6. Pressed [b]n f b[/b]: the next "
        "student. [b]l[/b] later shows the slope.",
        (Simulation.next_student, Simulation.forward, Simulation.backprop),
    ),
    Step(
        "Repeat",
        "[b]e[/b] is an epoch: every training student once. The tour pressed it ten times: "
        "the loss in the chart below falls, with bumps (each step follows one student). "
        "[b]space[/b] keeps going.",
        (Simulation.epoch,) * 10,
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

    def __init__(self, sim: Simulation) -> None:
        super().__init__()
        self.sim = sim
        self.step = -1
        self._taken: list[tuple[int, int]] = []  # per step entered: (row before, undoables)

    def said(self, outcome: Outcome) -> None:
        """Tell the App what a verb did: the simulator behind the box redraws."""
        self.app.post_message(Did(outcome))

    def compose(self) -> ComposeResult:
        yield Static(id="tour-box")
        yield Footer()

    def on_mount(self) -> None:
        self.action_next()

    def _press(self, keys: tuple[Verb, ...]) -> None:
        row = self.sim.row
        for verb in keys:
            self.said(verb(self.sim))
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
            self.said(self.sim.undo())
        if row != self.sim.row:
            self.said(self.sim.show_student(row, "tour: back to"))
            self.said(self.sim.forward())
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
