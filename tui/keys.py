"""Every key of the simulator, once: the bindings, the help screen and the command palette
come from ``KEYS``."""

from __future__ import annotations

from typing import NamedTuple


class Key(NamedTuple):
    """One key: its binding, how help shows it, its action, footer label and what it does."""

    keys: str
    shown: str
    action: str
    label: str
    description: str
    footer: bool = False


KEYS: tuple[Key, ...] = (
    Key("f", "f", "forward", "Guess", "forward pass for this student: the guessing game", True),
    Key("b", "b", "backprop", "Blame", "backprop and update: the blame game, then a step", True),
    Key("n", "n", "next_student", "Next", "next training student", True),
    Key("N", "N", "previous_student", "Prev", "previous training student"),
    Key("e", "e", "epoch", "Epoch", "one full epoch over the training students", True),
    Key("space", "space", "run", "Run", "run to --epochs or the stop rule / pause", True),
    Key("less_than_sign", "<", "slower", "Slower", "slower: 1 epoch/s, then autoplay (beats)"),
    Key("greater_than_sign", ">", "faster", "Faster", "run faster (up to full speed)"),
    Key("L", "L", "target_loss", "Target", "target training loss: a run stops there"),
    Key("y", "y", "chart_view", "Chart", "chart view: loss, accuracy, the focus student"),
    Key("u", "u", "undo", "Undo", "undo the last step, epoch or reset", True),
    Key("W", "W", "weights_table", "Table", "the weights table (to 3 decimals) / the picture"),
    Key("r", "r", "reset", "Reset", "reset to the initial weights (same seed; u undoes)"),
    Key("R", "R", "new_seed", "New seed", "new seed: new initial weights (u undoes)"),
    Key("plus,equals_sign", "+ =", "alpha_up", "α×2", "learning rate alpha x2"),
    Key("minus", "-", "alpha_down", "α÷2", "learning rate alpha /2"),
    Key("a", "a", "activation", "Activation", "next hidden activation (new weights; u undoes)"),
    Key("M", "M", "mode", "Mode", "next mode: stochastic, minibatch, batch"),
    Key("k", "k", "quiz", "Quiz", "quiz on/off: answer before f and b, and after +"),
    Key(
        "m", "m", "math", "Math", "the math: the last step worked out with numbers, the blame", True
    ),
    Key("g", "g", "gradient_check", "Check", "gradient check: backprop beside finite differences"),
    Key("ctrl+s", "ctrl+s", "save", "Save", "save the model (JSON, as train --save)"),
    Key("w", "w", "whatif", "What if", "explore: what if a grade, a weight or alpha changed"),
    Key("l", "l", "landscape", "Landscape", "explore: the error landscape of one weight"),
    Key("d", "d", "decision_map", "Map", "explore: the decision map over two grades"),
    Key("p", "p", "predictions", "Predict", "explore: predictions for this year's students"),
    Key("v", "v", "evaluation", "Evaluate", "explore: confusion matrix and accuracy vs baseline"),
    Key("c", "c", "compare", "Compare", "explore: what the hidden layer buys (vs none), trained"),
    Key("t", "t", "tour", "Tour", "explore: the guided tour of the article's story"),
    Key("z", "z", "projector", "Projector", "projector mode: one pane at a time, large"),
    Key("ctrl+t", "ctrl+t", "cycle_theme", "Theme", "next theme: dark, light, high contrast"),
    Key("question_mark", "?", "help", "Help", "this help", True),
    Key("q", "q", "quit", "Quit", "quit (also ctrl+c)", True),
)
"""Every key, once: the bindings, the help screen and the command palette come from here."""

PALETTE = ("ctrl+p", "command palette: every action; a student by name or number")
"""The command palette's line in the help."""
