"""tests/MATRIX.md stays true: every test it names exists, and its totals add up."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / "tests" / "MATRIX.md"


def test_every_test_the_matrix_names_exists() -> None:
    text = MATRIX.read_text(encoding="utf-8")
    named = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)", text))
    assert len(named) > 50
    missing = [
        f"{path}::{name}"
        for path, name in sorted(named)
        if not re.search(rf"^(async )?def {name}\(", (ROOT / path).read_text(), re.M)
    ]
    assert not missing


def test_the_totals_line_counts_the_rows() -> None:
    text = MATRIX.read_text(encoding="utf-8")
    statuses = re.findall(r"^\| [\w.]+ \|.*\| (covered|partly|not covered)\b[^|]*\|$", text, re.M)
    totals = re.search(
        r"Totals: (\d+) rows: (\d+) covered \((\d+) matrix cases and all (\d+) issue items\), "
        r"(\d+) partly, (\d+) not covered",
        text,
    )
    assert totals is not None
    rows, covered, cases, items, partly, missing = map(int, totals.groups())
    issue_rows = re.findall(r"^\| 6\.\d \|.*\| covered\b[^|]*\|$", text, re.M)
    assert items == len(issue_rows) == 6
    assert cases == covered - items
    assert rows == len(statuses)
    assert covered == statuses.count("covered")
    assert partly == statuses.count("partly")
    assert missing == statuses.count("not covered")
