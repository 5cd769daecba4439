"""Large learning rates on screen (the headless sweep in tests/engine covers 1e-6 to 1e3):
after a 200-epoch run (or its divergence), a guess and
a blame, the screen shows finite numbers or the divergence message, never nan or inf."""

from __future__ import annotations

import asyncio
import html
import re
import time

import pytest

from engine.activations import ACTIVATIONS
from engine.losses import LOSSES
from tests.tui.conftest import make_app
from tui.app import SimulatorApp

pytestmark = pytest.mark.slow

NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])(nan|inf|NAN|INF)(?![A-Za-z])")
"""How Python formats a NaN or an infinity ("infinite or NaN" in the message is fine)."""


def screen_text(app: SimulatorApp) -> str:
    """Every character on screen, notifications included (from the SVG screenshot)."""
    svg = app.export_screenshot()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return "\n".join(html.unescape(t).replace("\xa0", " ") for t in texts)


async def run_to(app: SimulatorApp, pilot: object, epochs: int, timeout: float = 120.0) -> None:
    """Run at full speed until ``epochs``, divergence or the run's own stop; ``timeout`` only
    tells a hang from a busy machine."""
    await pilot.press(*["greater_than_sign"] * 12, "space")  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while app.sim.running and app.sim.trainer.epoch < epochs and "diverged" not in app.message:
        assert time.monotonic() < deadline, "the run hung"
        await asyncio.sleep(0.02)
    if app.sim.running:
        await pilot.press("space")  # type: ignore[attr-defined]


@pytest.mark.parametrize("rate", ["1", "1000"])
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
async def test_no_nan_or_inf_on_screen(activation: str, loss: str, rate: str) -> None:
    app = make_app("--activation", activation, "--loss", loss, "--lr", rate)
    async with app.run_test(size=(100, 30)) as pilot:
        await run_to(app, pilot, 200)
        await pilot.pause()
        text = screen_text(app)
        stopped = app.sim.stop is not None  # the recipe's stop rule ended the run
        assert app.sim.trainer.epoch >= 200 or "training diverged" in text or stopped
        for keys in (("f",), ("b", "f"), ("e", "f")):
            await pilot.press(*keys)
            await pilot.pause()
            text = screen_text(app)
            found = NOT_A_NUMBER.search(text)
            assert found is None, f"{found.group()!r} on screen after {keys}:\n{text}"
