"""How sure an accuracy is: the Wilson score interval, for small classes.

A class of 38 held-out students that the network gets 35 right is "92%", but the same
network could as well have scored 78% or 97% on another 38: the Wilson 95% interval says
how wide that is (it stays inside 0-100%, and is sound for small counts, unlike p +- 2 SE).
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

INTERVAL_BELOW = 100
"""Held-out sets smaller than this get their interval shown beside the accuracy."""


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (low, high) of a proportion ``successes / n``.

    ``n = 0`` gives (0.0, 1.0): nothing is known.
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"expected 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def accuracy_text(accuracy: float, n: int, who: str = "held-out students") -> str:
    """Accuracy with its 95% interval below ``INTERVAL_BELOW`` students, e.g.
    "92% (79%-97%) on 38 held-out students"; "92.1% on 480 held-out students" above."""
    if n >= INTERVAL_BELOW or n == 0:
        return f"{accuracy:.1%} on {n} {who}"
    low, high = wilson_interval(round(accuracy * n), n)
    return f"{accuracy:.0%} ({low:.0%}-{high:.0%}) on {n} {who}"
