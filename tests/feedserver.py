"""A real HTTP(S) server on 127.0.0.1 for the feed tests, with faults on demand.

It runs its own event loop in a thread, so both pilot tests (async) and
subprocess tests (the CLI) can use it. Each path has a `Route`: status, headers
and body, or a fault — delay, idle, trickle, close mid-body, reset, an endless
body, a redirect, raw bytes. Conditional requests are answered 304 when the route's ETag
or Last-Modified matches. Every request is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gzip
import os
import select
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    """Send the body gzip-compressed (Content-Encoding: gzip)."""
    delay: float = 0.0
    """Seconds to wait before answering."""
    hold: threading.Event | None = None
    """Answer only once the test sets this: a request in flight for as long as the test
    needs it, however loaded the machine (a delay may run out before the test is there)."""
    idle: bool = False
    """Accept the connection and never answer."""
    trickle: float | None = None
    """Seconds between single bytes of the body."""
    close_after: int | None = None
    """Close the connection after this many body bytes (a broken transfer)."""
    reset: bool = False
    """Reset the connection (RST) instead of answering."""
    endless: bool = False
    """Send body bytes forever (no Content-Length)."""
    declared_length: int | None = None
    """A Content-Length to announce instead of the real one."""
    redirect: str | None = None
    """Answer 302 with this Location."""
    raw: bytes | None = None
    """Send exactly these bytes as the whole answer (status line, headers, body), then close:
    for answers no well-behaved server would give, such as broken chunked encoding."""
    handler: Callable[[Request], Route] | None = None
    """Decide per request (e.g. fail twice, then succeed)."""


class FeedServer:
    """`with FeedServer() as server: server.route("/feed.json", Route(body=...))`."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.active = 0
        self.max_active = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    # -- life ------------------------------------------------------------------

    def __enter__(self) -> FeedServer:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def releaser(self, hold: threading.Event) -> str:
        """The URL of a route whose request sets `hold`: for a child process (which the
        test cannot reach while it runs) to let a held answer go when it is ready (an
        https URL on a TLS server, which `tests/pilot_child.py` does not fetch)."""

        def release(_request: Request) -> Route:
            hold.set()
            return Route(body=b"released")

        return self.route(f"/release/{id(hold)}", Route(handler=release))

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    # -- serving ---------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, OSError):
            pass
        finally:
            self.active -= 1
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return False
        lines = head.decode("latin-1").split("\r\n")
        method, path, _version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        request = Request(method, path, headers, time.monotonic())
        self.requests.append(request)
        route = self.routes.get(path) or Route(status=404, body=b"not found")
        if route.handler is not None:
            route = route.handler(request)
        while route.hold is not None and not route.hold.is_set():
            await asyncio.sleep(0.005)  # no thread waits: the server stops whatever the test does
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.idle:
            await asyncio.sleep(3600)
            return False
        if route.reset:
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        if route.raw is not None:
            writer.write(route.raw)
            await writer.drain()
            return False
        await self._respond(route, request, writer)
        return False  # one request per connection keeps faults simple

    async def _respond(self, route: Route, request: Request, writer: asyncio.StreamWriter) -> None:
        status, body = route.status, route.body
        headers = {"Content-Type": "application/json", "Connection": "close", **route.headers}
        if route.redirect is not None:
            status, body = 302, b""
            headers["Location"] = route.redirect
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        not_modified = (route.etag and request.headers.get("if-none-match") == route.etag) or (
            route.last_modified
            and request.headers.get("if-modified-since") == route.last_modified
            and not route.etag
        )
        if status == 200 and not_modified:
            status, body = 304, b""
        if route.gzip and body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if not route.endless:
            length = route.declared_length if route.declared_length is not None else len(body)
            headers["Content-Length"] = str(length)
        reason = {200: "OK", 302: "Found", 304: "Not Modified", 404: "Not Found",
                  429: "Too Many Requests", 500: "Internal Server Error",
                  503: "Service Unavailable"}.get(status, "Status")  # fmt: skip
        head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()
        )
        writer.write(head.encode("latin-1") + b"\r\n")
        await writer.drain()
        if request.method == "HEAD" or status == 304:
            return
        if route.endless:
            chunk = b" " * 65536
            while True:
                writer.write(chunk)
                await writer.drain()
        if route.trickle is not None:
            for index in range(len(body)):
                writer.write(body[index : index + 1])
                await writer.drain()
                await asyncio.sleep(route.trickle)
            return
        if route.close_after is not None:
            writer.write(body[: route.close_after])
            await writer.drain()
            return
        writer.write(body)
        await writer.drain()


def gzip_bomb(size: int) -> bytes:
    """A gzip stream that inflates to `size` bytes of JSON-looking data (built without ever
    holding `size` bytes)."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b'{"format": "briefing/1", "pad": "')]
    block = b"0" * (1 << 20)
    for _ in range(size >> 20):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b'"}'))
    parts.append(packer.flush())
    return b"".join(parts)


def free_port() -> int:
    """A port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def unanswered_port() -> Iterator[int]:
    """A port on 127.0.0.1 whose connection attempts are never answered, as behind a
    firewall that drops packets: a listener with backlog 0 that never accepts, its accept
    queue filled first, so the kernel drops every further SYN and a connect times out."""
    listener = socket.socket()
    held: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        for _ in range(8):
            probe = socket.socket()
            held.append(probe)
            probe.setblocking(False)
            code = probe.connect_ex(address)
            if code not in (0, errno.EINPROGRESS):
                raise OSError(code, f"connecting to the listener: {os.strerror(code)}")
            _, writable, _ = select.select([], [probe], [], 0.3)
            if not writable:  # this SYN was dropped: the queue is full
                break
        else:
            raise RuntimeError("the kernel answered every connection: no connect timeout")
        yield int(address[1])
    finally:
        for sock in held:
            sock.close()
        listener.close()
