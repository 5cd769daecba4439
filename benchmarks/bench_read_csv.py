"""How fast ``load_dataset`` reads a big students file: 1,000,000 rows, 3 grades + target.

Run: ``python benchmarks/bench_read_csv.py [--rows N] [--runs K] [--semicolon] [--tiny]``.
Writes the file to a temporary folder, reads it K times and prints the median seconds and
rows per second. ``--semicolon`` writes a LibreOffice-German style file (``;`` and decimal
commas), which takes the slower cell-by-cell path; ``--tiny`` the smallest cells there are
(``a,passed`` then ``1,1`` / ``0,0``: four bytes a student). ``--memory`` reads it once more
under tracemalloc and prints the peak memory of the read as a multiple of the file's size
(target: at most 10x, whatever the shape). ``--train`` runs ``passfail-tui train --data FILE
--epochs 1`` in a child process and prints its peak resident set size (what
``/usr/bin/time -v`` calls "Maximum resident set size"), beside a child that only imports.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
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


def write_tiny(path: Path, rows: int) -> None:
    """The tester's file: ``a,passed`` then ``1,1`` and ``0,0`` in turn."""
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("a,passed\n" + "1,1\n0,0\n" * (rows // 2) + "1,1\n" * (rows % 2))


HIGH_WATER = (
    "import atexit, re, sys; atexit.register(lambda: sys.stderr.write('VmHWM %s kB' % "
    r"re.search(r'VmHWM:\s+(\d+)', open('/proc/self/status').read()).group(1))); "
)
"""Makes a child report its own peak RSS as it exits (Linux; its memory after exec only:
``ru_maxrss`` of a child would also count the parent's pages it was forked with)."""


def child_peak_mb(code: str) -> float:
    """Peak RSS (MB) of a fresh ``python -c code``."""
    done = subprocess.run(
        [sys.executable, "-c", HIGH_WATER + code], check=False, capture_output=True, text=True
    )
    found = re.search(r"VmHWM (\d+) kB", done.stderr)
    if found is None:
        raise RuntimeError(f"the child did not report its peak: {done.stderr[-300:]}")
    return int(found.group(1)) / 1024


def train_peak_mb(path: Path) -> tuple[float, float]:
    """Peak RSS (MB) of ``passfail-tui train --data path --epochs 1``, and of a child that
    only imports what it needs (the interpreter, numpy, the engine), measured first."""
    imports = child_peak_mb("import engine.trainer, engine.data, tui.cli")
    main = "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"
    train = f"import sys; sys.argv[1:] = ['train', '--data', {str(path)!r}, '--epochs', '1']; "
    return child_peak_mb(train + main), imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--semicolon", action="store_true")
    parser.add_argument("--tiny", action="store_true", help="four bytes a student")
    parser.add_argument("--memory", action="store_true", help="also the read's peak memory")
    parser.add_argument("--train", action="store_true", help="also train's peak RSS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "students.csv"
        if args.tiny:
            write_tiny(path, args.rows)
        else:
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
        trained = train_peak_mb(path) if args.train else None
    median = statistics.median(times)
    kind = "semicolon + decimal comma" if args.semicolon else "comma"
    kind = "tiny cells" if args.tiny else kind
    print(
        f"{args.rows:,} rows ({size / 1e6:.0f} MB, {kind}): median {median:.2f} s over "
        f"{args.runs} runs, {args.rows / median:,.0f} rows/s"
    )
    if peak is not None:
        print(f"peak memory while reading: {peak / 1e6:.0f} MB, {peak / size:.1f}x the file")
    if trained is not None:
        rss, imports = trained
        print(
            f"train --epochs 1: peak RSS {rss:.0f} MB ({imports:.0f} MB of it the interpreter and "
            f"imports; the rest {(rss - imports) * (1 << 20) / size:.1f}x the file)"
        )


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
