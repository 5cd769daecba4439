"""How fast ``load_dataset`` reads a big students file: 1,000,000 rows, 3 grades + target.

Run: ``python benchmarks/bench_read_csv.py [--rows N] [--runs K] [--semicolon]``. Writes the
file to a temporary folder, reads it K times and prints the median seconds and rows per
second. ``--semicolon`` writes a LibreOffice-German style file (``;`` and decimal commas),
which takes the slower cell-by-cell path. ``--memory`` reads it once more under tracemalloc
and prints the peak memory of the read as a multiple of the file's size (issue 14's target
is at most 4x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.data import load_dataset


def write_file(path: Path, rows: int, semicolon: bool, seed: int = 0) -> None:
    """A students CSV of ``rows`` rows with one-decimal grades."""
    rng = np.random.default_rng(seed)
    grades = np.round(rng.uniform(0, 100, size=(rows, 3)), 1)
    passed = rng.integers(0, 2, size=rows)
    sep = ";" if semicolon else ","
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(sep.join(["student", "class_assignments", "written_tests", "oral_tests", "passed"]))
        f.write("\n")
        lines = []
        for i, (g, p) in enumerate(zip(grades.tolist(), passed.tolist())):
            cells = [f"{v:.1f}" for v in g]
            if semicolon:
                cells = [c.replace(".", ",") for c in cells]
            lines.append(sep.join([f"student {i}", *cells, str(p)]))
        f.write("\n".join(lines))
        f.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--semicolon", action="store_true")
    parser.add_argument("--memory", action="store_true", help="also the read's peak memory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "students.csv"
        write_file(path, args.rows, args.semicolon)
        size = path.stat().st_size
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            data = load_dataset(path)
            times.append(time.perf_counter() - start)
            assert data.n_samples == args.rows
        del data
        peak = peak_bytes(path) if args.memory else None
    median = statistics.median(times)
    kind = "semicolon + decimal comma" if args.semicolon else "comma"
    print(
        f"{args.rows:,} rows ({size / 1e6:.0f} MB, {kind}): median {median:.2f} s over "
        f"{args.runs} runs, {args.rows / median:,.0f} rows/s"
    )
    if peak is not None:
        print(f"peak memory while reading: {peak / 1e6:.0f} MB, {peak / size:.1f}x the file")


def peak_bytes(path: Path) -> int:
    """The most memory Python held at once while ``load_dataset`` read ``path``."""
    tracemalloc.start()
    try:
        load_dataset(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


if __name__ == "__main__":
    main()
