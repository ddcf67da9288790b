"""The README's Performance table, from a results file of `python -m benchmarks`.

    python -m benchmarks.table [benchmarks/results.json]

Prints Markdown: the machine line and the rows the README shows (every row with a
target, and the figures that explain them); the full set stays in the JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SHOWN = (
    "start → first paint (tmux 80×24)",
    "key: clause list ↓ / ↑ (panes follow) p95 (p50)",
    "key: clause list PgDn / PgUp p95 (p50)",
    "key: clause list End / Home p95 (p50)",
    "key: clause detail (Enter / Esc): open p95 (p50)",
    "key: matrix (m / Esc): open p95 (p50)",
    "search keystroke: search + repaint, p95 (p50)",
    "search keystroke: until every hit is counted, p95 (p50)",
    "peak RSS (open + every key above)",
    "decode + validate (a feed's JSON)",
    "start-up read of the cached copy (digest + decode)",
    "refresh: 304, the app (its copy in memory)",
    "refresh: 304, `briefing refresh` (reads the cache)",
    "refresh: full: download + validate + diff + atomic write",
)


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
        if row["figure"] not in SHOWN and row["passed"] is None:
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
