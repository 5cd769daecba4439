"""The weights table's change beside each weight reads as a change of the right size and
sign, however small: Mazur's w1 moves by -0.000219 (0.15 -> 0.149780716), shown ``▼2.2e-4``,
not ``▼.000``, which reads as "didn't move"."""

from __future__ import annotations

import pytest

from tests.engine.test_explain import MAZUR_PUBLISHED
from tests.tui.conftest import make_app
from tui.widgets.pane import change_text
from tui.widgets.weights import WeightsPane

MAZUR_START = {"w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30}
MAZUR_START |= {"w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55}
"""His initial weights."""

WHERE = {"w1": ("i1", 0), "w3": ("i1", 1), "w2": ("i2", 0), "w4": ("i2", 1)}
WHERE |= {"w5": ("h1", 0), "w7": ("h1", 1), "w6": ("h2", 0), "w8": ("h2", 1)}
"""Each weight's row in the table and its column (the node it feeds)."""


def shown_change(text: str) -> float:
    """The number a ``▲.041`` / ``▼2.2e-4`` cell says, signed."""
    sign = {"▲": 1.0, "▼": -1.0, "=": 0.0}[text[0]]
    return sign * float(text[1:])


def last_digit(text: str) -> float:
    """Half a unit in the last digit shown: how far the number may be from what it rounds."""
    digits = text[1:]
    if "e" in digits:
        mantissa, exponent = digits.split("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return 0.5 * 10.0 ** (int(exponent) - decimals)
    return 0.5 * 10.0 ** -len(digits.split(".")[1])


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0123, "▲.012"), (-0.0411, "▼.041"), (0.0, "=.000"), (-0.000219284, "▼2.2e-4")]
    + [(4.9e-4, "▲4.9e-4"), (1e-12, "▲1.0e-12"), (-1.2345, "▼1.234")],
)
def test_change_text(value: float, text: str) -> None:
    assert change_text(value) == text


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_after_f_b_each_change_is_mazurs_to_the_digits_shown(size: tuple[int, int]) -> None:
    app = make_app("--preset", "mazur")
    async with app.run_test(size=size) as pilot:
        await pilot.press("f", "b", "W")
        await pilot.pause()
        rows = {
            line.split()[0]: line.split()[1:]
            for line in app.query_one(WeightsPane).text.split("\n")
            if line.split()
        }
        for name, (row, col) in WHERE.items():
            new, old = float(MAZUR_PUBLISHED[f"{name}+"]), MAZUR_START[name]
            said, value, moved = rows[row][3 * col : 3 * col + 3]  # w1 +0.150 ▼2.2e-4
            assert said == name
            assert value == f"+{new:.3f}", name
            assert moved[0] == ("▼" if new < old else "▲"), (name, moved)
            assert abs(shown_change(moved) - (new - old)) <= last_digit(moved) + 1e-12, (
                name,
                moved,
            )
        assert rows["i1"][2] == "▼2.2e-4"  # w1: 0.15 -> 0.149780716
        assert rows["h1"][2] == "▼.041"  # w5: 0.4 -> 0.35891648
