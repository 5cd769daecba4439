"""The tour's steps: the article's story in its own order and words, over the live numbers.

Each ``Step`` names the widget it points at (``target``, a selector on the simulator or on
the view the step opens), the view (``m``, ``g``, ``l``, ``c``, ``p``; "" for the simulator),
which column of the simulator its box covers (never the target's), what it presses (the
Simulation's verbs, through the ``Tour``) and its text, written from the numbers as the
keys left them: nothing here is a number the tour did not measure. No Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.run_verbs import WATCHABLE
from tui.tour import Tour, overshoot
from tui.tour_texts import (
    blame_game,
    dot_products,
    each_share,
    golden_rules,
    guessing_game,
    measuring_error,
    next_steps,
    overshoots,
    predict,
    preliminary,
    proof,
    random_start,
    random_weights,
    repeat,
    scenario,
    small_steps,
    teacher,
    trial_and_error,
    twin,
)

Text = Callable[[Tour], str]
"""A step's text (content markup) from the tour and the live simulation."""


def nothing(tour: Tour) -> None:
    """A step that only points."""


@dataclass(frozen=True)
class Step:
    """One stop of the tour (see the module docstring)."""

    title: str
    target: str
    names: str
    text: Text
    press: Callable[[Tour], None] = nothing
    view: str = ""
    box: str = "right top"
    """Where the box sits over the simulator: "left" / "right" column, "top" / "bottom"."""
    anchor: str = ""
    """The math view scrolls to the first line starting with this."""
    live: bool = False
    """The text is rewritten while the step is shown (the run)."""
    also: tuple[str, ...] = ()
    """Other widgets the text talks about (the box covers none of them either)."""
    hide: tuple[str, ...] = ()
    """Widgets of the step's view it hides, to make room above the box for the others."""


def guessed(tour: Tour) -> None:
    """f, unless the guess on screen is already this network's."""
    sim = tour.sim
    if sim.trace is None or sim.stale_guess:
        tour.press(sim.forward())


def reset_if_trained(tour: Tour) -> None:
    """r (undoably) when the weights are no longer the random start they came from."""
    sim, t = tour.sim, tour.sim.trainer
    moved = t.epoch > 0 or t.network is not t.initial_network
    if moved and random_start(t.initial_network, tour):
        tour.press(sim.reset())


def blamed(tour: Tour) -> None:
    """b (it guesses first when it must)."""
    tour.press(tour.sim.backprop())


def doubled(tour: Tour) -> None:
    """+ until the landscape's next step on some weight lands higher (worked out live)."""
    found = overshoot(tour.sim)
    if found is None:
        return
    tour.landscape = found.index
    for _ in range(found.presses):
        tour.press(tour.sim.scale_alpha(2.0))


def halved(tour: Tour) -> None:
    """- until alpha is back where the tour found it, two steps ago (set outright if the
    halvings do not land on it)."""
    a0 = tour.marks[-2].config.learning_rate
    while tour.sim.trainer.config.learning_rate > a0:
        tour.press(tour.sim.scale_alpha(0.5))
    original_alpha(tour)


def original_alpha(tour: Tour) -> None:
    """Alpha as the tour found it, whatever an earlier step left (its + taken back)."""
    a0 = tour.marks[0].config.learning_rate
    if tour.sim.trainer.config.learning_rate != a0:
        tour.press(tour.sim.set_alpha(a0))


def run(tour: Tour) -> None:
    """space, at a pace a class can follow, at the alpha the tour found: the run stops by
    itself (the recipe's rule). Keys wait until it has started."""
    sim = tour.sim
    original_alpha(tour)
    if sim.speed < 0:
        tour.press(sim.set_speed(WATCHABLE))
    tour.starting = True
    tour.start_run()


def paused(tour: Tour) -> None:
    """Views show a still network: a run still going is paused first."""
    if tour.sim.running:
        tour.press(tour.sim.toggle_run())


STEPS: tuple[Step, ...] = (
    Step("Trial and error", "#output", "Output", trial_and_error),
    Step("Our scenario", "#inputs", "Inputs", scenario, box="right bottom"),
    Step("A teacher's weights", "#network", "the picture", teacher, box="left"),
    Step("Random weights", "#network", "the picture", random_weights, reset_if_trained, box="left"),
    Step("The guessing game", "#network", "the picture", guessing_game, guessed, box="left"),
    Step("The dot products", "#math", "the math (m)", dot_products, view="m", anchor="Shapes:"),
    Step(
        "Preliminary guesses",
        "#hidden",
        "Hidden, and the votes",
        preliminary,
        box="right bottom",
        also=("#network",),
    ),
    Step("Measuring error", "#output", "Output: loss", measuring_error),
    Step("Not yes or no", "#output", "Output: loss", golden_rules),
    Step("The blame game", "#network", "the picture", blame_game, blamed, box="left"),
    Step(
        "Each one's share",
        "#math",
        "the math (m)",
        each_share,
        view="m",
        anchor="The blame game",
    ),
    Step("Proof: gradient check", "#gradcheck", "gradient check (g)", proof, view="g"),
    Step(
        "Alpha and overshoot",
        "#landscape-plot",
        "error landscape (l)",
        overshoots,
        doubled,
        view="l",
        also=("#landscape-info",),
    ),
    Step(
        "Small steps",
        "#landscape-plot",
        "error landscape (l)",
        small_steps,
        halved,
        view="l",
        also=("#landscape-info",),
    ),
    Step(
        "Why a hidden layer",
        "#compare-scores",
        "compare (c)",
        twin,
        view="c",
        also=("#compare-info", "#compare-maps"),
        hide=("#compare-chart-title", "#compare-chart"),
    ),
    Step("Repeat", "#chart", "the Loss chart", repeat, run, box="left", live=True),
    Step(
        "This year's students",
        "#predictions-table",
        "predictions (p)",
        predict,
        paused,
        view="p",
    ),
    Step("Where to go next", "#chart", "the Loss chart", next_steps, box="left"),
)
"""The whole article, in its order."""
