"""A command run from the palette, then the terminal resized twice in quick succession: the
app must keep answering (the key soak froze here for good, issue 14).

Textual's palette calls ``app.delay_update()`` (a 50 ms batch) as Enter runs a command. In a
batch, Textual 8.2.8 queues a ``_compositor_refresh`` callback behind each screen's own
``Resize``; two sizes queued on the screen beneath the new view then never merge and re-post
each other forever. The queue is the one dumped from the frozen app: each size, then a callback.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.geometry import Size

from tests.tui.conftest import make_app
from tui.screens.help import HelpScreen

LAYOUTS = 200
"""Layouts of the screen beneath after which it is caught in a loop (a handful settle it)."""


def resize(width: int, height: int) -> events.Resize:
    return events.Resize(Size(width, height), Size(width, height))


@pytest.mark.slow
async def test_two_quick_resizes_after_a_palette_command_settle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"this help")
        await pilot.pause(0.3)  # the palette's search runs in a worker
        app.post_message(events.Key("enter", "\r"))  # runs the command: the help opens
        for _ in range(1000):
            if isinstance(app.screen, HelpScreen):
                break
            await asyncio.sleep(0)
        assert isinstance(app.screen, HelpScreen)
        beneath = app.screen_stack[-2]
        layouts = []
        layout = beneath._screen_resized

        def counted(size: Size) -> None:
            layouts.append(size)
            if len(layouts) > LAYOUTS:  # fail, rather than hang the test run
                raise RuntimeError(f"the screen beneath laid out {LAYOUTS} times: a livelock")
            layout(size)

        monkeypatch.setattr(beneath, "_screen_resized", counted)
        for width, height in ((81, 25), (80, 24)):
            beneath.post_message(resize(width, height))
            beneath.post_message(events.Callback(callback=lambda: None))
        await pilot.pause(0.2)
        assert len(layouts) <= LAYOUTS and app.is_running
        await pilot.press("escape")  # and the app still answers a key
        await pilot.pause()
        assert len(app.screen_stack) == 1
