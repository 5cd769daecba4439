"""The App's side of the picture's motion (``MotionKeys``, mixed into the App): which motion
plays after f, b and the autoplay's guess and blame beats, and a key finishing it at once.

The frames and their timing are ``tui/motion.py``'s and the pane's (``PicturePane.play``);
here is only when: never with ``--no-motion``, without a terminal to watch (tests and
snapshots, unless a test asks for it), in the quiz, or during a run of epochs or of whole
steps. At the slow autoplay paces it plays inside a beat, on the autoplay's clock, and ends
before the beat does (``MOTION`` < ``MIN_BEAT``).
"""

from __future__ import annotations

from typing import Protocol, cast

from textual import events
from textual.app import App

from tui.motion import may_move, step_blame
from tui.quiz import Quiz
from tui.simulation import Simulation
from tui.widgets.picture import PicturePane


class _Host(Protocol):
    """What ``MotionKeys`` uses of the App."""

    sim: Simulation
    quiz: Quiz
    motion: bool | None
    is_headless: bool


class MotionKeys:
    """Play the picture's motion after f and b and inside the autoplay's beats."""

    @property
    def motion_on(self) -> bool:
        """Whether the picture moves: ``motion`` if set (``--no-motion``: False), else
        when there is a terminal to watch."""
        host = cast(_Host, self)
        return host.motion if host.motion is not None else not host.is_headless

    def play(self, story: str) -> None:
        """``forward`` (after f, and the guess beat), ``blame`` (after b: the step just
        made) or ``blame beat`` (the autoplay's blame, before its update beat)."""
        host = cast(_Host, self)
        sim = host.sim
        if not self.motion_on or host.quiz.on or not may_move(sim.running, sim.speed):
            return
        pane = cast(App[int], self).screen_stack[0].query_one(PicturePane)
        pane.clock = sim.autoplay.clock
        if story == "forward":
            pane.play("forward")
        elif story == "blame" and sim.last_step is not None:
            step = sim.last_step
            pane.play("blame", step_blame(sim.trainer, step), step.before)
        elif story == "blame beat" and sim.autoplay.blame_shown:
            pane.play("blame", sim.autoplay.blame_shown)

    def play_beat(self) -> None:
        """The beat on screen: the guess lights up, the blame flows (the update shows)."""
        beat = cast(_Host, self).sim.autoplay.beat_name
        if beat in ("guess", "blame"):
            self.play("forward" if beat == "guess" else "blame beat")

    def finish_motion(self) -> None:
        """Every picture's motion to its last frame at once."""
        for screen in cast(App[int], self).screen_stack:
            for pane in screen.query(PicturePane):
                pane.finish_motion()

    async def on_event(self, event: events.Event) -> None:
        """A key pressed during a motion finishes it first (then does what it does)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.finish_motion()
        await super().on_event(event)  # type: ignore[misc]
