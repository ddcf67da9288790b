"""Typing a filter (issue 16: filter typing): each keystroke narrows the list, the bar counts
the clauses kept, and the parts that did not change are not laid out again — the countdown
(same deadlines) and the label hidden under the field while it is typed."""

from __future__ import annotations

from datetime import UTC, datetime

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.countdown import Countdown
from tests.helpers import screen_text, settle

NOW = datetime(2025, 11, 24, 12, tzinfo=UTC)


async def test_typing_a_filter_narrows_and_lays_out_only_what_changed(monkeypatch):
    doc = load_path(paths.bundled_briefing())
    app = BriefingApp(Session(doc, Origin("bundled", "bundled"), clock=lambda: NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        countdown = app.screen.query_one(Countdown)
        label = app.screen.query_one("#filter-label")
        await pilot.press("F")  # the field opens over the label
        await pilot.pause()
        laid_out: list[str] = []
        for widget, name in ((countdown, "countdown"), (label, "label")):

            def counted(*regions, _refresh=widget.refresh, _name=name, **options):
                if options.get("layout"):
                    laid_out.append(_name)
                return _refresh(*regions, **options)

            monkeypatch.setattr(widget, "refresh", counted)
        for char in "forces":
            await pilot.press(char)
            await pilot.pause()
        clauses = app.screen.query_one(ClauseList)
        kept = [row for row in clauses.rows if row is not None]
        assert kept and len(kept) < len(doc.clauses)
        assert f"{len(kept)} of {len(doc.clauses)} clauses" in screen_text(app)
        assert laid_out == []  # neither the countdown nor the hidden label, per keystroke
        await pilot.press("enter")  # typing ends: the label shows the filter kept
        await pilot.pause()
        assert "forces" in str(label.render())
        assert f"{len(kept)} of {len(doc.clauses)} clauses" in screen_text(app)
