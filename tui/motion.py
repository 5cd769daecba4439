"""The picture's motion after f and b, as data: what each edge says during the blame, and
when each frame is due. No Textual.

After f the values light up left to right (the guessing game). After b the blame flows right
to left, gap by gap from the output: each edge shows its share of the blame (its slope's size
over the sum of all of them, as ``engine.explain.blame`` counts it) and which way its weight
will move (▲ up where the slope is negative, ▼ down where it is positive), its line as heavy
as its share; then the weights change. The frames are due on the app's own clock (the
autoplay's), all within ``MOTION`` seconds: less than one autoplay beat (``MIN_BEAT``), so a
motion played inside a beat ends before the beat does.
"""

from __future__ import annotations

from engine.explain import ParameterBlame, blame
from engine.trainer import StepResult, Trainer
from tui.autoplay import MIN_BEAT, STUDENT_PACES, beat_seconds

MOTION = 0.36
"""Seconds from a motion's first frame to its last (the issue allows at most 0.4)."""

assert MOTION < MIN_BEAT  # a motion inside an autoplay beat never makes the beat longer

EdgeBlame = dict[tuple[int, int, int], tuple[float, float, float]]
"""Each blamed edge, by (layer, from node, to node): its share of the blame, its slope and
the largest share of any edge (its line is as heavy as its share beside that one)."""

BIG, SMALL = 0.5, 0.15
"""A blamed edge draws heavy from ``BIG`` of the largest edge's share, dotted below ``SMALL``."""


def edge_blame(rows: list[ParameterBlame], from_layer: int = 0) -> EdgeBlame:
    """The weights' rows of ``rows`` (biases have no edge) from layer ``from_layer`` on:
    the blame reached only the gaps right of it so far."""
    top = max((r.share for r in rows if r.row >= 0), default=0.0)
    return {
        (r.layer, r.row, r.col): (r.share, r.gradient, top)
        for r in rows
        if r.row >= 0 and r.layer >= from_layer
    }


def step_blame(trainer: Trainer, step: StepResult) -> list[ParameterBlame]:
    """The blame of ``b``'s step: each parameter's slope for that student and its share
    (the same rows the math view and the autoplay's blame beat show)."""
    y = trainer.y[step.row : step.row + 1]
    loss, biases = trainer.config.loss, trainer.config.update_biases
    return blame(step.before, step.trace, step.grads, step.after, loss, y, 0, biases)


def direction_mark(gradient: float, ascii: bool = False) -> str:
    """Which way the weight will move: ▲ up (slope < 0), ▼ down (slope > 0), = neither."""
    if gradient < 0:
        return "^" if ascii else "▲"
    if gradient > 0:
        return "v" if ascii else "▼"
    return "="


def share_text(share: float) -> str:
    """A share of the blame in a few cells: ``31%``, ``<1%`` for a sliver."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def blame_line(share: float, gradient: float, top: float) -> tuple[int, str]:
    """How a blamed edge is drawn, as (weight class, sign) in the picture's terms: as heavy
    as its share beside ``top``, the largest edge's (heavy from ``BIG`` of it, dotted below
    ``SMALL``); its sign the way the weight will move (+ up: solid, − down: dashed)."""
    size = share / top if top > 0 else 0.0
    weight_class = 2 if size >= BIG else (1 if size >= SMALL else 0)
    return weight_class, "+" if gradient < 0 else ("-" if gradient > 0 else "0")


def frame_times(frames: int, start: float, seconds: float = MOTION) -> list[float]:
    """When each of ``frames`` frames is due: the first at ``start``, the last ``seconds``
    after it, the rest evenly between."""
    if frames <= 1:
        return [start] * frames
    return [start + seconds * k / (frames - 1) for k in range(frames)]


def may_move(running: bool, speed: int) -> bool:
    """Whether the picture may move now: when still, or inside the beats of an autoplay
    pace slow enough for them (never during a run of epochs or whole steps)."""
    if not running:
        return True
    return speed < 0 and beat_seconds(STUDENT_PACES[speed]) is not None
