"""Every number on the picture adds up, read off the screen as a learner would: after ``f``
and after ``b`` (whose guess was made by the weights before the update), on each node the
votes drawn plus the bias drawn make the sum ``z`` drawn (to the digits shown), and the
activation of that ``z`` is the value drawn. A reviewer saw the old weights' votes beside
the new weights' bias after ``b``: they did not add up."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pytest

from engine.activations import activation
from tests.tui.conftest import make_app
from tests.tui.explore_app import press
from tui.app import SimulatorApp
from tui.widgets.picture import PicturePane

NUMBER = r"[+−-]?\d+(?:\.\d+)?"


@dataclass(frozen=True)
class Shown:
    """A number as drawn: its value and how far the rounding may have moved it."""

    value: float
    slack: float

    @classmethod
    def read(cls, text: str, percent: bool = False) -> Shown:
        digits = len(text.split(".")[1]) if "." in text else 0
        value = float(text.replace("−", "-"))
        scale = 100 if percent else 1
        return cls(value / scale, 0.5 * 10.0**-digits / scale)


def picture_lines(app: SimulatorApp) -> list[str]:
    return app.query_one(PicturePane).text.split("\n")


def below(lines: list[str], row: int, col: int) -> str:
    """What is drawn under a node's first row, from its column on."""
    return lines[row + 1][col:] if row + 1 < len(lines) else ""


def check_hidden(lines: list[str], act: str) -> int:
    """Each hidden node: the activation of its drawn z is its drawn a. The nodes checked."""
    f = activation(act).function
    seen = 0
    for row, line in enumerate(lines):
        for m in re.finditer(rf"(h\d) z({NUMBER})", line):
            z = Shown.read(m.group(2))
            under = re.match(rf"\s*a ?({NUMBER})", below(lines, row, m.start()))
            if under is None:
                continue  # a layout with z and a on one row: a follows
            a = Shown.read(under.group(1))
            lo, hi = sorted(float(f(np.array(z.value + s * z.slack))) for s in (-1, 1))
            assert lo - a.slack <= a.value <= hi + a.slack, (m.group(0), a, lines)
            seen += 1
    return seen


def votes_drawn(text: str) -> dict[str, list[Shown]]:
    """Each output's votes (``h1 votes pass: +0.14`` or ``h1 o2 up +0.3``), by output."""
    flat = " ".join(text.split())
    found: dict[str, list[Shown]] = {}
    pattern = rf"h\d(?: votes)? (?:(o\d) )?(?:pass|fail|up|down):? ({NUMBER})"
    for m in re.finditer(pattern, flat):
        found.setdefault(m.group(1) or "o1", []).append(Shown.read(m.group(2)))
    return found


def check_outputs(lines: list[str], soft: bool) -> int:
    """Each output with its bias drawn: votes + bias is its drawn z (when drawn) and the
    sigmoid of that is its drawn P(pass) or output. The outputs checked."""
    votes = votes_drawn("\n".join(lines))
    head = rf"(o\d) ({NUMBER})" if soft else rf"P(?:\(pass\))? ({NUMBER})%"
    seen = 0
    for row, line in enumerate(lines):
        for m in re.finditer(head, line):
            name = m.group(1) if soft else "o1"
            out = Shown.read(m.group(m.lastindex or 1), percent=not soft)
            rest = [r[m.start() :] for r in lines[row + 1 : row + 4]]
            bias = next((b for r in rest if (b := re.match(rf"b\({name}\) ({NUMBER})", r))), None)
            if bias is None:
                continue  # a layout without the bias: nothing to add up
            b = Shown.read(bias.group(1))
            parts = [*votes[name], b]
            total = sum(p.value for p in parts)
            slack = sum(p.slack for p in parts)
            drawn_z = next((z for r in rest if (z := re.match(rf"z ({NUMBER})", r))), None)
            if drawn_z is not None:
                z = Shown.read(drawn_z.group(1))
                assert abs(total - z.value) <= slack + z.slack + 1e-12, (name, total, z, lines)
                total, slack = z.value, z.slack
            lo, hi = (1 / (1 + math.exp(-(total + s * slack))) for s in (-1, 1))
            assert lo - out.slack <= out.value <= hi + out.slack, (name, total, out, lines)
            seen += 1
    return seen


CASES = [
    ((), (120, 40)),
    (("--lr", "4"), (120, 40)),
    (("--preset", "mazur"), (120, 40)),
    ((), (80, 24)),
    (("--preset", "mazur"), (80, 24)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("argv", "size"), CASES)
@pytest.mark.parametrize("keys", [("f",), ("f", "b"), ("f", "b", "plus")])
async def test_every_number_drawn_adds_up(
    argv: tuple[str, ...], size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    app = make_app(*argv)
    async with app.run_test(size=size) as pilot:
        await press(pilot, *keys)
        await pilot.pause()  # the panes settle (a guess makes the Hidden pane taller)
        lines = picture_lines(app)
        n_hidden, n_out = app.sim.trainer.network.layer_sizes[1:]
        assert check_hidden(lines, app.sim.trainer.config.activation) == n_hidden, lines
        checked = check_outputs(lines, app.sim.worked_example)
        if size == (120, 40):  # the richest layout draws the output's bias: it adds up
            assert checked == n_out, lines


@pytest.mark.parametrize("argv", [(), ("--preset", "mazur")])
async def test_after_b_the_biases_drawn_are_the_guessing_weights(argv: tuple[str, ...]) -> None:
    """Read against the engine: the biases drawn beside the old guess are the old weights'."""
    app = make_app(*argv)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "f", "b")
        guessed = app.sim.trace_net
        assert guessed is not None and guessed is not app.sim.trainer.network
        text = app.query_one(PicturePane).text
        for k, name in enumerate(("h1", "h2")):
            bias = float(guessed.biases[0][k])
            drawn = re.search(rf"b\({name}\) ({NUMBER})", text)
            assert drawn is not None, text
            b = Shown.read(drawn.group(1))
            assert abs(b.value - bias) <= b.slack, (name, b, bias)
        out = re.search(rf"b\(o1\) ({NUMBER})", text)
        assert out is not None and abs(Shown.read(out.group(1)).value - guessed.biases[1][0]) < 0.01
