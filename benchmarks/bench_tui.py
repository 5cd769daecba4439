"""The simulator screen in a real pseudo-terminal (issue 5's targets), as a person runs it.

- launch: from starting ``passfail-tui`` to its first usable screen (the footer drawn),
  median of several runs (target <= 1.0 s);
- epochs a second with the screen live, in ``batch`` and ``stochastic`` mode
  (targets >= 2,000 and >= 300): space, wait, space, read the epoch from the status line;
  beside each, the engine alone (``Trainer.run_epoch`` in a loop, its measuring pass
  included) in this process, and the share of it the screen keeps (issue 18: >= 80%);
- key latency during a run: ``n`` pressed while training at full speed, timed until the next
  student (``student k of 480 training``) is on screen; 95th percentile (target <= 25 ms,
  issue 18; it was 50 ms).

The app runs with ``--epochs 100000000 --tol 0`` (``ENDLESS``): no budget or stop rule ends
a run while it is measured.

Each rate and the latency are the median of ``--repeat`` rounds (3), engine and screen
interleaved so both see the same machine.

    python benchmarks/bench_tui.py [--runs 7] [--seconds 4] [--keys 40] [--size 80x24]
                                   [--repeat 3]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

EXE = Path(os.environ.get("BENCH_EXE") or Path(sys.executable).with_name("passfail-tui"))
ENDLESS = ["--epochs", "100000000", "--tol", "0"]
"""A run the recipe does not end (no budget, no stop rule) while it is measured."""
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(\x07|\x1b\\)|\x1b.")


class Terminal:
    """``passfail-tui ARGS`` in a pseudo-terminal of a fixed size; output kept as plain text."""

    def __init__(self, args: list[str], width: int, height: int) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            os.environ["TERM"] = "xterm-256color"
            os.environ.pop("TEXTUAL", None)
            os.execv(str(EXE), [str(EXE), *args])
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.raw = b""

    def read(self, timeout: float) -> bool:
        """Read what arrived within ``timeout`` seconds; False if nothing did."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        self.raw += chunk
        return True

    @property
    def text(self) -> str:
        """Everything drawn so far with the escape sequences taken out."""
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 10.0, since: int = 0) -> float:
        """Seconds until ``needle`` appears in the plain output after byte ``since``."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if needle in ANSI.sub(b"", self.raw[since:]).decode("utf-8", "replace"):
                return time.perf_counter() - start
            self.read(0.01)
        raise TimeoutError(f"{needle!r} not shown within {timeout} s")

    def press(self, key: str) -> int:
        """Type ``key``; returns the output position before it (for ``wait_for(since=)``)."""
        self.drain()
        mark = len(self.raw)
        os.write(self.fd, key.encode())
        return mark

    def drain(self) -> None:
        while self.read(0):
            pass

    def close(self) -> None:
        try:
            os.write(self.fd, b"q")
            deadline = time.time() + 5
            while time.time() < deadline:
                self.read(0.05)
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def launch(width: int, height: int) -> float:
    """Seconds from starting the program to the footer being drawn."""
    term = Terminal([], width, height)
    try:
        term.wait_for("Blame", timeout=20)
        return time.perf_counter() - term.started
    finally:
        term.close()


def epochs_per_second(mode: str, seconds: float, width: int, height: int) -> float:
    """Epochs a second of a run at full speed with the screen drawing."""
    term = Terminal(["--mode", mode, *ENDLESS], width, height)
    try:
        term.wait_for("Blame", timeout=20)
        full_speed(term)
        term.press(" ")
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            term.read(0.05)
        mark = term.press(" ")
        elapsed = time.perf_counter() - start
        term.wait_for("paused at epoch", since=mark)
        found = re.findall(r"paused at epoch ([\d,]+)", term.text)
        return int(found[-1].replace(",", "")) / elapsed
    finally:
        term.close()


def full_speed(term: Terminal) -> None:
    """``>`` until the speed is the machine's own (a run may start at a watchable pace)."""
    for _ in range(16):
        term.press(">")
    term.wait_for("speed: max", timeout=5)


def engine_epochs_per_second(mode: str, seconds: float) -> float:
    """Epochs a second of the engine alone on the same students: what the screen could do."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from engine.data import bundled_path, load_dataset
    from engine.trainer import Trainer, TrainingConfig

    trainer = Trainer(load_dataset(bundled_path("students.csv")), TrainingConfig(mode=mode))
    trainer.run_epoch()  # compile the fast path, warm the caches
    start, epochs = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        trainer.run_epoch()
        epochs += 1
    return epochs / (time.perf_counter() - start)


def key_latency(keys: int, width: int, height: int) -> list[float]:
    """Seconds from pressing ``n`` mid-run to the next training student on screen (``student
    k of 480 training``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from engine.data import bundled_path, load_dataset
    from engine.trainer import Trainer, TrainingConfig

    n_train = Trainer(load_dataset(bundled_path("students.csv")), TrainingConfig()).n_train
    term = Terminal(["--mode", "batch", *ENDLESS], width, height)
    times = []
    try:
        term.wait_for("Blame", timeout=20)
        full_speed(term)
        term.press(" ")
        time.sleep(0.5)
        for k in range(1, keys + 1):
            mark = term.press("n")
            times.append(term.wait_for(f"student {k + 1} of {n_train} training", since=mark))
            time.sleep(0.05)
    finally:
        term.close()
    return times


def main() -> None:
    """Measure and print the figures beside their targets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--repeat", type=int, default=3, help="rounds for each median")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    print(f"passfail-tui in a {width}x{height} pseudo-terminal ({EXE})")
    times = [launch(width, height) for _ in range(args.runs)]
    print(
        f"launch to first screen: median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}; {args.runs} runs)   target <= 1.0 s"
    )
    n = args.repeat
    for mode, target in (("batch", 2000), ("stochastic", 300)):
        live, alone = [], []
        for _ in range(n):
            alone.append(engine_epochs_per_second(mode, args.seconds))
            live.append(epochs_per_second(mode, args.seconds, width, height))
        rate, engine = statistics.median(live), statistics.median(alone)
        print(
            f"{mode:<10} epochs/s with the screen live: {rate:8.0f}   engine alone {engine:8.0f}"
            f"   screen keeps {rate / engine:.0%}   (medians of {n})   target >= {target}"
            + ("; >= 80% of the engine" if mode == "batch" else "")
        )
    p95s, medians = [], []
    for _ in range(n):
        lat = sorted(key_latency(args.keys, width, height))
        p95s.append(lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))])
        medians.append(statistics.median(lat))
    print(
        f"key latency during a batch run: median {statistics.median(medians) * 1000:.1f} ms, "
        f"95th percentile {statistics.median(p95s) * 1000:.1f} ms "
        f"(each a median of {n} rounds of {args.keys} keys; the p95s: "
        f"{', '.join(f'{p * 1000:.1f}' for p in p95s)} ms)   target <= 25 ms"
    )


if __name__ == "__main__":
    main()
