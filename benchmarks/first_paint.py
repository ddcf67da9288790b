"""Cold start → first paint in a real terminal (tmux), against a bare Textual app.

    python -m benchmarks.first_paint [--runs 7] [--feed PATH] [--json out.json]

Each run starts the command in a fresh tmux server at 80×24 and polls the screen
until a marker appears. Medians of RUNS; the ratio to the bare app (one Static)
measured in the same run is what means anything on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("BARE-READY")

Bare().run()
"""


def first_paint(command: str, marker: str, timeout: float = 30.0) -> float:
    socket = f"fp-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "-L",
            socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            command,
        ],
        check=True,
    )
    try:
        while time.perf_counter() - started < timeout:
            screen = subprocess.run(
                ["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise TimeoutError(f"{marker!r} did not appear within {timeout} s")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--feed", help="a briefing file to open instead of the bundled one")
    parser.add_argument("--marker", default="Clauses (", help="text that means 'painted'")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    python = shlex.quote(sys.executable)
    with tempfile.TemporaryDirectory() as scratch:
        bare = Path(scratch) / "bare.py"
        bare.write_text(BARE_APP)
        feed = f" --feed {shlex.quote(args.feed)}" if args.feed else ""
        env = "TERM=xterm-256color COLORTERM=truecolor"
        cases = {
            "bare Textual app (reference)": (f"{env} {python} {bare}", "BARE-READY"),
            "briefing": (f"{env} {python} -m briefing{feed}", args.marker),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (command, marker) in cases.items():  # interleaved: same noise for both
                times[name].append(first_paint(command, marker))
    medians = {name: statistics.median(values) for name, values in times.items()}
    reference = medians["bare Textual app (reference)"]
    for name, median in medians.items():
        print(f"{name:<30} {median * 1000:7.0f} ms  {median / reference:5.2f}×")
    if args.json:
        result = {
            "runs": args.runs,
            "seconds": times,
            "median": medians,
            "ratio": {name: m / reference for name, m in medians.items()},
        }
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
