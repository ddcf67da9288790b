"""The key bar against Textual's own Footer: a screen opened and closed, in the same process.

    python -m benchmarks.key_bar [--cycles 50] [--rounds 3] [--size 80x24]

A diagnostic, not a test (these machines are shared): the bundled briefing under Textual's
pilot, a screen opened and closed CYCLES times with the app's KeyBar and again with
`textual.widgets.Footer` put in its place on every screen, the two interleaved ROUNDS
times. Each cycle is timed from the first key until the app is idle again with the
screen underneath back. Prints the median and p95 of a cycle for each bar and screen.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp

SCREEN_MODULES = (
    "changes",
    "detail",
    "help",
    "main",
    "matrix",
    "reading",
    "search",
    "timeline",
)
"""The modules of `briefing.screens` that compose a KeyBar."""

CYCLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "clause detail": (("enter",), ("escape",), "ClauseDetailScreen"),
    "matrix": (("m",), ("escape",), "MatrixScreen"),
    "help": (("question_mark",), ("escape",), "HelpScreen"),
}
"""Screen: keys that open it, keys that close it, its class (from the clause list, clause 1)."""


@contextlib.contextmanager
def bar(kind: str) -> Iterator[None]:
    """Every screen composes `kind`: the app's KeyBar, or Textual's Footer in its place."""
    if kind == "KeyBar":
        yield
        return
    modules = [importlib.import_module(f"briefing.screens.{name}") for name in SCREEN_MODULES]
    saved = [getattr(module, "KeyBar") for module in modules]  # noqa: B009
    make: Callable[[], Widget] = Footer
    for module in modules:
        setattr(module, "KeyBar", make)  # noqa: B010
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            setattr(module, "KeyBar", original)  # noqa: B010


async def wait_for(pilot: Pilot[Any], name: str) -> None:
    while type(pilot.app.screen).__name__ != name:
        await pilot.pause()
    await pilot.pause()


async def cycle_times(kind: str, screen: str, cycles: int, size: tuple[int, int]) -> list[float]:
    opening, closing, name = CYCLES[screen]
    session = Session(load_path(paths.bundled_briefing()), Origin("bundled", "bundled"))
    times: list[float] = []
    with bar(kind):
        app = BriefingApp(session, theme="textual-dark")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("j")  # clause 1: enter opens its detail
            await pilot.pause()
            under = type(app.screen).__name__
            for _ in range(cycles):
                gc.collect()
                started = time.perf_counter()
                await pilot.press(*opening)
                await wait_for(pilot, name)
                await pilot.press(*closing)
                await wait_for(pilot, under)
                times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="80x24")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    found: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for screen in CYCLES:
            for kind in ("KeyBar", "Footer"):
                times = asyncio.run(cycle_times(kind, screen, args.cycles, (width, height)))
                found.setdefault((kind, screen), []).extend(times)
    print(f"{args.rounds} × {args.cycles} open+close cycles at {args.size}, ms per cycle")
    for screen in CYCLES:
        for kind in ("KeyBar", "Footer"):
            times = sorted(found[(kind, screen)])
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"  {screen:<14} {kind:<7} median {statistics.median(times) * 1000:6.1f}"
                f"  p95 {p95 * 1000:6.1f}"
            )


if __name__ == "__main__":
    main()
