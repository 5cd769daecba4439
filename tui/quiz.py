"""The quiz: the learner's answer before a reveal, judged against the live numbers.

With the quiz on (``k``, ``--quiz``) the simulator asks before ``f`` (will the network say
pass or fail? its P(pass) in tenths?), before ``b`` (which weight, biases aside, takes the
biggest share of the blame? will w5 go up or down?) and after ``+`` (will the next step
overshoot?). Every truth is read from the engine for the network as it is: the guess ``f``
is about to show (``Trainer.forward_row``) and the step ``b`` would take
(``Trainer.peek_step``, which changes nothing). A network other than 3-2-1 gets only the
questions that make sense for it (``Quiz.not_asked`` says which are left out and why). No
Textual here: the modal that asks is ``tui/screens/quiz.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.explain import blame
from engine.names import ParameterName, parameter_names, screen_node_names
from engine.network import loss_value
from engine.predict import verdict
from engine.recipe import alpha_text
from engine.trainer import StepResult
from tui.records import Outcome
from tui.simulation import Simulation

KEYS_FOR_WEIGHTS = 9
"""The biggest-blame question is answered with 1-9, so it is asked of at most 9 weights."""

TENTHS_WITHIN = 0.1
"""A guess of P(pass) in tenths is right when it is within this of the truth."""

QUESTIONS = {
    "f": ("pass or fail?", "P(pass) in tenths?"),
    "b": ("biggest share of the blame?", "w5 up or down?"),
    "+": ("will the next step overshoot?",),
}
"""What each key asks (of a 3-2-1 network), in the order asked."""

STALE_NOTE = "b guesses again first, with the weights b left (not the guess on screen)"
"""Said before b's questions while the screen shows the guess the last b blamed: the step
asked about starts from the weights that b left."""


@dataclass(frozen=True)
class Question:
    """One question: its label (as ``QUESTIONS`` names it), what it asks, its answer keys
    and what each means, which keys count as right, the truth in words, a one-line why
    (read from the engine's numbers) and ``fact``, the truth as a sentence for the answer's
    feedback ("the network says pass (63.6%)")."""

    label: str
    ask: str
    hint: str
    choices: tuple[tuple[str, str], ...]  # (key as Textual names it, what it means)
    right: frozenset[str]
    truth: str
    why: str
    fact: str

    def meaning(self, key: str) -> str:
        """What answer ``key`` means ("pass", "0.6", "w7"), or "" if it is not an answer."""
        return dict(self.choices).get(key, "")

    def is_right(self, key: str) -> bool:
        """Whether answer ``key`` counts as right."""
        return key in self.right


@dataclass(frozen=True)
class Round:
    """The questions asked at one key (``f``, ``b`` or ``+``), and what was not asked and why."""

    key: str
    title: str
    questions: tuple[Question, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scored(Outcome):
    """``Quiz.score``: how one round went (answers None were skipped)."""

    right: int = 0
    answered: int = 0


@dataclass
class Quiz:
    """Whether the quiz is on, the running score, and the questions on the live numbers."""

    sim: Simulation
    on: bool = False
    right: int = 0
    answered: int = 0

    def __post_init__(self) -> None:
        self.sim.guess_on_move = not self.on  # quiz mode: f reveals each new student's guess

    # ----- the running score ---------------------------------------------------------

    @property
    def score_text(self) -> str:
        """``quiz 3/5`` for the status line while the quiz is on, else ""."""
        return f"quiz {self.right}/{self.answered}" if self.on else ""

    def toggle(self) -> Outcome:
        """k: the quiz on or off; on, say what each key asks of this network."""
        self.on = not self.on
        self.sim.guess_on_move = not self.on
        if not self.on:
            return Outcome(f"k: quiz off (score {self.right}/{self.answered})")
        asks = ", ".join(f"{key} {len(self.asked(key))}" for key in QUESTIONS if self.asked(key))
        left_out = [text for _, text in self.not_asked()]
        more = f"; {'; '.join(left_out)}" if left_out else ""
        return Outcome(f"k: quiz on: questions at {asks or 'no key'}; escape skips{more}")

    def score(self, round_: Round, answers: Sequence[str | None]) -> Scored:
        """Count a round's answers (None: skipped) into the running score."""
        given = [(q, a) for q, a in zip(round_.questions, answers) if a is not None]
        right = sum(q.is_right(a) for q, a in given)
        self.right += right
        self.answered += len(given)
        marks = "".join("✓" if q.is_right(a) else "✗" for q, a in given)
        skipped = len(round_.questions) - len(given)
        text = f"quiz {marks}" + (f" ({skipped} skipped)" if skipped else "")
        return Scored(text if given else "quiz skipped", right=right, answered=len(given))

    # ----- which questions make sense for this network ---------------------------------

    @property
    def weights(self) -> list[ParameterName]:
        """The network's weights (no biases), w1, w2, ... in Mazur's order."""
        sizes = self.sim.trainer.network.layer_sizes
        named = parameter_names(sizes, self.sim.trainer.dataset.feature_names)
        return sorted((p for p in named if p.kind == "w"), key=lambda p: int(p.short[1:]))

    def asked(self, key: str) -> tuple[str, ...]:
        """The questions ``key`` asks of this network (some make no sense for others)."""
        sim = self.sim
        n = len(self.weights)
        fits = {
            "pass or fail?": sim.trainer.network.n_outputs == 1 and not sim.worked_example,
            "P(pass) in tenths?": sim.trainer.network.n_outputs == 1 and not sim.worked_example,
            "biggest share of the blame?": 2 <= n <= KEYS_FOR_WEIGHTS,
            "w5 up or down?": n >= 5,
            "will the next step overshoot?": True,
        }
        return tuple(q for q in QUESTIONS.get(key, ()) if fits[q])

    def not_asked(self) -> list[tuple[str, str]]:
        """(key, the question and why) for each question this network is not asked (none
        for 3-2-1)."""
        sim = self.sim
        n = len(self.weights)
        out = []
        if not self.asked("f"):
            why = "soft targets have no pass/fail"
            if not sim.worked_example:
                why = f"{sim.trainer.network.n_outputs} outputs, no single P(pass)"
            out.append(("f", f"f asks nothing: {why}"))
        if "biggest share of the blame?" not in self.asked("b"):
            out.append(("b", f"b skips the biggest blame: {n} weights, keys go to 9"))
        if "w5 up or down?" not in self.asked("b"):
            out.append(("b", f"b skips w5: only {n} weights"))
        return out

    def notes_for(self, key: str) -> tuple[str, ...]:
        """What ``key`` leaves out for this network, as notes for its round."""
        return tuple(text for k, text in self.not_asked() if k == key)

    # ----- the rounds ------------------------------------------------------------------

    def before_forward(self) -> Round:
        """The questions before f: the guess it is about to show, read from the engine.

        Nothing is asked when that guess is already on screen (made with these weights)."""
        sim = self.sim
        title = f"f: the guess for {sim.student_name(sim.row)}"
        if sim.trace is not None and not sim.stale_guess:
            return Round("f", title, notes=("the guess is already on screen",))
        trace = sim.trainer.forward_row(sim.row)
        p, z = float(trace.output[0, 0]), float(trace.z[-1][0, 0])
        asked = self.asked("f")
        questions = [
            q
            for q in (
                _pass_or_fail(p, z) if "pass or fail?" in asked else None,
                _tenths(p, z) if "P(pass) in tenths?" in asked else None,
            )
            if q
        ]
        return Round("f", title, tuple(questions), self.notes_for("f"))

    def before_backprop(self) -> Round:
        """The questions before b: the step it would take, peeked at (nothing changes)."""
        sim = self.sim
        t = sim.trainer
        title = f"b: the blame for {sim.student_name(sim.row)}"
        if not t.is_training(sim.row):
            return Round("b", title)  # b says it refuses, and why
        step = t.peek_step(sim.row)
        questions = [q for q in (self._biggest_blame(step), self._w5_way(step)) if q]
        notes = list(self.notes_for("b"))
        if sim.stale_guess:  # the screen shows the guess before the last b: say whose this is
            notes.append(STALE_NOTE)
        if "w5 up or down?" in self.asked("b") and self._w5_way(step) is None:
            notes.append("w5 does not move this step")
        return Round("b", title, tuple(questions), tuple(notes))

    def after_alpha(self) -> Round:
        """The question after +: would b now leave this student's loss higher?"""
        sim = self.sim
        t = sim.trainer
        name = sim.student_name(sim.row)
        alpha = alpha_text(t.config.learning_rate, t.learning_rate_now)  # b's: the schedule's
        title = f"+: α {alpha} for {name}"
        if not t.is_training(sim.row):
            return Round("+", title, notes=("a held-out student: b would be refused",))
        step = t.peek_step(sim.row)
        y = t.y[sim.row : sim.row + 1]
        after = loss_value(t.config.loss, t.forward_row(sim.row, step.after), y)
        over = after > step.loss
        places = sim.places
        whole = (t.measure(step.before).train_loss, t.measure(step.after).train_loss)
        shown = ""
        if sim.stale_guess and sim.trace is not None:  # the Output pane's is the guess before b
            old = loss_value(t.config.loss, sim.trace, y)
            shown = (
                f"on screen {name}'s loss is {old:.{places}f} (the guess before the last b); "
                "from the weights b left, "
            )
        why = shown + (
            f"b with α {alpha} takes {name}'s loss "
            f"{step.loss:.{places}f} → {after:.{places}f}: "
            + ("higher, past the bottom" if over else "lower")
            + f" (all training students: {whole[0]:.{places}f} → {whole[1]:.{places}f})"
        )
        question = _one_of(
            "will the next step overshoot?",
            "Will the next b overshoot (leave this student's loss higher)?",
            "y yes · n no",
            (("y", "yes"), ("n", "no")),
            "yes" if over else "no",
            why,
            "the next b overshoots" if over else "the next b does not overshoot",
        )
        return Round("+", title, (question,))

    # ----- the blame questions -----------------------------------------------------------

    def _biggest_blame(self, step: StepResult) -> Question | None:
        if "biggest share of the blame?" not in self.asked("b"):
            return None
        t = self.sim.trainer
        y = t.y[step.row : step.row + 1]
        rows = blame(
            step.before,
            step.trace,
            step.grads,
            step.after,
            t.config.loss,
            y,
            include_biases=t.config.update_biases,
        )
        weights = sorted((r for r in rows if r.row >= 0), key=lambda r: -r.share)
        top = weights[0].share
        if top <= 0.0:
            return None
        named = {p.short: p for p in self.weights}
        best = [r for r in weights if r.share >= top * (1 - 1e-9)]
        first, runner = best[0], next((r for r in weights if r not in best), None)
        route = named[first.name].route
        why = (
            f"{first.name} ({route}) takes {first.share:.1%}: slope {first.gradient:+.4f}"
            f" = delta {first.delta:+.4f} × input {first.x:.3f}"
            + (f"; next {runner.name} {runner.share:.1%}" if runner else "")
        )
        bias = max((r for r in rows if r.row < 0), key=lambda r: r.share, default=None)
        if bias is not None and bias.share > top:  # m and the tour count biases: say so
            why += f"; with biases, {bias.name} takes most ({bias.share:.1%}), as m shows"
        choices = tuple((p.short[1:], p.short) for p in self.weights)
        n = len(choices)
        truth = " or ".join(r.name for r in best)
        return Question(
            "biggest share of the blame?",
            "Which weight (biases aside) gets the biggest share of the blame?\n"
            + self.weight_legend(),
            f"1-{n}: w1-w{n}",
            choices,
            frozenset(r.name[1:] for r in best),
            truth,
            why,
            f"of the weights, {truth} takes most",
        )

    def _w5_way(self, step: StepResult) -> Question | None:
        if "w5 up or down?" not in self.asked("b"):
            return None
        w5 = next(p for p in self.weights if p.short == "w5")
        old = float(step.before.weights[w5.layer][w5.row, w5.col])
        new = float(step.after.weights[w5.layer][w5.row, w5.col])
        slope = float(step.grads.weights[w5.layer][w5.row, w5.col])  # dE/dw5, as m shows
        if new == old:
            return None
        truth = "up" if new > old else "down"
        decay = self.sim.trainer.recipe.weight_decay[w5.layer]
        route = w5.route
        ask = f"Will w5 ({route}) go up or down?"
        if decay:  # not the article's step: alpha x (dE/dw5 + decay x w5)
            ask += f"\nthis recipe's step adds weight decay: α × (slope + {decay:.2g} × w5)"
            why = _decayed_way(slope, decay, old, new)
        else:
            sign = "<" if slope < 0 else ">"
            why = f"dE/dw5 = {slope:+.4f} {sign} 0; each weight moves against its slope: "
            why += f"w5 {old:+.4f} → {new:+.4f}"
        choices = (("up", "up"), ("down", "down"))
        fact = f"w5 goes {truth}"
        return _one_of("w5 up or down?", ask, "↑ up · ↓ down", choices, truth, why, fact)

    def weight_legend(self) -> str:
        """Which weights feed which node, e.g. ``w1-w3 → h1 · w4-w6 → h2 · w7-w8 → out``:
        each a column of the Weights pane, top down."""
        sizes = self.sim.trainer.network.layer_sizes
        nodes = screen_node_names(sizes, ())
        groups: dict[tuple[int, int], list[str]] = {}
        for p in self.weights:
            groups.setdefault((p.layer, p.col), []).append(p.short)
        parts = []
        for (layer, col), names in groups.items():
            span = names[0] if len(names) == 1 else f"{names[0]}-{names[-1]}"
            parts.append(f"{span} → {nodes[layer + 1][col]}")
        return " · ".join(parts)


def _one_of(
    label: str,
    ask: str,
    hint: str,
    choices: tuple[tuple[str, str], ...],
    truth: str,
    why: str,
    fact: str,
) -> Question:
    """A question with one right answer among ``choices`` (key, meaning): ``truth``."""
    right = frozenset(k for k, v in choices if v == truth)
    return Question(label, ask, hint, choices, right, truth, why, fact)


def _decayed_way(slope: float, decay: float, old: float, new: float) -> str:
    """Why w5 moved under weight decay (not in the article): its slope alone says one way,
    the decay pulls it toward 0, and when the two disagree the bigger one wins."""
    pull = decay * old  # the decay's part of the step's slope
    alone = "↑" if slope < 0 else "↓"
    lead = f"the slope alone says {alone} (dE/dw5 {slope:+.4f} {'<' if slope < 0 else '>'} 0)"
    part = f"(decay × w5 = {pull:+.4f})"
    moved = f"{'↑' if new > old else '↓'} w5 {old:+.4f} → {new:+.4f}"
    if pull == 0 or (pull < 0) == (slope < 0):
        return f"{lead}, and weight decay, pulling w5 toward 0, agrees {part}: {moved}"
    if (new > old) == (slope < 0):
        return f"{lead}; weight decay pulls w5 toward 0 {part} but is smaller: {moved}"
    return f"{lead}, but weight decay pulls w5 toward 0 and is bigger here {part}: {moved}"


def _pass_or_fail(p: float, z: float) -> Question:
    """Will the network say pass or fail? (← fail, → pass: low to high, as the bar)."""
    said = verdict(p)
    sign = "≥" if z >= 0 else "<"
    why = f"the output's sum z = {z:+.3f} {sign} 0, so sigmoid(z) {sign} 0.5: {said}"
    choices = (("left", "fail"), ("right", "pass"))
    ask = "Will the network say pass or fail?"
    fact = f"the network says {said} ({p:.1%})"
    return _one_of("pass or fail?", ask, "← fail · pass →", choices, said, why, fact)


def _tenths(p: float, z: float) -> Question:
    """P(pass) in tenths, 0-9: right when within ``TENTHS_WITHIN`` of the truth."""
    choices = tuple((str(d), f"0.{d}") for d in range(10))
    near = [d for d in range(10) if abs(d / 10 - p) <= TENTHS_WITHIN + 1e-12]
    counts = " and ".join(f"0.{d}" for d in near) or "none"
    why = f"P(pass) = sigmoid({z:+.3f}) = {p:.3f}; within 0.1 of it: {counts}"
    right = frozenset(str(d) for d in near)
    label = "P(pass) in tenths?"
    fact = f"P(pass) is {p:.3f}"
    return Question(label, label, "0-9: 6 means 0.6", choices, right, f"{p:.1%}", why, fact)
