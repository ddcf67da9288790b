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
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from benchmarks.synthetic import generate_bytes
from briefing.disk.cache import sha256
from briefing.format.collector import collector_paused
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
        TYPED: lambda: msgspec.json.decode(raw, type=Briefing),
        FLOOR_IN_PROCESS: lambda: typed_paused(raw),
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


VALIDATE = "briefing validate PATH, whole process (median)"
REFERENCE_PROCESS = "python -c json.loads(PATH's bytes), whole process (median)"
FLOOR_PROCESS = "floor: a process that decodes PATH into the typed model, no check (median)"
"""The least a validating process with this decoder does: read, decode, and end without
freeing the document (as `briefing validate` ends); against the reference process."""
TYPED = "msgspec into Structs"
FLOOR_IN_PROCESS = "floor: decode into the typed model alone, no check (msgspec)"
"""`TYPED` as our check runs it: with the cyclic collector paused (`collector_paused`)."""


def typed_paused(raw: bytes) -> Briefing:
    with collector_paused():
        return msgspec.json.decode(raw, type=Briefing)


FLOOR_SCRIPT = """\
import gc; gc.disable()
import os, sys, threading
read = []
reader = threading.Thread(target=lambda: read.append(open(sys.argv[1], "rb").read()))
reader.start()
import msgspec
from briefing.format.model import Briefing
reader.join()
msgspec.json.decode(read[0], type=Briefing)
sys.stdout.flush()
os._exit(0)
"""
"""`FLOOR_PROCESS`, run as `briefing validate` runs: the collector off from the first line,
the file read while the modules load (`preread`), and no freeing of the document at the
end (`entry.end_now`)."""


def run_processes(path: Path, runs: int) -> dict[str, Any]:
    """`briefing validate PATH` as a user runs it, start to exit, against a bare
    interpreter that reads the same file and gives it to `json.loads`, and the floor of
    any such check (`FLOOR_PROCESS`): the three alternated `runs` times each, after one
    untimed run of each (the bytecode compiled and kept, as
    `pip install` leaves it: `settle.private_env`). Median wall seconds of each."""
    from benchmarks.settle import private_env

    ours = [sys.executable, "-m", "briefing", "validate", str(path)]
    reference = [
        sys.executable,
        "-c",
        "import json, sys\nwith open(sys.argv[1], 'rb') as f: json.loads(f.read())",
        str(path),
    ]
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(path)]
    seconds: dict[str, list[float]] = {VALIDATE: [], REFERENCE_PROCESS: [], FLOOR_PROCESS: []}
    commands = ((VALIDATE, ours), (REFERENCE_PROCESS, reference), (FLOOR_PROCESS, floor))
    with tempfile.TemporaryDirectory(prefix="briefing-validate-") as home:
        env = private_env(Path(home))
        for timed in (False,) + (True,) * runs:
            for name, command in commands:
                started = time.perf_counter()
                done = subprocess.run(
                    command, env=env, stdin=subprocess.DEVNULL, capture_output=True
                )
                elapsed = time.perf_counter() - started
                if done.returncode != 0:
                    raise RuntimeError(f"{' '.join(command[:4])}… failed: {done.stderr!r}")
                if timed:
                    seconds[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    return {
        "runs": runs,
        "seconds": medians,
        "all": seconds,
        "ratio": medians[VALIDATE] / medians[REFERENCE_PROCESS],
        "floor_ratio": medians[FLOOR_PROCESS] / medians[REFERENCE_PROCESS],
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
