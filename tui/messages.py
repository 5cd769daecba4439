"""Messages posted up to the App (events flow up; the App decides what changes)."""

from __future__ import annotations

from textual.message import Message

from tui.records import Outcome


class JumpToStudent(Message):
    """Show student ``row`` (a dataset row index, from 0) in the Inputs pane."""

    def __init__(self, row: int) -> None:
        super().__init__()
        self.row = row


class Did(Message):
    """A view called one of the simulation's verbs: say what it did and redraw the panes."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome
