"""Network pane: the picture of the network (``tui.picture``) and each hidden node's vote.

It takes the Weights pane's place on the main screen. It draws at whatever size it is
given and redraws when resized; when the network does not fit it says so in one line and
posts ``PicturePane.Fitted(False)`` so the App can show the weights table instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import partial

import numpy as np
from numpy.typing import ArrayLike
from textual.content import Content
from textual.message import Message
from textual.timer import Timer

from engine.network import ForwardTrace, Network
from tui.picture import Picture, draw_network, vote_lines
from tui.widgets.pane import Pane

MOTION = 0.36
"""Seconds the motion after f or b takes (the issue allows at most 0.4)."""


class PicturePane(Pane):
    """Nodes with their values, every weight an edge (sign by colour, marker and dash;
    size by line weight), and the votes beside the output."""

    TITLE = "Network"

    DEFAULT_CSS = """
    PicturePane {
        height: 1fr;
    }
    PicturePane > .pane-body {
        text-wrap: nowrap;
    }
    """

    class Fitted(Message):
        """Whether the picture fits the pane (posted when that changes)."""

        def __init__(self, fits: bool) -> None:
            super().__init__()
            self.fits = fits

    shown: tuple[Network, ForwardTrace | None, tuple[str, ...], tuple[float, ...], bool] | None = (
        None
    )
    """What was last shown (the arguments of ``show``), to redraw at a new size."""

    fits: bool | None = None
    """Whether the last drawing fitted (None before the pane had a size)."""

    picture: Picture | None = None
    """The last drawing (None when it did not fit)."""

    _parts: tuple[tuple[str, str], ...] = ()
    _plain = ""
    _below: list[tuple[str, str]] = []  # noqa: RUF012 (reassigned, never changed in place)
    _frames: list[tuple[int, int]] = []  # noqa: RUF012
    _timer: Timer | None = None

    def on_resize(self) -> None:
        """The picture is laid out for the pane's size."""
        if self.shown is not None:
            self.show(*self.shown)

    def show(
        self,
        network: Network,
        trace: ForwardTrace | None,
        feature_names: Sequence[str],
        inputs: ArrayLike,
        soft: bool = False,
        room: tuple[int, int] = (0, 0),
    ) -> None:
        """``trace``: the forward pass shown (None before any); ``inputs``: the current
        student's scaled grades (n_inputs,); ``soft``: outputs with soft targets; ``room``:
        the cells to draw in while the pane is hidden (it has no size then)."""
        xs = tuple(float(v) for v in np.asarray(inputs, dtype=np.float64).ravel())
        self.shown = (network, trace, tuple(feature_names), xs, soft)
        region = self.scrollable_content_region
        width, height = (region.width, region.height) if region.area else room
        if width <= 0 or height <= 0:
            return
        notes = () if trace is None else vote_lines(network, trace, soft, self.ascii)
        draw = partial(
            draw_network,
            network,
            trace,
            inputs=xs,
            labels=tuple(feature_names),
            soft=soft,
            ascii=self.ascii,
        )
        picture = draw(width, height, notes=notes)
        below = ""
        if picture is not None and trace is not None and notes and not picture.notes_placed:
            short = vote_lines(network, trace, soft, self.ascii, short=True)
            lines = textwrap.wrap("votes " + " · ".join(short), width) or [""]
            shorter = draw(width, height - len(lines))
            if shorter is not None:
                picture, below = shorter, "\n".join(lines)
        self.picture = picture
        fits = picture is not None
        if fits != self.fits:
            self.fits = fits
            self.post_message(self.Fitted(fits))
        if picture is None:
            sizes = "-".join(str(s) for s in network.layer_sizes)
            self.border_subtitle = ""
            self.set_text(f"[$text-muted]a {sizes} network does not fit here: W shows the table[/]")
            return
        self.border_subtitle = "" if trace is not None else "f makes the guess"
        self._below = [("\n", ""), (below, "$text-muted")] if below else []
        self._show_parts(picture.parts() + self._below)

    def play(self, story: str) -> None:
        """The motion: after f ("forward") the values light up layer by layer, left to
        right (the guessing game); after b ("blame") right to left. Under ``MOTION``
        seconds; the next ``show`` (any key redraws) finishes it at once."""
        picture = self.picture
        if picture is None or len(picture.columns) < 2:
            return
        starts = list(picture.columns[1:])
        end = 1 << 30
        if story == "forward":
            frames = [(0, x) for x in starts] + [(0, end)]
        else:
            frames = [(x, end) for x in reversed(starts)] + [(0, end)]
        self._frames = frames
        self._motion_frame()
        self._timer = self.set_interval(MOTION / len(frames), self._motion_frame)

    def _motion_frame(self) -> None:
        if self.picture is None or not self._frames:
            self._stop_motion()
            return
        lit = self._frames.pop(0)
        self._show_parts(self.picture.parts(lit) + self._below, moving=True)
        if not self._frames:
            self._stop_motion()

    def _stop_motion(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer, self._frames = None, []

    def _show_parts(self, parts: list[tuple[str, str]], moving: bool = False) -> None:
        """Show styled parts (not markup: see ``Picture.parts``); nothing when unchanged.
        Any drawing but the motion's own ends the motion."""
        if not moving:
            self._stop_motion()
        if tuple(parts) == self._parts:
            return
        content = Content.assemble(*parts)
        plain = content.plain.split("\n")
        shape = (len(plain), max(len(line) for line in plain))
        self._body.update(content, layout=shape != self._shape)  # a new layout costs a frame
        self._parts, self._markup, self._plain = tuple(parts), "", content.plain
        self._shape = shape

    def set_text(self, markup: str) -> None:
        """Show content markup (the one-line notes)."""
        self._stop_motion()
        super().set_text(markup)
        self._parts, self._plain = (), Content.from_markup(markup).plain

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return self._plain
