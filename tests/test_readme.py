"""The README keeps its promises: CI runs its test command verbatim, its key table lists
every key the app binds, and the screenshots it shows exist."""

from __future__ import annotations

import re
from pathlib import Path

from tui.app import KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_commands(text: str) -> list[str]:
    """Every line inside a ``` block."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = [c for c in fenced_commands(README) if c.endswith("-m pytest")]
    assert len(commands) == 1, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[0] in ci


def test_readme_set_up_command_starts_the_app() -> None:
    commands = fenced_commands(README)
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/passfail-tui" in commands


def test_key_table_lists_every_key() -> None:
    table = README.split("## The screen and its keys", 1)[1].split("\n## ", 1)[0]
    first_cells = [row.split("|")[1] for row in table.splitlines() if row.startswith("| `")]
    listed = {k for cell in first_cells for k in re.findall(r"`([^`]+)`", cell)}
    for key in KEYS:
        for shown in key.shown.split():
            assert shown in listed, f"README's key table lacks {shown!r} ({key.description})"


def test_screenshots_exist() -> None:
    shots = re.findall(r"\]\((docs/[^)]+\.svg)\)", README)
    assert {"docs/main-screen.svg", "docs/math-view.svg"} <= set(shots)
    for shot in shots:
        assert (ROOT / shot).read_text(encoding="utf-8").lstrip().startswith("<svg")
