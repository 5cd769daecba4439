"""Fuzzing through the pilot: random key sequences at random terminal sizes (down to
40x12), resized mid-run, must raise nothing and never hang.

The keys come from the App's and every screen's BINDINGS, so new views are covered without
editing this file. Each sequence is drawn from ``random.Random(SEED + i)``; a failure
prints the seed, the size and the keys, to replay with ``replay(seed)``.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import pkgutil
import random
import time
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.screen import Screen

import tui.screens
from tests.tui.conftest import make_app
from tui.app import SimulatorApp

SEED = int(os.environ.get("PASSFAIL_FUZZ_SEED", "20240601"))
SEQUENCES = int(os.environ.get("PASSFAIL_FUZZ_SEQUENCES", "40"))
LENGTH = tuple(int(n) for n in os.environ.get("PASSFAIL_FUZZ_LENGTH", "30,70").split(","))
"""Fewest and most steps in a sequence: about 2,000 steps in all, in few sequences, because
starting the app costs about ten keys."""

BATCHES = 4
"""Sequences are split over this many tests (so parallel workers share them)."""

TIMEOUT = 60.0
"""Seconds one sequence may take before it counts as a hang."""
QUITTING = {"q", "ctrl+c", "ctrl+q"}
"""Keys that end the app (they would end the sequence early)."""

EXTRA = ["space", "escape", "enter", "tab", "shift+tab", "up", "down", "left", "right"]
"""Keys every sequence may use besides the bindings: the run key, leaving views, moving."""


def _keys_of(bindings: object) -> set[str]:
    keys: set[str] = set()
    for b in bindings or []:  # type: ignore[attr-defined]
        key = b.key if isinstance(b, Binding) else b[0]
        keys.update(k.strip() for k in key.split(","))
    return keys


def binding_keys() -> list[str]:
    """Every key bound by the App or by a screen in tui/screens, minus the quitting ones."""
    keys = _keys_of(SimulatorApp.BINDINGS)
    for info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                keys |= _keys_of(getattr(cls, "BINDINGS", []))
    return sorted((keys | set(EXTRA)) - QUITTING)


KEYS = binding_keys()


def plan(seed: int) -> tuple[tuple[int, int], list[str | tuple[int, int]]]:
    """A start size and LENGTH steps: keys, and now and then a new terminal size."""
    rng = random.Random(seed)
    size = (rng.randint(40, 120), rng.randint(12, 40))
    steps: list[str | tuple[int, int]] = []
    for _ in range(rng.randint(*LENGTH)):
        if rng.random() < 0.06:
            steps.append((rng.randint(40, 120), rng.randint(12, 40)))
        else:
            steps.append(rng.choice(KEYS))
    return size, steps


async def replay(seed: int) -> None:
    """Run the sequence drawn from ``seed``; an exception or a hang fails it."""
    size, steps = plan(seed)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        for step in steps:
            if isinstance(step, tuple):
                await pilot.resize_terminal(*step)
            else:
                await pilot.press(step)
        await pilot.pause()
        if app.sim.running:
            await pilot.press("space")  # a run left going is fine; stop it before leaving
    assert app.return_code in (None, 0)


def test_keys_cover_the_views() -> None:
    assert {"space", "escape", "f", "b", "e", "question_mark"} <= set(KEYS)
    assert not QUITTING & set(KEYS)


@pytest.mark.slow
@pytest.mark.parametrize("batch", range(BATCHES))
async def test_random_key_sequences(
    batch: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # ctrl+s / x write here
    per = -(-SEQUENCES // BATCHES)
    start = time.perf_counter()
    for i in range(batch * per, min((batch + 1) * per, SEQUENCES)):
        seed = SEED + i
        try:
            await asyncio.wait_for(replay(seed), TIMEOUT)
        except BaseException as exc:
            size, steps = plan(seed)
            pytest.fail(
                f"sequence {i} (seed {seed}) at {size[0]}x{size[1]} failed with "
                f"{type(exc).__name__}: {exc}\nsteps: {steps}\n"
                f"replay: PASSFAIL_FUZZ_SEED={SEED} ... replay({seed})",
                pytrace=True,
            )
    print(f"batch {batch}: {per} sequences in {time.perf_counter() - start:.1f} s")
