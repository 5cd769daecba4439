"""ASCII fallback: for terminals that cannot show braille, block or box-drawing characters.

``use_ascii`` decides from the environment (a C/POSIX locale or a non-UTF-8 output);
``--ascii`` forces it. In ASCII mode the App draws bars with ``#`` and ``-``, the chart
with plotext's plain markers, borders with ``ascii`` and, as a last resort, every
character still outside ASCII is written as its nearest ASCII stand-in (``transliterate``).
Importing this module does not import textual.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

ASCII = False
"""Whether the running app draws in ASCII (set by the App when it starts)."""

STAND_INS: dict[str, str] = {
    **dict.fromkeys("─━┄┅┈┉╌╍═▔▁╶╴╺╸", "-"),
    **dict.fromkeys("│┃┆┇┊┋╎╏║▏▕", "|"),
    **dict.fromkeys("┌┐└┘├┤┬┴┼╭╮╯╰┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬", "+"),
    **dict.fromkeys("█▉▊▋▌▍▎▐▀▄■▮", "#"),
    **dict.fromkeys("░▒▓", ":"),
    "▲": "^",
    "▼": "v",
    "▶": ">",
    "◀": "<",
    "►": ">",
    "◄": "<",
    "›": ">",
    "‹": "<",
    "»": ">",
    "«": "<",
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "−": "-",
    "–": "-",
    "—": "-",
    "·": ".",
    "•": "*",
    "…": "~",
    "✓": "+",
    "✗": "x",
    "✔": "+",
    "✘": "x",
    "≥": ">",
    "≤": "<",
    "×": "x",
    "÷": "/",
    "α": "a",
    "Δ": "D",
    "δ": "d",
    "σ": "s",
    "∂": "d",
    "Σ": "S",
    "²": "2",
    "½": "h",
    "⏎": "@",
    "●": "@",
    "○": "o",
    "◆": "*",
    "◇": "*",
    "⌫": "<",
    "\u00a0": " ",
}

_OUTSIDE = re.compile(r"[^\x00-\x7f]")


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    if "\u2800" <= ch <= "\u28ff":  # braille dots
        return "." if ch == "\u2800" else "*"
    return STAND_INS.get(ch, "?")


def transliterate(text: str) -> str:
    """``text`` with every non-ASCII character replaced by one ASCII character."""
    return _OUTSIDE.sub(_stand_in, text) if not text.isascii() else text


def use_ascii(environ: Mapping[str, str] | None = None, encoding: str | None = None) -> bool:
    """True when the terminal probably cannot show Unicode: the locale (LC_ALL, else
    LC_CTYPE, else LANG) is C or POSIX, or the output encoding is not UTF-8."""
    env = os.environ if environ is None else environ
    if "web_driver" in env.get("TEXTUAL_DRIVER", ""):  # a browser (serve) shows Unicode
        return False
    encoding = encoding if encoding is not None else (sys.stdout.encoding or "")
    locale = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if locale.split(".")[0] in ("C", "POSIX") and "UTF" not in locale.upper():
        return True
    return encoding.lower().replace("-", "").replace("_", "") not in ("utf8", "")
