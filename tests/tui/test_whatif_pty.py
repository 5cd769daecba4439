"""What-if over a real terminal: a number typed fast (or pasted) arrives in one write.

Over SSH, "70" and enter reach the app in one read; the first digit opens the value box and
the rest must land in it, not be lost while the box is being mounted. The app runs in a
pseudo-terminal exactly as a teacher starts it; a small harness prints the edited grade
when it quits.
"""

from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
import time

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
]

HARNESS = """
import sys
from tui.cli import build_parser
from tui.launch import build_app
from tui.screens import whatif

seen = []
original = whatif.WhatIfScreen.__init__
def remember(self, *a, **k):
    original(self, *a, **k)
    seen.append(self)
whatif.WhatIfScreen.__init__ = remember
args = build_parser().parse_args([])
app = build_app(args)
app.run()
print("RESULT", *(float(s.raw[0]) for s in seen), flush=True)
"""


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 20.0) -> bool:
    """Read the terminal into ``seen`` until ``wanted`` shows up (or the app has gone)."""
    end = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return wanted in seen
            if not chunk:
                break
            seen += chunk
    return wanted in seen


def _settle(fd: int, seen: bytearray, quiet: float = 0.5, timeout: float = 10.0) -> None:
    """Read until the app has drawn nothing for ``quiet`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        seen += chunk


def test_a_number_typed_in_one_write_is_taken_whole() -> None:
    import fcntl
    import pty
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-c", HARNESS],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    seen = bytearray()
    try:
        assert _read_until(leader, b"Guess", seen), seen[-2000:]
        _settle(leader, seen)
        os.write(leader, b"w")
        assert _read_until(leader, b"n/N changes", seen), seen[-2000:]
        _settle(leader, seen)
        os.write(leader, b"70\r")  # as a paste or a fast typist over SSH delivers it
        _settle(leader, seen)
        os.write(leader, b"\x1b")
        _settle(leader, seen)
        os.write(leader, b"q")
        assert _read_until(leader, b"RESULT", seen), seen[-2000:]
        _settle(leader, seen)  # the rest of the RESULT line
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        os.close(leader)
    tail = bytes(seen[seen.rindex(b"RESULT") :]).split(b"\n")[0].decode()
    assert tail.split()[1:] == ["70.0"], tail
