"""The glossary (a tab of help): every term it explains shows on the main screen or a view."""

from __future__ import annotations

import html
import re
import textwrap
from collections import defaultdict

import numpy as np
import pytest
from textual.content import Content
from textual.widgets import Static, TabbedContent

from engine.activations import ACTIVATIONS
from engine.explain import SATURATED
from engine.trainer import MODES
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.app import SimulatorApp
from tui.glossary import GLOSSARY
from tui.screens.help import HelpScreen
from tui.screens.landscape import LandscapeScreen
from tui.screens.tour import STEPS

BIG = (120, 40)
"""Room enough that the views show their whole text."""

VIEWS = ("m", "g", "w", "l", "d", "p", "v")
"""Every view reached from the main screen by one key (the tour is walked step by step)."""


CELL = 12.2
"""Width of one cell in Textual's SVG screenshot, in its units."""


def screen_text(app: SimulatorApp) -> str:
    """Every row on screen as plain text (from the SVG screenshot, each span at its column)."""
    rows: dict[str, str] = defaultdict(str)
    spans = re.findall(
        r'<text class="terminal-[^"]*" x="([^"]*)" y="([^"]*)"[^>]*>([^<]*)<',
        app.export_screenshot(),
    )
    for x, y, text in spans:
        column = round(float(x) / CELL)
        rows[y] = rows[y].ljust(column) + html.unescape(text).replace("\xa0", " ")
    return "\n".join(rows.values())


def first_saturated(app: SimulatorApp) -> int:
    """How many ``n`` presses from the current student to one with a saturated hidden node."""
    t = app.sim.trainer
    start = app.sim.train_rows.index(app.sim.row)
    order = app.sim.train_rows[start:] + app.sim.train_rows[:start]
    hidden = t.network.forward(t.X[order]).hidden[0]
    flat = np.any(hidden * (1 - hidden) < SATURATED * 0.25, axis=1)
    assert flat.any(), "no training student saturates a hidden node"
    return int(np.argmax(flat))


async def everything_shown() -> str:
    """The text of the main screen and of every view and tour step, after the keys that
    change what they say: f b e, each activation (a), each mode (M), a new seed (R), alpha
    doubled (+) in the landscape till a step overshoots, and the math of a student who
    saturates a hidden node."""
    app = make_explore_app()
    seen = []
    async with app.run_test(size=BIG) as pilot:

        async def after(*keys: str) -> None:
            await press(pilot, *keys)
            seen.append(screen_text(app))

        await after("f", "b", "e", "f")
        for key in VIEWS:
            await after(key)
            await press(pilot, "escape")
        for _ in ACTIVATIONS:
            await after("a", "f")
        for _ in MODES:
            await after("M")
        await after("R")
        await press(pilot, "l")
        landscape = app.screen
        assert isinstance(landscape, LandscapeScreen)
        for key in ["+"] * 12 + ["down"] * app.sim.trainer.network.n_parameters:
            if "overshoot" in screen_text(app):  # alpha up to 1024, then weight after weight
                break
            await press(pilot, key)
        await after()
        await press(pilot, "escape", *"e" * 3)
        await after(*"n" * first_saturated(app), "f", "m")
        await press(pilot, "escape")
        await after("t")
        for _ in STEPS[1:]:
            await after("right")
    return "\n".join(seen).lower()


@pytest.mark.slow
async def test_every_glossary_term_shows_on_the_main_screen_or_a_view() -> None:
    shown = await everything_shown()
    missing = [t.name for t in GLOSSARY if not any(w.lower() in shown for w in t.seen)]
    assert missing == []


@pytest.mark.slow
async def test_the_glossary_is_a_tab_of_help_with_every_term_in_two_lines_or_fewer() -> None:
    app = make_explore_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "help-keys-tab"
        await press(pilot, "g")
        assert tabs.active == "help-glossary-tab"
        glossary = app.screen.query_one("#help-glossary", Static)
        text = str(glossary.render())
        for term in GLOSSARY:
            assert term.name in text
        width = glossary.content_region.width
        for term in GLOSSARY:  # one or two lines each at 80 columns
            plain = Content.from_markup(term.text).plain
            assert len(textwrap.wrap(plain, width)) <= 2, term.name
        await press(pilot, "k")
        assert tabs.active == "help-keys-tab"
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
