"""Pacing a run: how many epochs are due at the chosen speed, how long to wait for the next,
and the speed measured over the last half second. No Textual import, no asyncio."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Pacer:
    """The run's pace at a fixed speed (since when, epochs since) and its measured speed."""

    rate: int | None = None
    since: float = 0.0
    epochs: int = 0
    window_start: float = 0.0
    window_epochs: int = 0
    measured: float | None = None
    """Epochs a second over the last half second (None until half a second has passed)."""

    @classmethod
    def starting(cls, now: float) -> Pacer:
        """A fresh pace for a run starting at ``now`` (perf_counter seconds)."""
        return cls(window_start=now)

    def due(self, rate: int | None, now: float) -> int | None:
        """Epochs due at ``now`` at ``rate`` a second (None: as many as time allows)."""
        if rate is None:
            return None
        if self.rate != rate:
            self.rate, self.since, self.epochs = rate, now, 0
        return int(rate * (now - self.since)) + 1 - self.epochs

    def ran(self, epochs: int, due: int | None, now: float) -> float | None:
        """Count ``epochs`` run by ``now``; the seconds to wait before the next is due
        (None: none is waited for, just yield to the keys)."""
        self.epochs += epochs
        self.window_epochs += epochs
        if now - self.window_start >= 0.5:
            self.measured = self.window_epochs / (now - self.window_start)
            self.window_start, self.window_epochs = now, 0
        if self.rate is None or due is None or epochs < due:
            return None
        return max(0.0, self.since + self.epochs / self.rate - now)


@dataclass
class DrawPacer:
    """When a run redraws: at most ``fps`` times a second and, while the run is bound by the
    machine, only once the screen (drawing, rendering, keys) has had at most ``share`` of the
    time since the last redraw, so a slow frame (a busy machine) means fewer frames, not
    fewer epochs. No clock of its own: the caller passes the times."""

    fps: float
    share: float
    last: float = 0.0
    busy: float = 0.0
    """Seconds the screen has had since the last redraw (its own drawing included)."""

    def spent(self, seconds: float) -> None:
        """The screen had ``seconds`` between two chunks of epochs."""
        self.busy += seconds

    def due(self, now: float) -> bool:
        """Whether a redraw at ``now`` keeps within the frame rate and the screen's share."""
        since = now - self.last
        return since >= 1.0 / self.fps and self.busy <= self.share * since

    def drew(self, now: float) -> None:
        """A redraw starts at ``now``: the screen's time counts afresh from here."""
        self.last, self.busy = now, 0.0
