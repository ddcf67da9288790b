"""Typing a filter (issue 16: filter typing was 10–14× a bare app's key): each keystroke
narrows the list and the bar counts the clauses kept; it repaints without laying the
screen out again (not the countdown, whose deadlines are the same, nor the label hidden
under the field), and the side panes are not rebuilt (nor their cursors put back) while
the clause under the cursor stays the same."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from briefing.cli import make_app
from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.screens.main import MainScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.countdown import Countdown
from briefing.widgets.positions_pane import PositionsPane
from tests.helpers import screen_text, settle, wait_until

NOW = datetime(2025, 11, 24, 12, tzinfo=UTC)

TYPED = "united kingdom concerned"


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The main screen's layouts from now on: one entry each."""
    layouts: list[bool] = []
    original = MainScreen._refresh_layout

    def counted(self: MainScreen, *args: Any, **kwargs: Any) -> None:
        layouts.append(True)
        original(self, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "_refresh_layout", counted)
    return layouts


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


async def test_a_filter_keystroke_lays_nothing_out(monkeypatch: pytest.MonkeyPatch):
    layouts = count_layouts(monkeypatch)
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await settle(app, pilot)
        layouts.clear()
        for char in TYPED:
            await pilot.press(char)
            await pilot.pause()
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        assert app.session.filter_label().lower() == TYPED
        assert 0 < len(clauses.rows) < 14  # it narrowed, keystroke by keystroke
        # A layout only where the list's scroll bar came or went (its width changes):
        # every keystroke laid the screen out before (the field's virtual width, then
        # the count's), 35 layouts for these 24 keys.
        assert len(layouts) <= 3, len(layouts)


async def test_the_first_letter_of_a_filter_lays_nothing_out(monkeypatch: pytest.MonkeyPatch):
    """The count beside the field is as wide as this briefing's widest count; with a filter
    set it also names the key that clears it, which typing does not (the key types). The
    first letter typed narrowed the count to the typing width and laid the whole screen
    out for it (~20 ms at 10,000 clauses); the field sets that width as it opens, in the
    layout that opens it, and the count still reads whole."""
    from briefing.widgets.filter_bar import FilterBar

    layouts = count_layouts(monkeypatch)
    app = make_app(None, None, None)
    # Rows enough for every clause: the list's scroll bar does not come or go (a layout of
    # its own, for its width).
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(app, pilot)
        total = len(app.session.view.clauses)
        await pilot.press("F")
        await settle(app, pilot)
        layouts.clear()
        await pilot.press("v")  # in some clauses' texts, not all
        await settle(app, pilot)
        assert layouts == []
        shown = len([row for row in app.screen.query_one(ClauseList).rows if row is not None])
        count = f"{shown} of {total} clauses"
        assert 0 < shown < total and count in screen_text(app)
        field = app.screen.query_one(FilterBar).query_one("#filter-count")
        assert field.size.width >= len(count)
        await pilot.press("enter")  # kept: the count names the key that clears it again
        await settle(app, pilot)
        assert f"{count} · x clears" in screen_text(app)
        await pilot.press("F")  # opened again on the same text: typing's count, whole
        await settle(app, pilot)
        assert count in screen_text(app) and "x clears" not in screen_text(app)
        assert str(field.render()).strip() == count  # not cut from "… · x clears"
        assert field.size.width >= len(count)


async def test_the_positions_pane_keeps_its_cursor_while_the_filter_keeps_its_clause():
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        positions = app.screen.query_one(PositionsPane)
        # A clause with two positions or more: the cursor there, the positions pane's
        # cursor on its second party; then a filter by its topic, which keeps it.
        index = app.session.index
        clause = next(c for c in index.doc.clauses if len(index.stands_on(c)) >= 2)
        assert clause.topic is not None
        assert clauses.select_id(clause.id)
        await settle(app, pilot)
        assert len(positions.stands) >= 2
        positions.focus()
        await pilot.press("j")
        await wait_until(pilot, lambda: positions.cursor == 1, "the second party")
        # A filter that keeps that clause under the cursor (set as the palette's Filter
        # sets it): its panes stay as they are. (Typed, a prefix that matches no clause
        # empties the list, and the panes follow.)
        app.main_screen.set_filter(clause.topic)
        await settle(app, pilot)
        assert app.session.filter_label() != "" and len(clauses.rows) < 14
        assert clauses.current is clause
        assert positions.cursor == 1
        app.main_screen.set_filter(f"{clause.status} {clause.topic}")
        await settle(app, pilot)
        assert clauses.current is clause and positions.cursor == 1


async def test_the_list_is_narrowed_as_the_fields_text_changes_not_a_message_later():
    """A keystroke changes the field's text and, before anything else runs, the list and
    the bar's count: both are painted in the keystroke's frame. (The bar posted a message
    that was handled after the field had been painted on its own: a second frame, some
    30 ms later in a terminal, for every keystroke.)"""
    from briefing.reading.filters import parse as parse_filter
    from briefing.widgets.filter_bar import FilterBar

    session = Session(load_path(paths.bundled_briefing()), Origin("bundled", "bundled"))
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one(FilterBar).field
        clauses = screen.query_one(ClauseList)
        for text in ("c", "contested", "contested ter", "united kingdom concerned"):
            field.value = text  # as a keystroke sets it; no await: nothing else runs
            wanted = parse_filter(text, session.index)
            expected = wanted.apply(session.view.clauses, session.index, set(), set())
            assert [c.id for c in clauses.clauses] == [c.id for c in expected], text
            assert session.clause_filter is not None and session.clause_filter.text == text
        assert 0 < len(clauses.clauses) < len(session.view.clauses)
        await pilot.pause()
        count = screen_text(app)
        assert f"{len(clauses.clauses)} of {len(session.view.clauses)} clauses" in count
