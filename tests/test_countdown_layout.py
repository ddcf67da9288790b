"""The countdown panel is worked out once for the width the layout gives it: Textual's own
height asked it at the width it had before (none at the first layout: 20 columns' worth of
wrapping, then the real width, then the same again to draw), and each line that fits is not
sent through `Content.wrap` (~1 ms a line of dividing and formatting)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.content import Content

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets import countdown as countdown_module
from briefing.widgets.countdown import Countdown
from tests.helpers import settle

_WORDS = ["deadline", "passed", "·", "was due", "漢字", "Zürich", "—", "a", "", "\t", "soft"]


def test_a_line_that_fits_is_what_wrapping_it_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_hang` gives what wrapping gives (`_wrap_hanging`) on random lines, and wraps none
    that fits."""
    rng = random.Random(4)
    fitted = 0
    for _ in range(3000):
        parts: list[Any] = [" " * rng.choice([0, 0, 2, 4])]
        for _ in range(rng.randint(0, 12)):
            word = rng.choice(_WORDS) + rng.choice(["", " ", "  "])
            parts.append((word, rng.choice(["", "bold", "$text-muted"])))
        line = Content.assemble(*parts)
        width = rng.randint(20, 90)
        made = countdown_module._hang(line, width)
        indent = len(line.plain) - len(line.plain.lstrip(" "))
        wrapped = countdown_module._wrap_hanging(line[indent:], indent, width)
        assert made == wrapped, (line.plain, width)
        fitted += len(made) == 1 and "\t" not in line.plain
    assert 500 < fitted < 2900  # both ways were taken, often

    def no_wrapping(*args: object) -> list[Content]:
        raise AssertionError("a line that fits was wrapped")

    monkeypatch.setattr(countdown_module, "_wrap_hanging", no_wrapping)
    line = Content.assemble("  ", ("passed 6 days ago", "bold"), " · was due by end of Fri")
    assert countdown_module._hang(line, 80) == [line]


async def test_the_panel_is_worked_out_once_for_the_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[int] = []
    real = Countdown._make

    def counting(self: Countdown, width: int) -> Content:
        made.append(width)
        return real(self, width)

    monkeypatch.setattr(Countdown, "_make", counting)
    now = datetime(2025, 11, 25, 12, tzinfo=UTC)  # the bundled deadline still open
    doc = load_path(paths.bundled_briefing())
    app = BriefingApp(Session(doc, Origin("bundled", "bundled"), clock=lambda: now))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        countdown = app.screen.query_one(Countdown)
        shown = countdown._shown
        assert shown is not None and "Deadline" in shown.plain
        assert made == [countdown.content_region.width]  # once, at its own width
        assert countdown.content_region.height == shown.plain.count("\n") + 1
