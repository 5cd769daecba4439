"""``passfail-tui serve``: serves the page on loopback, starts an app per browser tab, and
ctrl+c (SIGINT) stops the server and every app process it started."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tui.cli import build_parser
from tui.serve import app_argv, app_command

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {c for c, p in parents.items() if p in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for_page(url: str, server: subprocess.Popen[bytes], timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def open_tab(port: int) -> tuple[object, object]:
    """Connect as a browser tab does (starting an app process); wait for its first bytes."""
    import aiohttp

    session = aiohttp.ClientSession()
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=80&height=24")
    await asyncio.wait_for(ws.receive(), 20)
    return session, ws


def test_serve_serves_the_page_and_ctrl_c_stops_every_app() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port), "--hidden", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    loop = asyncio.new_event_loop()
    try:
        html = wait_for_page(f"http://127.0.0.1:{port}/", server)
        assert "<html" in html.lower()
        assert f"ws://127.0.0.1:{port}/ws" in html
        assert "passfail-tui" in html
        session, _ws = loop.run_until_complete(open_tab(port))
        deadline = time.monotonic() + 10
        while not (apps := children(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert apps, "no app process started for the browser tab"
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=20)
        assert server.returncode == 0, err.decode()
        assert not [pid for pid in apps if alive(pid)], "app processes outlived the server"
        loop.run_until_complete(session.close())  # type: ignore[attr-defined]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        loop.close()
    assert f"http://127.0.0.1:{port}" in out.decode()


def test_serve_passes_the_app_options_on() -> None:
    parser = build_parser()
    args = parser.parse_args(
        ["serve", "--port", "9", "--hidden", "0", "--lr", "2", "--hide-names", "--ascii"]
    )
    serve = parser._subparsers._group_actions[0].choices["serve"]  # type: ignore[union-attr]
    argv = app_argv(serve._actions, args)
    assert argv == ["--hidden", "0", "--lr", "2.0", "--hide-names", "--ascii"]
    command = app_command(argv)
    assert command.startswith("exec ") and "-m tui.cli --hidden 0" in command
    reparsed = parser.parse_args(argv)
    assert reparsed.hidden == () and reparsed.lr == 2.0 and reparsed.hide_names


def test_serve_warns_off_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import textual_serve.server

    served: list[tuple[str, int]] = []
    monkeypatch.setattr(
        textual_serve.server.Server,
        "serve",
        lambda self, debug=False: served.append((self.host, self.port)),
    )
    from tui.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    assert served == [("0.0.0.0", 8123)]
    assert "anyone who can reach" in capsys.readouterr().err
    assert main(["serve", "--port", "8124"]) == 0
    assert served[-1] == ("127.0.0.1", 8124)
    assert "anyone" not in capsys.readouterr().err


def test_browsers_are_never_sent_to_a_wildcard_address() -> None:
    from tui.serve import browser_url

    assert browser_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert browser_url("0.0.0.0", 8000, None) == f"http://{socket.gethostname()}:8000"
    assert browser_url("0.0.0.0", 8000, "https://class.example/app") == "https://class.example/app"
