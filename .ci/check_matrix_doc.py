"""tests/MATRIX.md stays true: every test it names exists, and its totals add up.

A check of a Markdown file, not of the code, so it runs here in CI rather than as a test.
Exit status 0 when the document holds, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / "tests" / "MATRIX.md"


def problems(text: str) -> list[str]:
    found: list[str] = []
    named = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)", text))
    if len(named) <= 50:
        found.append(f"only {len(named)} tests are named (the matrix names more than 50)")
    for path, name in sorted(named):
        source = ROOT / path
        if not source.is_file():
            found.append(f"{path}::{name}: there is no {path}")
        elif not re.search(rf"^(async )?def {name}\(", source.read_text("utf-8"), re.M):
            found.append(f"{path}::{name}: no such test")
    statuses = re.findall(r"^\| [\w.]+ \|.*\| (covered|partly|not covered)\b[^|]*\|$", text, re.M)
    totals = re.search(
        r"Totals: (\d+) rows: (\d+) covered \((\d+) matrix cases and all (\d+) issue items\), "
        r"(\d+) partly, (\d+) not covered",
        text,
    )
    if totals is None:
        return [*found, "no 'Totals: …' line"]
    rows, covered, cases, items, partly, missing = map(int, totals.groups())
    issue_rows = re.findall(r"^\| 6\.\d \|.*\| covered\b[^|]*\|$", text, re.M)
    checks = {
        "issue items": (items, len(issue_rows)),
        "matrix cases": (cases, covered - items),
        "rows": (rows, len(statuses)),
        "covered": (covered, statuses.count("covered")),
        "partly": (partly, statuses.count("partly")),
        "not covered": (missing, statuses.count("not covered")),
    }
    for what, (said, counted) in checks.items():
        if said != counted:
            found.append(f"Totals say {said} {what}; the rows give {counted}")
    return found


def main() -> int:
    found = problems(MATRIX.read_text(encoding="utf-8"))
    for line in found:
        print(f"{MATRIX.relative_to(ROOT)}: {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
