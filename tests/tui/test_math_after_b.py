"""The math view after b: its working is the step b took (the guess it blamed, the alpha it
used). After b then + the alpha b used is not the one configured now, and the view must say
so plainly, not call the difference the schedule's decay."""

from __future__ import annotations

import re

import pytest

from tests.tui.conftest import make_app
from tests.tui.test_math_view import press, shown

pytestmark = pytest.mark.slow


def descent_line(text: str) -> str:
    found = re.search(r"Gradient descent, alpha = [^:]*:", text)
    assert found is not None, text
    return found.group(0)


async def test_after_b_then_plus_the_update_says_its_alpha_is_bs_not_a_decay() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f", "b", "plus", "m")
        step, t = app.sim.last_step, app.sim.trainer
        assert step is not None and t.learning_rate_now != step.learning_rate
        line = descent_line(shown(app))
        assert line.startswith(f"Gradient descent, alpha = {step.learning_rate:g} ")
        assert "decayed" not in line, line  # + changed it: the schedule did not
        assert f"{t.learning_rate_now:.2g} now" in line, line


async def test_after_epochs_the_schedules_decay_is_still_named() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", "e", "f", "b", "m")
        step, t = app.sim.last_step, app.sim.trainer
        assert step is not None and step.learning_rate != t.config.learning_rate
        line = descent_line(shown(app))
        assert f"({t.config.learning_rate:g} decayed by the schedule)" in line, line
