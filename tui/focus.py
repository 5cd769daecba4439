"""The focus student: whose guess the screen keeps showing, and their P(pass) at each redraw
since they became the focus (the chart's third view). No Textual import."""

from __future__ import annotations

from dataclasses import dataclass, field

FOCUS_POINTS = 5000
"""Most samples kept: beyond, every other one is dropped (the chart shows about 100)."""


@dataclass
class FocusTrack:
    """The focus student's row and their (epoch, P(pass)) samples since they became it."""

    row: int
    points: list[tuple[int, float]] = field(default_factory=list)

    def follow(self, row: int) -> None:
        """A new focus student: their journey starts now (the old samples go)."""
        if row != self.row:
            self.row = row
            self.points = []

    def sample(self, epoch: int, probability: float) -> None:
        """Record the focus student's P(pass) at this redraw (a repeat of the last is skipped)."""
        if self.points and self.points[-1] == (epoch, probability):
            return
        self.points.append((epoch, probability))
        if len(self.points) > FOCUS_POINTS:
            self.points = self.points[::2] + (
                [self.points[-1]] if len(self.points) % 2 == 0 else []
            )

    def restart(self) -> None:
        """Clear the samples (the network was reset under the student)."""
        self.points = []
