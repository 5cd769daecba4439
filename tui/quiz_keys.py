"""The App's side of the quiz (``QuizKeys``, mixed into the App): f, b and + ask in a
``QuizScreen`` first (or, for +, after), then reveal. The questions and their truths come
from ``tui/quiz.py``; the modal is ``tui/screens/quiz.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar, cast

from textual.app import App

from tui.quiz import Quiz, Round, Scored
from tui.records import Outcome
from tui.screens.quiz import Answers, QuizScreen
from tui.simulation import Simulation

RecordT = TypeVar("RecordT", bound=Outcome)


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
