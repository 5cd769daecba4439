"""The tour's words: each step's text, in the article's own words, written from the live
numbers as the step's keys left them (the guess, the loss, the blame, the landscape, the
run's stop). Nothing here is a number the tour did not measure. No Textual.
"""

from __future__ import annotations

import math

import numpy as np

from engine.hidden_nodes import votes
from engine.losses import LOSS_NAMES
from engine.names import node_names, parameter_names
from engine.network import Network, loss_value
from engine.recipe import alpha_text
from tui.motion import step_blame
from tui.simulation import SPEEDS
from tui.tour import Tour, landing, lands_higher
from tui.widgets.pane import esc


def name(tour: Tour) -> str:
    """The focus student, as markup."""
    return esc(tour.sim.student_name(tour.sim.row))


def chance(tour: Tour) -> float:
    """The guess shown: the probability of passing (the first output)."""
    trace = tour.sim.trace
    return float("nan") if trace is None else float(trace.output[0, 0])


def loss_now(tour: Tour) -> float:
    """This student's error for the guess shown."""
    sim = tour.sim
    t, row = sim.trainer, sim.row
    trace = sim.trace if sim.trace is not None else t.forward_row(row)
    return loss_value(t.config.loss, trace, t.y[row : row + 1])


def random_start(net: Network, tour: Tour) -> bool:
    """Whether ``net`` is the seed's random start (not a loaded model or a worked example)."""
    cfg = tour.sim.trainer.config
    made = Network.create(net.layer_sizes, cfg.activation, seed=cfg.seed)
    return bool(np.array_equal(made.parameters(), net.parameters()))


def trial_and_error(tour: Tour) -> str:
    guess = (
        f"This network's guess for {name(tour)}, in Output: [b]{chance(tour):.1%}[/b]."
        if tour.sim.trace is not None and not tour.sim.worked_example
        else "This network's guess will show in Output, on the left (f makes it)."
    )
    return (
        "A neural network is a rather sophisticated process of [b]trial and error[/b]: at "
        "each attempt it learns how to reduce the amount of error. Asked 'How much is "
        "1 + 5?', a student guesses [b]19[/b]. 'Too high.' If he then tries [b]−24[/b], he "
        "may be there for quite some time; if he cautiously tries [b]16, 12, 8, 4[/b] and "
        "finally [b]6[/b], he gets there a lot faster. " + guess
    )


def scenario(tour: Tour) -> str:
    t, row = tour.sim.trainer, tour.sim.row
    grades = ", ".join(
        f"{esc(f)} {float(v):g}" for f, v in zip(t.dataset.feature_names, t.dataset.X[row])
    )
    return (
        "Each student received a % grade for class assignments, written tests and oral "
        "tests ([b]the features[/b]) and passed or failed the final exam ([b]the target[/b]). "
        f"{name(tour)}: {grades}; {esc(tour.sim.target_text(row))}. "
        + (
            "Here: Matt Mazur's worked example, one sample with two soft targets."
            if tour.sim.worked_example
            else f"From {t.n_train} past students we'd like to learn to predict which of "
            "this year's will pass."
        )
    )


def teacher(tour: Tour) -> str:
    return (
        "An experienced teacher might say 'usually if a student does well on the written "
        "tests they will also do well in the final exam', and give [b]greater weight[/b] to "
        "the written tests. The guessing game is just that: a [b]weighted sum[/b] (the dot "
        "product). In the picture each line is a weight: solid +, dashed −, thicker bigger."
    )


def random_weights(tour: Tour) -> str:
    t, mark = tour.sim.trainer, tour.marks[-1]
    into = ", ".join(f"{w:+.2f}" for w in t.network.weights[0][:, 0])
    if not random_start(t.initial_network, tour):
        return (
            "But at the outset our neural net has no experience, so it starts with some "
            "random weights. These were given instead (a saved model or a worked example): "
            f"the tour uses them as they are (into h1 the inputs weigh {into})."
        )
    head = (
        "But at the outset our neural net has no experience, so it starts with [b]some "
        f"random weights[/b] (seed {t.config.seed}): into h1 the grades weigh {into}. "
    )
    if mark.network is not t.network:
        return (
            f"{head}You had trained to epoch {mark.epoch}: the tour pressed [b]r[/b], back "
            "to the random start (← takes it back, as u would)."
        )
    return f"{head}Epoch {t.epoch}: nothing learned yet."


def guessing_game(tour: Tour) -> str:
    act = tour.sim.trainer.config.activation
    return (
        f"The tour pressed [b]f[/b] ({name(tour)}): first the [b]dot product[/b] of the "
        + ("inputs" if tour.sim.worked_example else "inputs (the grades, scaled)")
        + " and the weights into each hidden node, then an "
        f"[b]activation function[/b] ({act}): it adds the non-linearity that lets the "
        "network learn 'it depends'. The output's sigmoid keeps the final guess between 0 "
        + (
            f"and 1: o1 {chance(tour):.1%} (his example has two outputs)."
            if tour.sim.worked_example
            else f"and 1: the probability of passing, [b]{chance(tour):.1%}[/b]."
        )
    )


def dot_products(tour: Tour) -> str:
    return (
        "The tour pressed [b]m[/b]: the same guess worked out with its numbers. Each hidden "
        "node: z = the dot product of the inputs and its weights, plus its bias; then "
        "a = its activation of z. Take note of the tensor shapes (Shapes, at the top). "
        "→ goes on (after the tour, ↑↓ scroll m)."
    )


def preliminary(tour: Tour) -> str:
    sim = tour.sim
    trace, net = sim.trace, sim.trace_net or sim.trainer.network
    if trace is None:
        return "No guess on screen: f makes one."
    names = node_names(net.layer_sizes)
    says = ", ".join(f"{h} {float(a):.0%}" for h, a in zip(names[-2], trace.a[-2][0]))
    v = votes(net, trace)[:, 0]
    said = ", ".join(f"{h} {float(x):+.1f}" for h, x in zip(names[-2], v))
    to = f" to {names[-1][0]}" if len(names[-1]) > 1 else ""
    return (
        f"The hidden nodes are [b]preliminary guesses[/b]: {says}. Beside the output, each "
        f"one's [b]vote[/b]{to} (activation × its weight): {said}. The output weighs them: the "
        "node given more weight sways the final guess."
    )


def measuring_error(tour: Tour) -> str:
    cfg = tour.sim.trainer.config
    return (
        "The function that measures the amount of error is the [b]error function[/b], also "
        "called the cost, loss or objective function. Here: "
        f"{LOSS_NAMES[cfg.loss]}. {name(tour)} {esc(tour.sim.target_text(tour.sim.row))}; "
        + (
            "its outputs together cost"
            if tour.sim.worked_example
            else f"the guess {chance(tour):.1%} costs"
        )
        + f" [b]{loss_now(tour):.4f}[/b]. A sure, right guess "
        "scores near 0, a sure, wrong one high. The goal: reduce it at each guess."
    )


def golden_rules(tour: Tour) -> str:
    return (
        "Two golden rules: the error function must be [b]differentiable[/b] (calculus will "
        "reduce it) and [b]continuous[/b], not yes or no. If the teacher just says 'you're "
        "wrong', you don't know whether you are badly wrong or a little bit wrong, nor in "
        f"which direction to guess next. The loss, {loss_now(tour):.4f}, says how far; its "
        "slope says which way."
    )


def shares(tour: Tour) -> list[tuple[str, float, float]]:
    """The last b's (name, gradient, share of the blame), biggest share first."""
    sim = tour.sim
    step, t = sim.last_step, sim.trainer
    if step is None:
        return []
    rows = step_blame(t, step)  # as m and the picture share it
    return sorted(((r.name, r.gradient, r.share) for r in rows), key=lambda r: -r[2])


def blame_game(tour: Tour) -> str:
    sim = tour.sim
    step = sim.last_step
    if step is None:
        return f"b was refused: {name(tour)} is held out."
    top = shares(tour)[0]
    way = "up" if top[1] < 0 else "down"
    return (
        f"The tour pressed [b]b[/b]. Backpropagation finds the slope (gradient) of the error "
        "for every weight: a negative slope says increase the weight, a positive one decrease "
        "it, by a small step, alpha × its slope. The loss was "
        f"{step.loss:.4f}; {esc(top[0])} got the biggest share of the blame and went {way}."
    )


def each_share(tour: Tour) -> str:
    rows = shares(tour)
    if not rows:
        return "No b yet: no blame to share."
    top = ", ".join(f"{esc(n)} {s:.0%}" for n, _, s in rows[:3])
    return (
        "There is not just ONE weight to adjust but many, and each one must be assigned "
        "[b]their share of the blame[/b]: the gradient is the vector of the error's partial "
        f"derivatives, one per weight. The biggest shares here: {top}. The tour pressed "
        "[b]m[/b] again: the table, then each chain rule."
    )


def proof(tour: Tour) -> str:
    from tui.screens.gradcheck import agrees, check_rows

    rows = check_rows(tour.sim)
    worst = max((r.relative_error for r in rows), default=0.0)
    verdict = "agrees" if all(agrees(r) for r in rows) else "does not agree"
    return (
        "The tour pressed [b]g[/b]: is backprop right? Each weight is nudged by h both ways "
        "and the error measured: that slope, found without calculus, sits beside backprop's "
        f"dE/dw. Largest relative error [b]{worst:.1e}[/b]: backprop {verdict}."
    )


def weight_name(tour: Tour) -> str:
    t = tour.sim.trainer
    return esc(parameter_names(t.network.layer_sizes, t.dataset.feature_names)[tour.landscape].long)


def overshoots(tour: Tour) -> str:
    a0, a = tour.marks[-1].config.learning_rate, tour.sim.trainer.config.learning_rate
    now = tour.sim.trainer.learning_rate_now  # the next step's: the schedule's
    here, there = landing(tour.sim, tour.landscape, now)
    presses = round(math.log2(a / a0))
    lead = "Alpha, the learning rate, sets the size of each step. "
    if not lands_higher(here, there):
        return f"{lead}No step of one weight lands higher here, whatever α: no overshoot."
    pressed = f"The tour pressed [b]+[/b] {presses}×: α {a0:g} → {a:g}. " if presses else ""
    return (
        f"{lead}{pressed}The loss as {weight_name(tour)} varies: at α "
        f"{esc(alpha_text(a, now))} the step "
        f"w − α·slope jumps across the valley and lands [b]higher[/b], {here:.4f} → "
        f"{there:.4f}: we overshoot our goal. The student's 19, then −24."
    )


def small_steps(tour: Tour) -> str:
    a0, a = tour.marks[-1].config.learning_rate, tour.sim.trainer.config.learning_rate
    now = tour.sim.trainer.learning_rate_now  # the alpha the step really takes
    here, there = landing(tour.sim, tour.landscape, now)
    presses = round(math.log2(a0 / a))
    level = f"{here:.4f}" == f"{there:.4f}"
    where = "higher still" if lands_higher(here, there) else "level" if level else "lower"
    pressed = f"The tour pressed [b]−[/b] {presses}×, α back to {a:g}: t" if presses else "T"
    return (
        f"{pressed}he step at α {now:.3g} lands {where}, {here:.4f} → {there:.4f}. "
        "'We only want to "
        "take small steps in the right direction, so we don't overshoot our goal': the "
        "cautious 16, 12, 8, 4, 6. Controlling that is what gradient descent is all about."
    )


SOFT = "Not for a worked example: its targets (0.01, 0.99) have no pass or fail. "


def twin(tour: Tour) -> str:
    if tour.sim.worked_example:
        return SOFT + "Elsewhere, c trains the network beside a twin without a hidden layer."
    return (
        "Why a hidden layer? 'If what we were trying to learn involved a simple linear "
        "relationship we could just use linear regression.' The tour pressed [b]c[/b]: the "
        "article's network and a twin without the hidden layer train from scratch on the same "
        "students. Once both stop, the top lines say what the hidden layer bought and the "
        "maps where each one says pass."
    )


def repeat(tour: Tour) -> str:
    sim, t = tour.sim, tour.sim.trainer
    lead = (
        "Guess, measure the error, share the blame, step: repeat 'as many times as is "
        "necessary until your error has been reduced to an acceptably low level'. The tour "
        "pressed [b]space[/b]: epoch after epoch, every training student once. "
    )
    cfg = t.config
    rule = cfg.tol > 0 and cfg.patience > 0
    ends = "the stop rule stops it" if rule else "no stop rule here: it runs its epochs"
    # while it runs, no epoch here: the status line and the chart count them, this box
    # would quote a number a few epochs stale beside theirs
    if sim.running and sim.speed == len(SPEEDS) - 1:
        return f"{lead}At full speed ({ends}); enter goes on once it stops."
    if sim.running or tour.starting:
        return f"{lead}Running, the status line counts the epochs (enter: full speed); {ends}."
    if sim.stop is None:
        return f"{lead}Paused at epoch {t.epoch}; {ends}."
    start = sim.start_record().train_loss
    now = t.measure()
    went = "fell" if now.train_loss < start else "did not fall"
    was = "the random start" if random_start(t.initial_network, tour) else "epoch 0"
    best = sim.stop.epoch_kept
    kept = "" if best == t.epoch else f"; kept epoch {best}'s weights"
    return (
        f"{lead}It stopped at epoch {t.epoch}: {esc(sim.stop.text)}{kept}. The training "
        f"loss {went}: {start:.4f} at {was}, "
        f"[b]{now.train_loss:.4f}[/b] now"
        + ("." if sim.worked_example else f"; accuracy {now.train_accuracy:.1%}.")
    )


def predict(tour: Tour) -> str:
    if tour.sim.worked_example:
        return SOFT + "Elsewhere, p predicts this year's students."
    return (
        "What we wanted all along: to [b]predict which of the current year's students will "
        "pass or fail[/b], based on their grades so far. The tour pressed [b]p[/b]: each "
        "student's P(pass) and verdict from these weights, 'uncertain' near 0.5; "
        "s sorts, x exports them (as predict --out writes them)."
    )


def next_steps(tour: Tour) -> str:
    return (
        "For the eye-watering math done by hand, the article recommends [b]Matt Mazur's 'A "
        "Step by Step Backpropagation Example'[/b]: [b]passfail-tui --preset mazur[/b] opens "
        "his network with his weights; f then b (and m) show the numbers his post derives. "
        + (
            "Here: w what if · l landscape · g gradient check · ? every key. "
            if tour.sim.worked_example
            else "Here: w what if · d decision map · v evaluation · ? every key. "
        )
        + "Enter leaves the tour; t brings it back."
    )
