"""Refusals that must come at once: a FIFO opened for reading or writing would block forever,
so the tests call the reader or writer in a thread and fail if it has not returned."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from engine.data import DataError

PATIENCE = 20.0
"""Seconds a refusal may take before the test calls it blocked (a generous bound, never met)."""


def raised_at_once(attempt: Callable[[], object], doing: str) -> BaseException | None:
    """What ``attempt()`` raised (None if it returned), asserting that it did not block;
    ``doing`` names the call in the failure ("reading x.csv")."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            attempt()
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=PATIENCE)
    assert not worker.is_alive(), f"{doing} blocked"
    return outcome[0]


def one_line_refusal(err: BaseException | None, path: Path | str, words: str) -> DataError:
    """``err`` is a DataError of one line that starts with ``path`` and says ``words``."""
    assert isinstance(err, DataError) and words in str(err), err
    assert str(err).startswith(str(path)) and "\n" not in str(err)
    return err
