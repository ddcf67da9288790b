"""The README's Performance table, from a results file of `python -m benchmarks`.

    python -m benchmarks.table [benchmarks/results.json]

Prints Markdown: the machine line and the rows the README shows (what the user sees in a
terminal, every row with a target, and the diagnostics that explain them); the rest (the
pilot's in-process key figures) stays in the JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.decode import FLOOR_IN_PROCESS, FLOOR_PROCESS, VALIDATE
from benchmarks.settle import BARE_ROWS, FLOOR_START

SHOWN = (
    "search keystroke: search + repaint, p95 (p50)",
    "search keystroke: until every hit is counted, p95 (p50)",
    "peak RSS (open + every key above)",
    "decode + validate (a feed's JSON)",
    FLOOR_IN_PROCESS,
    VALIDATE,
    FLOOR_PROCESS,
    "start-up read of the cached copy (digest + decode)",
    "refresh: 304, the app (its copy in memory)",
    "refresh: full: download + validate + diff + atomic write",
)
"""The diagnostics shown besides the verdict rows (what the user sees, in tmux)."""
VERDICT = ("start → first paint, settled", "settled: ", BARE_ROWS, FLOOR_START)


def shown(row: dict[str, Any]) -> bool:
    figure = row["figure"]
    return row["passed"] is not None or figure in SHOWN or figure.startswith(VERDICT)


def verdict(row: dict[str, Any]) -> str:
    if row["passed"] is None:
        return ""
    return f"{row['target']} {'pass' if row['passed'] else '**fail**'}"


def render(results: dict[str, Any]) -> str:
    lines = [
        f"Measured {results['when'][:10]} on {results['machine']}",
        "(a shared machine; the ratios are what carry over). Full table: "
        "`benchmarks/results.json`.",
        "",
        "| scale | figure | value | reference | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        if not shown(row):
            continue
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else ""
        lines.append(
            f"| {row['scale']} | {row['figure']} | {row['value']} | {row['reference']} "
            f"| {ratio} | {verdict(row)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "benchmarks/results.json")
    sys.stdout.write(render(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
