"""docs/article-ideas.md: one row per idea of the article, and every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
IDEAS = ROOT / "docs" / "article-ideas.md"


def rows() -> list[list[str]]:
    """The table's rows (past the header), as lists of cells."""
    lines = [
        line for line in IDEAS.read_text(encoding="utf-8").splitlines() if line.startswith("|")
    ]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_the_table_has_the_articles_twelve_ideas_each_with_a_place_and_a_test() -> None:
    table = rows()
    assert [int(r[0]) for r in table] == list(range(1, 13))
    for number, idea, where, tests in table:
        assert idea and where and "tests/" in tests, number


def test_every_test_the_table_names_exists() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", IDEAS.read_text(encoding="utf-8"))
    assert len(named) >= 12
    for path, name in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {name}\(", source, re.M), f"{path}::{name}"
