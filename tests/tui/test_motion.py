"""The picture's motion after b and inside the autoplay's beats: the blame on the edges is the
engine's, a key finishes the motion, and a motion never makes a beat longer (all on the
clock the app uses: the autoplay's, moved by hand here, never the wall clock)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from textual.pilot import Pilot

from engine.explain import blame
from engine.names import weight_name
from tests.tui.conftest import make_app
from tui.app import SimulatorApp
from tui.autoplay import BEATS, STUDENT_PACES
from tui.motion import MOTION, edge_blame, may_move, share_text
from tui.picture import draw_network
from tui.widgets.picture import BLAME_SAYS, PicturePane

LABEL = re.compile(r" (w\d+) (<1%|\d+%)([▲▼=])(?= |$)", flags=re.M)
"""A blamed edge's label: its name, its share of the blame, the way its weight moves."""


class Clock:
    """The autoplay's clock (the app's), moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def moving_app(*argv: str) -> tuple[SimulatorApp, Clock]:
    """The simulator with the motion on (tests have no terminal, so it is off by default)
    and a clock that stands still until the test moves it."""
    app = make_app(*argv)
    app.motion = True
    clock = Clock()
    app.sim.autoplay.clock = clock
    return app, clock


async def until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    """Let the app run until ``done()`` (the motion's timer ticks every few hundredths of
    a second; at most 4 s on a busy machine)."""
    for _ in range(80):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the picture did not get there")


def pane(app: SimulatorApp) -> PicturePane:
    return app.screen_stack[0].query_one(PicturePane)


def shown_blame(text: str) -> dict[str, tuple[str, str]]:
    """Each blamed edge on screen: name -> (share, mark)."""
    found = LABEL.findall(text)
    assert len({name for name, _, _ in found}) == len(found), text
    return {name: (share, mark) for name, share, mark in found}


def check_blame(shown: dict[str, tuple[str, str]], net: object, grads: object, rows: list) -> None:
    """Each edge's share and mark are the engine's: the share as ``blame`` counts it, ▲ where
    backprop's slope for that weight is negative, ▼ where positive; larger shown, larger."""
    by_name = {r.name: r for r in rows if r.row >= 0}
    assert shown and set(shown) <= set(by_name)
    for name, (share, mark) in shown.items():
        r = by_name[name]
        slope = float(grads.weights[r.layer][r.row, r.col])  # type: ignore[attr-defined]
        assert slope == pytest.approx(r.gradient)
        assert mark == ("▲" if slope < 0 else "▼" if slope > 0 else "=")
        assert share == share_text(r.share)
    for a in shown:  # the ordering: a larger share shown is a larger share of the engine's
        for b in shown:
            if int(shown[a][0].strip("<%")) > int(shown[b][0].strip("<%")):
                assert by_name[a].share > by_name[b].share


def test_blamed_edges_say_their_share_and_which_way_they_move() -> None:
    from engine.network import Network

    net = Network.create((3, 2, 1), seed=4)
    x, y = np.array([[0.9, 0.1, 0.4]]), np.array([[0.0]])
    trace = net.forward(x)
    grads = net.backward(trace, y)
    rows = blame(net, trace, grads, net, "bce", y)
    picture = draw_network(net, trace, 74, 22, blame=edge_blame(rows))
    assert picture is not None
    shown = shown_blame(picture.text)
    assert set(shown) == {weight_name((3, 2, 1), *k) for k in edge_blame(rows)}
    check_blame(shown, net, grads, rows)
    gap = draw_network(net, trace, 74, 22, blame=edge_blame(rows, from_layer=1))
    assert gap is not None and set(shown_blame(gap.text)) == {"w7", "w8"}  # the last gap only


def test_the_picture_moves_only_when_still_or_inside_slow_beats() -> None:
    assert may_move(False, 3) and may_move(False, -1)
    assert not may_move(True, 3)  # a run of epochs
    assert not may_move(True, -1)  # 50 students a second: each step whole, no beats
    assert may_move(True, -len(STUDENT_PACES))  # one student every 2 s, in beats
    assert make_app("--no-motion").motion is False and make_app().motion is None


async def test_tests_and_snapshots_have_no_motion() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "f", "b")
        assert not app.motion_on and not pane(app).moving


async def test_after_b_the_blame_flows_right_to_left_then_the_weights_move() -> None:
    app, clock = moving_app("--seed", "3")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "f", "b")
        picture, step = pane(app), app.sim.last_step
        assert step is not None and picture.moving and picture.border_subtitle == BLAME_SAYS
        t = app.sim.trainer
        y = t.y[step.row : step.row + 1]
        rows = blame(step.before, step.trace, step.grads, step.after, t.config.loss, y)
        first = shown_blame(picture.text)
        assert set(first) == {"w7", "w8"}  # the output's edges first
        check_blame(first, step.before, step.grads, rows)
        clock.now += MOTION / 2
        await until(pilot, lambda: len(shown_blame(picture.text)) > 2)
        every = shown_blame(picture.text)
        assert set(every) == {f"w{k}" for k in range(1, 9)}  # then back to the inputs'
        check_blame(every, step.before, step.grads, rows)
        assert picture.moving and picture.motion_end is not None
        clock.now = picture.motion_end
        await until(pilot, lambda: not picture.moving)
        assert not shown_blame(picture.text)  # the weights moved: the guess's, marked
        for name, k, i in (("w1", 0, 0), ("w8", 1, 1)):
            w, now = step.before.weights[k][i, 0], step.after.weights[k][i, 0]
            way = "▲" if now > w else "▼"
            assert re.search(rf" {'[+]' if w > 0 else '−'}{name}{way}(?= |$)", picture.text, re.M)


async def test_a_key_during_the_motion_finishes_it_at_once() -> None:
    app, _ = moving_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "f")
        picture = pane(app)
        assert picture.moving  # the clock stands still: it would light up forever
        still = picture._still[0]
        assert picture._parts != tuple(still)
        await pilot.press("x")  # no key of its own: it only finishes the motion
        assert not picture.moving and picture._parts == tuple(still)
        await pilot.press("b")
        assert picture.moving and picture.border_subtitle == BLAME_SAYS
        still = picture._still[0]
        await pilot.press("x")
        assert not picture.moving and picture._parts == tuple(still)
        assert picture.border_subtitle != BLAME_SAYS


async def next_beat(pilot: Pilot[int], app: SimulatorApp, clock: Clock, n: int) -> None:
    """Move the clock to when beat ``n`` is due (unless it came already: the first comes
    as space is pressed) and wait for it (at most 10 s)."""
    if len(app.sim.autoplay.log) < n and app.sim.autoplay.next_at is not None:
        clock.now = app.sim.autoplay.next_at
    for _ in range(200):
        if len(app.sim.autoplay.log) >= n:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError(f"beat {n} did not come")


@pytest.mark.slow
async def test_the_motion_plays_inside_the_beats_and_never_makes_one_longer() -> None:
    app, clock = moving_app("--seed", "2")
    async with app.run_test(size=(120, 40)) as pilot:
        while app.sim.speed > -len(STUDENT_PACES):
            await pilot.press("less_than_sign")
        await pilot.press("space")
        play = app.sim.autoplay
        picture = pane(app)
        for n, beat in enumerate(BEATS, start=1):
            await next_beat(pilot, app, clock, n)
            assert play.beat_name == beat
            assert play.next_at is not None
            if beat in ("guess", "blame"):  # the values light up; the blame flows
                assert picture.moving and picture.motion_end is not None
                assert picture.motion_end < play.next_at  # it ends inside the beat
                if beat == "blame":
                    rows = play.shares or []
                    grads = app.sim.last_step.grads  # type: ignore[union-attr]
                    assert set(shown_blame(picture.text)) == {"w7", "w8"}
                    check_blame(shown_blame(picture.text), None, grads, rows)
                clock.now = picture.motion_end
                await until(pilot, lambda: not picture.moving)
                assert play.beat_name == beat  # still the same beat
                if beat == "blame":  # the beat ends on the whole blame, to read
                    assert len(shown_blame(picture.text)) == 8
            else:
                assert not picture.moving
                assert beat != "update" or not shown_blame(picture.text)  # the change
        await next_beat(pilot, app, clock, len(BEATS) + 1)
        log = list(play.log)
        assert all(b.seconds == pytest.approx(play.length) for b in log[: len(BEATS)])
        await pilot.press("space")
