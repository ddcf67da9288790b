"""Where a key's time goes: cProfile around N presses of one key in the real app (pilot).

    python -m benchmarks.profile_keys --feed PATH --key j [--presses 40] [--top 25]
    python -m benchmarks.profile_keys --feed PATH --key e --before slash   # search typing
    python -m benchmarks.profile_keys --feed PATH --key enter --back escape  # a clause page

The app runs in process at 80×24 with Textual's pilot; only the presses of `--key`
(after the `--before` keys, each followed by a wait until the app is idle) are
profiled. Prints the functions with the most cumulative time, then the most own time.
The time per key is `python -m benchmarks.settle`'s business; this says what it is.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
from pathlib import Path

from benchmarks.keys import SIZE


async def profile(
    feed: Path | None, before: list[str], key: str, presses: int, back: str | None = None
) -> pstats.Stats:
    from briefing.disk import paths
    from briefing.disk.documents import load_path
    from briefing.feed.origin import Origin
    from briefing.screens.main import MainScreen
    from briefing.services.session import Session
    from briefing.tui.app import BriefingApp

    path = feed or paths.bundled_briefing()
    session = Session(load_path(path), Origin("file", str(path)))
    app = BriefingApp(session)
    profiler = cProfile.Profile()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2000):
            if isinstance(app.screen, MainScreen):
                break
            await pilot.pause(0.005)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for name in before:
            await pilot.press(name)
            await pilot.pause()
        await app.workers.wait_for_complete()
        for n in range(presses):
            alternate = {"j": "k", "down": "up", "pagedown": "pageup"}.get(key)
            pressed = alternate if alternate and (n // 5) % 2 else key
            profiler.enable()
            await pilot.press(pressed)
            await pilot.pause()
            profiler.disable()
            await app.workers.wait_for_complete()
            if back:
                await pilot.press(back)
                await pilot.pause()
    return pstats.Stats(profiler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feed", type=Path, help="a briefing file (default: the bundled one)")
    parser.add_argument("--key", required=True, help="Textual's name of the key to profile")
    parser.add_argument("--before", default="", help="comma-separated keys pressed first")
    parser.add_argument("--back", help="a key pressed (not profiled) after each press")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    before = [name for name in args.before.split(",") if name]
    stats = asyncio.run(profile(args.feed, before, args.key, args.presses, args.back))
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats.stream = out  # type: ignore[attr-defined]
        stats.sort_stats(order).print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
