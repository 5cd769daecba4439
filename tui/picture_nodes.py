"""What each node of the network picture says, at each level of detail: its name, its
value, and (where there is room) its sum ``z`` and bias; and the votes beside the output.

Every number is read from the network and the forward pass handed in (the engine's); the
picture (``tui.picture``) places these blocks and draws the edges between them. After ``b``
the network handed in is the one that made the guess, and ``mark`` (``moved_mark``) says
which way the update then moved each bias, so the numbers drawn still add up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.hidden_nodes import votes
from engine.names import node_names
from engine.network import ForwardTrace, Network
from tui.canvas import Run

Block = list[list[Run]]
"""A node's text: rows of styled runs; its first row is where its edges attach."""


@dataclass(frozen=True)
class Level:
    """One layout: how much each node and edge says."""

    label: int
    """Cells for an input's feature name after its i1 (0: i1, i2 ... alone)."""
    hidden: str
    """"rich" (z, a, bias: 3 rows), "two" (z, a), "one" (one row), "narrow" (a, z)."""
    output: str
    """"rich" (P(pass) and bias), "long" (P(pass) 93.1%), "short" (P 93%)."""
    names: bool
    """w1 .. on the edges, else the sign alone."""


LEVELS = (
    Level(10, "rich", "rich", True),
    Level(8, "two", "long", True),
    Level(5, "two", "short", True),
    Level(0, "two", "short", True),
    Level(0, "one", "short", True),
    Level(5, "two", "short", False),
    Level(0, "one", "short", False),
    Level(0, "narrow", "short", False),
)

VOTE_PLACES = 2
"""Decimals of a vote: as many as the bias and z beside it, so a sum by hand comes out."""


@dataclass(frozen=True)
class Bias:
    """A node's bias as drawn: its name (``b(h1)``), its value, and ``moved_mark``'s mark."""

    name: str
    value: float
    mark: str = ""


def moved_mark(before: float, after: float, ascii: bool = False) -> str:
    """Which way an update moved a weight or bias: ▲ up, ▼ down, nothing when it did not."""
    if after > before:
        return "^" if ascii else "▲"
    if after < before:
        return "v" if ascii else "▼"
    return ""


def style_of(v: float) -> str:
    """The style a signed value is drawn in."""
    return "pos" if v > 0 else ("neg" if v < 0 else "muted")


def num(v: float | None, places: int, ascii: bool = False, plus: bool = False) -> str:
    """``v`` in few cells: ``places`` decimals (fewer when large), a real minus sign."""
    if v is None:
        return "?"
    if not math.isfinite(v):
        return "nan" if v != v else ("+inf" if v > 0 else "-inf")
    p = 0 if abs(v) >= 100 else (max(places - 1, 0) if abs(v) >= 10 else places)
    text = f"{v:+.{p}f}" if plus else f"{v:.{p}f}"
    return text if ascii else text.replace("-", "−")


def input_block(name: str, label: str, value: float | None, level: Level, ascii: bool) -> Block:
    """An input node: its name (i1, as the article and ``m`` say; then the feature's, cut to
    fit, where there is room) and its scaled value."""
    if level.label and label:
        cut = "~" if ascii else "…"
        feature = label if len(label) <= level.label else label[: level.label - 1] + cut
        return [[(name, "bold"), (" " + feature, ""), (" " + num(value, 2, ascii), "")]]
    return [[(name, "bold"), (" " + num(value, 2, ascii), "")]]


def bias_row(bias: Bias, ascii: bool) -> list[Run]:
    """``b(h1) +0.01`` (and ``▲`` when the update since moved it)."""
    return [(bias.name + " ", "muted"), (num(bias.value, 2, ascii, plus=True) + bias.mark, "")]


def hidden_block(
    name: str, z: float | None, a: float | None, bias: Bias, level: Level, ascii: bool
) -> Block:
    """A hidden node: its name, its sum z and its activation a (and bias, when rich)."""
    zst = "" if z is None else style_of(z)
    if level.hidden in ("one", "narrow"):
        zs, as_ = num(z, 1, ascii, plus=True), num(a, 2, ascii)
        if level.hidden == "one":
            return [[(name, "bold"), (" z", "muted"), (zs, zst), (" a", "muted"), (as_, "")]]
        return [[(name, "bold"), (" " + as_, "")], [("z", "muted"), (zs, zst)]]
    rows: Block = [
        [(name, "bold"), (" z", "muted"), (num(z, 2, ascii, plus=True), zst)],
        [(" " * len(name) + " a ", "muted"), (num(a, 3, ascii), "")],
    ]
    if level.hidden == "rich":
        rows.append(bias_row(bias, ascii))
    return rows


def output_block(
    name: str,
    p: float | None,
    z: float | None,
    bias: Bias,
    soft: bool,
    many: bool,
    level: Level,
    ascii: bool,
) -> Block:
    """An output node: P(pass) (its name and value when there are several or soft targets);
    when rich, its sum z and bias too (the votes under it and the bias add up to z)."""
    if soft:
        head = [(name, "bold"), (" " + ("?" if p is None else f"{p:.4f}"), "bold")]
    elif many or level.output == "short":
        head = [(name if many else "P", "bold"), (" " + ("?" if p is None else f"{p:.0%}"), "bold")]
    else:
        head = [("P(pass)", "bold"), (" " + ("?" if p is None else f"{p:.1%}"), "bold")]
    rows: Block = [head]
    if level.output == "rich":
        zst = "" if z is None else style_of(z)
        rows.append([("z ", "muted"), (num(z, 2, ascii, plus=True), zst)])
        rows.append(bias_row(bias, ascii))
    return rows


def vote_lines(
    network: Network,
    trace: ForwardTrace,
    soft: bool = False,
    ascii: bool = False,
    short: bool = False,
) -> tuple[str, ...]:
    """Each last-hidden node's vote for each output (sample 0), e.g. ``h2 votes fail: −3.91``
    (``short``: ``h2 fail −3.91``): its activation times its output weight, the direction it
    pushes the output. ``network``: the one that made ``trace``."""
    v = votes(network, trace)
    names = node_names(network.layer_sizes)
    lines = []
    for o in range(v.shape[1]):
        for k in range(v.shape[0]):
            value = float(v[k, o])
            if soft or v.shape[1] > 1:
                word = f"{names[-1][o]} {'up' if value >= 0 else 'down'}"
            else:
                word = "pass" if value >= 0 else "fail"
            votes_ = " " if short else " votes "
            colon = " " if short else ": "
            said = num(value, VOTE_PLACES, ascii, plus=True)
            lines.append(f"{names[-2][k]}{votes_}{word}{colon}{said}")
    return tuple(lines)
