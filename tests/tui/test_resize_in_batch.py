"""Two terminal sizes queued on a screen during a batch update must settle: the key soak froze
for good here (issue 14). Batches are frequent: the Footer recomposes in one whenever a view
opens or closes, and the palette asks for one as Enter runs a command.

In a batch, Textual 8.2.8 queues a ``_compositor_refresh`` callback behind each screen's own
``Resize``, so the two sizes never merge and re-post each other forever; the screen's task
never yields, so not even the test's own timers run. The queue is the one dumped from the
frozen app: the screen beneath a view, each size followed by a callback.
"""

from __future__ import annotations

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
async def test_two_sizes_queued_in_a_batch_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
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
        with app.batch_update():
            for width, height in ((81, 25), (80, 24)):  # the terminal is 80x24 by now
                beneath.post_message(resize(width, height))
                beneath.post_message(events.Callback(callback=lambda: None))
            await pilot.pause(0.1)
        await pilot.pause()
        assert len(layouts) <= LAYOUTS and app.is_running
        assert beneath.size == Size(80, 24)
        await pilot.press("escape")  # and the app still answers a key
        await pilot.pause()
        assert len(app.screen_stack) == 1
