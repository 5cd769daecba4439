"""Keys that do nothing say so: a simulator key pressed over a view (or the tour) that does
not use it gets one short line saying where it works and how to get there, and the view
stays as it was."""

from __future__ import annotations

import time
from typing import Any, ClassVar, cast

from textual.events import Key
from textual.screen import Screen

from tui.keys import KEYS
from tui.widgets.pane import esc

ELSEWHERE = {key: k for k in KEYS for key in k.keys.split(",")}
"""The simulator's keys by Textual key name."""

NOTICE = 3.0
"""Seconds the line stays (the same line is not stacked again meanwhile)."""


class SaysWhereKeysWork:
    """Mixed into a screen over the simulator: its unbound simulator keys say where they work."""

    ELSEWHERE_TEXT: ClassVar[str] = "{key} works on the main screen: esc goes back"
    """What an unbound simulator key says (``{key}`` as help shows it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._noticed: dict[str, float] = {}
        """When each line was last shown."""

    def elsewhere(self, key: str) -> str:
        """The line for simulator key ``key`` (its Textual name; plain text)."""
        return self.ELSEWHERE_TEXT.format(key=ELSEWHERE[key].shown)

    def on_key(self, event: Key) -> None:
        """A simulator key that nothing here binds: say where it works (a screen that handles
        a key itself calls ``prevent_default``, so this does not run)."""
        screen = cast(Screen[Any], self)
        if event.key not in ELSEWHERE or event.key in screen.active_bindings:
            return
        text, now = self.elsewhere(event.key), time.monotonic()
        if text not in self._noticed or now - self._noticed[text] >= NOTICE:
            self._noticed[text] = now
            screen.notify(esc(text), timeout=NOTICE)
