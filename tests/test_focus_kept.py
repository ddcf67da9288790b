"""Keys keep reaching the clause list after the terminal was too small for a moment.

Textual takes the focus from a widget it hides (below the minimum size every screen
shows only the "too small" notice) and gives it to the next one when the hiding reaches
the widget, which after a quick shrink and grow can come once the terminal is large again:
the focus then sat on the quotes pane, and `g` moved that pane instead of the list (CI's
resize storm, about one run in twenty). A list shown again by then keeps the focus.
"""

from __future__ import annotations

from textual import events

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from tests.helpers import settle, wait_until


def bundled_app() -> BriefingApp:
    return BriefingApp(Session(load_path(paths.bundled_briefing()), Origin("bundled", "bundled")))


async def test_a_hide_that_arrives_after_the_terminal_grew_back_keeps_the_focus() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        assert app.screen.focused is clauses
        clauses.post_message(events.Hide())  # late, as after a quick shrink and grow
        await pilot.pause()
        await pilot.pause()
        assert app.screen.focused is clauses
        await pilot.press("j")
        await pilot.pause()
        assert clauses.cursor == 1  # the key reached the list


async def test_while_too_small_nothing_hidden_takes_the_focus_and_growing_gives_it_back() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        await pilot.resize_terminal(30, 8)
        await wait_until(pilot, lambda: app.has_class("-too-small"), "the too-small notice")
        await wait_until(pilot, lambda: app.screen.focused is not clauses, "the list's blur")
        assert clauses not in app.screen.focus_chain
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: app.screen.focused is clauses, "the focus back")
        await pilot.press("j", "j")
        await pilot.pause()
        assert clauses.cursor == 2
