"""No dead ends (issue 15, item 4): every key acts or says why not, and every place that
names an item leads to it."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from briefing.disk import paths
from briefing.disk.notebook import Notebook, clause_key, quote_key
from briefing.feed.origin import Origin
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.notes import NoteList, NotesScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from tests.helpers import overview_at, screen_text, settle, wait_until

NOW = datetime(2025, 11, 24, 12, tzinfo=UTC)


def work_app(doc: Any) -> BriefingApp:
    session = Session(doc, Origin("file", "sample.json"), clock=lambda: NOW)
    return BriefingApp(session, dirs=paths.user_dirs())


def notebook() -> Notebook:
    return Notebook.for_briefing(paths.user_dirs().data, "sample-accord")


def messages(app: BriefingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def said_more(app: BriefingApp, before: int) -> bool:
    return len(messages(app)) > before


async def open_notes(app: BriefingApp, pilot: Any) -> NotesScreen:
    app.call_later(app.run_action, "notes")
    await wait_until(pilot, lambda: isinstance(app.screen, NotesScreen), "the notes")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, NotesScreen)
    return screen


async def test_enter_on_a_note_opens_its_clause_or_quote_and_an_orphan_says_why_not(sample_doc):
    book = notebook()
    book.save(clause_key("army-cap"), "Watch the number.", "2025-11-24T10:00:00+00:00")
    book.save(quote_key("q3"), "Said twice.", "2025-11-24T10:05:00+00:00")
    book.save(clause_key("gone"), "Its clause left.", "2025-11-24T10:10:00+00:00")
    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notes = await open_notes(app, pilot)
        listing = notes.query_one(NoteList)
        assert listing.has_focus
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids[listing.highlighted or 0] == "clause:army-cap"  # the first note, not a heading
        assert "Watch the number." in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the page")
        page = app.screen
        assert isinstance(page, ClauseDetailScreen) and page.clause.id == "army-cap"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is notes, "back on the notes")
        await pilot.press("j", "enter")  # the quote's note: its clause page, at the quote
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the page")
        quote = app.session.index.quotes["q3"]
        page = app.screen
        assert isinstance(page, ClauseDetailScreen) and page.clause.id == quote.clauses[0]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is notes, "back on the notes")
        await pilot.press("G", "enter")  # the orphan: nothing to open, and it says so
        await pilot.pause()
        assert app.screen is notes
        assert any("not in the briefing as shown" in m for m in messages(app))


async def test_the_empty_notes_screen_is_one_line_that_says_how_to_write_one(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_notes(app, pilot)
        assert "No note yet: press n on a clause's page" in " ".join(screen_text(app).split())
        assert not app.screen.query(NoteList)


async def test_keys_with_nothing_to_act_on_say_why(sample_doc):
    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # The text as a whole: no flag, no one line to copy.
        await pilot.press("f", "y")
        await pilot.pause()
        said = messages(app)
        assert any("Flags mark clauses" in m for m in said), said
        assert any("no one line to copy" in m for m in said), said
        assert not app.session.notebook or not app.session.notebook.flags
        # z zooms the pane and says how back.
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is not None
        assert any("z brings the others back" in m for m in messages(app))
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None
        # [ on the first clause's page, ] on the last: they say so.
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the page")
        await settle(app, pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert any("This is the first of the 4 clauses" in m for m in messages(app))
        page = app.screen
        assert isinstance(page, ClauseDetailScreen)
        for _ in range(3):
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
        assert page.clause.id == "monitors"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert any("This is the last of the 4 clauses" in m for m in messages(app))
        assert page.clause.id == "monitors"


async def test_as_of_before_any_clause_says_none_is_known_yet_and_the_prompt_reads_back(
    sample_doc,
):
    from textual.widgets import Input

    from briefing.screens.as_of import AsOfScreen

    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AsOfScreen), "the prompt")
        await pilot.press(*"2025-11-01", "enter")
        await wait_until(pilot, lambda: app.session.as_of is not None, "the as-of view")
        await settle(app, pilot)
        left = [line.split("│")[1] for line in screen_text(app).splitlines() if "│" in line]
        text = " ".join(" ".join(left).split())  # the clause list's lines, unwrapped
        assert "No clause known yet as of Sat 1 Nov 2025 23:59 UTC" in text, text
        assert "(a changes the moment)" in text, text
        # Asked again, the prompt shows the moment as it was typed; a key replaces it.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AsOfScreen), "the prompt")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == "2025-11-01"
        await pilot.press("backspace", "enter")  # cleared: live
        await wait_until(pilot, lambda: app.session.as_of is None, "live again")


async def test_an_export_that_cannot_be_written_keeps_the_dialog_and_the_typed_path(
    sample_doc, tmp_path
):
    from pathlib import Path

    from textual.widgets import Input, Static

    from briefing.screens.export import ExportScreen
    from tests.helpers import plain

    app = work_app(sample_doc)
    missing = tmp_path / "no-such-dir" / "brief.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        app.screen.query_one(Input).value = str(missing)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)  # still open, the path as typed
        assert app.screen.query_one(Input).value == str(missing)
        question = plain(app.screen.query_one("#export-question", Static))
        assert question == f"{missing.parent} does not exist: create it, or give another directory"
        # A directory nobody may write in, root included (/proc): the disk refuses, and the
        # dialog is back with the path as typed and the reason.
        refused = Path("/proc/brief.md")
        first = app.screen
        app.screen.query_one(Input).value = str(refused)
        await pilot.press("enter")
        await settle(app, pilot)

        def asked_again() -> bool:
            screen = app.screen
            return isinstance(screen, ExportScreen) and screen is not first and screen.is_mounted

        await wait_until(pilot, asked_again, "the dialog again")
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(refused)
        question = plain(app.screen.query_one("#export-question", Static))
        assert question.startswith("Export failed:"), question
        assert not refused.exists()


async def test_help_on_a_clause_page_lists_no_sideways_scrolling_it_cannot_do(sample_doc):
    from textual.widgets import Static

    from briefing.screens.help import HelpScreen
    from tests.helpers import plain

    app = work_app(sample_doc)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the page")
        body = app.screen.query_one("#detail-body")
        assert not body.allow_horizontal_scroll
        actions = {a.binding.action for a in app.screen.active_bindings.values()}
        assert "scroll_left" in actions  # Textual binds it on the pane…
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        text = plain(app.screen.query_one("#help-text", Static))
        for words in ("Scroll Left", "Scroll Right", "Page Left", "Page Right"):
            assert words not in text  # …but help does not offer it
        assert "Scroll Up" in text or "Up" in text


async def test_over_a_text_field_the_key_bar_offers_no_key_the_field_would_type(sample_doc):
    from briefing.widgets.key_bar import KeyBar

    app = work_app(sample_doc)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        before = {item.display for item in bar.items()[0]}
        assert {"q", "/"} <= before
        await pilot.press("F")  # the filter field has the focus: q and / would be typed
        await pilot.pause()
        during = {item.display for item in bar.items()[0]}
        assert "q" not in during and "/" not in during and "F" not in during
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running  # q typed a q
        await pilot.press("escape")
        await pilot.pause()
        assert {"q", "/"} <= {item.display for item in bar.items()[0]}


async def test_the_key_bar_offers_enter_on_the_positions_and_quotes_panes(sample_doc):
    from briefing.widgets.key_bar import KeyBar
    from briefing.widgets.positions_pane import PositionsPane
    from briefing.widgets.quotes_pane import QuotesPane

    app = work_app(sample_doc)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j")  # the ceasefire: positions and quotes on it
        for pane in (PositionsPane, QuotesPane):
            app.screen.query_one(pane).focus()
            await pilot.pause()
            shown = [(i.display, i.description) for i in app.screen.query_one(KeyBar).items()[0]]
            assert ("⏎", "Open") in shown, (pane, shown)
        await pilot.press("enter")  # on the quotes pane: the quote's own card
        from briefing.screens.quote import QuoteScreen

        await wait_until(pilot, lambda: isinstance(app.screen, QuoteScreen), "the quote")


async def test_the_quote_card_says_its_keys_first_as_bound(sample_doc):
    from briefing.screens.quote import QuoteScreen

    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"quote.note" = "f7"\n', encoding="utf-8")
    from briefing.cli import make_app

    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        quote = next(q for q in app.session.doc.quotes if q.clauses)
        app.push_screen(QuoteScreen(app.session, quote))
        await wait_until(pilot, lambda: isinstance(app.screen, QuoteScreen), "the card")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        # At the top of the card, so on screen at 80×24 however long the quote; the note
        # key as [keys] moved it.
        assert "⏎ its clause · f7 note · y copy with citation · esc back" in text, text
        assert "n note" not in text
        await pilot.press("f7")
        from briefing.screens.note import NoteScreen

        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")


async def test_enter_on_an_event_or_a_deadline_change_in_the_timeline_lands_on_it(sample_doc):
    from briefing.screens.timeline import TimelineScreen
    from briefing.widgets.timeline_list import TimelineList

    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for kind in ("event", "deadline"):
            await pilot.press("t")
            await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen), "timeline")
            listing = app.screen.query_one(TimelineList)
            pick = next(i for i, e in enumerate(listing.entries) if e.key.startswith(kind))
            listing.cursor = pick
            ident = listing.entries[pick].key.split(":")[1]
            await pilot.press("enter")
            await overview_at(app, pilot, f"{kind}:{ident}")
            while not isinstance(app.screen, type(app.main_screen)):
                await pilot.press("escape")
                await pilot.pause()


def _in_front(app: BriefingApp, kind: type[Any]) -> bool:
    return isinstance(app.screen, kind)


async def test_the_key_that_opens_a_screen_closes_it_as_the_matrix_key_does(sample_doc):
    """`o` on the overview and `t` on the timeline did nothing at all (the screen was
    already in front); like `m` on the matrix and `b` on the desk they now close it."""
    from briefing.screens.main import MainScreen
    from briefing.screens.overview import OverviewScreen
    from briefing.screens.timeline import TimelineScreen
    from briefing.widgets.key_bar import bound_key

    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for action, kind in (("overview", OverviewScreen), ("timeline", TimelineScreen)):
            key = bound_key(app.screen, action)
            assert key is not None
            await pilot.press(key)
            await wait_until(pilot, partial(_in_front, app, kind), action)
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), f"{action} closed")
            assert len(app.screen_stack) == 1


async def test_a_timeline_row_too_long_for_the_screen_ends_in_an_ellipsis(sample_doc):
    """Rows of every line list were cut at the border with no mark (the timeline's, at 80
    columns: "… and we are │"); what is cut now ends in `…`, and a row that fits has none."""
    from briefing.screens.timeline import TimelineScreen
    from briefing.widgets.timeline_list import TimelineList

    app = work_app(sample_doc)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TimelineScreen), "the timeline")
        await settle(app, pilot)
        listing = app.screen.query_one(TimelineList)
        width = listing.scrollable_content_region.width
        lines = screen_text(app).splitlines()
        checked = 0
        for entry in listing.entries:
            shown = next((line for line in lines if entry.text[:20] in line), None)
            if shown is None:
                continue  # scrolled out of view
            inside = shown.split("│")[1] if "│" in shown else shown
            if 1 + 13 + 9 + len(entry.text) > width:  # margin, date and space, kind
                assert inside.rstrip().endswith("…"), inside
                checked += 1
            else:
                assert entry.text in inside and not inside.rstrip().endswith("…"), inside
        assert checked, "no row in view was long enough to be cut"


async def test_slash_from_the_search_hits_goes_back_to_the_query(sample_doc):
    """With the cursor on the hits (Tab), `/` did nothing: the search was already open."""
    from textual.widgets import Input

    from briefing.screens.search import SearchScreen
    from briefing.widgets.search_results import SearchResults

    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"line")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "search")
        field = app.screen.query_one(Input)
        assert field.has_focus and field.value == "line"
        app.screen.query_one(SearchResults).focus()
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and field.has_focus
        assert field.value == "line"  # kept, and selected: the next key starts a new query
        assert (field.selection.start, field.selection.end) == (0, 4)
        await pilot.press("end", "slash")  # in the field, a slash is a character like any other
        await pilot.pause()
        assert field.value == "line/"


async def test_b_is_the_desk_on_a_reading_screen_too(sample_doc):
    """On a clause page `b` paged up (as in less), so the desk the README promises
    "anywhere" was out of reach there; with no feed configured it now says why."""
    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the page")
        await pilot.press("b")
        await wait_until(pilot, lambda: any("No desk" in m for m in messages(app)), "the desk")


async def test_feed_keys_without_a_feed_and_x_without_a_filter_say_why(sample_doc):
    """A briefing read from a file: r, c, n and N are not offered in the key bar, and
    pressed they say why not and where a feed is set; x with no filter says which key types
    one; Escape with no filter passes on without a word (it cancels, it is not a command)."""
    app = work_app(sample_doc)
    config = str(paths.user_dirs().config_file)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app, pilot)
        bar = screen_text(app).splitlines()[-1]
        assert "Refresh" not in bar and "Clear filter" not in bar, bar
        for key, first in [
            ("r", "Nothing to refresh"),
            ("c", "No changes to list"),
            ("n", "No change to jump to"),
            ("N", "No change to jump to"),
        ]:
            before = len(messages(app))
            await pilot.press(key)
            await wait_until(pilot, partial(said_more, app, before), f"{key} says why")
            said = messages(app)[-1]
            assert said == (
                f"{first}: this briefing is read from a file, not a feed. Open a feed with "
                f"--feed URL, or add a [[feeds]] entry to {config}."
            ), said
        assert app.screen is app.main_screen  # none of them opened anything
        before = len(messages(app))
        await pilot.press("x")
        await wait_until(pilot, lambda: len(messages(app)) > before, "x says why")
        assert messages(app)[-1] == "No filter to clear: F types one."
        before = len(messages(app))
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(messages(app)) == before
        # With a filter, x is offered and clears it; Escape clears one too.
        await pilot.press("F", *"flagged", "enter")
        await wait_until(pilot, lambda: app.session.clause_filter is not None, "the filter")
        await settle(app, pilot)
        assert "x Clear filter" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.session.clause_filter is None, "Escape cleared it")


async def test_the_key_bar_over_a_dialog_or_the_quote_card_shows_their_keys(sample_doc):
    """Over the as-of prompt, the export dialog and the quote card the bar showed the main
    screen's keys (`q Quit`, `F Filter`, `m Matrix`), none of which acts there: each now has
    its own bar, read from its live bindings; the card of a quote on no clause does not
    offer ⏎, which would only say why not."""
    from briefing.screens.as_of import AsOfScreen
    from briefing.screens.export import ExportScreen
    from briefing.screens.quote import QuoteScreen

    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main_bar = screen_text(app).splitlines()[-1]
        assert "F Filter" in main_bar and "m Matrix" in main_bar
        for key, kind, want in [("a", AsOfScreen, "esc Cancel"), ("e", ExportScreen, "esc Cancel")]:
            await pilot.press(key)
            await wait_until(pilot, partial(_in_front, app, kind), kind.__name__)
            await settle(app, pilot)
            assert screen_text(app).splitlines()[-1].strip() == want
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is app.main_screen, "back")
        await pilot.press("slash", *"as long as it takes", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuoteScreen), "the quote card")
        await settle(app, pilot)
        bar = screen_text(app).splitlines()[-1]
        assert bar.split() == ["esc", "Back", "n", "Note", "y", "Copy"], bar


async def test_enter_in_search_with_no_hit_says_so(sample_doc):
    from briefing.screens.search import SearchScreen

    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await wait_until(pilot, partial(_in_front, app, SearchScreen), "search")
        await pilot.press("enter")
        await wait_until(pilot, partial(said_more, app, 0), "Enter on no query says why")
        assert messages(app)[-1] == "Nothing to open: type what to find first."
        await pilot.press(*"zzqx", "enter")
        await wait_until(pilot, partial(said_more, app, 1), "Enter with no hit says why")
        assert messages(app)[-1] == "Nothing to open: no hit for “zzqx”."
        assert isinstance(app.screen, SearchScreen)
