"""Terminal manners: NO_COLOR, themes (contrast, ctrl+t), the ASCII fallback, keyboard only,
and exports delivered to the browser under ``serve``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.drivers.headless_driver import HeadlessDriver

from tests.tui.conftest import make_app
from tui import glyphs
from tui.manners import ascii_driver
from tui.themes import CONTRAST, THEMES, next_theme
from tui.widgets.loss_chart import LossChart
from tui.widgets.output import OutputPane
from tui.widgets.pane import bar


@pytest.mark.parametrize(
    ("env", "encoding", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "utf-8", False),
        ({"LANG": "C"}, "utf-8", True),
        ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, "utf-8", True),
        ({"LC_ALL": "POSIX"}, "utf-8", True),
        ({"LC_CTYPE": "C.UTF-8"}, "utf-8", False),
        ({"LC_ALL": "C.utf8"}, "utf-8", False),
        ({"LANG": "en_US.UTF-8"}, "ascii", True),
        ({"LANG": "en_US.ISO-8859-1"}, "latin-1", True),
        ({}, "UTF-8", False),
        ({"LANG": "C", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, "utf-8", False),
    ],
)
def test_ascii_is_chosen_from_the_locale_and_encoding(
    env: dict[str, str], encoding: str, expected: bool
) -> None:
    assert glyphs.use_ascii(env, encoding) is expected


def test_transliterate_leaves_only_ascii() -> None:
    text = "╭─ Loss ━ train ┅ acc ─╮ │█▌ ▲.004 ▼.1 −0.5 α ✓ ✗ ≥ · … ⣿⠀ Zoë"
    out = glyphs.transliterate(text)
    assert out.isascii() and len(out) == len(text)
    assert out.startswith("+- Loss - train - acc -+ |##")


def test_ascii_bars_use_hash_and_dash() -> None:
    assert bar(0.5, 10, ascii=True) == "#####-----"
    assert bar(0.2, 10, marker=5, ascii=True) == "##---|----"
    assert bar(float("nan"), 4, ascii=True) == "----"
    assert bar(0.5, 4) == "██  "


async def test_ascii_driver_writes_ascii_only() -> None:
    written: list[str] = []

    class Capture(HeadlessDriver):
        def write(self, data: str) -> None:
            written.append(data)

    driver = ascii_driver(Capture)(make_app())  # type: ignore[call-arg]
    driver.write("\x1b[1m╭──╮ █ ⣿ α\x1b[0m")
    assert written == ["\x1b[1m+--+ # * a\x1b[0m"]


@pytest.mark.slow
async def test_ascii_mode_draws_bars_and_chart_in_ascii() -> None:
    app = make_app()
    app.use_ascii(True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "b", "e", "e", "f")
        await pilot.pause()
        assert "#" in app.query_one(OutputPane).text
        assert app.has_class("-ascii")
        chart = app.query_one(LossChart)
        assert chart.border_subtitle
    assert app.driver_class.__name__.startswith("Ascii")
    # The mode belongs to that app, not to the process: the next app draws blocks again.
    other = make_app()
    async with other.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert "█" in other.query_one(OutputPane).text
        assert "#" not in other.query_one(OutputPane).text


def test_themes_cycle() -> None:
    assert THEMES == ("textual-dark", "textual-light", CONTRAST)
    assert [next_theme(t) for t in THEMES] == [THEMES[1], THEMES[2], THEMES[0]]
    assert next_theme("nord") == THEMES[0]


@pytest.mark.slow
async def test_contrast_theme_from_the_option_and_ctrl_t_cycles() -> None:
    app = make_app("--theme", CONTRAST)
    app.start_theme = CONTRAST
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == CONTRAST
        assert app.theme_variables["foreground"].upper().startswith("#000000")
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("f", "b", "e")  # still works after a theme change
        await pilot.press("ctrl+t")
        assert app.theme == CONTRAST


CHROME = {"#ff5f57", "#febc2e", "#28c840", "#c5c8c6"}
"""The SVG's window buttons and default text colour (rich's template, not the app)."""


def _colours(svg: str) -> set[str]:
    found = set(re.findall(r"fill[:=]\s*\"?(#[0-9a-fA-F]{6})", svg)) - CHROME
    return {c for c in found if not c[1:3] == c[3:5] == c[5:7]}


async def _screen_colours() -> tuple[bool, set[str]]:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "b", "e", "e")
        await pilot.pause()
        return app.no_color, _colours(app.export_screenshot())


@pytest.mark.slow
async def test_no_color_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    no_color, colours = await _screen_colours()
    assert not no_color and colours  # without NO_COLOR the screen has colours
    monkeypatch.setenv("NO_COLOR", "1")
    no_color, colours = await _screen_colours()
    assert no_color and not colours, colours  # with it, greys only


@pytest.mark.slow
async def test_keyboard_alone_reaches_every_key_and_the_palette() -> None:
    """No mouse: every binding is a key, and the command palette opens from the keyboard."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "b", "n", "e", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")


def web_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, list[tuple[str, str | None]]]:
    """An app that believes it runs under serve, in ``tmp_path``; what it delivers to the
    browser is collected as (text, file name)."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    delivered: list[tuple[str, str | None]] = []
    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    for method in ("deliver_text", "deliver_binary"):  # a CSV goes as bytes, as it came
        monkeypatch.setattr(
            app,
            method,
            lambda f, save_filename=None, **kw: delivered.append((_text(f.read()), save_filename)),
        )
    return app, delivered


def _text(content: str | bytes) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


@pytest.mark.slow
async def test_save_goes_to_the_browser_under_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, delivered = web_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        app._save(str(tmp_path / "model.json"))
        await pilot.pause()
    assert delivered and delivered[0][1] == "model.json"
    assert '"weights"' in delivered[0][0] or '"layers"' in delivered[0][0]
    assert not (tmp_path / "model.json").exists()


@pytest.mark.slow
async def test_exported_predictions_go_to_the_browser_under_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, delivered = web_app(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "p", "x", "enter")
        await pilot.pause()
    assert delivered and delivered[0][1] == "predictions.csv"
    assert delivered[0][0].splitlines()[0].endswith("probability,prediction,confidence")
    assert list(tmp_path.iterdir()) == []
