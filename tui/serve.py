"""``passfail-tui serve``: the same app in a browser, through textual-serve.

Each browser tab that connects starts one app process (``python -m tui.cli`` with the app
options given to ``serve``). The server remembers every process it started and ends them
all when it stops (ctrl+c or SIGTERM), so nothing outlives it.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from collections.abc import Iterable
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")

SERVE_ONLY = {"host", "port", "public_url", "command", "help", "version"}
"""Options of ``serve`` itself, not passed on to the app."""


def app_argv(actions: Iterable[argparse.Action], args: argparse.Namespace) -> list[str]:
    """The app's command-line options that ``args`` sets to something other than the default."""
    argv: list[str] = []
    for action in actions:
        if action.dest in SERVE_ONLY or not action.option_strings:
            continue
        value = getattr(args, action.dest, action.default)
        if value == action.default or value is None:
            continue
        flag = action.option_strings[-1]
        if isinstance(action, argparse._StoreTrueAction):
            argv.append(flag)
        elif isinstance(value, tuple):
            argv += [flag, ",".join(map(str, value)) or "0"]
        else:
            argv += [flag, str(value)]
    return argv


def app_command(argv: list[str]) -> str:
    """The shell command textual-serve runs per browser tab (``exec``: no shell left behind)."""
    return "exec " + shlex.join([sys.executable, "-m", "tui.cli", *argv])


def browser_url(host: str, port: int, public_url: str | None) -> str:
    """Where the page tells browsers to connect: ``--public-url``, else host:port, with this
    machine's name for a wildcard host (no browser can connect to 0.0.0.0)."""
    if public_url:
        return public_url
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"http://{host}:{port}"


def run_serve(args: argparse.Namespace, actions: Iterable[argparse.Action]) -> int:
    """Serve the app until ctrl+c; every app process started is ended on the way out."""
    from textual_serve import server as serve_module
    from textual_serve.app_service import AppService

    command = app_command(app_argv(actions, args))
    public_url = browser_url(args.host, args.port, args.public_url)
    if args.host not in LOOPBACK:
        print(
            f"passfail-tui: warning: serving on {args.host}: anyone who can reach "
            f"port {args.port} there can use the app (and the files it can read); "
            f"browsers are sent to {public_url} "
            f"(--public-url changes that)",
            file=sys.stderr,
        )
    started: list[Any] = []

    class TrackedAppService(AppService):
        """An AppService that remembers its process, so the server can end it."""

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            process = await super()._open_app_process(width, height)
            started.append(process)
            return process

    class Server(serve_module.Server):
        async def on_shutdown(self, app: Any) -> None:
            await stop_processes(started)

    serve_module.AppService = TrackedAppService  # type: ignore[attr-defined]  # one a tab
    server = Server(
        command,
        host=args.host,
        port=args.port,
        title="passfail-tui",
        public_url=public_url,
    )
    try:
        server.serve()
    finally:
        serve_module.AppService = AppService  # type: ignore[attr-defined]
        kill_leftovers(started)
    return 0


async def stop_processes(processes: list[Any], grace: float = 3.0) -> None:
    """Terminate every app process still running, and kill any that outlive ``grace`` s."""
    import asyncio
    import contextlib

    for p in processes:
        if p.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                p.terminate()
    for p in processes:
        try:
            await asyncio.wait_for(p.wait(), grace)
        except asyncio.TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                p.kill()
            await p.wait()


def kill_leftovers(processes: list[Any]) -> None:
    """Last resort once the event loop is gone: SIGKILL any app process not yet reaped."""
    import contextlib
    import os
    import signal

    for p in processes:
        if p.returncode is None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(p.pid, signal.SIGKILL)
                os.waitpid(p.pid, 0)
