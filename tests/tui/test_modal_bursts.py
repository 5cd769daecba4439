"""Keys that arrive faster than a modal closes: a second Enter or Escape, already queued when
the first one closed the modal, must not close the screen beneath it (over the simulator:
``ScreenStackError``) nor answer twice.

The keys are posted to the App all at once, as a terminal delivers a burst, without the
pilot's wait after each key (``pilot.press`` lets the first close finish first).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.tui.conftest import make_app
from tui.app import SimulatorApp

SIZE = (100, 34)

CHARACTERS = {"enter": "\r", "escape": "\x1b"}

OPENERS = {
    "math": ["m"],
    "gradient check": ["g"],
    "save": ["ctrl+s"],
    "what if": ["w"],
    "landscape": ["l"],
    "decision map": ["d"],
    "predictions": ["p"],
    "export predictions": ["p", "x"],
    "evaluation": ["v"],
    "tour": ["t"],
    "help": ["question_mark"],
    "command palette": ["ctrl+p"],
}
"""Every modal and view, by the keys that open it."""

BURSTS = [
    ["enter", "enter"],
    ["escape", "escape"],
    ["enter", "escape", "enter", "escape"],
    ["escape", "enter", "escape", "enter", "enter"],
]


def burst(app: SimulatorApp, *keys: str) -> None:
    """Queue ``keys`` on the App in one go, as a terminal delivers a fast burst."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key)))


def main_screen_shown(app: SimulatorApp) -> bool:
    return app.is_running and len(app.screen_stack) >= 1 and app.screen_stack[0].id == "_default"


async def test_enter_enter_after_ctrl_s_saves_once_and_does_not_crash(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "model.json")
        burst(app, "enter", "enter")
        await pilot.pause()
        await pilot.pause()
        assert main_screen_shown(app) and len(app.screen_stack) == 1
        assert "saved the model" in app.message
        assert (tmp_path / "model.json").is_file()


async def test_enter_enter_in_the_palette_runs_the_command_once() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"help")
        await pilot.pause(0.3)  # the palette's search runs in a worker
        burst(app, "enter", "enter")
        await pilot.pause(0.3)
        await pilot.pause()
        assert main_screen_shown(app)
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HelpScreen"]


@pytest.mark.slow
@pytest.mark.parametrize("view", list(OPENERS))
async def test_enter_and_escape_bursts_after_every_modal(
    view: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an Enter in a save box writes its default file name here
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for keys in BURSTS:
            await pilot.press(*OPENERS[view])
            await pilot.pause()
            opened = len(app.screen_stack)
            assert opened > 1, f"{view} did not open"
            burst(app, *keys)
            await pilot.pause(0.2)
            await pilot.pause()
            assert main_screen_shown(app), f"{view}: {keys} ended the app"
            while len(app.screen_stack) > 1:  # back to the simulator for the next burst
                await pilot.press("escape")
                await pilot.pause()
        assert main_screen_shown(app)
