"""The tour's keys while its screens are swapped (a step opening another view).

Between popping one box (and the view beneath it) and pushing the next, the screen on top is
a view or the simulator: an enter there would be the view's own (the error landscape's enter
takes a step, at the alpha the tour has just doubled), and a key to the simulator is lost.
Mixed into the App, ``TourKeys`` holds the tour's keys for the next box meanwhile and drops
the rest (q still quits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.events import Key

if TYPE_CHECKING:
    from tui.tour import Tour

TOUR_KEYS = {"enter": "next", "right": "next", "left": "previous", "escape": "leave"}
"""The tour box's keys by Textual key name, as its ``key`` action names them."""


class TourKeys:
    """Mixed into the App: keys wait for the tour's next box while its screens change."""

    touring: Tour | None = None
    """The tour on screen (set by its box, cleared when it closes)."""

    def on_key(self, event: Key) -> None:
        """A key no screen took (bindings come after this): held or dropped mid-swap."""
        tour = self.touring
        if tour is None or not tour.changing or event.key == "q":
            return
        if event.key in TOUR_KEYS:
            tour.keys.append(TOUR_KEYS[event.key])
        event.prevent_default()
        event.stop()
