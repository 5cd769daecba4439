"""Gradebooks made like real exports, for the tests: a teacher's own class, not ours.

``gradebook`` writes a class of students as a spreadsheet would export it: a number
column, names with accents (one with the delimiter inside, one comment over two lines),
attendance, grades on the school's scale with a few blank cells, and the outcome in the
school's own words. Who passed follows the grades (so a network can learn it), seeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FIRST = ["José", "Zoë", "Ana", "Łukasz", "Chloé", "Jürgen", "Siobhán", "Mateo", "Inès", "Ole"]
LAST = ["Kovač", "García", "Müller", "Nowak", "Dubois", "Rossi", "O'Brien", "Jansen", "Silva"]


@dataclass(frozen=True)
class Style:
    """How the spreadsheet exported it."""

    delimiter: str = ","
    decimal: str = "."
    eol: str = "\n"
    bom: bool = False
    words: tuple[str, str] = ("P", "F")
    """(passed, failed) as the school writes them."""
    grades: tuple[str, ...] = ("Homework", "Quiz", "Exam")
    id_column: str = "Nr."
    blanks: tuple[tuple[int, str], ...] = ((4, "Quiz"), (20, "Exam"))
    """(student index from 0, column) cells left empty."""
    blank_outcome: tuple[int, ...] = (30,)
    outcome: bool = True
    extra: dict[str, str] = field(default_factory=dict)


EU = Style(
    delimiter=";",
    decimal=",",
    eol="\r\n",
    bom=True,
    words=("Aprobado", "Suspenso"),
    grades=("Written test", "Oral test", "Homework"),
    blanks=((4, "Oral test"), (20, "Written test")),
)
"""An Excel export in a European locale: BOM, CRLF, semicolons, decimal commas."""


def _cell(text: str, style: Style) -> str:
    if any(c in text for c in (style.delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def class_grades(n: int, n_grades: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Grades on a 0-10 scale (one decimal) and who passed (mean of the grades >= 5)."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(5.5, 1.8, size=(n, 1))
    noise = rng.normal(0, 1.0, size=(n, n_grades))
    grades = np.clip(np.round(ability + noise, 1), 0, 10) + 0.0  # no "-0,0"
    passed = grades.mean(axis=1) >= 5.0
    return grades, passed


def gradebook(style: Style = Style(), n: int = 38, seed: int = 0) -> bytes:
    """A class of ``n`` students as ``style`` exports it (bytes, as on disk)."""
    grades, passed = class_grades(n, len(style.grades), seed)
    rng = np.random.default_rng(seed + 1)
    attendance = rng.integers(70, 101, size=n)
    header = [style.id_column, "Name", "Attendance", *style.grades]
    header += ["Result"] if style.outcome else []
    header += [*style.extra, "Comment"]
    lines = [style.delimiter.join(_cell(h, style) for h in header)]
    blank = set(style.blanks)
    for i in range(n):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        if i == 3:
            name = f"{LAST[0]}{style.delimiter} {FIRST[0]}"  # the delimiter inside a name
        cells = [str(i + 1), name, str(attendance[i])]
        for g, column in zip(grades[i], style.grades):
            text = f"{g:.1f}".replace(".", style.decimal)
            cells.append("" if (i, column) in blank else text)
        if style.outcome:
            word = style.words[0] if passed[i] else style.words[1]
            cells.append("" if i in style.blank_outcome else word)
        cells += list(style.extra.values())
        cells.append(f"moved in{style.eol}from another school" if i == 7 else "")
        lines.append(style.delimiter.join(_cell(c, style) for c in cells))
    text = style.eol.join(lines) + style.eol
    return (b"\xef\xbb\xbf" if style.bom else b"") + text.encode("utf-8")
