"""Shared test settings, and the time budget every test keeps."""

from __future__ import annotations

import time
from collections.abc import Generator

import pytest
from hypothesis import settings

CPU = pytest.StashKey[float]()

settings.register_profile("ci", deadline=None, max_examples=100, derandomize=True)
settings.load_profile("ci")

BUDGET = 5.0
"""CPU seconds a test's call phase may take unless it is marked ``slow``: the fast subset
(``-m "not slow"``) stays a loop of seconds, not minutes. CPU time, not wall time: on a
shared machine the same test takes four times as long by the clock when others are busy."""

WALL_BUDGET = 4 * BUDGET
"""Seconds by the clock: catches what CPU time misses (sleeps, subprocesses)."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    start = time.process_time()
    yield
    item.stash[CPU] = time.process_time() - start


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """Fail an unmarked test whose call phase went over BUDGET (CPU) or WALL_BUDGET."""
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or not report.passed or item.get_closest_marker("slow"):
        return
    cpu = item.stash.get(CPU, 0.0)
    if cpu > BUDGET or call.duration > WALL_BUDGET:
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} took {cpu:.1f} s of CPU and {call.duration:.1f} s by the clock, "
            f"over the budget for tests not marked slow ({BUDGET:.0f} s and "
            f"{WALL_BUDGET:.0f} s): make it faster (change settings while paused, await "
            "events instead of sleeping, fewer epochs) or mark it @pytest.mark.slow"
        )
