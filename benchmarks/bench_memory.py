"""Memory during a long run: the simulator in a pseudo-terminal, ``--mode batch`` at full speed,
its resident set size (RSS, from /proc) read at minute ``--first`` and minute ``--last``.

The target (issue 14): RSS at minute 10 minus RSS at minute 1 at most 10 MB, so a lesson
that leaves a run going for an hour does not eat the machine (it grew ~12 MB a minute when
every epoch's record was kept). Linux only (it reads /proc/PID/status).

    python benchmarks/bench_memory.py [--first 1] [--last 10] [--size 80x24]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import Terminal  # a sibling script, found through sys.path


def rss_mb(pid: int) -> float:
    """The process's resident set size in MB (VmRSS)."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    if found is None:
        raise RuntimeError(f"no VmRSS for process {pid}")
    return int(found.group(1)) / 1024


def run(first: float, last: float, width: int, height: int) -> dict[str, float]:
    """RSS (MB) at minute ``first`` and minute ``last`` of a full-speed batch run, and the
    epochs reached."""
    term = Terminal(["--mode", "batch"], width, height)
    try:
        term.wait_for("Blame", timeout=30)
        term.press(" ")
        start = time.perf_counter()
        samples = {}
        for minute in (first, last):
            while time.perf_counter() - start < minute * 60:
                term.read(0.05)
                term.raw = term.raw[-(1 << 16) :]  # keep what the screen drew bounded here too
            samples[minute] = rss_mb(term.pid)
            print(f"minute {minute:g}: RSS {samples[minute]:.1f} MB", flush=True)
        mark = term.press(" ")
        term.wait_for("paused at epoch", since=mark, timeout=30)
        epochs = int(re.findall(r"paused at epoch (\d+)", term.text)[-1])
    finally:
        term.close()
    return {"first": samples[first], "last": samples[last], "epochs": epochs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=float, default=1.0, help="first reading, minutes (1)")
    parser.add_argument("--last", type=float, default=10.0, help="second reading, minutes (10)")
    parser.add_argument("--size", default="80x24", help="terminal size (80x24)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    got = run(args.first, args.last, width, height)
    grew = got["last"] - got["first"]
    print(
        f"RSS minute {args.last:g} - minute {args.first:g}: {grew:+.1f} MB "
        f"({got['epochs']:,.0f} epochs; target <= 10 MB)"
    )


if __name__ == "__main__":
    main()
