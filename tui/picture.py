"""The picture of the network, as text: nodes in columns, every weight an edge between them.

Input nodes show their scaled values, hidden nodes their sum ``z`` and activation ``a``,
the output its P(pass). Each edge is a straight line from its source node to its target
node; its sign shows three ways (colour, a ``+`` / ``−`` marker on it, a solid line for +
and a dashed one for −) and its size by the line's weight: dotted under ``LIGHT``, thin
below ``HEAVY``, heavy from there (ASCII: ``.`` ``-`` ``=``), so it reads with colour off
and in ASCII. The names ``w1 ..`` and ``b(h1)`` (``engine.names``', as ``m`` shows
them) are written where the room allows: ``draw_network`` tries the layouts in ``LEVELS``
from the richest to the plainest and returns None when none fits (the caller shows the
weights table instead). What each node says is ``tui.picture_nodes``'.

After ``b`` the guess on screen was made by the weights before the update: the picture is
then that network's (edges, biases, z, a, votes: one network, so they add up), each edge
and bias marked ▲ / ▼ with the way the update moved it (``moved``).

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
from tui.picture_nodes import (
    LEVELS,
    Bias,
    Block,
    Level,
    hidden_block,
    input_block,
    moved_mark,
    output_block,
    style_of,
)
from tui.picture_nodes import num as num  # the picture's numbers, for its callers
from tui.picture_nodes import vote_lines as vote_lines

LIGHT = 0.5
"""Weights smaller than this (in size) draw as a dotted line."""

HEAVY = 2.0
"""Weights at least this size draw as a heavy line."""

CROWDED = 0.6
"""Most of a gap's cells its labels may need before a layout is not even tried."""

STYLES = {"pos": "$success", "neg": "$error", "muted": "$text-muted", "bold": "bold"}
"""What each style of a run is on screen (theme variables, never a colour)."""

BLAME_WORDS = ("share", "mark", "short")
"""What a blamed edge's label says, richest first: ``w5 31%▲``, ``w5▲``, ``31%▲`` (its name
before its share: a class follows the weights by their w-numbers)."""


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


def weight_class(w: float) -> int:
    """0 light, 1 medium, 2 heavy: the line weight of an edge of weight ``w``."""
    size = abs(w)
    return 0 if size < LIGHT or not math.isfinite(size) else (1 if size < HEAVY else 2)


def sign_of(w: float) -> str:
    """``+``, ``-`` or ``0``: an edge's sign (``0`` for exactly zero or not a number)."""
    return "+" if w > 0 else ("-" if w < 0 else "0")


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
    moved: Network | None = None
    """The weights now, when they moved since ``network`` made the guess (after b): each
    edge and bias drawn is still ``network``'s, marked with the way it moved."""

    def mark(self, layer: int, i: int, j: int) -> str:
        """▲ / ▼: how weight (``i`` >= 0) or bias (``i`` < 0) ``j`` of ``layer`` moved since."""
        if self.moved is None:
            return ""
        was, now = (self.network, self.moved)
        if i < 0:
            return moved_mark(float(was.biases[layer][j]), float(now.biases[layer][j]), self.ascii)
        return moved_mark(
            float(was.weights[layer][i, j]), float(now.weights[layer][i, j]), self.ascii
        )

    def edge(self, layer: int, i: int, j: int, w: float, named: bool) -> tuple[int, str, str, str]:
        """An edge's weight class, sign, style and label (``named``: with w1 ..): by its
        weight, or (blamed) by its share of the blame and the way its weight will move."""
        name = weight_name(self.network.layer_sizes, layer, i, j) if named else ""
        blamed = None if self.blame is None else self.blame.get((layer, i, j))
        if blamed is None:
            sign = sign_of(w)
            mark = "−" if sign == "-" and not self.ascii else sign
            moved = self.mark(layer, i, j)
            return weight_class(w), sign, style_of(w), f" {mark}{name}{moved} "
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
                value = float(self.network.biases[layer - 1][j])
                bias = Bias(bias_name(sizes, layer - 1, j), value, self.mark(layer - 1, -1, j))
                z = None if tr is None else float(tr.z[layer - 1][0, j])
                a = None if tr is None else float(tr.a[layer][0, j])
                if layer == len(sizes) - 1:
                    many = size > 1
                    column.append(
                        output_block(names[layer][j], a, z, bias, self.soft, many, level, ascii)
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
    moved: Network | None = None,
) -> Picture | None:
    """The network in ``width`` x ``height`` cells, or None when it does not fit.

    ``trace``: the forward pass of one student (sample 0) whose values the nodes show
    (None: none yet; ``inputs``, the scaled inputs (n_inputs,), still show). ``labels``:
    the features' names. ``notes``: lines (the votes) to write under the output node when
    they fit. ``soft``: outputs as numbers (a worked example), not P(pass). ``blame``: the
    edges that show their share of the blame and direction instead of their sign (in the
    richest of ``BLAME_WORDS`` that fits); ``level``: only that one of ``LEVELS``.
    ``moved``: the weights now, when an update moved them since ``network`` made ``trace``
    (after b): the picture stays ``network``'s, every number its own, and each edge and bias
    is marked ▲ / ▼ with the way it moved.
    """
    xs = None if inputs is None else tuple(float(v) for v in np.asarray(inputs).ravel())
    levels = list(enumerate(LEVELS)) if level is None else [(level, LEVELS[level])]
    for words in BLAME_WORDS if blame else BLAME_WORDS[:1]:
        shown = _Shown(network, trace, xs, labels, soft, ascii, blame, words, moved)
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
    for e, (layer, i, j, (_, _, style, text)) in enumerate(edges):
        lo, hi = lefts[layer] + widths[layer], lefts[layer + 1] - 1
        labels.append((e, text, style, _own_rows(paths[e], anchors, layer, i, j), lo, hi))
    for k, gap in enumerate(gaps):  # give up at once where the labels cannot all fit
        cells = sum(len(text) - 1 for e, text, *_ in labels if edges[e][0] == k)
        if cells > CROWDED * (gap - 2) * height:
            return None
    if not place_labels(canvas, labels):
        return None
    return canvas.rows(), tuple(lefts)


def _own_rows(
    path: list[tuple[int, int, str]], anchors: list[list[tuple[int, int]]], *edge: int
) -> list[tuple[int, int, str]]:
    """The cells of edge ``(layer, i, j)``'s path its label may be centred on: none on the
    row of another node of the gap's two layers (``i2 0.86 w3 2%▲`` reads as i2's weight)."""
    layer, i, j = edge
    others = {r for k, (r, _) in enumerate(anchors[layer]) if k != i}
    others |= {r for k, (r, _) in enumerate(anchors[layer + 1]) if k != j}
    others -= {anchors[layer][i][0], anchors[layer + 1][j][0]}
    return [cell for cell in path if cell[0] not in others]
