"""Soak (issue 6 item 6): many refreshes in ONE process — the real app under pilot, `r`
pressed each time — against a loopback server that answers every request with a random
(seeded) fault or a valid feed. Memory stays flat, file descriptors come back to their
baseline, and after every refresh the cache loads as one of the versions served.

    BRIEFING_SOAK_REFRESHES=1000 pytest tests/test_soak.py -s   # the full run (~minutes)
    BRIEFING_SOAK_SEED=N                                        # another seed

The default is 100 refreshes. `-s` prints the RSS / fd curve (every 1/20 of the run:
every 50 refreshes in the full run) and what the server answered.
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.disk import paths
from briefing.disk.cache import FeedCache
from briefing.feed import fetch
from briefing.services.session import Session
from briefing.services.startup import open_target
from briefing.tui.app import BriefingApp
from tests.crashloop import write_desk_config
from tests.feedserver import FeedServer, Request, Route
from tests.helpers import V1, V2, padded

REFRESHES = int(os.environ.get("BRIEFING_SOAK_REFRESHES", "100"))
SEED = int(os.environ.get("BRIEFING_SOAK_SEED", "20251124"))
MIB = 1 << 20
PAGE = os.sysconf("SC_PAGE_SIZE")
RSS_SLACK = 16 * MIB
"""How much the last quarter's peak RSS may exceed the first quarter's (after warm-up):
allocator noise, not a leak. Each valid answer is a ~200 kB briefing (~2 MB as objects,
indexes and screens), so keeping even one per refresh would add ≥ 500 MB over the full
run, and ≥ 25 MB between the quarters of the default run."""
FD_SLACK = 2
"""Descriptors a sample may hold above the baseline (a connection being torn down)."""


def rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * PAGE


def open_fds() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


class FaultyDesk:
    """Every request gets, at random: a new or the same valid version (sometimes slowly),
    304, 500, 503, 404, an HTML page, invalid JSON, a briefing that fails validation,
    a body cut off half-way, a connection reset, or a body that trickles past the deadline."""

    def __init__(self, server: FeedServer, rng: random.Random) -> None:
        self.versions = [padded(V1, "one", 200_000), padded(V2, "two", 200_000)]
        self.digests = {hashlib.sha256(v).hexdigest() for v in self.versions}
        self.rng = rng
        self.served: Counter[str] = Counter()
        self.url = server.route("/desk.json", Route(handler=self.answer))

    def faults(self) -> dict[str, tuple[int, Callable[[], Route]]]:
        body = self.rng.choice(self.versions)
        return {  # name: (weight, route)
            "200": (8, lambda: Route(body=body)),
            "200 slow": (2, lambda: Route(body=body, delay=0.2)),
            "304": (4, lambda: Route(status=304)),
            "500": (2, lambda: Route(status=500, body=b"oops")),
            "503": (2, lambda: Route(status=503, body=b"busy", headers={"Retry-After": "0"})),
            "404": (1, lambda: Route(status=404, body=b"not found")),
            "html": (1, lambda: Route(body=b"<html>maintenance</html>", headers=HTML)),
            "invalid json": (2, lambda: Route(body=body[: len(body) // 3])),
            "invalid briefing": (2, lambda: Route(body=b'{"format": "briefing/1", "id": "x"}')),
            "truncated": (2, lambda: Route(body=body, close_after=len(body) // 2)),
            "reset": (2, lambda: Route(reset=True)),
            "trickle": (1, lambda: Route(body=b'{"format": "briefing/1"}' * 20, trickle=0.05)),
        }

    def answer(self, request: Request) -> Route:
        faults = self.faults()
        if not self.served:  # the first answer gives the app a copy to keep
            name = "200"
        else:
            names = list(faults)
            name = self.rng.choices(names, weights=[faults[n][0] for n in names])[0]
        self.served[name] += 1
        return faults[name][1]()


HTML = {"Content-Type": "text/html"}


@pytest.mark.real_backoff  # it scales the backoff itself (below)
async def test_soak_refreshes_in_one_process_under_random_faults(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
):
    # Transient faults (resets, cut bodies) are still retried with jittered backoff, on a
    # twentieth of the real schedule: the soak is about memory, descriptors and the cache,
    # and the real backoff's seconds of sleeping made up a third of its time.
    real_backoff = fetch._backoff
    monkeypatch.setattr(fetch, "_backoff", lambda attempt: real_backoff(attempt) / 20)
    desk = FaultyDesk(server, random.Random(SEED))
    write_desk_config(desk.url, "timeout = 1  # the trickling answers hit the deadline\n")
    start = open_target(None)
    assert start.config.timeout == 1 and start.target is not None
    session = Session(start.doc, start.origin, clock=lambda: datetime.now(UTC))
    app = BriefingApp(session, startup=start, dirs=paths.user_dirs())
    cache = FeedCache(paths.user_dirs().cache, desk.url)
    every = max(5, REFRESHES // 20)
    samples: list[tuple[int, int, int]] = []  # (refreshes, RSS, fds)
    outcomes: Counter[str] = Counter()
    fds_before = open_fds()
    started = time.monotonic()

    async def refreshed(pilot) -> None:
        for _ in range(2000):
            await pilot.pause(0.01)
            if not any(w.group == "refresh" and not w.is_finished for w in app.workers):
                return
        raise AssertionError("a refresh did not finish")

    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(2000):  # the refresh at start brings the first copy
            await pilot.pause(0.01)
            if session.outcome is not None:
                break
        await refreshed(pilot)
        assert session.outcome == "updated", session.error
        for count in range(1, REFRESHES + 1):
            await pilot.press("r")
            await refreshed(pilot)
            outcomes[str(session.outcome)] += 1
            if session.outcome == "failed":
                assert session.error is not None and session.error.message
                assert "unexpectedly" not in session.error.message  # no stray exception
            # The cache loads, as one version the feed served, and the app shows it.
            found, notes = cache.read(start.config.max_bytes)
            assert found is not None and not found.from_previous and notes == [], notes
            assert found.raw_sha256 in desk.digests
            assert session.copy is not None and session.copy.raw_sha256 == found.raw_sha256
            assert session.doc.id == "sample-accord" and len(session.doc.quotes) > 1000
            if count % every == 0:
                gc.collect()
                samples.append((count, rss(), open_fds()))
        assert not [p for p in cache.dir.iterdir() if p.name.startswith(".tmp-")]
    gc.collect()
    fds_after = open_fds()
    took = time.monotonic() - started

    curve = ", ".join(f"{n}: {r / MIB:.1f}" for n, r, _ in samples)
    fds = sorted({f for _, _, f in samples})
    print(
        f"\nsoak: {REFRESHES} refreshes in {took:.0f} s; outcomes {dict(outcomes)};"
        f"\n  served {dict(desk.served)} ({sum(desk.served.values())} requests)"
        f"\n  RSS MiB by refresh: {curve}"
        f"\n  fds: before the app {fds_before}, during {fds}, after {fds_after}"
    )
    # Every kind of answer was met, and the app got through each outcome.
    if REFRESHES >= 100:
        assert set(desk.served) == set(desk.faults()), desk.served
        assert {"updated", "unchanged", "not-modified", "failed"} <= set(outcomes), outcomes
    # Memory stays flat: the last quarter's peak against the first quarter's (after the
    # first sample, the warm-up).
    quarter = max(1, len(samples) // 4)
    first = max(r for _, r, _ in samples[1 : quarter + 1])
    last = max(r for _, r, _ in samples[-quarter:])
    assert last <= first + RSS_SLACK, f"RSS grew {first / MIB:.1f} → {last / MIB:.1f} MiB"
    # No descriptor leaks: flat while running, and back to the count before the app.
    baseline = samples[0][2]
    assert all(f <= baseline + FD_SLACK for _, _, f in samples), samples
    assert fds_after <= fds_before, (fds_before, fds_after)
