"""Filter typing is light (issue 16: filter typing was 10–14× a bare app's key): a
keystroke in the filter field repaints, without laying the screen out again, and the
side panes are not rebuilt (nor their cursors put back) while the clause under the cursor stays the same."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.cli import make_app
from briefing.screens.main import MainScreen
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.positions_pane import PositionsPane
from tests.helpers import settle, wait_until

TYPED = "united kingdom concerned"


async def test_a_filter_keystroke_lays_nothing_out(monkeypatch: pytest.MonkeyPatch):
    layouts: list[bool] = []
    original = MainScreen._refresh_layout

    def counted(self: MainScreen, *args: Any, **kwargs: Any) -> None:
        layouts.append(True)
        original(self, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "_refresh_layout", counted)
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
