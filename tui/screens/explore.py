"""The Explore views' shared frame.

Each view is a ``ModalScreen`` drawn opaque over the simulator (the simulator's own keys
are blocked while it is open; each view binds its own and ``escape`` goes back). Views get
the ``Simulation`` in their constructor, read it, change it only through its verbs (so
alpha's limits and undo are the same everywhere) and post ``Did`` up when the status line
should say what a verb did; the simulator is redrawn when one closes. A simulator key the
view does not bind says so in one line (``tui/screens/elsewhere.py``), not nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.notifications import Notification, Notify, SeverityLevel

from tui.messages import Did
from tui.records import Outcome
from tui.screens.elsewhere import SaysWhereKeysWork
from tui.screens.modal import OnceModal
from tui.simulation import Simulation
from tui.widgets.pane import esc


class ExploreScreen(SaysWhereKeysWork, OnceModal[None]):
    """An Explore view: opaque, over the simulator; ``escape`` goes back."""

    DEFAULT_CSS = """
    ExploreScreen {
        background: $background;
    }
    ExploreScreen Pane {
        border: round $primary 60%;
        border-title-color: $text-primary;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    """

    AUTO_FOCUS: ClassVar[str | None] = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, sim: Simulation) -> None:
        super().__init__()
        self.sim = sim
        self._notices: list[Notification] = []
        """The notices this view raised: they go with it."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """``App.notify``, remembered: a refusal or "works on the main screen" line is about
        this view, and followed the teacher back over the simulator's status line."""
        wait = self.app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        notice = Notification(message, title, severity, wait, markup=markup)
        self._notices.append(notice)
        self.app.post_message(Notify(notice))

    def on_unmount(self) -> None:
        """However the view goes (esc, the tour), the notices it raised go with it."""
        app = self.app
        take_back = getattr(app, "_unnotify", None)  # Textual's own: no public way to take
        refresh = getattr(app, "_refresh_notifications", None)  # one back; if an upgrade
        if take_back is None or refresh is None:  # drops them, the notices just time out
            return
        for notice in self._notices:
            take_back(notice, refresh=False)
        refresh()

    def student_name(self, row: int) -> str:
        """The student as the simulator names them (``student 17`` with --hide-names), as
        markup."""
        return esc(self.sim.student_name(row))

    def said(self, outcome: Outcome) -> None:
        """Tell the App what a verb did (its status line, alerts and the run)."""
        self.app.post_message(Did(outcome))

    def draw(self) -> None:
        """Redraw the view from the simulation (each view fills this in)."""

    def action_back(self) -> None:
        """Back to the simulator."""
        self.dismiss(None)


class StepKeysScreen(ExploreScreen):
    """A view in which the step keys f, b, n, N, e and u keep working; it follows them."""

    def follow(self, outcome: Outcome) -> None:
        """The App says what the verb did (and redraws its panes); this view follows."""
        self.said(outcome)
        self.draw()

    def action_forward(self) -> None:
        self.follow(self.sim.forward())

    def action_backprop(self) -> None:
        self.follow(self.sim.backprop())

    def action_next_student(self) -> None:
        self.follow(self.sim.move(+1))

    def action_previous_student(self) -> None:
        self.follow(self.sim.move(-1))

    def action_epoch(self) -> None:
        self.follow(self.sim.epoch())

    def action_undo(self) -> None:
        self.follow(self.sim.undo())
