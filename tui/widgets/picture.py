"""Network pane: the picture of the network (``tui.picture``) and each hidden node's vote.

It takes the Weights pane's place on the main screen. It draws at whatever size it is
given and redraws when resized; when the network does not fit it says so in one line and
posts ``PicturePane.Fitted(False)`` so the App can show the weights table instead.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from numpy.typing import ArrayLike
from textual.content import Content
from textual.message import Message
from textual.timer import Timer

from engine.explain import ParameterBlame
from engine.network import ForwardTrace, Network
from tui.motion import MOTION, edge_blame, frame_times
from tui.picture import Picture, draw_network, vote_lines
from tui.widgets.pane import Pane

Parts = list[tuple[str, str]]
"""Styled text for ``Content.assemble`` (see ``Picture.parts``)."""

STALE_SAYS = "old weights & guess · ▲▼ moved since"
"""The subtitle after b (or an edit in w): the picture is the network that made the guess
shown (the weights before the update), every number its own; ▲ / ▼ mark how each weight and
bias has moved since (W shows the new weights). Whole at 80x24: at most 37 cells."""

BLAME_SAYS = "blame: share, ▲ up ▼ down"
"""The pane's subtitle while the edges show the blame."""


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

    shown: (
        tuple[
            Network,
            ForwardTrace | None,
            tuple[str, ...],
            tuple[float, ...],
            bool,
            list[ParameterBlame] | None,
        ]
        | None
    ) = None
    """What was last shown (the arguments of ``show``), to redraw at a new size."""

    fits: bool | None = None
    """Whether the last drawing fitted (None before the pane had a size)."""

    guess_net: Network | None = None
    """The network that made the guess shown: its votes (None: the network drawn)."""

    picture: Picture | None = None
    """The last drawing (None when it did not fit)."""

    clock: Callable[[], float] = time.perf_counter
    """The clock the motion's frames are due on (the App hands it the autoplay's)."""

    motion_end: float | None = None
    """When (on ``clock``) the motion playing shows its last frame; None when still."""

    _parts: tuple[tuple[str, str], ...] = ()
    _plain = ""
    _below: Parts = []  # noqa: RUF012 (reassigned, never changed in place)
    _still: tuple[Parts, str] = ([], "")
    _frames: list[tuple[float, Parts, str]] = []  # noqa: RUF012
    _timer: Timer | None = None
    _story: tuple[str, list[ParameterBlame] | None, Network | None, float, float | None] = (
        "",
        None,
        None,
        MOTION,
        None,
    )

    def on_resize(self) -> None:
        """The picture is laid out for the pane's size (and so is a motion playing, on
        its own schedule)."""
        story = self._story if self._frames else None
        if self.shown is not None:
            self.show(*self.shown)
        if story is not None:
            self.play(*story)

    def show(
        self,
        network: Network,
        trace: ForwardTrace | None,
        feature_names: Sequence[str],
        inputs: ArrayLike,
        soft: bool = False,
        blame: list[ParameterBlame] | None = None,
        room: tuple[int, int] = (0, 0),
        guess_net: Network | None = None,
    ) -> None:
        """``trace``: the forward pass shown (None before any); ``inputs``: the current
        student's scaled grades (n_inputs,); ``soft``: outputs with soft targets; ``blame``:
        each parameter's share of the blame, for the edges to show (the autoplay's blame
        beat); ``room``: the cells to draw in while the pane is hidden (it has no size then);
        ``guess_net``: the network that made ``trace`` (its votes; None: ``network``)."""
        if guess_net is not None or trace is None:
            self.guess_net = guess_net
        xs = tuple(float(v) for v in np.asarray(inputs, dtype=np.float64).ravel())
        self.shown = (network, trace, tuple(feature_names), xs, soft, blame)
        region = self.scrollable_content_region
        width, height = (region.width, region.height) if region.area else room
        if width <= 0 or height <= 0:
            return
        picture, below = self._draw(network, trace, (width, height), blame)
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
        said = BLAME_SAYS if blame else ("" if trace is not None else "f makes the guess")
        if not said and self.guess_net is not None and self.guess_net is not network:
            said = STALE_SAYS  # after b: the old weights and their guess, how they moved marked
        self._below = [("\n", ""), (below, "$text-muted")] if below else []
        still = (picture.parts() + self._below, said)
        if self._frames and still == self._still:
            return  # the same picture again (a redraw, a resize to the same size): it goes on
        self._still = still
        self._show_parts(*still)

    def _draw(
        self,
        network: Network,
        trace: ForwardTrace | None,
        size: tuple[int, int],
        blame: list[ParameterBlame] | None,
        from_layer: int = 0,
        level: int | None = None,
    ) -> tuple[Picture | None, str]:
        """The picture at ``size`` and the votes' line below it when they fit only there;
        ``blame`` on the edges from layer ``from_layer`` on; ``level``: that layout only."""
        assert self.shown is not None
        _, _, names, xs, soft, _ = self.shown
        width, height = size
        if blame and level is None:  # the layout the weights have: no node moves
            plain, _ = self._draw(network, trace, size, None)
            level = None if plain is None else plain.level
        guessed = self.guess_net if trace is not None else None
        drawn = guessed or network  # after b the guess shown is the old weights': draw them
        moved = None if guessed is None or guessed is network or blame else network
        notes = () if trace is None else vote_lines(drawn, trace, soft, self.ascii)
        edges = None if not blame else edge_blame(blame, from_layer)
        draw = partial(
            draw_network,
            drawn,
            trace,
            inputs=xs,
            labels=names,
            soft=soft,
            ascii=self.ascii,
            blame=edges,
            level=level,
            moved=moved,
        )
        picture = draw(width, height, notes=notes)
        below = ""
        if picture is not None and trace is not None and notes and not picture.notes_placed:
            short = vote_lines(drawn, trace, soft, self.ascii, short=True)
            lines = textwrap.wrap("votes " + " · ".join(short), width) or [""]
            shorter = draw(width, height - len(lines))
            if shorter is not None:
                picture, below = shorter, "\n".join(lines)
        return picture, below

    def play(
        self,
        story: str,
        blame: list[ParameterBlame] | None = None,
        before: Network | None = None,
        seconds: float = MOTION,
        start: float | None = None,
    ) -> None:
        """The motion, ``seconds`` long on ``clock``. "forward" (after f): the values light
        up layer by layer, left to right (the guessing game). "blame": right to left, gap by
        gap from the output, each edge shows its share of ``blame`` and which way its weight
        will move, on the network ``before`` the update (None: the one shown); then the
        picture shown (the weights changed). ``finish_motion`` (a key), or a ``show`` of
        another picture, ends it at once. ``start``: when its first frame was due (now)."""
        self._stop_motion()
        picture, shown = self.picture, self.shown
        if picture is None or shown is None or len(picture.columns) < 2:
            return
        final, said = self._still
        frames: list[tuple[Parts, str]] = []
        if story == "forward":
            frames = [(picture.parts((0, x)) + self._below, said) for x in picture.columns[1:]]
        elif blame:
            network, trace = before or shown[0], shown[1]
            region = self.scrollable_content_region
            for k in reversed(range(len(picture.columns) - 1)):
                drawn, below = self._draw(
                    network, trace, (region.width, region.height), blame, k, picture.level
                )
                if drawn is not None and len(drawn.columns) == len(picture.columns):
                    lit = (drawn.columns[k] if k else 0, 1 << 30)
                    tail = [("\n", ""), (below, "$text-muted")] if below else []
                    frames.append((drawn.parts(lit) + tail, BLAME_SAYS))
        if not frames:
            return
        frames.append((final, said))
        start = self.clock() if start is None else start
        self._story = (story, blame, before, seconds, start)
        times = frame_times(len(frames), start, seconds)
        self._frames = [(t, parts, words) for t, (parts, words) in zip(times, frames)]
        self.motion_end = times[-1]
        self._motion_frame()
        if self._frames:
            self._timer = self.set_interval(seconds / len(times) / 2, self._motion_frame)

    @property
    def moving(self) -> bool:
        """Whether a motion is playing."""
        return bool(self._frames)

    def finish_motion(self) -> None:
        """A key was pressed: the motion's last frame at once."""
        if self._frames:
            _, parts, said = self._frames[-1]
            self._show_parts(parts, said)

    def _motion_frame(self) -> None:
        """The newest frame due by ``clock``; the motion ends with its last."""
        now = self.clock()
        due = [f for f in self._frames if f[0] <= now]
        if due:
            self._frames = self._frames[len(due) :]
            self._show_parts(due[-1][1], due[-1][2], moving=bool(self._frames))

    def _stop_motion(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer, self._frames, self.motion_end = None, [], None

    def _show_parts(self, parts: Parts, said: str, moving: bool = False) -> None:
        """Show styled parts (not markup: see ``Picture.parts``) and the subtitle; nothing
        when unchanged. Any drawing but the motion's own ends the motion."""
        if not moving:
            self._stop_motion()
        self.border_subtitle = said
        if tuple(parts) == self._parts:
            return
        content = Content.assemble(*parts)
        self.show_content(content)
        self._parts, self._markup, self._plain = tuple(parts), "", content.plain

    def set_text(self, markup: str) -> None:
        """Show content markup (the one-line notes)."""
        self._stop_motion()
        super().set_text(markup)
        self._parts, self._plain = (), Content.from_markup(markup).plain

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return self._plain
