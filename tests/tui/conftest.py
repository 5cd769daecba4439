"""Shared set-up for the screen's tests: the app on the bundled students, fixed seed."""

from __future__ import annotations

import functools

import pytest
import textual._wait
import textual.app
import textual.pilot

from tui.app import SimulatorApp
from tui.cli import build_parser
from tui.launch import build_app


def make_app(*argv: str) -> SimulatorApp:
    """The simulator as ``passfail-tui ARGV`` would open it (not yet running)."""
    return build_app(build_parser().parse_args(list(argv)))


IDLE_CHECK = 0.002
"""Seconds between the pilot's checks for an idle process (Textual's default is 0.02)."""

IDLE_WAIT = 0.05
"""Longest the pilot waits, in seconds, for the process to go idle (Textual's default is 1)."""


@pytest.fixture(autouse=True)
def brief_idle_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the pilot move on as soon as the app has handled a key, not 40 ms to 2 s later.

    After each key (and in ``pause()``) the pilot waits for the process to stop using the CPU,
    checking every 0.02 s for up to 1 s: two checks a key at least, and a run at full speed
    never stops, so every key pressed during a run cost 2 s. The pilot still waits for every
    message queue of the screen to drain (``_wait_for_screen``), so a key has been handled
    when ``press`` returns; the app's only worker, the run, yields to keys every few ms.
    """
    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", IDLE_CHECK)
    brief = functools.partial(textual._wait.wait_for_idle, max_sleep=IDLE_WAIT)
    for module in (textual.app, textual.pilot):
        monkeypatch.setattr(module, "wait_for_idle", brief)
