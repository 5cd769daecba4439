"""A grid of styled text cells, and straight lines drawn in it with box-drawing glyphs.

The network picture (``tui.picture``) draws its edges here. A line's weight class (0 light,
1 medium, 2 heavy) picks a dotted, thin or heavy glyph; its sign a solid (+) or dashed (−)
one; ASCII mode uses ``.`` ``-`` ``=`` with ``/ \\`` diagonals. No Textual import.
"""

from __future__ import annotations

Run = tuple[str, str]
"""Some text and its style (a key of ``tui.picture.STYLES``, or "" for none)."""

EMPTY, TEXT, STEM = -1, -2, -3
"""Owners of a cell that are not an edge (an edge owns a cell by its number, from 0)."""

LINES = {
    (1, "+"): ("─", "│"),
    (1, "-"): ("╌", "╎"),
    (2, "+"): ("━", "┃"),
    (2, "-"): ("╍", "╏"),
}
"""Horizontal and vertical glyphs by (weight class, sign); light lines are dotted ``·``."""

ASCII_LINES = {1: ("-", "|"), 2: ("=", "#")}
"""The same in ASCII (light: ``.``); a sign shows by its marker and colour only."""


class Canvas:
    """``height`` rows of ``width`` cells: a character, a style and an owner each."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.owner = [[EMPTY] * width for _ in range(height)]

    def put(self, r: int, x: int, text: str, style: str, owner: int = TEXT) -> None:
        """Write ``text`` from (row r, column x) rightwards; cells outside are dropped."""
        for k, ch in enumerate(text):
            if 0 <= r < self.height and 0 <= x + k < self.width:
                self.chars[r][x + k], self.styles[r][x + k] = ch, style
                self.owner[r][x + k] = owner

    def put_runs(self, r: int, x: int, runs: list[Run]) -> None:
        """Write styled runs one after another from (r, x)."""
        for text, style in runs:
            self.put(r, x, text, style)
            x += len(text)

    def rows(self) -> tuple[tuple[Run, ...], ...]:
        """Each row as runs of equal style."""
        out = []
        for chars, styles in zip(self.chars, self.styles):
            runs: list[Run] = []
            for ch, st in zip(chars, styles):
                if runs and runs[-1][1] == st:
                    runs[-1] = (runs[-1][0] + ch, st)
                else:
                    runs.append((ch, st))
            out.append(tuple(runs))
        return tuple(out)


def line_cells(r0: int, r1: int, xa: int, xb: int) -> list[tuple[int, int, str]]:
    """The cells of a straight line from (r0, xa) to (r1, xb): (row, column, kind), kind
    ``h`` (horizontal), ``v`` (vertical), ``u`` (rising) or ``d`` (falling); one cell a
    column where the line is flat, one a row where it is steep."""
    turn = "d" if r1 > r0 else "u"
    if abs(r1 - r0) <= xb - xa:
        rows = [r0 + round((r1 - r0) * (x - xa) / max(xb - xa, 1)) for x in range(xa, xb + 1)]
        return [
            (r, xa + k, turn if k + 1 < len(rows) and rows[k + 1] != r else "h")
            for k, r in enumerate(rows)
        ]
    step, span = (1 if r1 > r0 else -1), abs(r1 - r0)
    cols = [xa + round((xb - xa) * k / span) for k in range(span + 1)]
    return [
        (r0 + step * k, x, turn if k + 1 < len(cols) and cols[k + 1] != x else "v")
        for k, x in enumerate(cols)
    ]


def glyph(kind: str, weight_class: int, sign: str, ascii: bool) -> str:
    """The character for one cell of a line (``kind`` as ``line_cells`` gives it)."""
    if weight_class == 0:
        return "." if ascii else "·"
    if ascii:
        h, v = ASCII_LINES[weight_class]
        return {"h": h, "v": v, "u": "/", "d": "\\"}[kind]
    h, v = LINES[(weight_class, "-" if sign == "-" else "+")]
    return {"h": h, "v": v, "u": "╱", "d": "╲"}[kind]


FREE, SOFT, HARD = 0, 1, 2
"""What a label left in a cell: nothing, its padding space (which the padding of another
label may share), or its text."""


def fits(canvas: Canvas, taken: list[list[int]], r: int, start: int, label: str) -> bool:
    """Whether ``label`` may be written from (r, start): over no text; its spaces may share
    another label's spaces, its other characters nothing (``taken``)."""
    for c, ch in enumerate(label, start):
        if canvas.owner[r][c] == TEXT or taken[r][c] == HARD or (ch != " " and taken[r][c]):
            return False
    return True


def label_spots(
    canvas: Canvas,
    taken: list[list[int]],
    path: list[tuple[int, int, str]],
    edge: int,
    label: str,
    lo: int,
    hi: int,
) -> list[tuple[float, int, int]]:
    """Where edge ``edge``'s ``label`` may go, as (cost, row, first column): centred on a
    cell of its own ``path``, inside columns lo..hi, where it ``fits``. The cost counts
    other edges' cells covered, then the distance from the middle."""
    spots: list[tuple[float, int, int]] = []
    xs = [x for _, x, _ in path]
    mid = (min(xs) + max(xs)) / 2 if xs else 0.0
    length = len(label)
    for r, x, kind in path:
        start = x - length // 2
        if start < lo or start + length - 1 > hi or not fits(canvas, taken, r, start, label):
            continue
        cells = range(start, start + length)
        covered = sum(1 for c in cells if canvas.owner[r][c] not in (EMPTY, edge))
        spots.append((covered * 4 + abs(x - mid) + (0.0 if kind == "h" else 0.5), r, start))
    return spots


def place_labels(
    canvas: Canvas,
    labels: list[tuple[int, str, str, list[tuple[int, int, str]], int, int]],
) -> bool:
    """Write each ``(edge, label, style, path, lo, hi)`` on its edge (see ``label_spots``),
    the edge with the fewest places left first; False when one finds none."""
    taken = [[FREE] * canvas.width for _ in range(canvas.height)]
    spots = {
        k: label_spots(canvas, taken, p, e, text, lo, hi)
        for k, (e, text, _, p, lo, hi) in enumerate(labels)
    }
    while spots:
        k = min(spots, key=lambda k: (len(spots[k]), k))
        if not spots[k]:
            return False
        _, r, x = min(spots.pop(k))
        _, text, style, _, _, _ = labels[k]
        canvas.put(r, x, text, style)
        for c, ch in enumerate(text, x):
            taken[r][c] = max(taken[r][c], SOFT if ch == " " else HARD)
        for j, options in spots.items():  # the places on this row may be gone
            label = labels[j][1]
            spots[j] = [o for o in options if o[1] != r or fits(canvas, taken, r, o[2], label)]
    return True
