"""The loss chart's arithmetic, without Textual or plotext: where an epoch sits on the x axis,
which records to plot, the epoch ticks and the glyphs each series is drawn with.

Epochs go on a log scale, ``x = log10(1 + epoch)``: epoch 0 (the random start) sits at 0,
and the first ten epochs (where most of the drop happens) take as much room as the next ninety,
so a whole run shows its early drop instead of squeezing it into the first column.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def epoch_x(epoch: float) -> float:
    """Where ``epoch`` sits on the log-scaled x axis (epoch 0 at 0, 9 at 1, 99 at 2)."""
    return math.log10(1.0 + max(epoch, 0.0))


def sample(items: Sequence[T], points: int, key: Callable[[T], float]) -> list[T]:
    """About ``points`` of ``items`` (sorted by ``key``), evenly spaced in ``key``; always
    the first and the last. Reads only ~``points`` x log(n) items, so a history of a million
    epochs costs no more than one of a thousand."""
    n = len(items)
    if n <= points or points < 2:
        return list(items)
    low, high = key(items[0]), key(items[-1])
    picked: list[int] = []
    for k in range(points):
        target = low + (high - low) * k / (points - 1)
        i = min(bisect_left(items, target, key=key), n - 1)
        if i > 0 and target - key(items[i - 1]) < key(items[i]) - target:
            i -= 1
        if not picked or i > picked[-1]:
            picked.append(i)
    if picked[-1] != n - 1:
        picked.append(n - 1)
    return [items[i] for i in picked]


def short_epoch(epoch: int) -> str:
    """An epoch as a tick label: 950, 1k, 20k, 1M."""
    for size, unit in ((1_000_000, "M"), (1_000, "k")):
        if epoch >= size and epoch % (size // 10) == 0:
            text = f"{epoch / size:.1f}".removesuffix(".0")
            return f"{text}{unit}" if len(text) <= 3 else f"{epoch // size}{unit}"
    return str(epoch)


def epoch_ticks(first: int, last: int, columns: int) -> list[int]:
    """Epochs to label on a log axis ``columns`` wide: the first, the last, the powers of ten
    between and, where there is more room, 5 and 2 times them."""
    if last <= first:
        return [first]
    per_column = (epoch_x(last) - epoch_x(first)) / max(columns, 1)

    def fits(tick: int, ticks: list[int], apart: int) -> bool:
        room = apart + len(short_epoch(tick))
        return all(abs(epoch_x(tick) - epoch_x(t)) >= room * per_column for t in ticks)

    ticks = [first, last]
    for steps, apart in (((1,), 3), ((5, 2), 6)):
        for step in steps:
            power = 1
            while step * power < last:
                tick = step * power
                if tick > first and fits(tick, ticks, apart):
                    ticks.append(tick)
                power *= 10
    return sorted(ticks)


def dotted(x: Sequence[float], y: Sequence[float], dots: int) -> tuple[list[float], list[float]]:
    """``dots`` points evenly spaced along the line through (``x``, ``y``): drawn as separate
    markers they make a dotted line, told apart from a solid one without colour."""
    if not x:
        return [], []
    if len(x) == 1 or dots < 2:
        return [x[-1]], [y[-1]]
    xs = [x[0] + (x[-1] - x[0]) * k / (dots - 1) for k in range(dots)]
    ys: list[float] = []
    j = 0
    for xv in xs:
        while j < len(x) - 2 and x[j + 1] < xv:
            j += 1
        x0, x1 = x[j], x[j + 1]
        t = 0.0 if x1 == x0 else min(max((xv - x0) / (x1 - x0), 0.0), 1.0)
        ys.append(y[j] + (y[j + 1] - y[j]) * t)
    return xs, ys


@dataclass(frozen=True)
class SeriesGlyphs:
    """How each series is drawn: plotext markers and the legend's samples of them.

    Training is a solid line, held-out a dotted one (markers spaced apart), the kept epoch a
    column of its own marker: told apart by shape as well as colour, so NO_COLOR and ASCII keep
    them distinct. In ASCII none of them is ``| - +`` (the axes) or a digit (the ticks).
    """

    train: str
    held_out: str
    kept: str
    focus: str
    threshold: str
    legend_train: str
    legend_held_out: str
    legend_kept: str
    legend_focus: str


UNICODE_GLYPHS = SeriesGlyphs(
    train="braille",
    held_out="•",
    kept="┊",
    focus="braille",
    threshold="·",
    legend_train="⠒⠒",
    legend_held_out="• •",
    legend_kept="┊",
    legend_focus="⠒⠒",
)
ASCII_GLYPHS = SeriesGlyphs(
    train="*",
    held_out="o",
    kept=":",
    focus="*",
    threshold=".",
    legend_train="**",
    legend_held_out="o o",
    legend_kept=":",
    legend_focus="**",
)
AXIS_GLYPHS = frozenset("|-+") | frozenset("─│┌┐└┘┬┴┤├┼")
"""What plotext draws the frame and ticks with (ASCII after transliteration)."""


def series_glyphs(ascii: bool) -> SeriesGlyphs:
    """The glyphs for an ASCII-only or a Unicode terminal."""
    return ASCII_GLYPHS if ascii else UNICODE_GLYPHS
