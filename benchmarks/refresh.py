"""Refreshing a feed from a loopback server: a 304 round trip, and a full update.

    python -m benchmarks.refresh --feed PATH [--runs 5] [--json PATH]

The server runs in this process on 127.0.0.1 and answers conditional requests with
304. "Full" is what the app does when the feed changed: download, decode and
validate, compare with the copy it had, write the cache atomically (and durably).
The reference is stdlib `json.loads` of the same bytes, timed in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar


class FeedHandler(BaseHTTPRequestHandler):
    body: ClassVar[bytes] = b""
    etag: ClassVar[str] = '"0"'

    def do_GET(self) -> None:
        if self.headers.get("If-None-Match") == self.etag:
            self.send_response(304)
            self.send_header("ETag", self.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header("ETag", self.etag)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def changed(raw: bytes) -> bytes:
    """The same briefing with a few clauses re-worded and a newer `updated`."""
    data = json.loads(raw)
    for clause in data["clauses"][:: max(1, len(data["clauses"]) // 5)]:
        clause["versions"][0]["text"] += " (amended)"
    data["updated"] = "2025-12-01T12:00:00+00:00"
    return json.dumps(data).encode()


def seconds(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "n": len(ordered),
    }


def serve(body: bytes) -> tuple[ThreadingHTTPServer, str]:
    """A loopback feed server publishing `body` (in a thread), and its URL."""
    FeedHandler.body, FeedHandler.etag = body, '"a"'
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/feed.json"


async def measure(raw: bytes, runs: int) -> dict[str, Any]:
    from briefing.feed.fetch import make_client
    from briefing.feed.refresh import refresh

    other = changed(raw)
    server, url = serve(raw)
    results: dict[str, list[float]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
            root = Path(scratch)
            client = make_client()

            async def once(current: Any = None) -> Any:
                return await refresh(
                    url,
                    cache_root=root / "cache",
                    data_root=root / "data",
                    client=client,
                    deadline=120.0,
                    max_bytes=1 << 30,
                    current=current,
                )

            FeedHandler.body, FeedHandler.etag = raw, '"a"'
            first = await once()
            assert first.outcome == "updated", first.message
            copy = first.copy
            for _ in range(runs * 4):
                started = time.perf_counter()
                result = await once(copy)
                results.setdefault("304, the app (its copy in memory)", []).append(
                    time.perf_counter() - started
                )
                assert result.outcome == "not-modified", result.message
            for _ in range(max(2, runs)):
                started = time.perf_counter()
                result = await once()
                results.setdefault("304, `briefing refresh` (reads the cache)", []).append(
                    time.perf_counter() - started
                )
                assert result.outcome == "not-modified", result.message
            bodies = [(other, '"b"'), (raw, '"a"')]
            for run in range(runs):
                FeedHandler.body, FeedHandler.etag = bodies[run % 2]
                gc.collect()
                started = time.perf_counter()
                result = await once(copy)
                results.setdefault("full: download + validate + diff + atomic write", []).append(
                    time.perf_counter() - started
                )
                assert result.outcome == "updated" and result.differences, result.message
                copy = result.copy
                gc.collect()
                started = time.perf_counter()
                json.loads(FeedHandler.body)
                results.setdefault("json.loads of the same bytes (reference)", []).append(
                    time.perf_counter() - started
                )
            await client.aclose()
    finally:
        server.shutdown()
        server.server_close()
    return {name: seconds(values) for name, values in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feed", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    figures = asyncio.run(measure(args.feed.read_bytes(), args.runs))
    for name, figure in figures.items():
        print(f"  {name:<50} {figure['median'] * 1000:8.1f} ms (p95 {figure['p95'] * 1000:.1f})")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
