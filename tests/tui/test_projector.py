"""Projector mode (z): P(pass) and the loss in Digits large enough for the back of a room
(at least 3 rows tall and a third of the screen's width), at 80x24 and 120x40."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from tests.tui.conftest import make_app
from tests.tui.explore_app import press
from tests.tui.test_chart import canvas, ticks_row
from tui.app import SimulatorApp
from tui.screens.projector import ProjectorScreen
from tui.simulation import SPEEDS
from tui.widgets.big_digits import scaled, scaled_width
from tui.widgets.loss_chart import LossChart
from tui.widgets.status import epoch_words


def test_scaled_digits_keep_their_shape() -> None:
    assert scaled("0", 1) == ["┏━┓", "┃ ┃", "┗━┛"]  # Textual's own font at scale 1
    assert scaled("0", 2) == ["┏━━━┓", "┃   ┃", "┃   ┃", "┃   ┃", "┗━━━┛"]
    for k in (1, 2, 5):
        rows = scaled("93.1", k)
        assert len(rows) == 2 * k + 1
        assert {len(r) for r in rows} == {scaled_width("93.1", k)}
    assert scaled("1", 3)[1].strip() == "┃"  # the stem runs on under the ┓


@pytest.mark.parametrize(
    "size", [(80, 24), pytest.param((120, 40), marks=pytest.mark.slow)], ids=["80x24", "120x40"]
)
async def test_the_numbers_fill_a_third_of_the_width_or_more(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "e", "f", "z", "tab")
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        trace = app.sim.trace
        assert trace is not None
        p = screen.query_one("#proj-p", Digits)
        assert p.value == f"{100 * float(trace.output[0, 0]):.1f}"
        large(p, size)
        await press(pilot, "tab")
        loss = screen.query_one("#proj-loss-digits", Digits)
        assert loss.value == f"{app.sim.trainer.history[-1].train_loss:.4f}"
        large(loss, size)
        await press(pilot, "b", "n", "e")  # the step keys still work in the loss pane
        assert app.sim.trainer.epoch == 2 and isinstance(app.screen, ProjectorScreen)


async def test_the_loss_pane_has_room_for_the_digits_and_the_loss_falling_at_80x24() -> None:
    """At 80x24 the chart under the big digits has 6 rows of plot or more (it had 2: too
    few to see the loss fall from the back of a room), and the curve runs down them."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "z", "tab", "tab", "e", "e", "e")  # the keys' words take a row
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        large(screen.query_one("#proj-loss-digits", Digits), (80, 24))
        chart = screen.query_one(LossChart)
        assert chart.region.bottom <= 23  # above the footer
        rows = canvas(chart)
        assert len(rows) >= 6, rows
        curve = [r for r in rows if any("\u2800" <= ch <= "\u28ff" for ch in r)]
        assert len(curve) >= 3, rows  # the fall spans rows, not a flat line


async def test_the_loss_pane_shows_the_random_start_as_the_main_chart_does() -> None:
    """At epoch 0 the main chart already shows the random start's loss; the projector's
    pane shows the same figures (it said "no epochs yet" and "--"), and after e the same
    axis, from 0 (it ran 1-2)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.query_one(LossChart)
        start = app.sim.start_record()
        await press(pilot, "z", "tab", "tab")
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        chart = screen.query_one(LossChart)
        assert screen.query_one("#proj-loss-digits", Digits).value == f"{start.train_loss:.4f}"
        words = str(screen.query_one("#proj-accuracy", Static).render())
        assert f"accuracy {start.train_accuracy:.1%}" in words and "epoch 0" in words
        assert chart.border_subtitle == main.border_subtitle
        assert "no epochs yet" not in " ".join(canvas(chart))
        await press(pilot, "e")
        assert ticks_row(chart).split() == ticks_row(main).split() == ["0", "1"]
        assert chart.border_subtitle == main.border_subtitle


def large(digits: Digits, size: tuple[int, int]) -> None:
    """``digits`` on screen: a third of the width or more, 3 rows or more, all inside; and
    so are the glyphs drawn in it (not just the widget's box)."""
    region = digits.region
    assert region.width >= size[0] / 3 and region.height >= 3, (digits.id, region)
    lines = [digits.render_line(y).text for y in range(region.height)]
    drawn = [line for line in lines if line.strip()]
    left = min(len(line) - len(line.lstrip()) for line in drawn)
    assert max(len(line.rstrip()) for line in drawn) - left >= size[0] / 3, lines
    assert len(drawn) >= 3
    assert region.right <= size[0] and region.bottom <= size[1] - 1  # above the footer


async def run_in_loss_pane(app: SimulatorApp, pilot: Pilot[int]) -> ProjectorScreen:
    """z, the loss pane, space at full speed: the projector once the run has stopped and
    the pane has drawn its last epoch (the projector redraws on a 0.25 s tick)."""
    await press(pilot, "z", "tab", "tab")
    screen = app.screen
    assert isinstance(screen, ProjectorScreen)
    app.sim.speed = len(SPEEDS) - 1
    await press(pilot, "space")
    for _ in range(1000):
        await pilot.pause(0.02)
        title = str(screen.query_one("#proj-title", Static).render())
        t = app.sim.trainer
        if not app.sim.running and epoch_words(t.epoch, t.weights_from) in title:
            break
    else:
        raise AssertionError(f"the title never caught up with the run's end: {title!r}")
    return screen


@pytest.mark.slow
async def test_a_run_that_stops_in_projector_mode_shows_where_and_why() -> None:
    """A teacher's run in z: the pane catches up with the run's last epoch and says why it
    stopped (it froze a few epochs short, with no reason, before)."""
    app = make_app("--epochs", "30")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run_in_loss_pane(app, pilot)
        assert not app.sim.running and app.sim.trainer.epoch == 30
        assert "epoch 30 " in str(screen.query_one("#proj-title", Static).render())
        said = str(screen.query_one("#proj-said", Static).render())
        assert "30" in said and "stop" in said, said
        loss = screen.query_one("#proj-loss-digits", Digits).value
        assert loss == f"{app.sim.trainer.history[-1].train_loss:.4f}"  # 30: no earlier kept
        await press(pilot, "f")
        assert "guess" in str(screen.query_one("#proj-said", Static).render()).lower()


@pytest.mark.slow
async def test_after_a_stop_that_kept_an_earlier_epoch_z_shows_that_epochs_loss() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run_in_loss_pane(app, pilot)
        stop, t = app.sim.stop, app.sim.trainer
        assert stop is not None and stop.epoch_kept != t.epoch
        kept = next(r for r in t.history if r.epoch == stop.epoch_kept)
        loss = screen.query_one("#proj-loss-digits", Digits).value
        assert loss == f"{kept.train_loss:.4f}"
        words = str(screen.query_one("#proj-accuracy", Static).render())
        assert f"epoch {stop.epoch_kept}'s weights (kept)" in words


@pytest.mark.parametrize("argv", [(), ("--preset", "mazur")])
async def test_after_b_the_guess_pane_says_whose_guess_its_votes_add_up_to(
    argv: tuple[str, ...],
) -> None:
    """After b the big P(pass) and its votes are the guess b blamed (the weights before the
    update, as the Output pane says): the pane says so, and its votes are those weights'."""
    from engine.hidden_nodes import votes

    app = make_app(*argv)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f", "b", "z", "tab")
        sim = app.sim
        assert sim.stale_guess and sim.trace is not None and sim.trace_net is not None
        said = str(app.screen.query_one("#proj-verdict", Static).render())
        assert "the guess before the update" in said, said
        v = votes(sim.trace_net, sim.trace)
        assert f"{float(v[0, 0]):+.2f}".replace("-", "−") in said, said
        await press(pilot, "f")  # a new guess with the weights b left: nothing to say
        said = str(app.screen.query_one("#proj-verdict", Static).render())
        assert "before the update" not in said, said


@pytest.mark.slow
async def test_after_a_stop_and_b_the_title_fits_80_columns_whole() -> None:
    """'epoch 93, weights of 86 + 1 step' left 'tab: next pane, z:' cut at 80 columns: the
    keys go first (the footer has them), the epoch words stay whole; at 120 the keys return."""
    from tests.tui.test_glossary import screen_text

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_in_loss_pane(app, pilot)
        await press(pilot, "b")
        t = app.sim.trainer
        assert t.weights_from.epoch != t.epoch and t.weights_from.steps == 1
        words = epoch_words(t.epoch, t.weights_from)
        top = screen_text(app).splitlines()[0].rstrip()
        assert top == f" the loss · {app.sim.student_name(app.sim.row)} · {words}", top
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.1)
        top = screen_text(app).splitlines()[0].rstrip()
        assert top.endswith(f"{words} · tab: next pane, z: back"), top
