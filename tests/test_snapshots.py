"""Snapshots of the main screens of the bundled briefing at 80×24 and 120×40.

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in the report before committing them.
"""

from __future__ import annotations

import pytest

from briefing import paths
from briefing.app import BriefingApp
from briefing.load import load_path
from briefing.origin import Origin
from briefing.session import Session
from tests.conftest import FIXED_NOW

SIZES = [(80, 24), (120, 40)]

VIEWS = {
    "main": [],
    "main-second-clause": ["j"],
    "detail": ["j", "enter"],
    "detail-army-cap": ["j", "enter", *["right_square_bracket"] * 4],
    "overview": ["o"],
    "matrix": ["m"],
    "help": ["question_mark"],
    "search": ["slash", *"600,000"],
    "as-of-22-nov": ["a", *"2025-11-22", "enter"],
}


def bundled_app() -> BriefingApp:
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    return BriefingApp(session, theme="textual-dark")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_snapshot(snap_compare, view: str, size: tuple[int, int]) -> None:
    assert snap_compare(bundled_app(), press=VIEWS[view], terminal_size=size)
