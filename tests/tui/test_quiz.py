"""The quiz's questions and truths, without a pilot: every truth checked against the engine.

Each truth is worked out here again from the engine's own pieces (``Network.forward``,
``backward``, ``apply``), or checked against what the key then really does (b's step, the
loss after it), so a quiz that judged against the wrong number would fail.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.data import bundled_path, load_dataset
from engine.network import loss_value
from engine.presets import mazur, preset_trainer
from engine.trainer import Trainer, TrainingConfig
from tui.quiz import Question, Quiz
from tui.simulation import Simulation


def simulation(**config: object) -> Simulation:
    data = load_dataset(bundled_path("students.csv"))
    return Simulation(Trainer(data, TrainingConfig(seed=0, **config)))  # type: ignore[arg-type]


@pytest.fixture
def quiz() -> Quiz:
    return Quiz(simulation(), on=True)


def wrong_key(q: Question) -> str:
    return next(k for k, _ in q.choices if not q.is_right(k))


def right_key(q: Question) -> str:
    return next(k for k, _ in q.choices if q.is_right(k))


def test_the_core_never_loads_textual() -> None:
    code = "import tui.quiz, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_before_f_the_truths_are_the_guess_about_to_show(quiz: Quiz) -> None:
    sim = quiz.sim
    sim.epoch()  # some students now get a fail, some a pass
    seen = set()
    for row in sim.train_rows[:40]:
        sim.show_student(row)
        round_ = quiz.before_forward()
        pass_fail, tenths = round_.questions
        x = sim.trainer.X[row : row + 1]
        p = float(sim.trainer.network.forward(x).output[0, 0])
        said = "pass" if p >= 0.5 else "fail"
        seen.add(said)
        assert pass_fail.right == {"right" if said == "pass" else "left"}
        assert pass_fail.meaning(right_key(pass_fail)) == said
        assert {int(k) for k in tenths.right} == {d for d in range(10) if abs(d / 10 - p) <= 0.1}
        assert tenths.truth == f"{p:.1%}" and f"{p:.3f}" in tenths.why
        assert sim.forward().trace is not None  # the guess f then shows agrees
        assert float(sim.trace.output[0, 0]) == p  # type: ignore[union-attr]
    assert seen == {"pass", "fail"}


def test_before_f_nothing_is_asked_when_the_guess_is_already_shown(quiz: Quiz) -> None:
    quiz.sim.forward()
    round_ = quiz.before_forward()
    assert not round_.questions and "already on screen" in round_.notes[0]
    quiz.sim.backprop()  # the guess shown is now the one before the update: ask again
    assert len(quiz.before_forward().questions) == 2


def test_before_b_the_truths_are_the_step_b_then_takes(quiz: Quiz) -> None:
    sim = quiz.sim
    for row in sim.train_rows[:10]:
        sim.show_student(row)
        net = sim.trainer.network
        biggest, w5 = quiz.before_backprop().questions
        assert sim.trainer.network is net  # asking changed nothing
        # the engine's own gradients for this student, weights only (w1..w8 as Mazur names)
        x, y = sim.trainer.X[row : row + 1], sim.trainer.y[row : row + 1]
        trace = net.forward(x)
        grads = net.backward(trace, y, sim.trainer.config.loss)
        by_name = {
            "w1": grads.weights[0][0, 0],
            "w2": grads.weights[0][1, 0],
            "w3": grads.weights[0][2, 0],
            "w4": grads.weights[0][0, 1],
            "w5": grads.weights[0][1, 1],
            "w6": grads.weights[0][2, 1],
            "w7": grads.weights[1][0, 0],
            "w8": grads.weights[1][1, 0],
        }
        top = max(by_name, key=lambda k: abs(by_name[k]))
        assert biggest.right == {top[1:]} and biggest.truth == top
        assert not biggest.is_right(wrong_key(biggest))
        step = sim.backprop().step
        assert step is not None
        moved = float(step.after.weights[0][1, 1] - step.before.weights[0][1, 1])
        decay = sim.trainer.recipe.weight_decay[0]  # w5 is an input-to-hidden weight
        applied = by_name["w5"] + decay * float(net.weights[0][1, 1])
        assert w5.truth == ("up" if moved > 0 else "down") == ("up" if applied < 0 else "down")
        assert w5.right == {w5.truth}


def test_the_biggest_blame_agrees_with_m_and_the_tour(quiz: Quiz) -> None:
    """m and the tour share the blame among weights and biases (``step_blame``); the quiz
    asks of weights only, says so, and names the bias when one takes more."""
    from tui.motion import step_blame

    sim, t = quiz.sim, quiz.sim.trainer
    biased = 0
    for row in sim.train_rows[:10]:
        sim.show_student(row)
        biggest = quiz.before_backprop().questions[0]
        assert "(biases aside)" in biggest.ask
        rows = step_blame(t, t.peek_step(row))  # the shares m and the tour show
        top_weight = max((r for r in rows if r.row >= 0), key=lambda r: r.share)
        assert biggest.truth == top_weight.name
        assert f"{top_weight.name} takes most" in biggest.fact
        top = max(rows, key=lambda r: r.share)
        if top.row < 0:  # a bias: the why names it with m's figure
            biased += 1
            assert f"{top.name} takes most ({top.share:.1%}), as m shows" in biggest.why
        else:
            assert "with biases" not in biggest.why
    assert biased  # the first student at epoch 0: b(o1) takes more than any weight


def test_w5_says_when_weight_decay_outweighs_the_article_s_rule() -> None:
    """The article's rule (a negative slope: increase) is what the slope alone says; the
    recipe's weight decay pulls w5 toward 0 and, when it is bigger, wins: the why says so."""
    quiz = Quiz(simulation(weight_decay=1.0))  # big enough to outweigh most students' slopes
    sim, seen = quiz.sim, set()
    for row in sim.train_rows[:40]:
        sim.show_student(row)
        w5 = quiz.before_backprop().questions[1]
        step = sim.trainer.peek_step(row)
        slope = float(step.grads.weights[0][1, 1])
        alone = "up" if slope < 0 else "down"
        assert "weight decay" in w5.ask and w5.right == {w5.truth}
        assert f"the slope alone says {'↑' if alone == 'up' else '↓'}" in w5.why
        won = "bigger here" in w5.why
        assert won == (w5.truth != alone)  # decay named the winner exactly when it won
        seen.add(won)
    assert seen == {True, False}  # both cases met


def test_without_decay_w5_is_the_article_s_rule_alone() -> None:
    sim = Simulation(preset_trainer(mazur()))
    w5 = Quiz(sim).before_backprop().questions[1]
    assert "decay" not in w5.ask + w5.why
    assert "each weight moves against its slope" in w5.why


def test_before_b_asks_nothing_of_a_held_out_student(quiz: Quiz) -> None:
    sim = quiz.sim
    row = next(r for r in range(sim.trainer.dataset.n_samples) if not sim.trainer.is_training(r))
    sim.show_student(row)
    assert not quiz.before_backprop().questions


@pytest.mark.parametrize("activation", ["sigmoid", "linear"])
def test_after_plus_overshoot_is_what_b_then_does(activation: str) -> None:
    """One student's loss falls whatever alpha with sigmoid hidden nodes (it has no bottom to
    jump past); a linear hidden layer overshoots from alpha 4 on."""
    quiz = Quiz(simulation(activation=activation), on=True)
    sim = quiz.sim
    seen = set()
    for row in sim.train_rows[:6]:
        sim.show_student(row)
        sim.set_alpha(0.5)
        for _ in range(12):  # 0.5 up to 1024
            sim.scale_alpha(2.0)
            (q,) = quiz.after_alpha().questions
            before = loss_value(
                sim.trainer.config.loss,
                sim.trainer.forward_row(row),
                sim.trainer.y[row : row + 1],
            )
            sim.backprop()
            after = loss_value(
                sim.trainer.config.loss,
                sim.trainer.forward_row(row),
                sim.trainer.y[row : row + 1],
            )
            sim.undo()
            assert q.truth == ("yes" if after > before else "no")
            assert q.is_right("y" if after > before else "n")
            assert f"{before:.4f} → {after:.4f}" in q.why
            seen.add(q.truth)
            whole = sim.trainer.measure().train_loss
            assert f"all training students: {whole:.4f} → " in q.why
    assert seen == ({"no"} if activation == "sigmoid" else {"yes", "no"})


def test_score_counts_right_wrong_and_skipped(quiz: Quiz) -> None:
    round_ = quiz.before_forward()
    pass_fail, tenths = round_.questions
    scored = quiz.score(round_, (right_key(pass_fail), wrong_key(tenths)))
    assert (scored.right, scored.answered) == (1, 2) and scored.text == "quiz ✓✗"
    quiz.sim.backprop()
    round_ = quiz.before_forward()
    scored = quiz.score(round_, (wrong_key(round_.questions[0]), None))
    assert (scored.right, scored.answered) == (0, 1) and "1 skipped" in scored.text
    assert quiz.score(round_, (None, None)).text == "quiz skipped"
    assert quiz.score_text == "quiz 1/3"
    assert "off (score 1/3)" in quiz.toggle().text and quiz.score_text == ""


def test_a_3_2_1_network_gets_every_question() -> None:
    quiz = Quiz(simulation())
    assert [len(quiz.asked(k)) for k in "fb+"] == [2, 2, 1]
    assert not quiz.not_asked()
    assert quiz.weight_legend() == "w1-w3 → h1 · w4-w6 → h2 · w7-w8 → out"
    text = quiz.toggle().text
    assert text == "k: quiz on: questions at f 2, b 2, + 1; escape skips"


def test_mazur_gets_no_pass_fail_questions_and_is_told_so() -> None:
    sim = Simulation(preset_trainer(mazur()))
    quiz = Quiz(sim)
    assert quiz.asked("f") == () and len(quiz.asked("b")) == 2
    assert "no pass/fail" in quiz.toggle().text
    round_ = quiz.before_forward()
    assert not round_.questions and "no pass/fail" in round_.notes[0]
    biggest, w5 = quiz.before_backprop().questions
    assert biggest.hint == "1-8: w1-w8" and "h1→out1" in w5.ask  # Mazur's w5: h1 -> o1
    step = sim.trainer.peek_step(sim.row)
    assert w5.truth == (
        "up" if step.after.weights[1][0, 0] > step.before.weights[1][0, 0] else "down"
    )


@pytest.mark.parametrize(
    ("hidden", "f", "b", "left_out"),
    [((3,), 2, 1, "12 weights"), ((1,), 2, 1, "only 4 weights"), ((2, 2), 2, 1, "12 weights")],
)
def test_other_networks_get_the_questions_that_make_sense(
    hidden: tuple[int, ...], f: int, b: int, left_out: str
) -> None:
    quiz = Quiz(simulation(hidden=hidden))
    assert (len(quiz.asked("f")), len(quiz.asked("b")), len(quiz.asked("+"))) == (f, b, 1)
    assert left_out in quiz.toggle().text
    round_ = quiz.before_backprop()
    assert len(round_.questions) == b and any(left_out in n for n in round_.notes)
    for q in round_.questions:  # every question still judged on this network's numbers
        assert q.right and all(q.meaning(k) for k in q.right)
    assert np.isfinite(quiz.sim.trainer.network.parameters()).all()
