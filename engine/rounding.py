"""Numbers as the working prints them, and whether a line's result can be checked by hand.

A line of the working shows its operands and its result, each rounded (``fmt``). Worked by
hand from those rounded figures, the result can differ in its last digit: such a line says
``~=`` where it would say ``=`` (``equals``), so a learner is never shown an ``=`` the figures
beside it do not give.
"""

from __future__ import annotations

import math

APPROX = "~="
"""The relation of a result the rounded figures give only to within its last digit (ASCII:
``explain`` prints the same text to any console)."""

APPROX_NOTE = (
    "(~= : the figures shown are rounded, so worked by hand they give the result only to a "
    "few units in its last digit; the network works with them unrounded)"
)
"""Said once under a working that uses ``APPROX``."""


def fmt(v: float, places: int = 4) -> str:
    """A number as the working prints it: at least ``places`` decimals, and ``places``
    significant digits for small numbers (0.0004386, not 0.0004); scientific when huge."""
    if not math.isfinite(v):
        return str(v)
    if v != 0 and abs(v) >= 1e6:
        return f"{v:.{places}e}"
    if v != 0 and abs(v) < 0.1:
        extra = min(-math.floor(math.log10(abs(v))) - 1, 12)
        return f"{v:.{places + extra}f}"
    return f"{v:.{places}f}"


def shown(v: float, places: int = 4) -> float:
    """``v`` as the working prints it, read back: the figure a learner checking by hand has."""
    return float(fmt(v, places))


def equals(result: float, by_hand: float, places: int = 4) -> str:
    """``=`` when ``by_hand`` (the line worked out from its shown figures) prints as ``result``
    does; else ``APPROX``."""
    return "=" if fmt(by_hand, places) == fmt(result, places) else APPROX
