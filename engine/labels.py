"""Pass/fail words: which spelling in the target column means "passed".

Schools write the outcome in many ways. A target cell is read, ignoring case, accents and
extra spaces, as one of the words of ``PAIRS`` (passing word first) or as 1/0 in any
numeric spelling. ``positive`` (the ``--positive`` option) names the passing value of any
two-valued column instead, in which case every other value is the failing one.
Blank cells are the caller's business (a missing label): pass only the cells that hold text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PAIRS: tuple[tuple[str, str], ...] = (
    ("1", "0"),
    ("pass", "fail"),
    ("passed", "failed"),
    ("true", "false"),
    ("yes", "no"),
    ("p", "f"),
    ("y", "n"),
    ("aprobado", "suspenso"),
    ("aprobada", "suspensa"),
    ("aprovado", "reprovado"),
    ("aprovada", "reprovada"),
    ("admis", "ajourné"),
    ("admise", "ajournée"),
    ("reçu", "recalé"),
    ("reçue", "recalée"),
    ("bestanden", "nicht bestanden"),
    ("promosso", "bocciato"),
    ("promossa", "bocciata"),
    ("geslaagd", "gezakt"),
    ("zaliczony", "niezaliczony"),
)
"""(passing word, failing word), as a teacher writes them; matched by ``fold``."""

EXPECTED = (
    "a label: 1/0, pass/fail, yes/no, P/F, true/false or a school's own pair "
    "(--positive names the passing one)"
)
"""What a target cell should be, for messages."""


def fold(text: str) -> str:
    """``text`` without case, accents or extra spaces: "  Ajourné " -> "ajourne"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


WORDS: dict[str, float] = {}
"""Folded word -> 1.0 (passed) or 0.0 (failed)."""
PARTNER: dict[str, str] = {}
"""Folded word -> the other word of its pair, as written in ``PAIRS``."""
for _yes, _no in PAIRS:
    WORDS[fold(_yes)], WORDS[fold(_no)] = 1.0, 0.0
    PARTNER[fold(_yes)], PARTNER[fold(_no)] = _no, _yes


class LabelError(ValueError):
    """A target column that cannot be read as pass/fail.

    ``cells``: the offending cells (the caller names the first of them in the file), or
    empty when the problem is the column as a whole (or ``--positive``).
    """

    def __init__(self, message: str, cells: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.cells = tuple(cells)


@dataclass(frozen=True)
class Labels:
    """Each distinct target spelling -> 0.0/1.0, and the (failing, passing) words to show."""

    values: dict[str, float]
    negative: str
    positive: str


def _number(cell: str) -> float | None:
    """1/0 in any numeric spelling ("1", "1.0", "0,0"), else None."""
    try:
        value = float(cell.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value in (0.0, 1.0) else None


def _quoted(cells: Iterable[str]) -> str:
    shown = [f'"{c.strip()}"' for c in cells]
    return " and ".join(shown) if len(shown) <= 2 else ", ".join(shown)


def _styled(word: str, like: str) -> str:
    """``word`` in the case style of ``like`` (FAIL for PASS, Suspenso for Aprobado)."""
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def read_labels(cells: Sequence[str], positive: str | None = None) -> Labels:
    """Map every spelling in ``cells`` (file order, no blanks) to 0/1; raises LabelError.

    The words shown are the file's first failing and first passing spellings; a class the
    file never mentions gets its pair's other word (or "0"/"1" for numbers).
    """
    distinct = list(dict.fromkeys(cells))
    if positive is not None:
        return _with_positive(distinct, positive)
    values: dict[str, float] = {}
    unknown: list[str] = []
    numeric = True
    for cell in distinct:
        word = WORDS.get(fold(cell))
        if word is None:
            number = _number(cell)
            if number is None:
                unknown.append(cell)
                continue
            word = number
        elif _number(cell) is None:
            numeric = False
        values[cell] = word
    if unknown:
        classes = {fold(c) for c in distinct}
        if len(classes) == 2 and len({fold(c) for c in unknown}) == 2:
            a, b = sorted({fold(c): c for c in distinct}.values(), key=distinct.index)
            raise LabelError(
                f"two values, {_quoted([a, b])}, and no known pass/fail word: "
                f"say which one passed with --positive (e.g. --positive {a.strip()})",
                unknown,
            )
        raise LabelError(f"expected {EXPECTED}, got {_quoted(unknown[:1])}", unknown)
    if numeric:
        return Labels(values, "0", "1")
    first = {v: next(c.strip() for c in distinct if values[c] == v) for v in set(values.values())}
    negative, positive_word = first.get(0.0), first.get(1.0)
    if negative is None:
        assert positive_word is not None
        negative = _styled(PARTNER.get(fold(positive_word), "0"), positive_word)
    if positive_word is None:
        positive_word = _styled(PARTNER.get(fold(negative), "1"), negative)
    return Labels(values, negative, positive_word)


def _with_positive(distinct: list[str], positive: str) -> Labels:
    """``--positive``: that value passed, the (one) other value failed."""
    wanted = fold(positive)
    if not wanted:
        raise LabelError("--positive needs a value, e.g. --positive Aprobado")
    spellings: dict[str, str] = {}
    for cell in distinct:
        spellings.setdefault(fold(cell), cell.strip())
    others = [s for f, s in spellings.items() if f != wanted]
    if wanted not in spellings:
        raise LabelError(
            f'--positive "{positive}" is not a value of this column; it has '
            f"{_quoted(list(spellings.values())[:6])}"
        )
    if len(others) > 1:
        extra = [c for c in distinct if fold(c) not in (wanted, fold(others[0]))]
        raise LabelError(
            f"expected two values (--positive {positive}), got {len(spellings)}: "
            f"{_quoted(list(spellings.values())[:6])}",
            extra,
        )
    values = {cell: 1.0 if fold(cell) == wanted else 0.0 for cell in distinct}
    negative = others[0] if others else f"not {spellings[wanted]}"
    return Labels(values, negative, spellings[wanted])
