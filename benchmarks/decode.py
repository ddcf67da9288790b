"""Decoding and validating a large briefing, as ratios to stdlib `json.loads` in the same run.

    python -m benchmarks.decode [--clauses 10000 --quotes 100000] [--runs 5] [--json out.json]

Prints a table (median of RUNS) and, with --json, writes the figures. Not a test: these
machines are shared, so only ratios measured in one run mean anything.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from benchmarks.synthetic import generate_bytes
from briefing.disk.cache import sha256
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.format.textclean import may_need_cleaning


def median_seconds(work: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


OURS = (
    "decode + validate (a feed's JSON)",
    "start-up read of the cached copy (digest + decode)",
)
"""Our figures, as the suite reports them (the first is the one with a target)."""


def run_bytes(raw: bytes, runs: int) -> dict[str, Any]:
    dirty = may_need_cleaning(raw)  # recorded in the cache's metadata when the copy arrived
    cases: dict[str, Callable[[], Any]] = {
        "json.loads (reference)": lambda: json.loads(raw),
        "msgspec, untyped": lambda: msgspec.json.decode(raw),
        "msgspec into Structs": lambda: msgspec.json.decode(raw, type=Briefing),
        OURS[0]: lambda: load_bytes(raw),
        OURS[1]: lambda: (
            sha256(raw),
            load_bytes(raw, checked=True, trusted=True, known_clean=not dirty),
        ),
    }
    try:
        import orjson  # type: ignore[import-not-found]

        cases["orjson.loads"] = lambda: orjson.loads(raw)
    except ImportError:
        pass
    seconds = {name: median_seconds(work, runs) for name, work in cases.items()}
    reference = seconds["json.loads (reference)"]
    return {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": sys.version.split()[0],
        "bytes": len(raw),
        "runs": runs,
        "seconds": seconds,
        "ratio_to_json_loads": {name: s / reference for name, s in seconds.items()},
    }


def run(clauses: int, quotes: int, runs: int) -> dict[str, Any]:
    result = run_bytes(generate_bytes(clauses, quotes), runs)
    result.update(clauses=clauses, quotes=quotes)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clauses", type=int, default=10_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    result = run(args.clauses, args.quotes, args.runs)
    print(
        f"{result['bytes'] / 1e6:.1f} MB, {args.clauses} clauses, {args.quotes} quotes, "
        f"median of {args.runs}"
    )
    for name, seconds in result["seconds"].items():
        ratio = result["ratio_to_json_loads"][name]
        print(f"  {name:<42} {seconds * 1000:8.1f} ms  {ratio:5.2f}× json.loads")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
