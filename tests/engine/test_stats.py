"""The Wilson interval against worked values, and the accuracy line."""

from __future__ import annotations

import math

import pytest

from engine.stats import accuracy_text, wilson_interval


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Worked out from the formula with z = 1.96 (Newcombe 1998, table I, method 3)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (29, 29, 0.8830, 1.0),
    ],
)
def test_wilson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


def test_wilson_holds_the_proportion_and_narrows_with_n() -> None:
    for n in (5, 38, 400):
        lo, hi = wilson_interval(round(0.8 * n), n)
        assert lo < 0.8 < hi
    assert math.isclose(sum(wilson_interval(19, 38)), 1.0)  # symmetric about 1/2
    widths = [hi - lo for lo, hi in (wilson_interval(4 * n // 5, n) for n in (10, 100, 1000))]
    assert widths == sorted(widths, reverse=True)


def test_wilson_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_accuracy_text_small_and_large() -> None:
    assert accuracy_text(35 / 38, 38) == "92% (79%-97%) on 38 held-out students"
    assert accuracy_text(0.9, 480) == "90.0% on 480 held-out students"
