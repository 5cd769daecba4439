"""Status line: where training stands, and what the last key did."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.widgets.pane import esc


class StatusLine(Static):
    """``epoch N · student i/N · α · mode · speed`` and the last key's effect."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._markup = ""

    def show(
        self,
        epoch: int,
        number: int,
        n_students: int,
        learning_rate: float,
        mode: str,
        speed: str,
        running: bool,
        message: str,
        quiz: str = "",
    ) -> None:
        """``speed``: the chosen speed and, during a run, the measured one; ``quiz``: the
        quiz's running score while it is on."""
        state = "[reverse $success] running [/]" if running else "[b reverse] paused [/]"
        markup = (
            f"{state} [b]epoch {epoch}[/b] · student {number}/{n_students} · "
            f"α {learning_rate:g} · {mode} · speed {esc(speed)}"
            + (f" · [b $accent]{esc(quiz)}[/]" if quiz else "")
            + "\n"
            f"[$accent]›[/] {message}"
        )
        if markup != self._markup:
            self._markup = markup
            self.update(markup, layout=False)

    @property
    def text(self) -> str:
        """What the line shows, as plain text."""
        return Content.from_markup(self._markup).plain
