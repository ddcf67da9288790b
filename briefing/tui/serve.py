"""`briefing serve`: the app in a web browser, through textual-serve (an optional extra).

textual-serve has no authentication: whoever reaches the port drives the app, with the
notes of the user who started it. So the server binds to 127.0.0.1 unless told otherwise,
and, bound to a loopback address, answers only requests whose Host (and Origin, when a
browser sends one) names a loopback address: a web page elsewhere cannot reach it through
DNS rebinding. From another machine, forward the port over SSH (see the README).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


class ServeUnavailable(Exception):
    """textual-serve is not installed."""


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine
    by definition: `localhost` or a loopback address. Other names are not trusted, whatever
    they resolve to now (that is what DNS rebinding changes)."""
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_of(header: str) -> str:
    """The host of a Host header (`name:port`, `[::1]:8000`) or an Origin (`http://...`)."""
    if "://" not in header:
        header = "//" + header
    try:
        return urlsplit(header).hostname or ""
    except ValueError:
        return ""


def request_allowed(bound_host: str, host_header: str | None, origin: str | None) -> bool:
    """Whether to answer a request. Bound to a loopback address, the Host header must name a
    loopback address and so must the Origin, when there is one; bound elsewhere (the user
    chose to expose it), the Origin, when there is one, must name the same host as the
    Host header."""
    if not is_loopback(bound_host):
        return origin is None or _host_of(origin) == _host_of(host_header or "")
    if host_header is None or not is_loopback(_host_of(host_header)):
        return False
    return origin is None or is_loopback(_host_of(origin))


def app_command(argv: Sequence[str]) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this
    package, with the options given to `briefing serve` that the app takes."""
    return shlex.join([sys.executable, "-m", "briefing", *argv])


def serve(*, host: str, port: int, app_argv: Sequence[str]) -> None:
    """Serve the app on http://host:port/ until interrupted (Ctrl+C or SIGTERM)."""
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise ServeUnavailable(
            "briefing serve needs textual-serve: "
            "pip install 'negotiation-briefing[serve]' (or pip install textual-serve)"
        ) from None

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

    @web.middleware
    async def loopback_only(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request_allowed(host, request.headers.get("Host"), request.headers.get("Origin")):
            return web.Response(status=403, text="briefing serve: this host is not allowed\n")
        return await handler(request)

    class BriefingServer(Server):
        async def _make_app(self) -> Any:
            app = await super()._make_app()
            app.middlewares.append(loopback_only)
            return app

    shown = f"[{host}]" if ":" in host else host
    server = BriefingServer(
        app_command(app_argv),
        host=host,
        port=port,
        title="briefing",
        public_url=f"http://{shown}:{port}",
    )
    server.serve()
