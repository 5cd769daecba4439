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
    ws = await session.ws_connect(
        f"ws://127.0.0.1:{port}/ws?width=80&height=24",
        headers={"Origin": f"http://127.0.0.1:{port}"},
    )
    await asyncio.wait_for(ws.receive(), 20)
    return session, ws


@pytest.mark.slow
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
    import tui.web_server

    served: list[tuple[str, int]] = []
    monkeypatch.setattr(
        tui.web_server.GuardedServer,
        "serve",
        lambda self, debug=False: served.append((self.host, self.port)),
    )
    from tui.cli import main

    first, second = free_port(), free_port()
    assert main(["serve", "--host", "0.0.0.0", "--port", str(first)]) == 0
    assert served == [("0.0.0.0", first)]
    assert "anyone who can reach" in capsys.readouterr().err
    assert main(["serve", "--port", str(second)]) == 0
    assert served[-1] == ("127.0.0.1", second)
    assert "anyone" not in capsys.readouterr().err


def test_browsers_are_never_sent_to_a_wildcard_address() -> None:
    from tui.serve import browser_url

    assert browser_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert browser_url("0.0.0.0", 8000, None) == f"http://{socket.gethostname()}:8000"
    assert browser_url("0.0.0.0", 8000, "https://class.example/app") == "https://class.example/app"


# ----- serve trusts only its own page, and bounds what it starts -------------------------


@pytest.mark.parametrize(
    "options",
    [
        ["--port", "99999"],
        ["--port", "-1"],
        ["--port", "abc"],
        ["--port", "0"],
        ["--host", "no-such-host.invalid"],
        ["--host", "192.0.2.1"],  # TEST-NET: never an address of this machine
        ["--max-sessions", "0"],
    ],
)
def test_a_bad_port_or_host_is_one_line_and_exit_2(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["serve", *options])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert options[0] in err and "Traceback" not in err


def test_a_port_already_taken_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and f"port {port}" in err, err


class Served:
    """A GuardedServer running in the test's event loop on 127.0.0.1, with real app processes."""

    def __init__(
        self, max_sessions: int = 2, heartbeat: float = 15.0, public_url: str = ""
    ) -> None:
        from tui.web_server import GuardedServer

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = GuardedServer(
            app_command(["--hidden", "3"]),
            host="127.0.0.1",
            port=self.port,
            public_url=public_url or self.base,
            title="passfail-tui",
            max_sessions=max_sessions,
            heartbeat=heartbeat,
        )

    async def __aenter__(self) -> Served:
        import aiohttp
        from aiohttp import web

        self.runner = web.AppRunner(await self.server._make_app(), shutdown_timeout=1.0)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        self.client = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        from tui.serve import kill_leftovers

        await self.client.close()
        await self.runner.cleanup()
        kill_leftovers(self.server.started)

    async def tab(self, origin: str | None = "", **headers: str) -> object:
        """A websocket as the page opens it (Origin: the page's own, unless told otherwise)."""
        if origin is not None:
            headers["Origin"] = origin or self.base
        return await self.client.ws_connect(f"ws://127.0.0.1:{self.port}/ws", headers=headers)

    async def sessions_become(self, count: int, within: float = 20.0) -> None:
        """Wait (bounded) until the server has ``count`` app sessions."""
        deadline = asyncio.get_running_loop().time() + within
        while len(self.server.sessions) != count:
            assert asyncio.get_running_loop().time() < deadline, len(self.server.sessions)
            await asyncio.sleep(0.05)


async def first_bytes(ws: object) -> bytes:
    message = await asyncio.wait_for(ws.receive(), 20)  # type: ignore[attr-defined]
    return bytes(message.data)


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", None, "http://127.0.0.1:1", "ws://127.0.0.1"]
)
async def test_a_websocket_from_another_page_is_refused(origin: str | None) -> None:
    import aiohttp

    async with Served() as served:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.tab(origin=origin)
        assert refused.value.status == 403
        assert not served.server.sessions and not served.server.started


async def test_a_host_the_server_does_not_answer_to_is_refused() -> None:
    import aiohttp

    async with Served() as served:
        for path in ("/", "/ws", "/static/css/xterm.css"):
            async with served.client.get(
                served.base + path, headers={"Host": f"rebind.example:{served.port}"}
            ) as response:
                assert response.status == 421, path
        async with served.client.get(
            served.base + "/", headers={"Host": f"localhost:{served.port}"}
        ) as response:
            assert response.status == 200
            assert f"ws://127.0.0.1:{served.port}/ws" in await response.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await served.tab(Host=f"rebind.example:{served.port}")
        assert refused.value.status == 421
        assert not served.server.started


@pytest.mark.slow
async def test_the_pages_own_origin_and_the_public_url_are_accepted() -> None:
    async with Served(public_url="https://class.example") as served:
        own = await served.tab()
        assert await first_bytes(own)
        public = await served.tab(origin="https://class.example", Host="class.example")
        assert await first_bytes(public)
        await served.sessions_become(2)


@pytest.mark.slow
async def test_sessions_are_capped_and_the_next_tab_is_told_the_server_is_full() -> None:
    from aiohttp import WSCloseCode, WSMsgType

    async with Served(max_sessions=2) as served:
        tabs = [await served.tab(), await served.tab()]
        for ws in tabs:
            assert await first_bytes(ws)
        third = await served.tab()
        assert b"all 2 sessions are in use" in await first_bytes(third)
        closing = await asyncio.wait_for(third.receive(), 10)  # type: ignore[attr-defined]
        assert closing.type == WSMsgType.CLOSE and closing.data == WSCloseCode.TRY_AGAIN_LATER
        async with served.client.get(served.base + "/") as response:
            assert response.status == 503
            assert "all 2 sessions are in use" in await response.text()
        assert len(served.server.started) == 2
        await tabs[0].close()  # type: ignore[attr-defined]
        await served.sessions_become(1)
        assert await first_bytes(await served.tab())


@pytest.mark.slow
@pytest.mark.parametrize("how", ["closed", "dropped"])
async def test_an_app_whose_tab_went_away_is_ended(how: str) -> None:
    async with Served() as served:
        ws = await served.tab()
        if how == "closed":
            assert await first_bytes(ws)
            await ws.close()  # type: ignore[attr-defined]
        else:  # the connection drops before the first frame is read
            ws._response.connection.transport.abort()  # type: ignore[attr-defined]
        await served.sessions_become(0)
        [process] = served.server.started
        assert process.returncode is not None


@pytest.mark.slow
async def test_an_app_whose_client_vanished_silently_is_ended_by_the_heartbeat() -> None:
    async with Served(heartbeat=0.5) as served:
        await served.tab()  # never read again: no pong comes back
        await served.sessions_become(1)
        await served.sessions_become(0, within=30)
        [process] = served.server.started
        assert process.returncode is not None


async def drop_tab(port: int) -> object:
    """Connect as a tab does, then drop the connection before reading the first frame."""
    import aiohttp

    session = aiohttp.ClientSession()
    ws = await session.ws_connect(
        f"ws://127.0.0.1:{port}/ws", headers={"Origin": f"http://127.0.0.1:{port}"}
    )
    ws._response.connection.transport.abort()  # type: ignore[union-attr]
    return session


@pytest.mark.slow
def test_sigterm_stops_the_server_and_every_app_even_with_a_dropped_client() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    loop = asyncio.new_event_loop()
    try:
        wait_for_page(f"http://127.0.0.1:{port}/", server)
        session, _silent = loop.run_until_complete(open_tab(port))  # reads once, then silent
        dropping = loop.run_until_complete(drop_tab(port))
        apps = children(server.pid)
        assert apps
        server.send_signal(signal.SIGTERM)
        _out, err = server.communicate(timeout=15)
        assert server.returncode == 0, err.decode()
        assert not [pid for pid in apps if alive(pid)], "app processes outlived the server"
        for client in (session, dropping):
            loop.run_until_complete(client.close())  # type: ignore[attr-defined]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        loop.close()
