"""Save a file (the model, exported predictions): ask where, with a sensible name filled in."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.screens.modal import OnceModal

MODEL_PROMPT = "file (JSON, as train --save writes; enter saves, escape cancels):"

TARGET_PROMPT = "stop a run once the training loss is at most (none: no target; escape keeps it):"
"""``L``'s question (the same box, asking for a number)."""


class SaveScreen(OnceModal[str | None]):
    """A file name (by default for the model, JSON as ``train --save`` writes); None if
    cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, path: str, title: str = "Save the model", prompt: str = MODEL_PROMPT
    ) -> None:
        super().__init__()
        self._path, self._title, self._prompt = path, title, prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box") as box:
            box.border_title = self._title
            yield Static(self._prompt)
            yield Input(self._path, id="save-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
