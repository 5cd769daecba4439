"""Screens that lay out at the terminal's current size only, never at a stale one.

A Textual 8.2.8 screen that lays out at a new size posts itself a ``Resize``. While the app
is in a batch update (the Footer's recompose, the palette's ``delay_update``), each layout
also queues a ``_compositor_refresh`` callback, so a screen's queued ``Resize`` events are
never next to each other and never merge. Two terminal sizes queued on one screen then lay it
out at one size, then the other, each posting itself again: forever. The screen's task never
yields (a queue with messages in it does not wait), so the batch never ends and nothing is
drawn: the key soak's freeze. A ``Resize`` for a size the terminal no longer has is dropped:
the App sends every screen the newest size after it has recorded it.
"""

from __future__ import annotations

from typing import cast

from textual import events
from textual.screen import Screen


class LatestSizeOnly:
    """Mixed into a Screen, before it: a ``Resize`` to a size the terminal no longer has
    does not reach the Screen's own handler (Textual calls each class's ``_on_resize`` in
    turn, down the MRO, until one prevents the default)."""

    async def _on_resize(self, event: events.Resize) -> None:
        app = cast(Screen[object], self).app
        if event.size != app.size:  # stale: the newest size is queued behind it
            event.stop()
            event.prevent_default()


class SimulatorScreen(LatestSizeOnly, Screen[None]):
    """The simulator's own screen (the bottom of the stack), as Textual's default one."""
