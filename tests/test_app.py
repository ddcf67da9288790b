"""The app driven through real keys with Textual's pilot."""

from __future__ import annotations

import gc
import itertools
import re
import weakref
from datetime import UTC, datetime, timedelta

from textual.widgets import Input, Static

from briefing.format.dates import parse_as_of
from briefing.screens.as_of import AsOfScreen
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.help import HelpScreen
from briefing.screens.main import MainScreen
from briefing.screens.matrix import MatrixScreen
from briefing.screens.overview import OverviewScreen
from briefing.screens.quote import QuoteScreen
from briefing.screens.search import SearchScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.countdown import Countdown
from briefing.widgets.matrix import PositionsMatrix
from briefing.widgets.positions_pane import PositionsPane
from briefing.widgets.quotes_pane import QuotesPane
from briefing.widgets.search_results import SearchResults
from tests.helpers import (
    blocks_text,
    column_blocks,
    overview_text,
    palette_search,
    plain,
    screen_text,
    wait_until,
)


async def test_main_screen_shows_the_four_panes(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        clauses = app.screen.query_one(ClauseList)
        assert clauses.has_focus
        assert [c.id for c in clauses.clauses] == ["ceasefire", "army-cap", "sanctions", "monitors"]
        # The first row is the text as a whole: positions on it, quotes about no single clause.
        assert clauses.current is None
        text = screen_text(app)
        assert "Clauses (4)" in text and "∗ The text as a whole" in text
        assert "Positions · the text as a…" in text  # cut, and marked, at 80 columns
        assert "≈ conditional" in text and "✓ accepts" in text
        assert "Quotes (1) on no single" in text
        assert "“Talks will go on for as" in text  # wrapped in the pane
        await pilot.press("j")
        text = screen_text(app)
        assert "Ceasefire along the" in text and "contested" in text
        assert "▼ opposes" in text and "21 Nov 2025" in text
        assert "“We will not give up the" in text
        assert "Quotes (2)" in text
        # At the fixed clock (24 Nov 12:00 UTC) the summit deadline passed two days ago: it
        # heads the countdown, and the next open deadline follows (27 Nov ends 23:00 UTC in Zurich).
        assert "Deadline Leaders' summit — FIRM" in text
        assert "passed 2 days ago · was due by end of Fri 21 Nov (UTC)" in text
        assert "next: 3d 11h 00m left · Southland's reply to the draft" in text


async def test_countdown_of_a_soft_deadline_ticks_live(
    sample_raw, write_json, make_session, monkeypatch
):
    from briefing.disk.documents import load_path
    from briefing.widgets import countdown

    monkeypatch.setattr(countdown, "TICK", 0.05)  # the clock is injected: tick faster
    del sample_raw["deadlines"][1]
    start = datetime(2025, 11, 24, 12, 0, 0, tzinfo=UTC)
    # A day-precision deadline counts minutes: each reading of the clock is a minute on.
    ticks = (start + timedelta(seconds=61 * s) for s in itertools.count())
    session = make_session(load_path(write_json(sample_raw)))
    session.clock = lambda: next(ticks)
    app = BriefingApp(session)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        first = screen_text(app)
        assert "Deadline Southland's reply to the draft — SOFT · set by Cy Mediator" in first
        assert (
            "latest: softened 23 Nov 2025 by Cy Mediator — Not firm; may slip to next week."
            in first
        )

        def left() -> int:
            """The minutes left on the countdown's line, as the screen shows them."""
            for line in screen_text(app).splitlines():
                found = re.search(r"(\d+)d (\d+)h (\d+)m left · by end of Thu 27 Nov", line)
                if found:
                    d, h, m = map(int, found.groups())
                    return (d * 24 + h) * 60 + m
            raise AssertionError("no countdown line on screen")

        before = left()
        assert 0 < (3 * 24 + 11) * 60 - before < 60  # read from the injected clock
        await wait_until(pilot, lambda: left() < before, "the countdown's next tick")


async def test_moving_through_clauses_updates_positions_and_quotes(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        positions = app.screen.query_one(PositionsPane)
        quotes = app.screen.query_one(QuotesPane)
        await pilot.press("j", "j")
        assert [s.party.id for s in positions.stands] == ["south", "bloc"]
        assert [q.id for q in quotes.quotes] == ["q3"]
        await pilot.press("down", "down")
        assert app.screen.query_one(ClauseList).current_id == "monitors"
        assert positions.stands == [] and quotes.quotes == []
        assert "No party position on this" in screen_text(app)  # wrapped in the pane
        await pilot.press("k")
        assert app.screen.query_one(ClauseList).current_id == "sanctions"
        await pilot.press("G")
        assert app.screen.query_one(ClauseList).current_id == "monitors"
        await pilot.press("g")
        assert app.screen.query_one(ClauseList).current_id is None  # the whole text
        await pilot.press("end")
        assert app.screen.query_one(ClauseList).current_id == "monitors"
        await pilot.press("home", "j")
        assert app.screen.query_one(ClauseList).current_id == "ceasefire"
        await pilot.press("g", "enter")  # Enter on the whole text opens the overview
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_drill_down_step_through_and_back(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen)
        assert app.screen.clause.id == "ceasefire"
        wordings = blocks_text(app, "wording")
        assert "Mediator's draft" in wordings and "— base" in wordings
        assert (
            "along the [-current-]{+pre-war+} line of contact within [-72-]{+24+} hours."
            in wordings
        )
        assert "note: Southland wants the pre-war line." in wordings
        positions = blocks_text(app, "positions")
        assert "Southland  ▼ opposes  since 21 Nov 2025" in positions
        assert "history:" in positions and "▲ supports" in positions
        assert "! concerned — Worried the current line rewards the offensive." in positions
        assert "“The current line is not peace, it is surrender [of territory].”" in positions
        sources = blocks_text(app, "sources")
        assert "Draft plan circulated, Test Wire, 19 Nov 2025" in sources
        assert "https://example.org/s1" in sources
        assert len(column_blocks(app, "quote")) == 2

        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.clause.id == "army-cap"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.screen.clause.id == "monitors"
        assert "Not in the base document (Mediator's draft)." in blocks_text(app, "wording")
        await pilot.press("right_square_bracket")  # past the end: stays, rings the bell
        await pilot.pause()
        assert app.screen.clause.id == "monitors"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.clause.id == "sanctions"
        assert "dropped in this document" in blocks_text(app, "wording")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # Back on the main screen, the cursor is on the clause last seen in detail.
        assert app.screen.query_one(ClauseList).current_id == "sanctions"


async def test_search_600000_and_open_the_hits(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"600,000")
        results = app.screen.query_one(SearchResults)
        assert [h.entry.ident for h in results.hits] == ["army-cap", "q3"]
        assert results.border_title == "1 clause, 1 quote"
        text = screen_text(app)
        assert "§ clause 2" in text and "clause title: Cap on Southland's army at 600,000" in text
        assert "❝ Cy Mediator" in text and "quote text:" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen)
        assert app.screen.clause.id == "army-cap"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)  # back to the hits
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen)
        assert app.screen.clause.id == "army-cap"
        assert app.screen.quote_id == "q3"
        assert len(column_blocks(app, "quote", "target")) == 1


async def test_search_opens_a_quote_without_clause_in_its_own_view(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"as long as it takes", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuoteScreen)
        text = screen_text(app)
        assert "“Talks will go on for as long as it takes.”" in text
        assert "— An unnamed spokesperson (Mediating Republic), 23 Nov" in text
        words = " ".join(text.replace("│", " ").split())  # the card wraps at 80 columns
        assert "source: Framework agreed (Test Daily, 23 Nov 2025) [s3]" in words
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one(Input).value = ""
        await pilot.pause()
        assert len(app.screen.query_one(SearchResults).hits) == 0


async def test_matrix_toggles_and_opens_clauses(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        matrix = app.screen.query_one(PositionsMatrix)
        assert [p.short for p in matrix.parties] == ["NL", "SL", "MR", "WB"]
        text = screen_text(app)
        assert "the text as a whole" in text
        # The clause column takes what the four party columns leave: titles whole.
        assert "1 Ceasefire along the line of contact  ▲  ▼  ★  ·" in text
        assert "2 Cap on Southland's army at 600,000   ·  ✗  ·  !" in text
        assert "★ proposes  ▲ supports" in text
        row = matrix.rows[matrix.cursor]
        assert row is not None and row.id == "ceasefire"  # opens on the clause in view
        await pilot.press("down", "right")
        cell = plain(app.screen.query_one("#matrix-cell", Static))
        assert cell.startswith(
            "Southland on Cap on Southland's army at 600,000: rejects since 20 Nov 2025"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen) and app.screen.clause.id == "army-cap"
        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(ClauseList).current_id == "army-cap"


async def test_as_of_from_the_command_line(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc, as_of=parse_as_of("2025-11-19")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(BriefingHeader)
        assert header.as_of == parse_as_of("2025-11-19")
        text = screen_text(app)
        assert "AS OF Wed 19 Nov 2025 23:59 UTC" in text
        assert "Clauses (3)" in text
        assert "! concerned" in text and "▼ opposes" not in text
        # The countdown counts from the as-of moment and does not tick.
        assert "7d 23h 00m left · by end of Thu 27 Nov (Europe/Zurich)" in text
        assert "FIRM" in text
        assert not app.screen.query_one(Countdown).live


async def test_as_of_set_and_cleared_in_the_app(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AsOfScreen)
        await pilot.press(*"2025-11-32", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AsOfScreen)  # a bad date keeps the prompt open, with why
        assert "not a calendar date" in plain(app.screen.query_one("#as-of-error", Static))
        app.screen.query_one(Input).value = ""
        await pilot.press(*"2025-11-20", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.session.as_of == datetime(2025, 11, 20, 23, 59, 59, 999999, tzinfo=UTC)
        assert "AS OF Thu 20 Nov 2025" in screen_text(app)
        await pilot.press("a")
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.as_of is None
        assert "AS OF" not in screen_text(app)
        await pilot.press("a", "escape")
        assert isinstance(app.screen, MainScreen) and app.session.as_of is None


async def test_help_lists_the_keys_in_force(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-text", Static))
        for line in (
            "↑ k",
            "↓ j",
            "home g",
            "end G",
            "Open",
            "Zoom pane",
            "Search",
            "Matrix",
            "As of",
            "Quit",
        ):
            assert line in text, line
        assert re.search(r"^  \^p +Command palette", text, re.M)  # ctrl+p as the key bar shows it
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("j", "enter", "question_mark")
        await pilot.pause()
        text = plain(app.screen.query_one("#help-text", Static))
        assert "Prev clause" in text and "Next clause" in text


async def test_tab_moves_between_panes_and_z_zooms(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one(PositionsPane)
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one(QuotesPane)
        await pilot.press("z")
        assert app.screen.maximized is app.screen.query_one(QuotesPane)
        await pilot.press("z")
        assert app.screen.maximized is None
        await pilot.press("shift+tab", "shift+tab")
        assert app.screen.focused is app.screen.query_one(ClauseList)


async def test_overview_shows_summary_documents_deadlines_events(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        text = overview_text(app)
        assert "A fictional negotiation used by the tests" in text
        assert "Mediator's draft (draft, Mediating Republic) — base" in text
        assert "Southland  ≈ conditional  since 22 Nov 2025" in text
        assert "softened by Cy Mediator — Not firm; may slip to next week." in text
        assert "Joint framework agreed" in text


async def test_the_clause_page_focus_restyles_the_pane_alone(sample_doc, make_session):
    """Losing and regaining the focus restyles the pane, not the column of paragraphs in
    it (widgets/reading.py), and the page is drawn as before."""
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClauseDetailScreen)
        body = screen.query_one("#detail-body")
        title = body.query_one(BlockColumn)  # the title its first line
        assert body.has_focus
        x, y = title.region.x, title.region.y
        assert screen_text(app).splitlines()[y][x:].startswith(title.blocks[0][0].plain[:10])
        edge = body.region.x  # the pane's padding, beside the title
        drawn = (screen.get_style_at(edge, y), screen.get_style_at(x, y))
        applied: list[object] = []
        apply = app.stylesheet.apply

        def counted(node, **kwargs):
            applied.append(node)
            return apply(node, **kwargs)

        app.stylesheet.apply = counted  # type: ignore[method-assign]
        screen.set_focus(None)
        await pilot.pause()
        assert not body.has_focus
        assert title not in applied and body in applied
        screen.set_focus(body)
        await pilot.pause()
        assert body.has_focus
        assert (screen.get_style_at(edge, y), screen.get_style_at(x, y)) == drawn
        assert title not in applied


async def test_a_page_longer_than_the_terminal_has_its_scrollbar_from_the_start(
    sample_doc, make_session
):
    """More paragraphs than rows: the scrollbar is there from the first layout (not found
    needed after it, laying every paragraph out again); a page that may fit keeps it only
    as it overflows (widgets/reading.py `expect`)."""
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        body = app.screen.query_one("#detail-body")
        assert len(body.query_one(BlockColumn).blocks) > 24
        assert body.styles.overflow_y == "scroll"
        assert body.show_vertical_scrollbar
        assert body.max_scroll_y > 0
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        body = app.screen.query_one("#detail-body")
        assert isinstance(app.screen, ClauseDetailScreen)
        assert len(body.children) <= 60
        assert body.styles.overflow_y == "auto"
        assert body.show_vertical_scrollbar == (body.max_scroll_y > 0)


async def test_palette_goes_to_clause_by_number(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "clause 3a")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen)
        assert app.screen.clause.id == "monitors"


async def test_palette_runs_the_apps_commands(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "positions matrix")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)


async def test_mouse_is_optional_but_works(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        clauses = app.screen.query_one(ClauseList)
        await pilot.click(ClauseList, offset=(5, 3))
        assert clauses.current_id == "army-cap"
        await pilot.double_click(ClauseList, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen) and app.screen.clause.id == "army-cap"


async def test_an_empty_briefing_is_usable(sample_raw, write_json, make_session):
    from briefing.disk.documents import load_path

    sample_raw.update(clauses=[], quotes=[], deadlines=[], positions=[], events=[])
    app = BriefingApp(make_session(load_path(write_json(sample_raw))))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "j", "k", "G", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("escape")
        text = screen_text(app)
        assert "No clause in this briefing." in text
        assert "Deadline none open." in text


async def test_every_advertised_open_key_opens_something(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "tab", "enter")  # Enter on a party's position: its clause
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen) and app.screen.clause.id == "ceasefire"
        await pilot.press(
            "escape", "shift+tab", "g", "tab", "enter"
        )  # …on the whole text: overview
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("escape", "g", "m", "enter")  # matrix, whole-text row: overview
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_reading_screens_scroll_with_j_and_k(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 18)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        body = app.screen.query_one("#detail-body")
        assert body.scroll_y == 0
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: body.scroll_y >= 3, "three lines down")
        await pilot.press("G")
        await wait_until(pilot, lambda: body.scroll_y == body.max_scroll_y > 0, "the end")
        await pilot.press("g")
        await wait_until(pilot, lambda: body.scroll_y == 0, "the top")


async def test_page_keys_move_a_page_of_cards(sample_raw, write_json, make_session):
    from briefing.disk.documents import load_path

    sample_raw["quotes"] += [
        {
            "id": f"extra{i}",
            "text": f"Quote number {i}.",
            "speaker": "ana",
            "said": "2025-11-20",
            "source": "s1",
            "clauses": ["ceasefire"],
        }
        for i in range(12)
    ]
    app = BriefingApp(make_session(load_path(write_json(sample_raw))))
    async with app.run_test(size=(100, 40)) as pilot:
        quotes = app.screen.query_one(QuotesPane)
        await pilot.press("j", "tab", "tab")
        assert app.screen.focused is quotes and quotes.cursor == 0
        page = quotes.scrollable_content_region.height
        await pilot.press("pagedown")
        first, _lines = quotes.item_lines(quotes.cursor)
        assert quotes.cursor >= 3 and first >= page - 4  # about a page of cards, not one card
        await pilot.press("pageup")
        assert quotes.cursor == 0


async def test_palette_finds_parties_and_opens_their_column(sample_doc, make_session):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "western bloc")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        matrix = app.screen.query_one(PositionsMatrix)
        assert matrix.parties[matrix.column].id == "bloc"


async def test_ascii_stance_marks_for_consoles(sample_doc, make_session):
    from briefing.format.stance import ASCII_GLYPH

    session = make_session(sample_doc)
    session.glyphs = dict(ASCII_GLYPH)
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        text = screen_text(app)
        assert "- opposes" in text and "+ supports" in text and "▼" not in text
        await pilot.press("m")
        await pilot.pause()
        assert "P proposes  + supports" in screen_text(app)


async def test_a_closed_clause_page_is_let_go(sample_doc, make_session):
    """A page closed with Esc is no longer held by the app's change signals (their table
    keys it weakly, but the callback bound to it held it): it is freed by the collector,
    not kept with its widgets until the next change."""
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen))
        page = weakref.ref(app.screen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        # Until the closed page's own pending after-refresh calls have run (how soon depends
        # on the frames around it); the signals, were they to hold it, would until a change.
        await wait_until(pilot, lambda: gc.collect() >= 0 and page() is None, "the page freed")
