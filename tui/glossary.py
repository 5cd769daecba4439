"""The glossary: every term the screen uses, one or two lines each, in the article's words.

Quoted phrases are the article's (*The mechanics of a simple neural network*). ``seen`` lists
the words by which a term shows on the main screen or a view; a test visits them all and
checks that each term is there, so the glossary never explains a word nobody meets.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One glossary entry."""

    name: str
    """As the glossary lists it (synonyms joined with " / ")."""
    text: str
    """One or two sentences (content markup allowed)."""
    seen: tuple[str, ...]
    """Words, any one of which shows the term on a screen (matched case-insensitively)."""


GLOSSARY: tuple[Term, ...] = (
    Term(
        "weighted sum / dot product",
        'Each input times its weight, added up: the guessing game "is just a weighted sum '
        '(which we also know as the dot product)".',
        ("sum z", "dot product"),
    ),
    Term(
        "activation",
        "The second step: a function of the weighted sum. Its non-linearity lets the "
        'network learn what is "more complicated than that".',
        ("activation",),
    ),
    Term(
        "sigmoid",
        '1 / (1 + e^-z): squashes any sum into 0..1, so the output reads as "the probability '
        'the student will pass". The output node always uses it.',
        ("sigmoid",),
    ),
    Term(
        "tanh",
        "An activation like sigmoid but from -1 to 1, centred on 0 (press [b]a[/b] to try it).",
        ("tanh",),
    ),
    Term(
        "relu",
        "max(0, z): a positive sum passes through, anything else becomes 0 (press [b]a[/b]).",
        ("relu",),
    ),
    Term(
        "bias",
        "A number added to a node's weighted sum before its activation: where the node stands "
        "when every input is 0. Learned like a weight.",
        ("bias",),
    ),
    Term(
        "preliminary guess",
        "What a hidden node says: \"Node 1 might say 'I think the student will pass with 80%'\". "
        "The output weighs these into its final guess.",
        ("preliminary guess",),
    ),
    Term(
        "vote",
        "A hidden node's say in the final guess: its preliminary guess times its weight to "
        "the output. Positive pushes towards pass.",
        ("vote",),
    ),
    Term(
        "error / cost / loss function",
        'Names for one thing: it "will measure how big the error is" (the article also says '
        "objective function). It must be continuous and differentiable.",
        ("loss", "error"),
    ),
    Term(
        "binary cross-entropy",
        "The error function for \"'yes-no', 'pass-fail', 'win-lose'\" outcomes: "
        "-(y log p + (1 - y) log(1 - p)). A sure, wrong guess costs the most.",
        ("binary cross-entropy", "bce"),
    ),
    Term(
        "gradient / slope",
        'The derivative of the error with respect to a weight. "If the slope turns out to '
        'be negative, we want to increase the weight".',
        ("slope", "gradient"),
    ),
    Term(
        "share of the blame",
        "Each weight's slope, found by backpropagation (the blame game): \"each one must be "
        'assigned their share of the blame".',
        ("share of the blame", "blame"),
    ),
    Term(
        "alpha / learning rate",
        '"Alpha or learning rate determines the size of the step": each weight moves '
        "alpha × its slope, against the slope. [b]+[/b] and [b]-[/b] double and halve it.",
        ("α", "alpha", "learning rate"),
    ),
    Term(
        "overshoot",
        "A step so big it lands past the lowest point, higher than it started: the "
        "student guessing 19, then -24. Halve alpha with [b]-[/b].",
        ("overshoot",),
    ),
    Term(
        "epoch",
        'One pass over every training student. Training repeats epochs "until your error has '
        'been reduced to an acceptably low level".',
        ("epoch",),
    ),
    Term(
        "alpha schedule / decayed",
        "Not in the article: alpha shrinks epoch by epoch, alpha / (1 + (e − 1) / K). "
        '"α 0.0485 (0.5 decayed)": the next step\'s alpha, then the one set.',
        ("decayed",),
    ),
    Term(
        "weight decay",
        "Not in the article: each step also pulls every weight toward 0, alpha × (slope + "
        "L × w), so none grows huge. Biases are not decayed.",
        ("weight decay",),
    ),
    Term(
        "objective",
        "The article's other name for the error; in the default recipe, the training loss "
        "plus weight decay's penalty: what the stop rule watches.",
        ("objective",),
    ),
    Term(
        "stop rule / kept epoch",
        "Stops once the objective has not fallen by 1e-4 in 20 epochs; keeps the best "
        'epoch: "the objective (loss + decay) stopped falling; kept epoch 86".',
        ("stop rule", "kept epoch", "stopped falling"),
    ),
    Term(
        "stochastic / batch / minibatch",
        "How many students a step looks at: stochastic one, batch all (one step an epoch, "
        "slopes averaged), minibatch a handful (16). [b]M[/b] switches.",
        ("stochastic", "minibatch", "batch"),
    ),
    Term(
        "scaling / minmax / standard",
        "Grades are rescaled, from the training students, before the network sees them: "
        "minmax maps each range to 0..1, standard to mean 0 and spread 1.",
        ("minmax", "scaling", "standard"),
    ),
    Term(
        "training / validation / held-out",
        "Training students are learned from; held-out ones (a validation set) never are, "
        "so they show how the network does on new students.",
        ("training", "held-out"),
    ),
    Term(
        "baseline",
        "Always answering the training students' most common outcome. A network that does no "
        "better than this has learned nothing useful.",
        ("baseline",),
    ),
    Term(
        "seed",
        "The number that fixes every random draw (the first weights, the split, the order): "
        "the same seed gives the same run. [b]R[/b] picks a new one.",
        ("seed",),
    ),
    Term(
        "saturation",
        "A sigmoid whose sum is far from 0 sits flat near 0 or 1; its slope is then nearly 0, "
        "so the weights feeding it barely move.",
        ("saturat",),
    ),
)
"""In the order a learner meets them: the guessing game, the error, the blame, the run."""
