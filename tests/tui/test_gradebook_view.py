"""The p view on a teacher's gradebook at 80x24: who, P(pass) and the verdict stay in
sight however many grades there are; blank grades and uncertain predictions are marked."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.gradebooks import EU, Style, gradebook
from tests.tui.explore_app import SIZE, make_explore_app, press
from tui.screens.predictions import PredictionsScreen

GRADES = ("Test 1", "Test 2", "Oral exam", "Homework", "Project", "Lab reports")
"""Six grades (with attendance: seven columns beside the three pinned ones)."""


def shown_text(app: object) -> str:
    """The screen's text as painted (from the screenshot's SVG)."""
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def class_files(tmp_path: Path) -> tuple[Path, Path]:
    style = Style(**{**EU.__dict__, "grades": GRADES, "blanks": ((4, "Project"),)})
    past, now = tmp_path / "past.csv", tmp_path / "now.csv"
    past.write_bytes(gradebook(style, n=38))
    blank = ((1, "Lab reports"),)
    now.write_bytes(gradebook(Style(**{**style.__dict__, "outcome": False, "blanks": blank}), 9, 3))
    return past, now


@pytest.mark.slow
async def test_name_probability_and_verdict_stay_in_sight(tmp_path: Path) -> None:
    past, now = class_files(tmp_path)
    app = make_explore_app("--data", str(past), "--target", "Result", "--predict", str(now))
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "p")
        screen = app.screen
        assert isinstance(screen, PredictionsScreen)
        assert screen.columns[:3] == ["student", "P(pass)", "verdict"]
        assert len(screen.columns) == 3 + 7  # attendance and the six grades
        first = screen.rows[0]
        for _scrolled in (False, True):
            text = shown_text(app)
            headers = [line for line in text.splitlines() if "P(pass)" in line]
            assert headers, "P(pass) is out of sight"
            header = headers[0]
            assert header.index("student") < header.index("P(pass)") < header.index("verdict")
            assert first.student in text and f"{first.probability:.1%}" in text
            assert first.verdict in text
            table = screen.query_one(DataTable)
            assert table.max_scroll_x > 0  # the grades do not all fit: they scroll
            table.scroll_to(x=table.max_scroll_x, animate=False)
            await pilot.pause()
        assert "Lab reports" in shown_text(app)  # the last grade column, now in sight
        blank = screen.rows[1]
        assert not blank.predicted and "Lab reports" in blank.reason
        assert "no Lab reports grade" in shown_text(app)
        assert "1 blank" in shown_text(app)
