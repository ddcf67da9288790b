"""The README's filter examples find clauses in the bundled briefing (issue 15: its
flagship `ukraine opposes` found 0 of 14, the five articles giving Ukraine no
clause-level position)."""

from __future__ import annotations

import re

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.reading.filters import parse
from briefing.reading.index import BriefingIndex
from tests.terminal import ROOT


def readme_filters() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r'--filter "([^"]+)"', text)
    row = next(line for line in text.splitlines() if line.startswith("| `F` |"))
    found += [f for f in re.findall(r"`([^`]+)`", row) if f not in ("F", "flagged", "main")]
    return found


def test_every_filter_the_readme_shows_finds_clauses_in_the_bundled_briefing():
    doc = load_path(paths.bundled_briefing())
    index = BriefingIndex(doc)
    examples = readme_filters()
    assert len(examples) >= 3, examples
    for example in examples:
        kept = [c for c in doc.clauses if parse(example, index).matches(c, index, set(), set())]
        assert kept, f"README's filter {example!r} finds no clause"
