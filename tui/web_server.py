"""The web server behind ``passfail-tui serve``: textual-serve's Server, made to trust only
its own page and to bound what it starts.

textual-serve accepts a websocket from any web page and starts one app process per
connection with no cap, and its ``AppService.stop`` waits forever for an app that stopped
answering. This subclass refuses a Host header the server does not answer to (421: a page
reached by DNS rebinding), a websocket whose Origin is not the page's own (403: cross-site
websocket hijacking), caps the app processes at ``max_sessions``, ends a tab's app within
a few seconds of its websocket closing (a heartbeat notices a client that vanished), and
ends every app when the server stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import signal
import socket
from typing import Any, cast
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve import server as serve_module
from textual_serve.app_service import AppService

log = logging.getLogger("textual-serve")

HEARTBEAT = 15.0
"""Seconds between websocket pings; a client that misses the pong (half as long) is gone."""

MAX_CELLS = 1000
"""Largest terminal width or height a browser may ask for."""

QUIT_GRACE = 1.5
"""Seconds an app has to quit by itself before it is terminated (then killed, 1 s later)."""


def host_name(host_header: str) -> str:
    """The host part of a Host header or netloc, lower case, without port or brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def answered_names(host: str, public_url: str | None) -> set[str]:
    """Host names this server answers to: the listen address, loopback names, this
    machine's name and FQDN, and the ``--public-url`` host."""
    names = {host_name(host), "localhost", "127.0.0.1", "::1"}
    names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    if public_url:
        names.add(host_name(urlsplit(public_url).netloc))
    return {name for name in names if name}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower case, as browsers send it in Origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class SessionService(AppService):
    """One tab's app process, whose ending is bounded: quit, then terminate, then kill."""

    async def end(self) -> None:
        """Ask the app to quit; terminate it after ``QUIT_GRACE`` s, kill it 1 s later."""
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 0.5)
            for stop, grace in ((None, QUIT_GRACE), (process.terminate, 1.0), (process.kill, None)):
                if stop is not None:
                    with contextlib.suppress(ProcessLookupError):
                        stop()
                try:
                    await asyncio.wait_for(process.wait(), grace)
                    break
                except asyncio.TimeoutError:
                    continue
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    async def stop(self) -> None:
        """textual-serve's name for ending the app (its own version can wait forever)."""
        await self.end()


class GuardedServer(serve_module.Server):
    """textual-serve's Server with Host and Origin checks, a session cap and bounded stops."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str,
        title: str,
        max_sessions: int,
        heartbeat: float = HEARTBEAT,
        extra_names: tuple[str, ...] = (),
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.max_sessions = max_sessions
        self.heartbeat = heartbeat
        self.names = answered_names(host, public_url) | set(extra_names)
        self.public_origin = origin_of(public_url)
        self.sessions: set[SessionService] = set()
        self.started: list[Any] = []
        """Every app process not yet seen to end: the last resort kills these."""
        self.sockets: set[web.WebSocketResponse] = set()

    # ----- the checks ---------------------------------------------------------------

    def host_answered(self, request: web.Request) -> bool:
        """Is the Host header a name this server answers to, or the very address the
        client reached (an IP literal: the browser went there on purpose)?"""
        name = host_name(request.host)
        if name in self.names:
            return True
        with contextlib.suppress(ValueError, TypeError, IndexError):
            sockname = request.transport.get_extra_info("sockname")  # type: ignore[union-attr]
            return ipaddress.ip_address(name) == ipaddress.ip_address(sockname[0])
        return False

    def origin_trusted(self, request: web.Request) -> bool:
        """Is the websocket's Origin the page's own (same host and port as the request,
        whose Host is already checked) or the ``--public-url`` origin?"""
        origin = request.headers.get("Origin", "").strip().lower()
        if not origin or origin == "null":
            return False
        if origin == self.public_origin:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == request.host.lower()

    @web.middleware
    async def check_host(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Every request: a Host this server does not answer to is refused with 421."""
        if not self.host_answered(request):
            raise web.HTTPMisdirectedRequest(text=f"passfail-tui does not serve {request.host!r}\n")
        response: web.StreamResponse = await handler(request)
        return response

    def full_text(self) -> str:
        return (
            f"passfail-tui: all {self.max_sessions} sessions are in use. "
            "Close another tab, or try again later."
        )

    # ----- aiohttp hooks ----------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.check_host)
        return app

    async def handle_index(self, request: web.Request) -> Any:
        """The page, or a plain page saying the server is full."""
        if len(self.sessions) >= self.max_sessions:
            return web.Response(
                status=503,
                content_type="text/html",
                text=f"<!DOCTYPE html><html><head><title>passfail-tui: full</title></head>"
                f"<body><p>{self.full_text()}</p></body></html>\n",
                headers={"Retry-After": "30"},
            )
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: check the Origin and the cap, run the app, end it when either side ends."""
        if not self.origin_trusted(request):
            origin = request.headers.get("Origin", "")
            raise web.HTTPForbidden(text=f"passfail-tui: websocket from {origin!r} refused\n")
        websocket = web.WebSocketResponse(heartbeat=self.heartbeat, timeout=1.0)
        await websocket.prepare(request)
        if len(self.sessions) >= self.max_sessions:
            with contextlib.suppress(Exception):
                await websocket.send_bytes((self.full_text() + "\r\n").encode())
                await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"full")
            return websocket
        width = clamp_cells(request.query.get("width"), 80)
        height = clamp_cells(request.query.get("height"), 24)
        service = SessionService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,  # type: ignore[arg-type]  # returns a bool, never read
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.sessions.add(service)
        self.sockets.add(websocket)
        reader: asyncio.Task[None] | None = None
        try:
            await service.start(width, height)
            self.started = [p for p in self.started if p.returncode is None]
            self.started.append(service._process)
            reader = asyncio.ensure_future(self._process_messages(websocket, service))
            assert service._task is not None
            await asyncio.wait({reader, service._task}, return_when=asyncio.FIRST_COMPLETED)
        except Exception as error:  # a client's bad message ends its own session only
            log.warning("session ended: %s", error)
        finally:
            if reader is not None:
                reader.cancel()
                with contextlib.suppress(BaseException):
                    await reader
            await service.end()
            self.sessions.discard(service)
            with contextlib.suppress(Exception):
                await websocket.close()
            self.sockets.discard(websocket)
        return websocket

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """The browser's messages to the app; sizes clamped, anything malformed ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = json.loads(message.data)[:2]
            except (ValueError, TypeError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width = clamp_cells(data.get("width"), 80)
                height = clamp_cells(data.get("height"), 24)
                await app_service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab's websocket and end every app, all at once."""
        for websocket in list(self.sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(code=WSCloseCode.GOING_AWAY), 1.0)
        await asyncio.gather(*(s.end() for s in list(self.sessions)), return_exceptions=True)

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT or SIGTERM; handlers still running 1 s after are cancelled."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            shutdown_timeout=1.0,
            print=lambda *args: None,
        )


def clamp_cells(value: object, default: int) -> int:
    """A terminal width or height from a client: a whole number in 1..MAX_CELLS."""
    try:
        cells = int(cast(Any, value))
    except (TypeError, ValueError):
        return default
    return min(max(cells, 1), MAX_CELLS)
