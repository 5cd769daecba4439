"""Key soak: the app in a real pseudo-terminal, fed seeded random keys, must never crash and
never leave a key unanswered for more than 5 s.

    .venv/bin/python scripts/key_soak.py                 # 3 runs x 2,000 keys, seeds 1-3
    .venv/bin/python scripts/key_soak.py --runs 1 --keys 300 --seed 7
    .venv/bin/python scripts/key_soak.py --python ../other/.venv/bin/python   # another tree
    .venv/bin/python scripts/key_soak.py --runs 1 --seed 5 --log keys.txt   # the bursts sent
    .venv/bin/python scripts/key_soak.py --runs 1 --replay keys.txt        # the same again

Each run starts ``python -m tui.cli`` (at 80x24, in a scratch folder: an Enter in a save box
writes there) and sends bursts of 1-4 keys drawn from the app's keys, Enter/Escape/Tab,
arrows, letters and digits (never a quitting key). After each burst the terminal is resized
by one cell, which a live Textual app always answers with a repaint: the time from the burst
to the first byte back is how long the keys went unanswered. A run fails on "Traceback" in
the output, on the app ending with an error, or on an answer slower than --limit (a clean
quit, which the palette's "Quit" command can do, restarts the app and the run goes on). A
frozen app's Python stack is printed by py-spy, if installed, then by faulthandler.
Exit status 0 if every run passes. A script to run by hand, not a test (minutes, not ms).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import signal
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field

KEYS: dict[str, bytes] = {
    **{c: c.encode() for c in "fbnNeuRrMmaglwdpvtxysRi?<>+=-0123456789. "},
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "backspace": b"\x7f",
    "ctrl+s": b"\x13",
    "ctrl+t": b"\x14",
    "ctrl+p": b"\x10",
}
"""What a terminal sends for each key; no q, ctrl+c or ctrl+q (they end the app)."""

WEIGHTS = {"enter": 8, "escape": 8, "ctrl+s": 3, "ctrl+p": 3}
"""Keys drawn more often than the rest (weight 1): the ones that open and close modals."""

SIZES = ((80, 24), (81, 25))


@dataclass
class Run:
    """What one run saw."""

    seed: int
    keys: int = 0
    restarts: int = 0
    """Times the app quit cleanly on purpose (the palette's Quit) and was started again."""
    answers: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        worst = max(self.answers, default=0.0)
        middle = sorted(self.answers)[len(self.answers) // 2] if self.answers else 0.0
        verdict = "ok" if not self.failures else "FAILED: " + "; ".join(self.failures)
        return (
            f"seed {self.seed}: {self.keys} keys in {len(self.answers)} bursts, "
            f"answer median {middle * 1000:.0f} ms, worst {worst:.2f} s, "
            f"{self.restarts} quit by the palette and restarted: {verdict}"
        )


def set_size(fd: int, size: tuple[int, int]) -> None:
    """Resize the pseudo-terminal (the app gets SIGWINCH)."""
    columns, rows = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def read_for(fd: int, seconds: float, tail: bytearray, quiet: float | None = None) -> bool:
    """Read what the app writes for up to ``seconds``, or until the first bytes have been
    followed by ``quiet`` s of silence; False once the app's side has closed. The last
    64 KiB read are kept in ``tail`` (to look for a traceback)."""
    deadline = time.monotonic() + seconds
    got = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        wait = min(left, quiet) if got and quiet is not None else left
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the other side closed
            return False
        if not data:
            return False
        got = True
        tail += data
        del tail[:-65536]


def drain(fd: int, tail: bytearray) -> bool:
    """Read whatever is waiting, without waiting; False once the app's side has closed."""
    while select.select([fd], [], [], 0)[0]:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        tail += data
        del tail[:-65536]
    return True


def answer(fd: int, limit: float, tail: bytearray) -> tuple[float | None, bool]:
    """Seconds until the app's first bytes (None if none within ``limit``), and whether it is
    still there; then what follows, until 30 ms of quiet."""
    start = time.monotonic()
    ready, _, _ = select.select([fd], [], [], limit)
    if not ready:
        return None, True
    took = time.monotonic() - start
    return took, read_for(fd, 1.0, tail, quiet=0.03)


def start(command: list[str], folder: str) -> tuple[int, int]:
    """The app in a new pseudo-terminal of SIZES[0], working in ``folder``: (pid, fd)."""
    pid, fd = pty.fork()
    if pid == 0:  # the app
        os.chdir(folder)
        os.environ["TERM"] = "xterm-256color"
        os.environ["PYTHONFAULTHANDLER"] = "1"  # SIGABRT shows where a frozen app is stuck
        os.execv(command[0], command)
    set_size(fd, SIZES[0])
    return pid, fd


def soak(
    seed: int,
    count: int,
    limit: float,
    command: list[str],
    log: str = "",
    replay: list[list[str]] | None = None,
) -> Run:
    """One run: ``count`` keys from ``random.Random(seed)`` (or the bursts of ``replay``);
    each burst also goes to the file ``log`` (one line a burst, key names separated by
    spaces) if one is given."""
    rng = random.Random(seed)
    names = list(KEYS)
    weights = [WEIGHTS.get(name, 1) for name in names]
    run = Run(seed)
    tail = bytearray()
    sent_log = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115
    with tempfile.TemporaryDirectory(prefix="passfail-soak-") as scratch:
        pid, fd = start(command, scratch)
        recent: list[str] = []
        try:
            alive = read_for(fd, 10.0, tail, quiet=1.0)  # start-up
            flip = 0
            while run.keys < count and alive and not run.failures:
                if replay is not None:
                    if not replay:
                        break
                    burst = replay.pop(0)
                else:
                    size = min(rng.randint(1, 4), count - run.keys)
                    burst = rng.choices(names, weights, k=size)
                alive = drain(fd, tail)  # what was already on its way
                sent = time.monotonic()
                for name in burst:
                    os.write(fd, KEYS[name])
                run.keys += len(burst)
                flip ^= 1
                set_size(fd, SIZES[flip])
                recent = [*recent[-7:], "+".join(burst)]
                if sent_log:
                    sent_log.write(" ".join("space" if k == " " else k for k in burst) + "\n")
                    sent_log.flush()
                took, alive = answer(fd, limit, tail)
                if took is None:
                    late, alive = answer(fd, 20.0, tail)
                    run.failures.append(
                        f"no answer within {limit:.0f} s after key {run.keys} "
                        + (f"(it came {limit + late:.1f} s after)" if late else "(none in 20 s)")
                        + f"; the last bursts: {' '.join(recent)}"
                    )
                    if late is None:  # frozen: faulthandler prints every thread's stack
                        spy(pid)
                        os.kill(pid, signal.SIGABRT)
                        alive = read_for(fd, 3.0, tail, quiet=1.0)
                run.answers.append(time.monotonic() - sent if took is not None else limit)
                if b"Traceback" in tail:
                    run.failures.append(f"traceback after key {run.keys}: {' '.join(recent)}")
                if not alive and not run.failures:  # quit on purpose (the palette's Quit)?
                    if reap(pid) != 0:
                        run.failures.append(f"the app ended by itself after key {run.keys}")
                        break
                    os.close(fd)
                    run.restarts += 1
                    pid, fd = start(command, scratch)
                    flip = 0  # the new terminal is SIZES[0]: the next resize must change it
                    alive = read_for(fd, 10.0, tail, quiet=1.0)
            for key in (b"\x1b", b"\x1b", b"\x1b", b"q") if alive else ():  # leave, quit
                os.write(fd, key)
                read_for(fd, 0.3, tail, quiet=0.1)
            read_for(fd, 3.0, tail, quiet=1.0)
            if b"Traceback" in tail and not any("traceback" in f for f in run.failures):
                run.failures.append("traceback on the way out")
        except OSError as exc:
            run.failures.append(f"terminal: {exc}")
        finally:
            status = reap(pid)
            os.close(fd)
            if sent_log:
                sent_log.close()
        if status not in (0, None) and not run.failures:
            run.failures.append(f"exit status {status}")
    if run.failures:
        sys.stderr.write(tail[-12000:].decode("utf-8", "replace") + "\n")
    return run


def spy(pid: int, times: int = 3) -> None:
    """If py-spy is installed, print the frozen app's Python stack a few times, a second
    apart, to stderr: the same stack each time is a loop or a block, not a slow answer."""
    import shutil
    import subprocess

    tool = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    if not os.path.exists(tool):
        return
    for _ in range(times):
        done = subprocess.run([tool, "dump", "--pid", str(pid)], capture_output=True, text=True)
        sys.stderr.write(done.stdout + done.stderr + "\n")
        time.sleep(1.0)


def reap(pid: int) -> int | None:
    """The app's exit status; killed if it has not quit within 5 s."""
    for _ in range(50):
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # reaped already
            return None
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def read_log(path: str) -> list[list[str]]:
    """The bursts of a ``--log`` file."""
    with open(path, encoding="utf-8") as file:
        lines = file.read().split("\n")
    return [[" " if k == "space" else k for k in line.split()] for line in lines if line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", type=int, default=2000, help="keys a run (2000)")
    parser.add_argument("--seed", type=int, default=1, help="first run's seed (1)")
    parser.add_argument("--limit", type=float, default=5.0, help="longest answer, s (5)")
    parser.add_argument("--log", default="", help="append each burst's keys to this file")
    parser.add_argument("--replay", default="", help="send the bursts of a --log file instead")
    parser.add_argument(
        "--python", default=sys.executable, help="the Python whose tui.cli runs (this one)"
    )
    args = parser.parse_args()
    command = [args.python, "-m", "tui.cli"]
    runs = []
    for seed in range(args.seed, args.seed + args.runs):
        replay = read_log(args.replay) if args.replay else None
        runs.append(soak(seed, args.keys, args.limit, command, args.log, replay))
        print(runs[-1].summary(), flush=True)
    return 0 if all(not r.failures for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
