"""``passfail-tui serve``: the same app in a browser, through textual-serve.

Each browser tab that connects starts one app process (``python -m tui.cli`` with the app
options given to ``serve``), up to ``--max-sessions``. The server itself (Host and Origin
checks, bounded stops) is ``tui.web_server``; this module turns options into it.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from collections.abc import Iterable
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")

SERVE_ONLY = {"host", "port", "public_url", "max_sessions", "command", "help", "version"}
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


def port_number(text: str) -> int:
    """--port: a TCP port, 1-65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number 1-65535, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number 1-65535, got {text!r}")
    return port


def listen_host(text: str) -> str:
    """--host: an address of this machine (or a name for one) that a server can listen on."""
    try:
        try_listen(text, 0)
    except (OSError, UnicodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or "not an address"
        raise argparse.ArgumentTypeError(f"cannot listen on {text!r}: {reason.lower()}") from None
    return text


def try_listen(host: str, port: int) -> None:
    """Bind every address ``host`` resolves to (as the server will), then let go."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)


def session_cap(text: str) -> int:
    """--max-sessions: at least one app process."""
    try:
        cap = int(text)
    except ValueError:
        cap = 0
    if cap < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return cap


def run_serve(args: argparse.Namespace, actions: Iterable[argparse.Action]) -> int:
    """Serve the app until ctrl+c or SIGTERM; every app process started is ended on the way
    out. A port already taken is one line and exit 2."""
    from tui.web_server import GuardedServer

    command = app_command(app_argv(actions, args))
    public_url = browser_url(args.host, args.port, args.public_url)
    try:
        try_listen(args.host, args.port)
    except OSError as exc:
        print(
            f"passfail-tui serve: error: cannot listen on {args.host} port {args.port}: "
            f"{(exc.strerror or str(exc)).lower()}",
            file=sys.stderr,
        )
        return 2
    if args.host not in LOOPBACK:
        print(
            f"passfail-tui: warning: serving on {args.host}: anyone who can reach "
            f"port {args.port} there can use the app (and the files it can read); "
            f"browsers are sent to {public_url} "
            f"(--public-url changes that)",
            file=sys.stderr,
        )
    server = GuardedServer(
        command,
        host=args.host,
        port=args.port,
        title="passfail-tui",
        public_url=public_url,
        max_sessions=args.max_sessions,
    )
    try:
        server.serve()
    finally:
        kill_leftovers(server.started)
    return 0


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
