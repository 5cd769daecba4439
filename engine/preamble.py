"""What a spreadsheet may put above the header: Excel's ``sep=;`` line, honoured (it is
Excel's own way to name the delimiter), and a title row, named with the line to delete, so
neither ends in a puzzling "expected 1 fields (as in the header), got 5".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from engine.cells import holds_a_number
from engine.dataset import DataError
from engine.records import DELIMITERS, Lines, blank

SEP_LINE = re.compile(r"sep=([^\r\n])[ ]*(?:\r\n|\n|\r|$)", re.IGNORECASE)
"""Excel's first line naming the delimiter: ``sep=;``, ``sep=,``, ``sep=<tab>``."""

SAMPLE = 20
"""Records after a possible title that must agree with each other."""


def excel_sep(text: str, path: str | Path, notes: list[str]) -> str | None:
    """The delimiter line 1's ``sep=X`` names (with a note), or None without such a line;
    DataError for a delimiter the reader does not read."""
    found = SEP_LINE.match(text)
    if found is None:
        return None
    sep = found.group(1)
    if sep not in DELIMITERS:
        raise DataError(
            f'"sep={sep}" names a delimiter this reader does not read: expected comma, '
            "semicolon or tab",
            path,
            1,
        )
    notes.append(f'line 1 is Excel\'s "sep=" line: read as {DELIMITERS[sep]}-separated')
    return sep


def check_title(
    n: int,
    header_line: int,
    body: Sequence[Sequence[str]],
    first: int,
    lines: Lines,
    path: str | Path,
) -> None:
    """DataError when the "header" of ``n`` fields on ``header_line`` looks like a title: the
    next records (``body``, the first at record ``first``) agree on more fields than it has,
    and it has one field or the first of them holds no number (a header, not a student)."""
    rows = [(k, row) for k, row in enumerate(body[:SAMPLE], start=first) if not blank(row)]
    if len(rows) < 2:
        return
    m = len(rows[0][1])
    if m <= n or any(len(row) != m for _, row in rows):
        return
    if n > 1 and holds_a_number(rows[0][1], decimal_comma=True):
        return
    raise DataError(
        f"looks like a title above the header; the header seems to be line "
        f"{lines.of_record(rows[0][0])}: delete line {header_line}",
        path,
        header_line,
    )
