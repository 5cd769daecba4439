"""Command palette: jump to any student by name or number (training or held-out)."""

from __future__ import annotations

from functools import partial
from typing import cast

from textual import events
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.message import Message
from textual.widgets import Button, Input, OptionList

from tui.messages import JumpToStudent
from tui.screens.latest_size import LatestSizeOnly


class StudentProvider(Provider):
    """``17`` or ``priya`` finds a student; choosing one shows them in the Inputs pane."""

    def _labels(self) -> list[str]:
        app = self.app
        return app.student_labels() if hasattr(app, "student_labels") else []

    def _jump(self, row: int) -> None:
        self.app.post_message(JumpToStudent(row))

    async def search(self, query: str) -> Hits:
        labels = self._labels()
        text = query.strip()
        if text.isdigit():  # the file's own student number
            for row, label in enumerate(labels):
                if label.startswith((f"student {int(text)}:", f"student {int(text)} (")):
                    yield Hit(1.0, label, partial(self._jump, row), help="show this student")
                    return
        matcher = self.matcher(query)
        found = 0
        for row, label in enumerate(labels):
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score * 0.9,
                    matcher.highlight(label),
                    partial(self._jump, row),
                    text=label,
                    help="show this student",
                )
                found += 1
                if found >= 50:
                    return


ANSWERS = (
    Input.Submitted,
    Input.Changed,
    Button.Pressed,
    OptionList.OptionSelected,
    OptionList.OptionHighlighted,
    events.Timer,
)
"""What the palette acts on (typing, choosing, its own timers): ignored once it is closing."""


class OncePalette(LatestSizeOnly, CommandPalette):
    """Textual's command palette, closed once: a key already queued behind the Enter that
    ran a command neither runs it again, nor pops the screen beneath (``ScreenStackError``),
    nor redraws a list that is being taken down (``NoMatches``)."""

    def dismiss(self, result: None = None) -> AwaitComplete:
        if not self.is_active:
            return cast(AwaitComplete, AwaitComplete.nothing())  # type: ignore[no-untyped-call]
        return super().dismiss(result)

    async def _on_message(self, message: Message) -> None:
        if not self.is_active and isinstance(message, ANSWERS):
            message.stop()  # meant for a palette that is already gone
            return
        await super()._on_message(message)

    def _watch__list_visible(self) -> None:
        if self.is_active:  # a search still running as it closes would show its list
            super()._watch__list_visible()
