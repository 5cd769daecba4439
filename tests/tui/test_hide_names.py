"""--hide-names: no real name reaches the screen, whatever the keys (undo and the tour's
back say what they took back; the views, the quiz and autoplay name the student too)."""

from __future__ import annotations

import csv
import html
import re

import pytest
from textual.pilot import Pilot

from engine.data import bundled_path
from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.screens.tour import TourScreen
from tui.tour_steps import STEPS

pytestmark = pytest.mark.slow

SIZE = (80, 24)


def first_names() -> set[str]:
    """Every first name in the bundled class and this year's students."""
    names: set[str] = set()
    for file in ("students.csv", "current_year.csv"):
        with open(bundled_path(file), newline="", encoding="utf-8") as f:
            names |= {row["student"].split()[0] for row in csv.DictReader(f)}
    return names


NAMES = re.compile(r"\b(" + "|".join(sorted(first_names())) + r")\b")


def screen_text(app: SimulatorApp) -> str:
    """Every character on screen, notifications included (from the SVG screenshot)."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", app.export_screenshot())
    return "".join(html.unescape(t).replace("\xa0", " ") for t in texts)


class Watch:
    """Presses keys and keeps every screen (and status message) seen after each."""

    def __init__(self, pilot: Pilot[int], app: SimulatorApp) -> None:
        self.pilot, self.app = pilot, app
        self.seen: list[tuple[str, str]] = []

    def look(self, after: str) -> None:
        self.seen.append((after, screen_text(self.app) + "\n" + self.app.message))

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            await self.pilot.pause()
            self.look(key)

    def leaks(self) -> list[tuple[str, str]]:
        return [(key, m.group(0)) for key, text in self.seen for m in NAMES.finditer(text)]


def test_the_names_are_the_bundled_ones() -> None:
    assert {"Hana", "Priya"} <= first_names()  # the names the leaks showed
    assert NAMES.search("› u: took back backprop for Hana D.")


async def test_no_real_name_on_any_screen_with_hide_names() -> None:
    app = make_app("--hide-names")
    async with app.run_test(size=SIZE) as pilot:
        watch = Watch(pilot, app)
        await watch.press("n", "f", "b", "u", "b", "e", "u", "u")  # undo of a b and an e
        await watch.press("m", "b", "u", "escape", "g", "b", "u", "escape")
        await watch.press("p", "s", "s", "escape", "d", "escape", "w", "u", "escape")
        blame = next(k for k, s in enumerate(STEPS) if s.title == "The blame game")
        await watch.press("t", *["enter"] * (blame + 1), "left", "left")  # back over a b
        for _ in range(200):  # the tour's box settles (it retires the old one first)
            if isinstance(app.screen, TourScreen) and app.screen.placed:
                break
            await pilot.pause(0.01)
        watch.look("tour settled")
        await watch.press("escape", "k", "f", "right", "5", "enter")  # the quiz's questions
        await watch.press("b", "1", "up", "enter", "escape", "k")
        while app.sim.speed > -2:  # autoplay: a student step at a time, with beats
            await pilot.press("less_than_sign")
        await watch.press("space")
        for _ in range(30):
            await pilot.pause(0.05)
            watch.look("autoplay")
        await watch.press("space", "u")
        assert len(watch.seen) > 50
        assert any("student " in text for _, text in watch.seen)  # the names were shown hidden
        assert watch.leaks() == []


async def test_without_hide_names_undo_names_the_student() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f", "b", "u")
        await pilot.pause()
        name = app.sim.trainer.dataset.names[app.sim.row]
        assert app.message.endswith(f"took back backprop for {name}")
