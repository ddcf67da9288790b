"""State with one owner that says when it changes: the session's fields change only through
its methods, each change is announced with its kind, the App publishes it as a signal, and
the screens on the stack redraw themselves (the one in front at once; one under another
when it is in front again). A screen's own work runs on that screen."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from briefing.disk import paths
from briefing.disk.changelog import ChangeLog
from briefing.disk.notebook import Notebook
from briefing.feed.origin import Origin
from briefing.feed.targets import FeedRef
from briefing.reading.filters import parse as parse_filter
from briefing.screens.main import MainScreen
from briefing.services.session import Session
from briefing.services.startup import open_target
from briefing.tui.app import BriefingApp
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.reading import ReadingPane
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2, blocks_text, run_refresh, screen_text, settle, wait_until

NOW = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)


def announced(session: Session) -> list[str]:
    heard: list[str] = []
    session.listen(heard.append)
    return heard


def test_every_change_is_announced_once_with_its_kind(sample_doc, make_session, tmp_path):
    session = make_session(sample_doc)
    heard = announced(session)
    steps: list[tuple[str, Any]] = [
        ("view", lambda: session.set_as_of(datetime(2025, 11, 21, tzinfo=UTC))),
        ("view", lambda: session.replace(sample_doc, Origin("file", "again"))),
        ("view", lambda: session.set_filter(parse_filter("contested", session.index))),
        ("feed", lambda: session.show_feed(FeedRef("desk", "http://127.0.0.1:9/f", 0), None)),
        ("feed", session.refresh_started),
        ("feed", lambda: session.refresh_progress(10, 100)),
        ("feed", lambda: session.refreshed("failed")),
        ("marks", lambda: session.set_changelog(ChangeLog.for_briefing(tmp_path, "sample-accord"))),
        ("marks", lambda: session.set_notebook(Notebook.for_briefing(tmp_path, "sample-accord"))),
        ("marks", lambda: session.keep_unsaved("sample-accord", "clause:ceasefire", "draft")),
        ("marks", lambda: session.saved("sample-accord", "clause:ceasefire", "draft")),
        ("marks", session.marks_updated),
    ]
    for kind, change in steps:
        before = len(heard)
        change()
        assert heard[before:] == [kind], change
    assert session.as_of == datetime(2025, 11, 21, tzinfo=UTC)
    assert session.origin.location == "again"
    assert session.filter_label() != ""
    assert session.feed is not None and session.feed.name == "desk"
    assert session.outcome == "failed" and session.progress is None
    assert session.unsaved == {}
    session.remember_query("army")  # what search offers again: not shown state, not announced
    assert session.last_query == "army" and len(heard) == len(steps)


def test_an_empty_filter_is_no_filter_and_a_called_off_refresh_keeps_its_outcome(
    sample_doc, make_session
):
    session = make_session(sample_doc)
    session.set_filter(parse_filter("", session.index))
    assert session.clause_filter is None
    session.refreshed("ok")
    session.refresh_started()
    assert session.refreshing
    session.refreshed(None)  # cancelled: the last outcome stands
    assert session.outcome == "ok" and not session.refreshing


def test_an_unsaved_note_rewritten_meanwhile_is_not_dropped(sample_doc, make_session):
    session = make_session(sample_doc)
    session.keep_unsaved("sample-accord", "clause:army-cap", "second draft")
    session.saved("sample-accord", "clause:army-cap", "first draft")  # an older save landed
    assert session.unsaved == {("sample-accord", "clause:army-cap"): "second draft"}


@pytest.mark.parametrize(
    "field",
    ["doc", "origin", "view", "index", "as_of", "clause_filter", "feed", "copy", "outcome",
     "error", "changelog", "notebook", "unsaved", "last_query", "progress"],
)  # fmt: skip
def test_the_session_fields_are_read_only_from_outside(sample_doc, make_session, field):
    session = make_session(sample_doc)
    with pytest.raises(AttributeError):
        setattr(session, field, None)


async def test_the_main_screen_redraws_in_the_same_frame_as_the_change(sample_doc, make_session):
    session = make_session(sample_doc)
    app = BriefingApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clauses = app.main_screen.query_one(ClauseList)
        assert len(clauses.clauses) == 4
        session.set_filter(parse_filter("contested", session.index))
        # No pause: the list follows within the call that changed the filter.
        assert [c.id for c in clauses.clauses] == [c.id for c in session.shown_clauses()]
        assert len(clauses.clauses) < 4
        session.set_filter(None)
        assert len(clauses.clauses) == 4


def feed_app(url: str) -> BriefingApp:
    start = open_target(url)
    session = Session(start.doc, start.origin, clock=lambda: NOW)
    return BriefingApp(session, startup=start, dirs=paths.user_dirs())


async def test_a_refresh_redraws_the_clause_page_that_is_open(server: FeedServer):
    """Before, a new snapshot redrew only the main screen: a clause page open when a refresh
    arrived kept the old status until it was closed and opened again."""
    url = server.route("/f", Route(body=V1))
    await run_refresh(url)
    app = feed_app(url)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_clause("army-cap")
        await wait_until(pilot, lambda: "contested" in blocks_text(app, "title"), "the page")
        page = app.screen
        server.route("/f", Route(body=V2))
        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: "agreed" in blocks_text(app, "title"),
            "the page showing the clause agreed",
        )
        assert app.screen is page
        assert "Accepts a cap at 800,000." in blocks_text(app)


async def test_a_flag_set_on_a_clause_page_runs_there_and_shows_on_the_list_when_back(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch
):
    release = threading.Event()
    toggle = Notebook.toggle_flag

    def slow_toggle(book: Notebook, clause_id: str) -> bool:
        release.wait(10)  # in the worker's thread, like a slow disk
        return toggle(book, clause_id)

    monkeypatch.setattr(Notebook, "toggle_flag", slow_toggle)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_clause("army-cap")
        await wait_until(pilot, lambda: blocks_text(app, "title") != "", "the page")
        page = app.screen
        await pilot.press("f")
        flagging = [w for w in app.workers if w.group == "flag" and not w.is_finished]
        assert len(flagging) == 1 and flagging[0].node is page  # the page's own work
        release.set()
        await wait_until(pilot, lambda: app.session.is_flagged("army-cap"), "the flag saved")
        await wait_until(
            pilot, lambda: "⚑ flagged" in blocks_text(app, "title"), "the page flagged"
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert "army-cap" in app.main_screen.query_one(ClauseList).flagged


@asynccontextmanager
async def first_clause_page(
    monkeypatch: pytest.MonkeyPatch, animations: bool
) -> AsyncIterator[tuple[BriefingApp, Pilot[None], ReadingPane]]:
    """The bundled briefing's first clause page at 80×24, config.toml's `animations` as
    given (TEXTUAL_ANIMATIONS unset): the app, its pilot and the page's body, laid out."""
    from briefing.disk.config import Config
    from briefing.services.startup import Startup

    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    bundled = open_target(None)
    session = Session(bundled.doc, bundled.origin, clock=lambda: NOW)
    start = Startup(Config(animations=animations), None, session.doc, session.origin)
    app = BriefingApp(session, startup=start)
    async with app.run_test(size=(80, 24)) as pilot:
        # The notes first: read in a worker as the app starts, they redraw an open clause
        # page when they come (late on a loaded machine: after the page was laid out).
        await wait_until(pilot, lambda: session.notebook is not None, "the notes read")
        app.open_clause(session.view.clauses[0].id)
        await wait_until(pilot, lambda: blocks_text(app, "title") != "", "the page")
        body = app.screen.query_one("#detail-body", ReadingPane)
        await wait_until(pilot, lambda: body.max_scroll_y > 2, "the page laid out")
        yield app, pilot, body


@pytest.mark.parametrize(("animations", "steps"), [(False, "one"), (True, "many")])
async def test_a_page_key_lands_at_once_unless_animations_are_asked_for(
    monkeypatch: pytest.MonkeyPatch, animations, steps
):
    """Smooth scrolling costs ~0.5 s of frames per page over SSH: off unless config.toml says
    `animations = true` (TEXTUAL_ANIMATIONS, when set, is Textual's own and wins)."""
    async with first_clause_page(monkeypatch, animations) as (app, pilot, body):
        seen: list[float] = []
        app.screen.watch(body, "scroll_y", lambda y: seen.append(y), init=False)
        await pilot.press("space")
        await wait_until(
            pilot,
            lambda: bool(seen) and not app.animator.is_being_animated(body, "scroll_y"),
            "the page turned",
        )
        assert body.scroll_y > 0
        assert (len(seen) == 1) is (steps == "one"), seen  # one jump, or frame by frame


@pytest.mark.parametrize("animations", [False, True])
async def test_every_scroll_key_on_a_page_scrolls_in_its_own_step_unless_animated(
    monkeypatch: pytest.MonkeyPatch, animations
):
    """With animations off, Textual's scroll actions still went through its animator, which
    set the offset at its next tick: a step after the key, and a whole frame interval later
    the first time (the first PgDn on the first page, ~18 ms in tmux). The page's scroll
    keys now leave the animator out then, and still glide when animations are asked for.
    Each key's position is waited for: the scroll itself comes after the next refresh."""
    async with first_clause_page(monkeypatch, animations) as (app, pilot, body):
        animated: list[str] = []
        real = body.animate

        def animate(attribute: str, *args: Any, **kwargs: Any) -> None:
            animated.append(attribute)
            real(attribute, *args, **kwargs)

        monkeypatch.setattr(body, "animate", animate)

        def settled(where: Any) -> Any:
            return lambda: (
                not app.animator.is_being_animated(body, "scroll_y") and body.scroll_y == where()
            )

        for key, where in [
            ("G", lambda: body.max_scroll_y),
            ("g", lambda: 0),
            ("j", lambda: 1),
            ("k", lambda: 0),
            ("pagedown", lambda: min(body.max_scroll_y, body.scrollable_content_region.height)),
            ("pageup", lambda: 0),
            ("space", lambda: min(body.max_scroll_y, body.scrollable_content_region.height)),
        ]:
            await pilot.press(key)
            await wait_until(pilot, settled(where), key)
        assert bool(animated) is animations, animated


async def _second_page(monkeypatch: pytest.MonkeyPatch, *, ahead: bool) -> tuple[str, bool]:
    """The first clause page's second page as the screen shows it after PgDn (characters
    and styles), and whether the PgDn drew none of its lines (all came from the caches),
    with the pages either side drawn ahead once the first is shown, or never."""
    drawn: list[int] = []
    real_line = BlockColumn.render_line

    def render_line(self: BlockColumn, y: int) -> Any:
        drawn.append(y)
        return real_line(self, y)

    monkeypatch.setattr(BlockColumn, "render_line", render_line)
    listed: list[int] = []
    real_draw_ahead = ReadingPane._draw_ahead

    def draw_ahead(self: ReadingPane) -> None:
        drawn.clear()  # what the latest pass drew: a layout or a focus after one undoes it
        real_draw_ahead(self)
        listed.append(round(self.scroll_y))

    monkeypatch.setattr(ReadingPane, "_draw_ahead", draw_ahead)
    if not ahead:
        monkeypatch.setattr(ReadingPane, "DRAW_AHEAD_AFTER", 3600.0)
    async with first_clause_page(monkeypatch, False) as (app, pilot, body):
        height = body.scrollable_content_region.height
        column = body.query_one(BlockColumn)

        def second_page() -> list[int]:
            """The column's lines on the page below the first (in its own lines)."""
            top, lines = column.virtual_region.y, column.virtual_region.height
            return [y - top for y in range(height, 2 * height) if 0 <= y - top < lines]

        if ahead:
            # Waited for: the pane still, its last pass over (none due, none under way). A
            # pass that a late layout or focus (a slow machine) had started again would
            # otherwise draw after the key, or the key would draw what that undid.
            await wait_until(
                pilot,
                lambda: bool(listed) and body._ahead_timer is None and not body._ahead,
                "the pages either side drawn",
            )
            assert listed[-1] == 0
            assert set(second_page()) <= set(drawn)
            monkeypatch.setattr(ReadingPane, "DRAW_AHEAD_AFTER", 3600.0)  # none after the key
        drawn.clear()
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: body.scroll_y == height, "the page turned")
        await pilot.pause()  # and drawn
        shown = screen_text(app, styles=True)  # draws whatever the frame would
        second = second_page()
        assert second
        return shown, not set(second) & set(drawn)


async def test_the_pages_either_side_are_drawn_ahead_and_a_page_key_only_shows_them(
    monkeypatch: pytest.MonkeyPatch,
):
    """A paragraph first scrolled into view was wrapped and styled inside the key that
    showed it: PgDn drew in ~6.3 ms at 10k clauses where a page drawn before took ~4.1.
    Once a page is shown, the pages below and above it are drawn while the analyst reads,
    at the size the layout gave the column: PgDn then draws no line anew, and the
    page it shows is the one drawn without any of this, in characters and in styles."""
    shown, from_caches = await _second_page(monkeypatch, ahead=True)
    assert from_caches
    monkeypatch.undo()
    unlisted, also_from_caches = await _second_page(monkeypatch, ahead=False)
    assert not also_from_caches  # what the comparison means: without it, the key draws
    assert shown == unlisted


def test_the_rows_drawn_ahead_are_the_pages_either_side_next_page_first():
    """Which rows `_draw_ahead` draws: of each paragraph, only its rows on the page below the one
    shown, then on the page above, nearest first; a paragraph across a page's edge gives
    only the rows within it (one longer than three pages gives rows on both pages), and
    none on the page shown or beyond the pages either side is drawn."""
    from textual.geometry import Region

    from briefing.widgets.reading import pages_around

    column = [Region(0, y, 70, h) for y, h in [(0, 4), (5, 12), (18, 3), (22, 9), (32, 2)]]
    # Shown: rows 10-19 of the column (height 10); below: 20-29; above: 0-9.
    assert pages_around(column, 10, 10) == [
        (2, 2, 3),  # row 20 of the paragraph at 18-20 (its first two are on the page shown)
        (3, 0, 8),  # rows 22-29 of the one at 22-30 (its last row is further on)
        (1, 0, 5),  # rows 5-9 of the one at 5-16 (its rest is on the page shown)
        (0, 0, 4),
    ]
    # At the top nothing is above; the page below ends at row 19, inside the second.
    assert pages_around(column, 0, 10) == [(1, 5, 12), (2, 0, 2)]
    # A paragraph longer than three pages, shown in its middle: both pages are its rows.
    assert pages_around([Region(0, 0, 70, 100)], 40, 10) == [(0, 50, 60), (0, 30, 40)]
    # The paragraphs after the page below are not even looked at.
    looked: list[int] = []

    def regions():
        for y in range(0, 1000, 5):
            looked.append(y)
            yield Region(0, y, 70, 4)

    pages_around(regions(), 0, 10)
    assert max(looked) == 20


async def test_export_from_the_palette_on_a_clause_page_is_of_that_clause(sample_doc, make_session):
    """The app's export (the palette's "Export a brief…", or e where the screen has no key of
    its own) exports what the screen in front shows: on a clause page, that clause."""
    from briefing.screens.export import ExportScreen

    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_clause("army-cap")
        await wait_until(pilot, lambda: blocks_text(app, "title") != "", "the page")
        app.call_later(app.run_action, "export")  # as the palette runs it
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert dialog.what.startswith("clause ") and "Cap on Southland" in dialog.what
        await pilot.press("escape")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        app.call_later(app.run_action, "export")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen) and dialog.what == "the briefing (this view)"


async def test_help_over_a_screen_shows_that_screens_keys_even_with_help_beneath(
    sample_doc, make_session
):
    from briefing.screens.help import HelpScreen
    from briefing.screens.search import SearchScreen

    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.call_later(app.run_action, "help")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        app.call_later(app.run_action, "search")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "search")
        app.call_later(app.run_action, "help")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help again")
        shown = app.screen
        assert isinstance(shown, HelpScreen) and shown.screen_name == "search"
        assert sum(isinstance(s, HelpScreen) for s in app.screen_stack) == 2
