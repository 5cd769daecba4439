"""The quiz's modal, and the App's side of the quiz (``QuizKeys``, mixed into the App).

The modal asks a round's questions one at a time, each answered with its own keys (← →,
0-9, 1-8, ↑ ↓, y n); when all are answered it shows the truth and a one-line why for each
and waits for enter. ``escape`` skips what is left. It sits over the loss chart, so the
panes the learner reasons from stay in sight; the guess itself shows "?" until answered
(``Simulation.hidden_guess``). The questions and their truths come from ``tui/quiz.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar, Protocol, TypeVar, cast

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.widgets import Footer, Static

from tui.quiz import Quiz, Round, Scored
from tui.records import Outcome
from tui.screens.modal import OnceModal
from tui.simulation import Simulation
from tui.widgets.pane import esc

Answers = tuple[str | None, ...]
"""One key per question of a round, None where the learner skipped."""

RecordT = TypeVar("RecordT", bound=Outcome)


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
                truth = "" if q.is_right(a) else f" · it is [b]{esc(q.truth)}[/b]"
                lines.append(f"{mark} {esc(q.label)} you [b]{esc(q.meaning(a))}[/b]{truth}")
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


class _Host(Protocol):
    """What ``QuizKeys`` uses of the App."""

    sim: Simulation
    quiz: Quiz

    def show(self, outcome: Outcome) -> None: ...

    def say(self, text: str) -> None: ...

    def draw(self) -> None: ...


def _with_score(outcome: RecordT, scored: Scored) -> RecordT:
    """``outcome`` with how the round went after its text."""
    return replace(outcome, text=f"{outcome.text} · {scored.text}")


def _noted(outcome: RecordT, round_: Round) -> RecordT:
    """``outcome`` with what the quiz did not ask, and why, after its text."""
    if not round_.notes:
        return outcome
    return replace(outcome, text=f"{outcome.text} · quiz: {'; '.join(round_.notes)}")


class QuizKeys:
    """The App's side of the quiz: f, b and + ask first (or, for +, after), then reveal.

    With the quiz off, or during a run (the numbers move under a question), each key just
    does what it always does."""

    def _ask(self, round_: Round, then: Callable[[Scored], None]) -> None:
        """Ask ``round_``; score it once (as the last answer comes in, or on escape), and
        call ``then`` with the score when the modal closes."""
        host = cast(_Host, self)
        kept: list[Scored] = []

        def scored(answers: Answers) -> Scored:
            if not kept:
                kept.append(host.quiz.score(round_, answers))
                host.draw()  # the status line's running score, while the truths are read
            return kept[0]

        def closed(answers: Answers | None) -> None:
            then(scored(answers or (None,) * len(round_.questions)))

        cast(App[Any], self).push_screen(QuizScreen(round_, scored), closed)

    def quiz_forward(self) -> None:
        """f: ask about the guess (shown as "?" meanwhile), then reveal it."""
        host = cast(_Host, self)
        sim, quiz = host.sim, host.quiz
        if not quiz.on or sim.running:
            host.show(sim.forward())
            return
        round_ = quiz.before_forward()
        guess = sim.forward()
        if not round_.questions:
            host.show(_noted(guess, round_))
            return
        sim.hidden_guess = True
        host.say(f"f: the guessing game for {sim.student_name(sim.row)}: ? (answer first)")

        def reveal(scored: Scored) -> None:
            sim.hidden_guess = False
            host.show(_with_score(guess, scored))

        self._ask(round_, reveal)

    def quiz_backprop(self) -> None:
        """b: ask about the blame and the step, then take it."""
        host = cast(_Host, self)
        sim, quiz = host.sim, host.quiz
        if not quiz.on or sim.running:
            host.show(sim.backprop())
            return
        round_ = quiz.before_backprop()
        if not round_.questions:
            host.show(_noted(sim.backprop(), round_))
            return
        host.say(f"b: the blame game for {sim.student_name(sim.row)}: answer first")
        self._ask(round_, lambda scored: host.show(_with_score(sim.backprop(), scored)))

    def quiz_alpha_up(self) -> None:
        """+: alpha doubles, then ask whether the next step overshoots."""
        host = cast(_Host, self)
        sim, quiz = host.sim, host.quiz
        record = sim.scale_alpha(2.0)
        host.show(record)
        if not quiz.on or sim.running or record.refused:
            return
        round_ = quiz.after_alpha()
        if not round_.questions:
            host.show(_noted(record, round_))
            return
        self._ask(round_, lambda scored: host.show(_with_score(record, scored)))
