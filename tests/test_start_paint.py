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

import pytest
from textual import events

from briefing.screens.main import MainScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.positions_pane import PositionsPane
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
        # The filter field is not made until the filter is typed (F): none to show.
        assert not any(field.display for field in main.query("#filter-input"))
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


async def test_the_first_frame_shows_the_panes_filled_at_the_widths_class(
    sample_doc, make_session, monkeypatch
):
    """The first frame drawn already has the positions and quotes laid out for their width
    (they were empty, then filled a frame later) and the screen's width class (given on its
    first Resize, after that frame: the whole screen restyled and drawn again)."""
    first: list[tuple[int, int, frozenset[str]]] = []
    original = BriefingApp._display

    def noted(self: BriefingApp, screen: Any, renderable: Any) -> Any:
        if not first and isinstance(screen, MainScreen) and renderable is not None:
            first.append(
                (
                    screen.query_one(PositionsPane).line_count(),
                    screen.query_one(QuotesPane).line_count(),
                    frozenset(screen.classes),
                )
            )
        return original(self, screen, renderable)

    monkeypatch.setattr(BriefingApp, "_display", noted)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert first, "no frame drawn"
        positions, quotes, classes = first[0]
        assert positions == main.query_one(PositionsPane).line_count() > 0
        assert quotes == main.query_one(QuotesPane).line_count() > 0
        assert "-narrow" in classes and "-wide" not in classes
        assert classes == frozenset(main.classes)


async def test_a_resize_to_the_laid_out_size_draws_nothing_and_a_new_size_is_laid_out(
    sample_doc, make_session
):
    """Textual sends the screen Resizes of the size it already has at start: each laid out
    and drew the whole screen again. A new size is still laid out (and its class given)."""
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        clauses = main.query_one(ClauseList)
        frames: list[int] = []
        original = app._display

        def counted(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                frames.append(1)
            original(screen, renderable)

        app._display = counted  # type: ignore[method-assign]
        main.post_message(events.Resize(app.size, app.size))
        await pilot.pause()
        await pilot.pause()
        assert frames == []
        await pilot.resize_terminal(150, 30)
        await wait_until(pilot, lambda: main.has_class("-wide"), "the wide class")
        await settle(app, pilot)
        assert frames
        assert clauses.size.height == 30 - (24 - 16)  # the body takes the new rows


async def test_the_bundled_main_screen_is_drawn_once_at_start(monkeypatch):
    """The first frame is the screen, whole; nothing is laid out or drawn again after it
    until something changes (the clause list's scrollbar was placed by a second layout,
    each widget's first size asked for a layout and a repaint, and Textual drew the whole
    screen again as it resumed it: three frames more, the same)."""
    from briefing.disk import paths
    from briefing.disk.documents import load_path
    from briefing.feed.origin import Origin
    from briefing.services.session import Session

    frames: list[str] = []
    layouts: list[int] = []
    original = BriefingApp._display
    original_layout = MainScreen._refresh_layout

    def noted(self: BriefingApp, screen: Any, renderable: Any) -> Any:
        if isinstance(screen, MainScreen) and renderable is not None:
            frames.append(type(renderable).__name__)
        return original(self, screen, renderable)

    def laid_out(self: MainScreen, *args: Any, **kwargs: Any) -> Any:
        layouts.append(1)
        return original_layout(self, *args, **kwargs)

    monkeypatch.setattr(BriefingApp, "_display", noted)
    monkeypatch.setattr(MainScreen, "_refresh_layout", laid_out)
    path = paths.bundled_briefing()
    app = BriefingApp(Session(load_path(path), Origin("bundled", "bundled")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.2)
        main = app.screen
        assert isinstance(main, MainScreen)
        clauses = main.query_one(ClauseList)
        assert clauses.show_vertical_scrollbar  # 15 clauses and a grown row in 14 rows
        assert frames[:1] == ["LayoutUpdate"]
        assert len(layouts) == 1, layouts
        assert frames == ["LayoutUpdate"], frames
        await pilot.press("j")  # a change is still drawn
        await pilot.pause()
        assert len(frames) > 1


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_main_screen_is_styled_once_as_it_mounts_and_not_again_as_it_resumes(
    sample_doc, make_session, monkeypatch, size
):
    """Textual styled every widget of the screen again as it first resumed, a moment after
    styling each as it mounted (~10 ms of the start). The width's class is given before the
    widgets mount, so that the first styling is already the right one, and the second is
    not asked for: the first screen, characters and styles, is the one a styling of the
    whole screen afterwards gives, narrow and wide (where the class lays the panes out
    side by side)."""
    from textual.dom import DOMNode

    restyled: list[str] = []
    original = DOMNode.update_node_styles

    def noted(self: DOMNode, animate: bool = True) -> None:
        restyled.append(type(self).__name__)
        original(self, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", noted)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert "MainScreen" not in restyled  # the screen and all it holds: not styled again
        assert main.has_class("-wide" if size[0] >= 140 else "-narrow")
        first = screen_text(app, styles=True)
        app.update_styles(main)  # every widget of the screen styled again, as Textual did
        await settle(app, pilot)
        assert screen_text(app, styles=True) == first
