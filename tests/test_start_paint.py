"""Start → first paint: the first screen is drawn once and not again for nothing.

The benchmark's start figure (`python -m benchmarks --only first_paint`) ends at the
last thing written to the terminal before it goes quiet, so every redraw of the first
screen that changes nothing costs the analyst as much as real work. These tests count
renders, never time: the focus lands on the clause list in the first frame, the key bar
is drawn again only when its keys change, and reading the (empty) notes at start redraws
no pane; each then checks that a real change is still drawn.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from briefing.screens.main import MainScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.quotes_pane import QuotesPane
from tests.helpers import screen_text, settle, wait_until


def count_renders(widget: Any) -> list[int]:
    """Count the widget's renders (its `render_line` for line lists, `render` otherwise)
    from now on: a list whose length is the count."""
    calls: list[int] = []
    name = "render_line" if hasattr(type(widget), "render_line") else "render"
    original = getattr(widget, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    setattr(widget, name, counted)
    return calls


async def test_the_clause_list_has_the_focus_from_the_first_frame(
    sample_doc, make_session, monkeypatch
):
    focused: list[str] = []
    original = MainScreen.set_focus

    def noted(self: MainScreen, widget: Any, *args: Any, **kwargs: Any) -> Any:
        focused.append(type(widget).__name__)
        return original(self, widget, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "set_focus", noted)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.query_one(ClauseList).has_focus
        assert not main.query_one("#filter-input", Input).display
        # The filter field never had it on the way (a restyle and a frame more).
        assert focused and "Input" not in focused


async def test_the_key_bar_is_drawn_again_only_when_its_keys_change(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        renders = count_renders(bar)
        app.screen.refresh_bindings()  # what every focus change does: the same keys
        await pilot.pause()
        await pilot.pause()
        assert renders == []
        assert "Clear filter" not in screen_text(app)
        main = app.screen
        assert isinstance(main, MainScreen)
        main.set_filter("contested")  # x clears it: a key more in the bar
        await wait_until(pilot, lambda: "Clear filter" in screen_text(app), "the x key shown")
        assert renders


async def test_notes_read_at_start_redraw_no_pane_unless_they_mark_something(
    sample_doc, make_session
):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.session.notebook is not None  # the notes were read at start
        main = app.screen
        clauses = main.query_one(ClauseList)
        quotes = main.query_one(QuotesPane)
        clause_renders, quote_renders = count_renders(clauses), count_renders(quotes)
        app.marks_changed.publish(app.session)  # as the notes being read again: no mark
        await pilot.pause()
        await pilot.pause()
        assert clause_renders == [] and quote_renders == []
        await pilot.press("j", "f")  # flag the first clause: a mark to draw
        await wait_until(pilot, lambda: "⚑" in screen_text(app), "the flag drawn")
        assert clause_renders
