"""The working: one student's forward pass and backprop written out with their numbers.

The math view on screen and ``passfail-tui explain`` both print what this module builds, so
a learner can check each line of a hand calculation. Every number is read from the engine's
``ForwardTrace`` and ``Gradients`` (the deltas are backprop's own); nothing is re-derived
here except the factors the chain rule splits a delta into, which are shown beside it.

Names follow Matt Mazur's step-by-step example (``engine.names``): inputs i1.., hidden
nodes h1.., outputs o1..; weights w1, w2, ...; a node's bias b(h1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engine.activations import activation
from engine.losses import LOSS_NAMES, loss_function
from engine.names import bias_name as bias_name  # re-exported: names live there
from engine.names import node_names as node_names
from engine.names import weight_name as weight_name
from engine.network import ForwardTrace, Gradients, Network
from engine.recipe import alpha_text, decay_text, decays_any, with_weight_decay
from engine.rounding import APPROX, APPROX_NOTE, equals, shown
from engine.rounding import fmt as fmt  # re-exported: the math view and tests read it here

LOSS_ALIASES = "error / cost / loss / objective function"
"""The article's four names for the same thing."""


NO_HIDDEN = "no hidden layer: the inputs go straight to the output"
"""What a network without a hidden layer (``--hidden 0``) is, wherever it is described."""


SATURATED = 0.04
"""A hidden node is saturated when its activation's slope is under this share of its steepest."""

GOLDEN_RULES = (
    "continuous and differentiable: yes/no says only 'wrong'; the loss says how wrong, "
    "and its slope which way"
)
"""The article's two golden rules for an error function, said beside every loss worked out."""


def hidden_words(layer_sizes: tuple[int, ...], activation: str) -> str:
    """The hidden layer in words: ``sigmoid hidden nodes``, or ``NO_HIDDEN`` when there is none."""
    return NO_HIDDEN if len(layer_sizes) < 3 else f"{activation} hidden nodes"


def shape_line(layer_sizes: tuple[int, ...]) -> str:
    """The tensor shapes of one student's pass, e.g. for 3-2-1:
    ``inputs (1x3) . weights (3x2) -> hidden (1x2) . weights (2x1) -> output (1x1)``."""
    parts = [f"inputs (1x{layer_sizes[0]})"]
    for k in range(1, len(layer_sizes)):
        kind = "output" if k == len(layer_sizes) - 1 else "hidden"
        parts.append(
            f". weights ({layer_sizes[k - 1]}x{layer_sizes[k]}) -> {kind} (1x{layer_sizes[k]})"
        )
    return " ".join(parts)


@dataclass(frozen=True)
class NodeStep:
    """One node's guess: the dot product of its inputs and weights plus bias, then activation."""

    layer: int
    node: int
    name: str
    terms: tuple[tuple[str, float, str, float], ...]  # (input name, value, weight name, weight)
    bias_name: str
    bias: float
    z: float
    activation: str
    a: float


@dataclass(frozen=True)
class ParameterBlame:
    """One parameter's share of the blame and its update.

    ``upstream`` is dE/d(node output) and ``local`` is d(node output)/d(net input); their
    product is ``delta`` (dE/dnet, backprop's own number); ``x`` is dnet/dw (the input the
    weight multiplies, 1 for a bias); ``gradient`` = delta * x.
    """

    layer: int
    row: int  # -1 for a bias
    col: int
    name: str
    node: str
    upstream: float
    local: float
    delta: float
    x: float
    gradient: float
    share: float
    old: float
    new: float

    @property
    def direction(self) -> str:
        """The article's rule: a negative slope means increase the weight, positive decrease."""
        if self.gradient < 0:
            return "increase"
        if self.gradient > 0:
            return "decrease"
        return "keep"


def forward_steps(net: Network, trace: ForwardTrace, sample: int = 0) -> list[NodeStep]:
    """Each node's working for one sample of ``trace``, layer by layer."""
    sizes = net.layer_sizes
    names = node_names(sizes)
    steps = []
    for layer, w in enumerate(net.weights):
        last = layer == len(net.weights) - 1
        act = "sigmoid" if last else net.activation
        for j in range(w.shape[1]):
            terms = tuple(
                (
                    names[layer][i],
                    float(trace.a[layer][sample, i]),
                    weight_name(sizes, layer, i, j),
                    float(w[i, j]),
                )
                for i in range(w.shape[0])
            )
            steps.append(
                NodeStep(
                    layer,
                    j,
                    names[layer + 1][j],
                    terms,
                    bias_name(sizes, layer, j),
                    float(net.biases[layer][j]),
                    float(trace.z[layer][sample, j]),
                    act,
                    float(trace.a[layer + 1][sample, j]),
                )
            )
    return steps


def blame(
    net: Network,
    trace: ForwardTrace,
    grads: Gradients,
    after: Network,
    loss: str,
    y: np.ndarray,
    sample: int = 0,
    include_biases: bool = True,
) -> list[ParameterBlame]:
    """Every parameter's chain rule for ``sample``, its share of the blame and its update.

    The gradient shown is this sample's term; over a batch the applied gradient is the mean
    (``grads``' own values are what ``after`` applied). Share = |g| / sum |g| over the
    parameters listed.
    """
    sizes = net.layer_sizes
    names = node_names(sizes)
    n_layers = len(net.weights)
    error = loss_function(loss)
    rows: list[ParameterBlame] = []
    for layer in range(n_layers):
        last = layer == n_layers - 1
        slope = activation("sigmoid" if last else net.activation).derivative
        delta = grads.deltas[layer][sample]
        a_out = trace.a[layer + 1][sample]
        z_out = trace.z[layer][sample]
        local_all = slope(z_out, a_out)  # d out / d net for every node of this layer
        for j in range(sizes[layer + 1]):
            local, d = float(local_all[j]), float(delta[j])
            if last:
                o, t = float(a_out[j]), float(np.asarray(y)[sample, j])
                upstream = error.upstream(d, local, o, t, trace.output.size)
            else:
                upstream = float(grads.deltas[layer + 1][sample] @ net.weights[layer + 1][j])
            node = names[layer + 1][j]
            for i in range(sizes[layer]):
                x = float(trace.a[layer][sample, i])
                old, new = float(net.weights[layer][i, j]), float(after.weights[layer][i, j])
                name = weight_name(sizes, layer, i, j)
                rows.append(
                    ParameterBlame(
                        layer, i, j, name, node, upstream, local, d, x, d * x, 0.0, old, new
                    )
                )
            if include_biases:
                old, new = float(net.biases[layer][j]), float(after.biases[layer][j])
                name = bias_name(sizes, layer, j)
                rows.append(
                    ParameterBlame(
                        layer, -1, j, name, node, upstream, local, d, 1.0, d, 0.0, old, new
                    )
                )
    total = sum(abs(r.gradient) for r in rows) or 1.0
    return [replace(r, share=abs(r.gradient) / total) for r in rows]


def activation_formula(name: str, z: float, a: float, places: int = 4) -> str:
    """e.g. ``sigmoid(0.5310) = 1 / (1 + e^-0.5310) = 0.6297``."""
    if name == "sigmoid":
        power = f"-{fmt(z, places)}" if z >= 0 else fmt(-z, places)  # e^0.06, not e^--0.06
        return f"sigmoid({fmt(z, places)}) = 1 / (1 + e^{power}) = {fmt(a, places)}"
    return f"{name}({fmt(z, places)}) = {fmt(a, places)}"


def forward_lines(steps: list[NodeStep], places: int = 4) -> list[str]:
    """The guessing game as text: each node's dot product and activation, the hidden nodes'
    votes in the output's sum, and a note on a saturated hidden node."""
    lines = []
    last = max((s.layer for s in steps), default=0)
    for s in steps:
        terms = " + ".join(f"{fmt(v, places)} x {fmt(w, places)}" for _, v, _, w in s.terms)
        names = " + ".join(f"{n} x {wn}" for n, _, wn, _ in s.terms)
        lines.append(f"net_{s.name} = {names} + {s.bias_name}")
        by_hand = sum(shown(v, places) * shown(w, places) for _, v, _, w in s.terms)
        said = equals(s.z, by_hand + shown(s.bias, places), places)
        lines.append(f"       = {terms} + {fmt(s.bias, places)} {said} {fmt(s.z, places)}")
        lines.append(f"out_{s.name} = {activation_formula(s.activation, s.z, s.a, places)}")
        if s.layer == last > 0:
            votes = ", ".join(f"{n} {v * w:+.{places}f}" for n, v, _, w in s.terms)
            lines.append(f"  votes (each hidden node's guess x its weight): {votes}")
        flat = saturation_slope(s.activation, s.a)
        if s.layer < last and flat is not None:
            lines.append(
                f"  saturated: {s.activation}'s slope here is {fmt(flat, places)}, nearly flat, "
                f"so the weights into {s.name} barely move"
            )
    return lines + noted(lines)


def noted(lines: list[str]) -> list[str]:
    """``APPROX_NOTE`` if any of ``lines`` uses ``APPROX``, else nothing."""
    return [APPROX_NOTE] if any(f" {APPROX} " in line for line in lines) else []


def saturation_slope(activation: str, a: float) -> float | None:
    """The activation's slope at output ``a`` when it is saturated (under ``SATURATED`` of its
    steepest: sigmoid a(1 - a) < 0.01, tanh 1 - a^2 < 0.04), else None."""
    known = {"sigmoid": (a * (1.0 - a), 0.25), "tanh": (1.0 - a * a, 1.0)}
    slope, steepest = known.get(activation, (1.0, 0.0))  # relu, linear: never saturated
    return slope if slope < SATURATED * steepest else None


def loss_lines(
    loss: str, trace: ForwardTrace, y: np.ndarray, value: float, sample: int = 0, places: int = 4
) -> list[str]:
    """The error with its formula and numbers (named as the article names it)."""
    outs = trace.output[sample]
    targets = np.asarray(y)[sample]
    lines = [f"Measuring error: {LOSS_NAMES[loss]} (the {LOSS_ALIASES})"]
    n = len(outs)
    if loss == "bce":
        lines.append("E = -(y log(out) + (1 - y) log(1 - out)), averaged over outputs")
        parts = [
            f"-({fmt(t, 2)} log {fmt(o, places)} + {fmt(1 - t, 2)} log {fmt(1 - o, places)})"
            for o, t in zip(outs, targets)
        ]
    else:
        lines.append("E = (out - y)^2, averaged over outputs")
        parts = [f"({fmt(o, places)} - {fmt(t, places)})^2" for o, t in zip(outs, targets)]
    joined = " + ".join(parts)
    lines.append(f"E = {'(' + joined + f') / {n}' if n > 1 else joined} = {fmt(value, places)}")
    lines.append(GOLDEN_RULES)
    return lines


def blame_lines(
    rows: list[ParameterBlame],
    learning_rate: float,
    loss: str,
    places: int = 4,
    batch_note: str = "",
    weight_decay: float | Sequence[float] = 0.0,
) -> list[str]:
    """The blame game as text: each parameter's chain rule, then its update (with weight
    decay, each weight's step is alpha x (dE/dw + lambda x w), lambda its layer's, said in
    a line)."""
    lines = []
    for r in rows:
        by_hand = shown(r.upstream, places) * shown(r.local, places) * shown(r.x, places)
        lines.append(
            f"dE/d{r.name} = dE/dout_{r.node} x dout_{r.node}/dnet_{r.node} x "
            f"dnet_{r.node}/d{r.name} = {fmt(r.upstream, places)} x {fmt(r.local, places)} x "
            f"{fmt(r.x, places)} {equals(r.gradient, by_hand, places)} {fmt(r.gradient, places)}"
            f"   share {r.share:.1%}, slope {'<' if r.gradient < 0 else '>'} 0: {r.direction}"
        )
    cut = len(lines)
    lines.append("")
    lines.append(f"Gradient descent, alpha = {learning_rate:g}{batch_note}:")
    if decays_any(weight_decay):
        lines.append(
            f"(weight decay lambda = {decay_text(weight_decay)}: each weight steps by its "
            f"slope plus lambda x the weight; biases by their slope alone)"
        )
    for r in rows:
        decay = weight_decay if isinstance(weight_decay, (int, float)) else weight_decay[r.layer]
        lines.append(update_line(r, learning_rate, 0.0 if r.row < 0 else float(decay), places))
    return lines[:cut] + noted(lines[:cut]) + lines[cut:] + noted(lines[cut:])


def update_line(r: ParameterBlame, learning_rate: float, decay: float, places: int) -> str:
    """``w1 <- w1 - alpha x dE/dw1 = 0.3001 - 0.5 x 0.02274 = 0.2887``; with weight decay
    ``decay`` (lambda) the slope the step took is written as its two terms, ``(dE/dw1 + lambda
    x w1)``, each with its number, so the line can be worked by hand from what it shows. The
    step's own slope is ``(old - new) / alpha`` (in batch mode the batch mean's, not this
    student's)."""
    old, alpha = shown(r.old, places), float(f"{learning_rate:g}")
    step = (r.old - r.new) / learning_rate
    if decay:
        g = step - decay * r.old
        slope = f"(dE/d{r.name} + lambda x {r.name})"
        value = f"({fmt(g, places)} + {fmt(decay, places)} x {fmt(r.old, places)})"
        by_hand = old - alpha * (shown(g, places) + shown(decay, places) * old)
    else:
        slope, value = f"dE/d{r.name}", fmt(step, places)
        by_hand = old - alpha * shown(step, places)
    return (
        f"{r.name} <- {r.name} - alpha x {slope} = {fmt(r.old, places)} - {learning_rate:g} x "
        f"{value} {equals(r.new, by_hand, places)} {fmt(r.new, places)}"
    )


def working_text(
    net: Network,
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    learning_rate: float,
    update_biases: bool = True,
    input_labels: tuple[str, ...] = (),
    title: str = "",
    places: int = 4,
    weight_decay: float | Sequence[float] = 0.0,
    base_rate: float | None = None,
) -> str:
    """The whole working for one example, as plain text: inputs, guesses, error, blame, update.

    ``x``: (1, n_inputs) as the network sees it (scaled); ``y``: (1, n_outputs). The update
    is the trainer's ``b``: alpha x (dE/dw + lambda x w) for each weight, lambda its layer's
    ``weight_decay``; ``learning_rate`` is the step's own alpha, said as decayed from
    ``base_rate`` (the configured alpha) when the schedule has made it smaller.
    """
    from engine.network import loss_value

    base = learning_rate if base_rate is None else base_rate
    decayed = "" if base == learning_rate else f" ({base:g} decayed by the schedule)"

    trace = net.forward(x)
    grads = net.backward(trace, y, loss)
    after = net.apply(with_weight_decay(net, grads, weight_decay), learning_rate, update_biases)
    names = node_names(net.layer_sizes)
    shape = " -> ".join(str(s) for s in net.layer_sizes)
    lines = [title] if title else []
    lines.append(
        f"Network {shape}: {hidden_words(net.layer_sizes, net.activation)}, sigmoid output, "
        f"{LOSS_NAMES[loss]}; alpha = {alpha_text(base, learning_rate, 6)}"
    )
    lines.append(f"Shapes: {shape_line(net.layer_sizes)}")
    lines.append("")
    lines.append("Inputs:")
    for k, name in enumerate(names[0]):
        label = f" ({input_labels[k]})" if k < len(input_labels) else ""
        lines.append(f"  {name}{label} = {fmt(float(x[0, k]), places)}")
    lines.append(
        "Targets: " + ", ".join(f"{o} = {fmt(float(t), places)}" for o, t in zip(names[-1], y[0]))
    )
    lines.append("")
    lines.append("Forward pass, the guessing game (dot product, then activation):")
    lines += ["  " + s for s in forward_lines(forward_steps(net, trace), places)]
    lines.append("")
    lines += loss_lines(loss, trace, y, loss_value(loss, trace, y), places=places)
    lines.append("")
    lines.append("Backpropagation, the blame game (chain rule with backprop's deltas):")
    rows = blame(net, trace, grads, after, loss, y, include_biases=update_biases)
    lines += [
        "  " + s if s else s
        for s in blame_lines(rows, learning_rate, loss, places, decayed, weight_decay)
    ]
    return "\n".join(lines) + "\n"
