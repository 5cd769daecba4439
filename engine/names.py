"""Names of nodes and parameters: one home for every view, ``explain`` and the gradient check.

Two ways of naming, both from here:

- **Mazur's** (the worked example ``explain`` and the math view print): inputs i1.., hidden
  nodes h1.. (with more hidden layers h1_1, h2_1..), outputs o1..; weights numbered w1, w2,
  ... layer by layer, for each node in turn, then each input to it (so w1 is i1 -> h1, w2 is
  i2 -> h1, w3 is i1 -> h2); a node's bias is named after it: b(h1).
- **The screen's long form**: the same w-number first, then the route with inputs by their
  feature (``written_tests``), hidden nodes h1.. (h1.1 with more hidden layers), the output
  ``out``: a weight ``w2 written_tests→h1``, a bias ``b h1``. (A class follows the article's
  w1..w8: every screen says the number, the feature only beside it.)

``parameter_names`` gives both for every parameter, in ``Network.parameters()`` order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def node_names(layer_sizes: Sequence[int]) -> list[list[str]]:
    """Mazur's names per layer of nodes: [[i1, i2..], [h1, h2..], ..., [o1..]]."""
    n_hidden = len(layer_sizes) - 2
    names = [[f"i{k + 1}" for k in range(layer_sizes[0])]]
    for layer in range(1, len(layer_sizes) - 1):
        prefix = "h" if n_hidden == 1 else f"h{layer}_"
        names.append([f"{prefix}{k + 1}" for k in range(layer_sizes[layer])])
    names.append([f"o{k + 1}" for k in range(layer_sizes[-1])])
    return names


def screen_node_names(
    layer_sizes: Sequence[int], feature_names: Sequence[str], cut: int = 0
) -> list[list[str]]:
    """The screen's names per layer: the features (cut to ``cut`` cells with …, if > 0),
    h1 h2 (h1.1 ... with more hidden layers), out (out1 ... with more outputs)."""
    features = [f if not cut or len(f) <= cut else f[: cut - 1] + "…" for f in feature_names]
    names = [features]
    hidden = layer_sizes[1:-1]
    for k, size in enumerate(hidden, 1):
        prefix = "h" if len(hidden) == 1 else f"h{k}."
        names.append([f"{prefix}{j}" for j in range(1, size + 1)])
    outs = layer_sizes[-1]
    names.append(["out"] if outs == 1 else [f"out{j}" for j in range(1, outs + 1)])
    return names


def weight_name(layer_sizes: Sequence[int], layer: int, row: int, col: int) -> str:
    """Mazur-style name of ``weights[layer][row, col]``: w1, w2, ..."""
    offset = sum(a * b for a, b in zip(layer_sizes[:layer], layer_sizes[1 : layer + 1]))
    return f"w{offset + col * layer_sizes[layer] + row + 1}"


def bias_name(layer_sizes: Sequence[int], layer: int, index: int) -> str:
    """Name of ``biases[layer][index]``: b(h1), b(o1), ..."""
    return f"b({node_names(layer_sizes)[layer + 1][index]})"


@dataclass(frozen=True)
class ParameterName:
    """One weight or bias: where it sits and its names.

    ``index`` is its position in ``Network.parameters()``; ``row`` is the input node for a
    weight (0 for a bias); ``col`` the node it feeds.
    """

    index: int
    layer: int
    kind: str  # "w" or "b"
    row: int
    col: int
    short: str  # w1, b(h1)
    mazur: str  # w1 i1→h1, b(h1)
    long: str  # w1 written_tests→h1, b h1
    route: str = ""  # written_tests→h1 (a bias: h1): the long form without its name


def parameter_names(
    layer_sizes: Sequence[int], feature_names: Sequence[str] = ()
) -> list[ParameterName]:
    """Every parameter, in ``Network.parameters()`` order (each layer's weights row by row,
    then its biases). Without ``feature_names`` the long form uses i1, i2, ..."""
    mazur = node_names(layer_sizes)
    features = feature_names or mazur[0]
    screen = screen_node_names(layer_sizes, features, cut=10)
    out: list[ParameterName] = []
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        for r in range(n_in):
            for c in range(n_out):
                short = weight_name(layer_sizes, layer, r, c)
                route = f"{screen[layer][r]}→{screen[layer + 1][c]}"
                out.append(
                    ParameterName(
                        len(out),
                        layer,
                        "w",
                        r,
                        c,
                        short,
                        f"{short} {mazur[layer][r]}→{mazur[layer + 1][c]}",
                        f"{short} {route}",
                        route,
                    )
                )
        for c in range(n_out):
            short = bias_name(layer_sizes, layer, c)
            node = screen[layer + 1][c]
            out.append(ParameterName(len(out), layer, "b", 0, c, short, short, f"b {node}", node))
    return out
