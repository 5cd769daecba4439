"""The picture of the network, as text: nodes in columns, every weight an edge between them.

Input nodes show their scaled values, hidden nodes their sum ``z`` and activation ``a``,
the output its P(pass). Each edge is a straight line from its source node to its target
node; its sign shows three ways (colour, a ``+`` / ``−`` marker on it, a solid line for +
and a dashed one for −) and its size by the line's weight: dotted under ``LIGHT``, thin
below ``HEAVY``, heavy from there (ASCII: ``.`` ``-`` ``=``), so it reads with colour off
and in ASCII. The names ``w1 ..`` and ``b(h1)`` (``engine.names``', as ``m`` shows
them) are written where the room allows: ``draw_network`` tries the layouts in ``LEVELS``
from the richest to the plainest and returns None when none fits (the caller shows the
weights table instead).

No Textual import: the result is plain text plus a style per run; ``Picture.parts``
gives them with theme variables, for ``Content.assemble``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from engine.names import bias_name, node_names, weight_name
from engine.network import ForwardTrace, Network
from tui.canvas import STEM, Canvas, Run, glyph, line_cells, place_labels
from tui.motion import EdgeBlame, blame_line, direction_mark, share_text

LIGHT = 0.5
"""Weights smaller than this (in size) draw as a dotted line."""

HEAVY = 2.0
"""Weights at least this size draw as a heavy line."""

CROWDED = 0.6
"""Most of a gap's cells its labels may need before a layout is not even tried."""

STYLES = {"pos": "$success", "neg": "$error", "muted": "$text-muted", "bold": "bold"}
"""What each style of a run is on screen (theme variables, never a colour)."""

BLAME_WORDS = ("share", "short", "mark")
"""What a blamed edge's label says, richest first: ``w5 31%▲``, ``31%▲``, ``w5▲``."""

Block = list[list[Run]]
"""A node's text: rows of styled runs; its first row is where its edges attach."""


@dataclass(frozen=True)
class Picture:
    """The drawing: one tuple of ``(text, style)`` runs per row."""

    rows: tuple[tuple[Run, ...], ...]
    level: int
    """Which of ``LEVELS`` fitted (0 the richest)."""

    notes_placed: bool
    """Whether the notes (the votes) are in the picture, under the output node."""

    columns: tuple[int, ...] = ()
    """The column where each layer's nodes start (for the motion, layer by layer)."""

    @property
    def text(self) -> str:
        """The picture as plain text."""
        return "\n".join("".join(t for t, _ in row).rstrip() for row in self.rows)

    def parts(self, lit: tuple[int, int] | None = None) -> list[tuple[str, str]]:
        """The picture as ``(text, style)`` parts for ``textual.content.Content.assemble``:
        styles as theme variables, rows joined by newlines, trailing spaces dropped. (Not
        markup: Textual's markup cannot show a backslash just before a tag, and ASCII lines
        end in them.) ``lit``: columns [from, to) drawn as they are, the rest muted."""
        out: list[tuple[str, str]] = []
        lo, hi = lit if lit is not None else (0, 1 << 30)
        for k, row in enumerate(self.rows):
            keep = len("".join(t for t, _ in row).rstrip())
            x = 0
            for text, style in row:
                text, keep = text[:keep], keep - min(keep, len(text))
                for a, b in ((x, lo), (max(x, lo), hi), (max(x, hi), x + len(text))):
                    piece = text[max(a - x, 0) : max(min(b, x + len(text)) - x, 0)]
                    if piece:
                        on = lo <= a < hi
                        out.append((piece, STYLES.get(style, "") if on else STYLES["muted"]))
                x += len(text)
            if k < len(self.rows) - 1:
                out.append(("\n", ""))
        return out


@dataclass(frozen=True)
class Level:
    """One layout: how much each node and edge says."""

    label: int
    """Cells for an input's feature name (0: i1, i2 ... as ``m`` names them)."""
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


def weight_class(w: float) -> int:
    """0 light, 1 medium, 2 heavy: the line weight of an edge of weight ``w``."""
    size = abs(w)
    return 0 if size < LIGHT or not math.isfinite(size) else (1 if size < HEAVY else 2)


def sign_of(w: float) -> str:
    """``+``, ``-`` or ``0``: an edge's sign (``0`` for exactly zero or not a number)."""
    return "+" if w > 0 else ("-" if w < 0 else "0")


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
    """An input node: its name (the feature's, cut to fit, or i1) and its scaled value."""
    if level.label and label:
        cut = "~" if ascii else "…"
        name = label if len(label) <= level.label else label[: level.label - 1] + cut
    return [[(name, "bold"), (" " + num(value, 2, ascii), "")]]


def hidden_block(
    name: str, z: float | None, a: float | None, bias: tuple[str, float], level: Level, ascii: bool
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
        rows.append([(bias[0] + " ", "muted"), (num(bias[1], 2, ascii, plus=True), "")])
    return rows


def output_block(
    name: str,
    p: float | None,
    bias: tuple[str, float],
    soft: bool,
    many: bool,
    level: Level,
    ascii: bool,
) -> Block:
    """An output node: P(pass) (its name and value when there are several or soft targets)."""
    if soft:
        head = [(name, "bold"), (" " + ("?" if p is None else f"{p:.4f}"), "bold")]
    elif many or level.output == "short":
        head = [(name if many else "P", "bold"), (" " + ("?" if p is None else f"{p:.0%}"), "bold")]
    else:
        head = [("P(pass)", "bold"), (" " + ("?" if p is None else f"{p:.1%}"), "bold")]
    rows: Block = [head]
    if level.output == "rich":
        rows.append([(bias[0] + " ", "muted"), (num(bias[1], 2, ascii, plus=True), "")])
    return rows


def _width(block: Block) -> int:
    return max(sum(len(t) for t, _ in row) for row in block)


@dataclass(frozen=True)
class _Shown:
    """What the nodes show: the network, its forward pass (or the inputs alone), options."""

    network: Network
    trace: ForwardTrace | None
    inputs: tuple[float, ...] | None
    labels: tuple[str, ...]
    soft: bool
    ascii: bool
    blame: EdgeBlame | None = None
    words: str = "share"
    """Of ``BLAME_WORDS``: what a blamed edge's label says."""

    def edge(self, layer: int, i: int, j: int, w: float, named: bool) -> tuple[int, str, str, str]:
        """An edge's weight class, sign, style and label (``named``: with w1 ..): by its
        weight, or (blamed) by its share of the blame and the way its weight will move."""
        name = weight_name(self.network.layer_sizes, layer, i, j) if named else ""
        blamed = None if self.blame is None else self.blame.get((layer, i, j))
        if blamed is None:
            sign = sign_of(w)
            mark = "−" if sign == "-" and not self.ascii else sign
            return weight_class(w), sign, style_of(w), f" {mark}{name} "
        share, slope, top = blamed
        cls, sign = blame_line(share, slope, top)
        style = "pos" if sign == "+" else ("neg" if sign == "-" else "muted")
        said = {"share": f"{name} {share_text(share)}".strip(), "short": share_text(share)}
        return (
            cls,
            sign,
            style,
            f" {said.get(self.words, name)}{direction_mark(slope, self.ascii)} ",
        )

    def blocks(self, level: Level) -> list[list[Block]]:
        """Every node's text, layer by layer."""
        sizes, tr, ascii = self.network.layer_sizes, self.trace, self.ascii
        names = node_names(sizes)
        out: list[list[Block]] = []
        for layer, size in enumerate(sizes):
            column = []
            for j in range(size):
                if layer == 0:
                    v = float(tr.a[0][0, j]) if tr is not None else None
                    v = self.inputs[j] if v is None and self.inputs is not None else v
                    label = self.labels[j] if j < len(self.labels) else ""
                    column.append(input_block(names[0][j], label, v, level, ascii))
                    continue
                bias = (bias_name(sizes, layer - 1, j), float(self.network.biases[layer - 1][j]))
                z = None if tr is None else float(tr.z[layer - 1][0, j])
                a = None if tr is None else float(tr.a[layer][0, j])
                if layer == len(sizes) - 1:
                    many = size > 1
                    column.append(
                        output_block(names[layer][j], a, bias, self.soft, many, level, ascii)
                    )
                else:
                    column.append(hidden_block(names[layer][j], z, a, bias, level, ascii))
            out.append(column)
        return out


def draw_network(
    network: Network,
    trace: ForwardTrace | None,
    width: int,
    height: int,
    *,
    inputs: ArrayLike | None = None,
    labels: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    soft: bool = False,
    ascii: bool = False,
    blame: EdgeBlame | None = None,
    level: int | None = None,
) -> Picture | None:
    """The network in ``width`` x ``height`` cells, or None when it does not fit.

    ``trace``: the forward pass of one student (sample 0) whose values the nodes show
    (None: none yet; ``inputs``, the scaled inputs (n_inputs,), still show). ``labels``:
    the features' names. ``notes``: lines (the votes) to write under the output node when
    they fit. ``soft``: outputs as numbers (a worked example), not P(pass). ``blame``: the
    edges that show their share of the blame and direction instead of their sign (in the
    richest of ``BLAME_WORDS`` that fits); ``level``: only that one of ``LEVELS``.
    """
    xs = None if inputs is None else tuple(float(v) for v in np.asarray(inputs).ravel())
    levels = list(enumerate(LEVELS)) if level is None else [(level, LEVELS[level])]
    for words in BLAME_WORDS if blame else BLAME_WORDS[:1]:
        shown = _Shown(network, trace, xs, labels, soft, ascii, blame, words)
        for placed in (True, False) if notes else (False,):
            for k, each in levels:
                drawn = _layout(shown, width, height, each, notes if placed else ())
                if drawn is not None:
                    return Picture(drawn[0], k, placed, drawn[1])
    return None


def _gaps(free: int, least: int, edges: list[int]) -> list[int]:
    """``free`` columns shared between the gaps, at least ``least`` each, the rest as the
    square root of each gap's number of edges (a crowded gap needs room for its labels)."""
    share = [math.sqrt(n) for n in edges]
    gaps = [least + math.floor((free - least * len(edges)) * s / sum(share)) for s in share]
    for k in np.argsort(share)[::-1][: free - sum(gaps)]:
        gaps[int(k)] += 1
    return gaps


def _layout(
    shown: _Shown, width: int, height: int, level: Level, notes: tuple[str, ...]
) -> tuple[tuple[tuple[Run, ...], ...], tuple[int, ...]] | None:
    """One try at a layout: its rows and where each layer starts; None when it does not fit."""
    network, ascii = shown.network, shown.ascii
    blocks = shown.blocks(level)
    if notes:
        blocks[-1][-1] = blocks[-1][-1] + [[(n, "")] for n in notes]
    n_gaps = len(blocks) - 1
    widths = [max(_width(b) for b in col) for col in blocks]
    free = width - sum(widths)
    least = 9 if level.names else 5  # a label and a few cells of line
    if free < least * n_gaps:
        return None
    gaps = _gaps(free, least, [w.size for w in network.weights])
    lefts = [0]
    for k in range(n_gaps):
        lefts.append(lefts[-1] + widths[k] + gaps[k])
    canvas = Canvas(width, height)
    anchors: list[list[tuple[int, int]]] = []  # each node's first row and where its text ends
    for layer, col in enumerate(blocks):
        spot = height / len(col)
        tops = [math.floor(k * spot + (spot - len(b)) / 2 + 0.5) for k, b in enumerate(col)]
        for k in range(1, len(col)):  # keep blocks apart
            tops[k] = max(tops[k], tops[k - 1] + len(col[k - 1]))
        if tops[-1] + len(col[-1]) > height:
            return None
        placed = []
        for top, block in zip(tops, col):
            start = lefts[layer] + (widths[layer] - _width(block) if layer == 0 else 0)
            for dr, runs in enumerate(block):
                canvas.put_runs(top + dr, start, runs)
            placed.append((top, start + _width(block[:1])))
        anchors.append(placed)
    stem = "-" if ascii else "─"
    for layer in range(1, n_gaps):  # from a hidden node's text to the start of its gap
        for r, end in anchors[layer]:
            canvas.put(r, end, stem * (lefts[layer] + widths[layer] - end), "muted", STEM)
    edges = [
        (layer, i, j, shown.edge(layer, i, j, float(w[i, j]), level.names))
        for layer, w in enumerate(network.weights)
        for i in range(w.shape[0])
        for j in range(w.shape[1])
    ]
    paths = []
    for layer, i, j, _ in edges:
        r0, r1 = anchors[layer][i][0], anchors[layer + 1][j][0]
        xa, xb = lefts[layer] + widths[layer], lefts[layer + 1] - 1
        canvas.put(r0, xa, stem, "muted", STEM)  # a node's edges leave it by one stem
        canvas.put(r1, xb, stem, "muted", STEM)  # and arrive by one
        paths.append(line_cells(r0, r1, xa + 1, xb - 1))
    for e in sorted(range(len(edges)), key=lambda e: edges[e][3][0]):
        cls, sign, style, _ = edges[e][3]
        for r, x, kind in paths[e]:
            canvas.put(r, x, glyph(kind, cls, sign, ascii), style, e)
    labels = []
    for e, (layer, _, _, (_, _, style, text)) in enumerate(edges):
        lo, hi = lefts[layer] + widths[layer], lefts[layer + 1] - 1
        labels.append((e, text, style, paths[e], lo, hi))
    for k, gap in enumerate(gaps):  # give up at once where the labels cannot all fit
        cells = sum(len(text) - 1 for e, text, *_ in labels if edges[e][0] == k)
        if cells > CROWDED * (gap - 2) * height:
            return None
    if not place_labels(canvas, labels):
        return None
    return canvas.rows(), tuple(lefts)


def vote_lines(
    network: Network,
    trace: ForwardTrace,
    soft: bool = False,
    ascii: bool = False,
    short: bool = False,
) -> tuple[str, ...]:
    """Each last-hidden node's vote for each output (sample 0), e.g. ``h2 votes fail: −3.9``
    (``short``: ``h2 fail −3.9``): its activation times its output weight, the direction it
    pushes the output."""
    from engine.hidden_nodes import votes

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
            lines.append(f"{names[-2][k]}{votes_}{word}{colon}{num(value, 1, ascii, plus=True)}")
    return tuple(lines)
