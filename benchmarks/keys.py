"""Key → repaint latency with Textual's pilot (press → pause), and the process's peak RSS.

    python -m benchmarks.keys --feed PATH [--samples 60] [--json PATH]
    python -m benchmarks.keys --bare [--samples 60]          # the reference: one Static

Run one process per briefing (the suite does), so the peak RSS is that briefing's
alone. Each action is timed from the key press until the app is idle again (the
issue's "pilot press → pause"); p50 and p95 over SAMPLES presses.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

SIZE = (80, 24)


class Bare(App[None]):
    """The reference: the smallest Textual app that paints a line."""

    def compose(self) -> ComposeResult:
        yield Static("BARE-READY")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "p50": at(0.50),
        "p95": at(0.95),
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
        "n": len(ordered),
    }


async def timed(pilot: Pilot[Any], *keys: str) -> float:
    started = time.perf_counter()
    await pilot.press(*keys)
    await pilot.pause()
    return time.perf_counter() - started


async def until(pilot: Pilot[Any], done: Callable[[], bool], what: str) -> None:
    for _ in range(2000):
        if done():
            return
        await pilot.pause(0.005)
    raise TimeoutError(f"{what} did not happen")


async def bare(samples: int) -> dict[str, Any]:
    app = Bare()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(samples):
            times.append(await timed(pilot, "j"))
    return {"unbound key on a bare app (reference)": percentiles(times)}


def search_words(doc: Any) -> str:
    """A query that matches: the first two words of the second clause's title."""
    clause = doc.clauses[min(1, len(doc.clauses) - 1)]
    return " ".join(clause.title.lower().split()[:2])


async def briefing(feed: Path, samples: int) -> dict[str, Any]:
    from briefing.disk.documents import load_path
    from briefing.feed.origin import Origin
    from briefing.screens.detail import ClauseDetailScreen
    from briefing.screens.main import MainScreen
    from briefing.screens.matrix import MatrixScreen
    from briefing.screens.search import SearchScreen
    from briefing.services.session import Session
    from briefing.tui.app import BriefingApp

    doc = load_path(feed)
    session = Session(doc, Origin("file", str(feed)))
    gc.freeze()  # as `briefing` does before it runs the app
    app = BriefingApp(session)
    results: dict[str, list[float]] = {}

    def record(name: str) -> Callable[[float], None]:
        return results.setdefault(name, []).append

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.pause()
        await app.workers.wait_for_complete()
        moves = record("clause list ↓ / ↑ (panes follow)")
        for _ in range(samples // 2):
            moves(await timed(pilot, "down"))
        for _ in range(samples // 2):
            moves(await timed(pilot, "up"))
        page = record("clause list PgDn / PgUp")
        for _ in range(max(1, samples // 4)):
            page(await timed(pilot, "pagedown"))
        for _ in range(max(1, samples // 4)):
            page(await timed(pilot, "pageup"))
        ends = record("clause list End / Home")
        for _ in range(max(1, samples // 8)):
            ends(await timed(pilot, "end"))
            ends(await timed(pilot, "home"))
        await timed(pilot, "down")

        async def there_and_back(name: str, go: str, screen: type, back: str = "escape") -> None:
            opened, closed = record(f"{name}: open"), record(f"{name}: close")
            for _ in range(max(1, samples // 4)):
                started = time.perf_counter()
                await pilot.press(go)
                await until(pilot, lambda: isinstance(app.screen, screen), name)
                await pilot.pause()
                opened(time.perf_counter() - started)
                started = time.perf_counter()
                await pilot.press(back)
                await until(pilot, lambda: isinstance(app.screen, MainScreen), f"back from {name}")
                await pilot.pause()
                closed(time.perf_counter() - started)

        await there_and_back("clause detail (Enter / Esc)", "enter", ClauseDetailScreen)
        await there_and_back("matrix (m / Esc)", "m", MatrixScreen)

        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "search")
        await pilot.pause()
        search_screen = app.screen
        assert isinstance(search_screen, SearchScreen)
        work_log: list[float] = []
        complete_log: list[float] = []
        _time_search_work(search_screen, work_log, complete_log)
        query = search_words(doc)
        typing = record("search: each keystroke, results repainted")
        erasing = record("search: each backspace, results repainted")
        rounds = max(1, samples // max(1, 2 * len(query)))
        for _ in range(rounds):
            for char in query:
                typing(await timed(pilot, "space" if char == " " else char))
            for _ in query:
                erasing(await timed(pilot, "backspace"))
    figures: dict[str, Any] = {name: percentiles(values) for name, values in results.items()}
    figures["search work"] = percentiles(work_log) if work_log else None
    figures["search complete"] = percentiles(complete_log) if complete_log else None
    return figures


def _time_search_work(screen: Any, log: list[float], complete: list[float]) -> None:
    """Per keystroke: the search and result update, plus the screen refresh that paints
    them (the pilot's idle polling adds 20 ms steps that would hide this) into `log`;
    and the time until every hit is found and counted into `complete` (the search itself:
    its result is final at once)."""
    run_search = screen.run_search
    refresh = screen._compositor_refresh  # Textual's paint of the dirty regions
    pending: list[float] = []

    def timed_search(query: str) -> None:
        started = time.perf_counter()
        run_search(query)
        pending.append(time.perf_counter() - started)
        complete.append(time.perf_counter() - started)

    def timed_refresh() -> None:
        started = time.perf_counter()
        refresh()
        if pending:
            log.append(pending.pop() + time.perf_counter() - started)
            pending.clear()

    screen.run_search = timed_search
    screen._compositor_refresh = timed_refresh


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--feed", type=Path, help="the briefing file to open")
    which.add_argument("--bare", action="store_true", help="measure the bare reference app")
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--json", metavar="PATH", help="write the figures here (else stdout)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = bare(args.samples) if args.bare else briefing(args.feed, args.samples)
    latencies = asyncio.run(work)
    search_work = latencies.pop("search work", None)
    search_complete = latencies.pop("search complete", None)
    result = {
        "latency_seconds": latencies,
        "search_work_seconds": search_work,
        "search_complete_seconds": search_complete,
        "peak_rss_mib": peak_rss_mib(),
        "wall_seconds": time.perf_counter() - started,
    }
    text = json.dumps(result, indent=2)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
