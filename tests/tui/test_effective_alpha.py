"""The alpha the screen shows is the alpha the next step uses: under the default schedule
(``alpha / (1 + (e - 1) / K)``) the status line, ``m``, ``+``/``-`` and the landscape say the
effective alpha, with the configured one beside it; without a schedule, alpha as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from engine.model_file import save_model
from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.screens.landscape import LandscapeScreen
from tui.screens.math_view import MathScreen
from tui.widgets.pane import Pane
from tui.widgets.status import StatusLine

SIZE = (80, 24)

UPDATE = re.compile(
    r"(\S+) <- \1 - alpha x (?:dE/d\1|\(dE/d\1 \+ lambda x \1\)) = (\S+) - (\S+) x "
    r"(\S+|\(\S+ \+ \S+ x \S+\)) ~?= (\S+)"
)
"""One parameter's update in the math view: name, old, alpha, slope, new (the slope of a
weight under weight decay is its two terms, ``(dE/dw + lambda x w)``)."""


def slope_value(text: str) -> float:
    """The slope an update line took: ``0.0227``, or ``(0.0227 + 0.0009375 x 0.3001)``."""
    terms = re.fullmatch(r"\((\S+) \+ (\S+) x (\S+)\)", text)
    if terms is None:
        return float(text)
    g, decay, w = (float(v) for v in terms.groups())
    return g + decay * w


CHAIN = re.compile(r"dE/d(\S+) = dE/dout_\S+ x \S+ x dnet_\S+ = \S+ x \S+ x \S+ ~?= (\S+) share")
"""One parameter's chain rule: name and dE/dw."""


async def press(pilot: Pilot[int], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def status(app: SimulatorApp) -> str:
    return app.query_one(StatusLine).text


def math_text(app: SimulatorApp) -> str:
    assert isinstance(app.screen, MathScreen)
    return re.sub(r"\s+", " ", str(app.screen.query_one("#math", Pane).text))


def check_updates(app: SimulatorApp, alpha: float) -> None:
    """Every update line in ``m`` uses ``alpha`` and adds up to the shown digits; a bias's
    slope there is its chain rule's dE/db (biases are not decayed): the alpha is the step's."""
    text = math_text(app)
    updates = UPDATE.findall(text)
    assert len(updates) == app.sim.trainer.network.n_parameters
    chain = dict(CHAIN.findall(text))
    for name, old, shown_alpha, slope, new in updates:
        assert shown_alpha == f"{alpha:g}"
        a, s = float(shown_alpha), slope_value(slope)
        digits = 0.5e-4  # the 4 decimals each number is shown to
        assert abs(float(new) - (float(old) - a * s)) <= digits * (2 + a) + 1e-9, name
        if name.startswith("b"):
            assert s == pytest.approx(float(chain[name]), abs=1e-4), name


@pytest.mark.slow
async def test_the_status_line_and_m_use_the_alpha_of_the_next_step() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "e")
        t = app.sim.trainer
        now = t.learning_rate_now
        assert now == pytest.approx(0.5 / 1.3)  # epoch 4 of a K = 10 schedule
        assert f"· α {now:.3g} (0.5 decayed)" in status(app)
        shown = app.query_one(StatusLine).render_line(0).text  # as cut to 80 columns
        assert f"· α {now:.3g}" in shown  # the note goes first
        await press(pilot, "f", "b", "m")
        step = app.sim.last_step
        assert step is not None and step.learning_rate == now
        assert f"alpha = {now:g} (0.5 decayed)" in math_text(app)
        assert f"Gradient descent, alpha = {now:g} (0.5 decayed by the schedule):" in math_text(app)
        check_updates(app, now)
        await press(pilot, "escape", "plus", "m")  # alpha doubles after the step was taken
        assert t.learning_rate_now == pytest.approx(2 * now)
        check_updates(app, now)  # the update shown is still the one b made


@pytest.mark.slow
async def test_plus_says_the_next_steps_alpha_and_scales_it() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *["e"] * 10)
        t = app.sim.trainer
        now = t.learning_rate_now
        await press(pilot, "plus")
        assert t.config.learning_rate == 1.0
        assert t.learning_rate_now == pytest.approx(2 * now)
        said = f"α ×2: next step {2 * now:.3g} (base 0.5 → 1)"
        assert said in status(app)
        assert f"· α {2 * now:.3g} (1 decayed)" in status(app)
        await press(pilot, "minus", "minus")
        assert f"α ÷2: next step {now / 2:.3g} (base 0.5 → 0.25)" in status(app)


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [("--lr-decay", "0"), ("--mode", "batch"), ("--preset", "mazur")],
    ids=["no-decay", "batch", "mazur"],
)
async def test_without_a_schedule_alpha_is_shown_as_it_is(argv: tuple[str, ...]) -> None:
    app = make_app(*argv)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "e", "e", "e")
        t = app.sim.trainer
        assert t.learning_rate_now == t.config.learning_rate
        assert f"· α {t.config.learning_rate:.3g}" in status(app)
        await press(pilot, "plus")
        assert "decayed" not in status(app) and "base" not in status(app)
        assert f"learning rate α {t.config.learning_rate / 2:g} → " in status(app)


@pytest.mark.slow
async def test_the_landscapes_next_step_is_the_schedules() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, *["e"] * 10, "l")
        screen = app.screen
        assert isinstance(screen, LandscapeScreen)
        t = app.sim.trainer
        now = t.learning_rate_now
        assert now < t.config.learning_rate
        (w, _), g = screen.current, screen.gradient
        assert screen.next[0] == pytest.approx(w - now * g, rel=1e-12)
        info = re.sub(r"\s+", " ", str(screen.query_one("#landscape-info").render()))
        assert f"· α {now:.3g}\n" in info.replace(" next step", "\nnext step")
        assert "+/- α (0.5 decayed)" in info
        await press(pilot, "enter")  # the step lands where it said
        assert t.network.parameters()[screen.index] == pytest.approx(w - now * g, rel=1e-12)


@pytest.mark.slow
async def test_a_model_goes_on_with_the_schedule_where_it_stopped(tmp_path: Path) -> None:
    trained = make_app()
    trained.sim.trainer.run_epochs(12)
    path = tmp_path / "m.json"
    save_model(path, trained.sim.trainer.saved_model())
    app = make_app("--model", str(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        t = app.sim.trainer
        assert t.learning_rate_now == trained.sim.trainer.learning_rate_now == 0.5 / 2.2
        line = status(app)
        assert "epoch 12+0 · " in line and f"· α {0.5 / 2.2:.3g} (0.5 decayed)" in line
        await press(pilot, "e")
        line = status(app)
        assert "epoch 12+1 · " in line and f"· α {0.5 / 2.3:.3g} (0.5 decayed)" in line
        await press(pilot, "R")  # new weights: the schedule starts afresh
        assert "epoch 0 · " in status(app) and "· α 0.5\n" in status(app)
