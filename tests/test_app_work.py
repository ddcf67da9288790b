"""The analyst's own work through real keys: flags, filters, notes, copy, export, timeline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input, Static, TextArea

from briefing.disk import paths
from briefing.disk.notebook import Notebook, clause_key, quote_key
from briefing.feed.origin import Origin
from briefing.format.dates import parse_as_of
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.export import ExportScreen
from briefing.screens.main import MainScreen
from briefing.screens.note import RETRY_AFTER, NoteScreen
from briefing.screens.quote import QuoteScreen
from briefing.screens.search import SearchScreen
from briefing.screens.timeline import TimelineScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.search_results import SearchResults
from briefing.widgets.timeline_list import TimelineList
from tests.helpers import blocks_text, plain, screen_text, wait_until

NOW = datetime(2025, 11, 24, 12, 0, tzinfo=UTC)


def work_app(doc, as_of: datetime | None = None) -> BriefingApp:
    session = Session(doc, Origin("file", "sample.json"), as_of_moment=as_of, clock=lambda: NOW)
    return BriefingApp(session, dirs=paths.user_dirs())


def notebook() -> Notebook:
    return Notebook.for_briefing(paths.user_dirs().data, "sample-accord")


async def settle(app: BriefingApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def clauses_shown(app: BriefingApp) -> list[str]:
    return [c.id for c in app.main_screen.query_one(ClauseList).clauses]


async def test_f_flags_a_clause_on_disk_and_on_screen(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "f")
        await settle(app, pilot)
        assert notebook().flags == {"army-cap"}
        assert re.search(r"│ ⚑\s+2\s+Cap on Southland", screen_text(app))
        await pilot.press("enter")
        await settle(app, pilot)
        assert "⚑ flagged" in blocks_text(app, "title")
        await pilot.press("f")  # unflag from the detail
        await settle(app, pilot)
        assert notebook().flags == set()
        assert "⚑ flagged" not in blocks_text(app, "title")


async def test_the_filter_bar_narrows_and_x_clears(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await pilot.press(*"southland opposes")
        await pilot.pause()
        assert clauses_shown(app) == ["ceasefire"]  # live, as you type
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "FILTERED" in text and "Southland opposes" in text and "1 of 4 clauses" in text
        assert "Clauses (1 of 4)" in text
        await pilot.press("x")
        await pilot.pause()
        assert clauses_shown(app) == ["ceasefire", "army-cap", "sanctions", "monitors"]
        assert "FILTERED" not in screen_text(app)
        await pilot.press("F", *"contested", "escape")  # Escape drops the edit
        await pilot.pause()
        assert len(clauses_shown(app)) == 4
        await pilot.press("F", *"nosuchparty:", "enter")
        await pilot.press("F")
        app.main_screen.query_one("#filter-input", Input).value = "party:mars"
        await pilot.pause()
        assert "no party 'mars' in this briefing" in screen_text(app)


async def test_filters_combine_with_flags_search_and_as_of(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "f", "j", "f")  # flag ceasefire and army-cap
        await settle(app, pilot)
        await pilot.press("F", *"flagged contested", "enter")
        await pilot.pause()
        assert clauses_shown(app) == ["ceasefire", "army-cap"]
        await pilot.press("F")
        app.main_screen.query_one("#filter-input", Input).value = "flagged southland rejects"
        await pilot.press("enter")
        await pilot.pause()
        assert clauses_shown(app) == ["army-cap"]
        await pilot.press("slash", *"line")  # search sees only what the filter keeps
        await pilot.pause()
        results = app.screen.query_one(SearchResults)
        # No clause, position on one or quote about one: only what is about no clause.
        assert [hit.entry.ident for hit in results.hits] == ["overall:0", "summary"]
        assert "filter: Southland rejects · flagged" in screen_text(app)
        await pilot.press("escape")
        app.set_as_of(parse_as_of("2025-11-19"))  # before Southland's rejection (20 Nov)
        await pilot.pause()
        assert clauses_shown(app) == []
        assert "No clause in this briefing." in screen_text(app) or "0 of 3" in screen_text(app)


async def test_a_note_is_written_saved_as_you_type_and_shown(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Line of contact is the crux.")
        # The save after a pause comes without closing the editor.
        await wait_until(
            pilot,
            lambda: notebook().text(clause_key("ceasefire")) == "Line of contact is the crux.",
            "the note on disk",
        )
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ClauseDetailScreen)
        assert "Line of contact is the crux." in blocks_text(app, "note")
        await pilot.press("escape")
        await settle(app, pilot)
        assert re.search(r"│\s+✎\s+1\s+Ceasefire", screen_text(app))


async def test_a_quote_gets_its_own_note_and_is_copied_with_its_citation(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "tab", "tab", "enter")  # the first quote on the ceasefire
        await pilot.pause()
        assert isinstance(app.screen, QuoteScreen) and app.screen.quote.id == "q1"
        await pilot.press("n", *"Said to reporters, not to Parliament.", "escape")
        await settle(app, pilot)
        assert notebook().text(quote_key("q1")) == "Said to reporters, not to Parliament."
        assert "Said to reporters" in plain(app.screen.query_one("#quote-card", Static))
        await pilot.press("y")
        await settle(app, pilot)
        expected = (
            "“We will not give up the line our soldiers hold.”\n— Ana Lind, Foreign minister "
            "(Northland), 19 Nov 2025; source: Draft plan circulated (Test Wire, 19 Nov 2025) [s1] "
            "<https://example.org/s1>"
        )
        assert app.clipboard == expected  # what went out by OSC 52
        kept = paths.user_dirs().data / "copied.txt"
        assert kept.read_text() == expected
        assert any(str(kept) in str(n.message) for n in app._notifications)


async def test_y_copies_what_the_focused_pane_shows(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "y")
        await settle(app, pilot)
        assert app.clipboard.startswith(
            "1 Ceasefire along the line of contact (contested): Both sides"
        )
        assert (
            "Sources: Draft plan circulated (Test Wire, 19 Nov 2025) [s1] <https://example.org/s1>"
            in app.clipboard
        )
        await pilot.press("tab", "j", "y")
        await settle(app, pilot)
        assert app.clipboard.startswith(
            "Southland opposes (Ceasefire along the line of contact), since 21 Nov 2025: "
            "Rejects the current line; wants the pre-war line."
        )


async def test_export_writes_the_view_and_never_overwrites_without_asking(
    sample_doc, tmp_path: Path
):
    app = work_app(sample_doc)
    target = tmp_path / "brief.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "f", "F", *"southland opposes", "enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one(Input)
        assert field.value.endswith(".md")
        field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        text = target.read_text()
        assert "Filter: Southland opposes (1 of 4 clauses)" in text
        assert "### 1 Ceasefire along the line of contact" in text and "⚑ flagged" in text
        assert "### 2 Cap" not in text
        target.write_text("precious")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)  # asked, not written
        question = plain(app.screen.query_one("#export-question", Static))
        assert question == f"{target} exists. Enter again to replace it, or change the name."
        assert target.read_text() == "precious"
        await pilot.press("enter")
        await settle(app, pilot)
        assert target.read_text().startswith("# Sample accord")


async def test_export_of_one_clause_from_its_detail(sample_doc, tmp_path: Path):
    app = work_app(sample_doc)
    target = tmp_path / "one.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "enter", "e")
        await pilot.pause()
        assert "clause 2 Cap on Southland" in screen_text(app)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
    text = target.read_text()
    assert "### 2 Cap on Southland's army at 600,000" in text
    assert "### 1 Ceasefire" not in text and "## Events" not in text


async def test_the_timeline_lists_by_date_filters_by_party_and_opens_entries(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        listing = app.screen.query_one(TimelineList)
        whens = [entry.when[:10] for entry in listing.entries]
        # 3 events, 3 deadline changes up to 24 Nov (the move on the 25th is later), 4 quotes,
        # 7 positions on clauses and 2 on the whole text.
        assert whens == sorted(whens) and len(listing.entries) == 19
        assert listing.cursor == len(listing.entries) - 1  # the latest, in view
        await pilot.press("p")  # Northland only
        assert all("north" in entry.parties for entry in listing.entries)
        assert "Timeline · Northland" in screen_text(app)
        listing.cursor = [entry.quote_id for entry in listing.entries].index("q1")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen) and app.screen.quote_id == "q1"


async def test_the_timeline_honours_as_of(sample_doc):
    app = work_app(sample_doc, as_of=parse_as_of("2025-11-19"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        entries = app.screen.query_one(TimelineList).entries
        assert entries and all(entry.when <= "2025-11-19" for entry in entries)


async def test_the_search_screen_is_unaffected_without_a_filter(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"line")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert len(app.screen.query_one(SearchResults).hits) >= 2
        assert isinstance(app.screen_stack[0], MainScreen)


async def test_a_note_that_cannot_be_saved_is_kept_and_flagged(sample_doc, monkeypatch):
    from briefing.disk import storage

    def full(*_args, **_kwargs):
        raise storage.StorageError("could not save notes.json: No space left on device")

    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n")
        await pilot.pause()
        with monkeypatch.context() as patched:
            patched.setattr(storage, "write_atomic", full)
            await pilot.press(*"Keep me.")
            await wait_until(pilot, lambda: "NOT SAVED" in screen_text(app), "the refusal")
            await settle(app, pilot)
            assert "NOT SAVED — could not save notes.json: No space left on device" in screen_text(
                app
            )
            assert app.screen.query_one(TextArea).text == "Keep me."
        # The disk is back: the editor retries on its own, without a key. (Closing the editor
        # while the disk refuses: tests/test_disk_faults.py.)
        note_screen = app.screen
        await pilot.pause(RETRY_AFTER + 0.5)
        await settle(app, pilot)
        assert notebook().text(clause_key("ceasefire")) == "Keep me."
        assert plain(note_screen.query_one("#note-status", Static)).startswith("saved")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ClauseDetailScreen)
        assert notebook().text(clause_key("ceasefire")) == "Keep me."


async def test_quitting_while_the_notes_are_read_is_quiet(sample_doc, monkeypatch):
    """q pressed before a slow disk has given the notes back: the read finishes after the
    screen's widgets are gone, and must not raise on them."""
    import time

    read = Notebook.for_briefing

    def slow_read(*args, **kwargs):
        time.sleep(wait[0])  # in the worker thread, like a slow disk
        return read(*args, **kwargs)

    monkeypatch.setattr(Notebook, "for_briefing", staticmethod(slow_read))
    wait = [0.0]
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2):
        wait[0] = delay
        app = work_app(sample_doc)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("q")
        assert app.return_code == 0
        app = work_app(sample_doc)
        async with app.run_test(size=(80, 24)):
            pass  # the app closes as soon as it has started (run_test re-raises its errors)


async def test_a_failing_background_worker_is_a_message_not_a_crash_or_a_feed_failure(
    sample_doc, monkeypatch
):
    """Workers run with exit_on_error=False: an unexpected error in one (here the search
    index built after the first paint) is one line on screen; the app goes on, and only a
    refresh's failure would mark the feed failed."""
    import briefing.reading.search  # the session imports it when it first builds one

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk gremlin")

    notes: list[str] = []
    monkeypatch.setattr(briefing.reading.search, "SearchIndex", broken)
    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "notify", lambda text, **_kw: notes.append(text))
        app.main_screen._prepare_lookups()
        for _ in range(200):
            await pilot.pause(0.01)
            if notes:
                break
        assert app.is_running
        assert any("search index failed unexpectedly" in n and "disk gremlin" in n for n in notes)
        assert app.session.outcome != "failed"
        await pilot.press("j")  # still answering keys
        assert app.screen.query_one(ClauseList).cursor == 1
