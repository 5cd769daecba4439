"""The quiz's modal (the App's side of the quiz, ``QuizKeys``, is ``tui/quiz_keys.py``).

The modal asks a round's questions one at a time, each answered with its own keys (← →, 0-9,
1-8, ↑ ↓, y n); when all are answered it shows each answer beside the truth in a sentence
("✓ pass — the network says pass (63.6%)") and a one-line why, and waits for enter.
``escape`` skips what is left. It sits over the loss chart, so the panes the learner reasons
from stay in sight; the guess itself shows "?" until answered (``Simulation.hidden_guess``).
The questions and their truths come from ``tui/quiz.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.widgets import Footer, Static

from tui.quiz import Round
from tui.screens.modal import OnceModal
from tui.widgets.pane import esc

Answers = tuple[str | None, ...]
"""One key per question of a round, None where the learner skipped."""


class QuizScreen(OnceModal[Answers]):
    """One round of questions; dismissed with the answers (None for each one skipped)."""

    DEFAULT_CSS = """
    QuizScreen {
        background: $background 0%;
        align: right bottom;
    }
    #quiz-box {
        width: 44;
        height: auto;
        max-height: 16;
        margin-bottom: 3;
        padding: 0 1;
        border: round $accent;
        border-title-color: $text-accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip"),
        Binding("enter", "close", "Back", show=False),
    ]

    def __init__(self, round_: Round, scored: Callable[[Answers], object] | None = None) -> None:
        """``scored``: called with the answers once the last is given (to count them)."""
        super().__init__()
        self.round = round_
        self.scored = scored
        self.answers: list[str] = []

    @property
    def done(self) -> bool:
        """Whether every question has been answered."""
        return len(self.answers) >= len(self.round.questions)

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-box")
        yield Footer()

    def on_mount(self) -> None:
        self.draw()

    def on_key(self, event: Key) -> None:
        """An answer key of the question being asked; other keys do nothing here."""
        if self.done:
            return
        question = self.round.questions[len(self.answers)]
        if question.meaning(event.key):
            event.stop()
            event.prevent_default()
            self.answers.append(event.key)
            if self.done and self.scored is not None:
                self.scored(tuple(self.answers))
            self.draw()

    def action_skip(self) -> None:
        """escape: skip the questions left (or close, once all are answered)."""
        left = len(self.round.questions) - len(self.answers)
        self.dismiss((*self.answers, *(None,) * left))

    def action_close(self) -> None:
        """enter: back to the simulator once every question is answered."""
        if self.done:
            self.dismiss(tuple(self.answers))

    def draw(self) -> None:
        """The question being asked, or every answer judged, with the truth and why."""
        box = self.query_one("#quiz-box", Static)
        n = len(self.round.questions)
        box.border_title = esc(f"Quiz: {self.round.title}")
        lines: list[str] = []
        if self.done:
            for q, a in zip(self.round.questions, self.answers):
                mark = "[$success]✓[/]" if q.is_right(a) else "[$error]✗[/]"
                lines.append(f"{mark} [b]{esc(q.meaning(a))}[/b] — {esc(q.fact)}")
                lines.append(f"[$text-muted]{esc(q.why)}[/]")
            box.border_subtitle = "enter: back"
        else:
            k = len(self.answers)
            q = self.round.questions[k]
            ask, *legend = q.ask.split("\n")
            lines.append(f"[b]{k + 1}/{n}[/b] {esc(ask)}")
            lines += [f"[$text-muted]{esc(x)}[/]" for x in legend]
            lines.append(f"[b $accent]{esc(q.hint)}[/]")
            lines += [f"[$text-muted]{esc(note)}[/]" for note in self.round.notes]
            box.border_subtitle = "escape skips"
        box.update("\n".join(lines))
