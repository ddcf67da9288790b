"""Search over every field an analyst names, on the bundled briefing, in the real app: each
hit says where it matched, shows the matching words, and Enter lands on the item."""

from __future__ import annotations

import json
from typing import Any

import pytest

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.matrix import MatrixScreen
from briefing.screens.overview import OverviewScreen
from briefing.screens.search import SearchScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.search_results import SearchResults
from tests.conftest import FIXED_NOW
from tests.helpers import screen_text, wait_until


def bundled_session() -> Session:
    doc = load_path(paths.bundled_briefing())
    return Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)


async def search(pilot: Any, query: str) -> SearchResults:
    app = pilot.app
    if not isinstance(app.screen, SearchScreen):
        await pilot.press("slash")
    await pilot.press(*query)
    await pilot.pause()
    return app.screen.query_one(SearchResults)


async def choose(pilot: Any, results: SearchResults, where: str, ident: str) -> None:
    """Put the cursor on the hit on `ident` that matched in `where`, and press Enter."""
    found = [
        n for n, hit in enumerate(results.hits) if (hit.where, hit.entry.ident) == (where, ident)
    ]
    assert found, [(h.where, h.entry.ident) for h in results.hits]
    results.cursor = found[0]
    await pilot.pause()
    row = screen_text(pilot.app).splitlines()[3 + found[0]]  # header, query, border
    assert f"{where}:" in row
    await pilot.press("enter")
    await pilot.pause()


def top_of_overview(app: Any) -> str:
    """The overview's first lines under the header."""
    return "\n".join(screen_text(app).splitlines()[1:4])


CASES = [
    # query, where it matched, the item's id, the screen Enter opens, text it shows first
    ("G20sig", "party code", "g20-signatories", MatrixScreen, None),
    ("Mark Rubio", "person alias", "rubio", OverviewScreen, "Marco Rubio"),
    ("Miami", "event title", "miami-meeting", OverviewScreen, "a Miami meeting"),
    ("refined framework", "document title", "refined-framework", OverviewScreen, "refined"),
    ("ukraine to accept", "deadline label", "ukraine-acceptance", OverviewScreen, "to accept"),
    ("a004", "source id", "a004", OverviewScreen, "a004"),
    ("reliable security", "clause title", "security-guarantees", ClauseDetailScreen, None),
]


@pytest.mark.parametrize(
    ("query", "where", "ident", "screen", "first"), CASES, ids=[c[1] for c in CASES]
)
async def test_each_field_is_found_and_enter_goes_to_the_item(
    query: str, where: str, ident: str, screen: type, first: str | None
) -> None:
    app = BriefingApp(bundled_session(), theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search(pilot, query)
        await choose(pilot, results, where, ident)
        await wait_until(pilot, lambda: isinstance(app.screen, screen), screen.__name__)
        if first is not None:
            await pilot.pause()
            # At the top of the overview, or (the last items) on its last page.
            assert (
                first.lower()
                in (top_of_overview(app) if ident != "a004" else screen_text(app)).lower()
            )
        shown = app.screen
        if isinstance(shown, MatrixScreen):
            assert shown.party_id == ident
        if isinstance(shown, ClauseDetailScreen):
            assert shown.clause.id == ident


async def test_positions_quotes_summary_and_notes_are_searched() -> None:
    session = bundled_session()
    session.keep_unsaved(session.doc.id, "clause:army-cap", "Ask the desk about the xylophone")
    app = BriefingApp(session, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search(pilot, "Starmer")
        wheres = {hit.where for hit in results.hits}
        assert {"person name", "position summary", "quote context", "event title"} <= wheres
        title = str(results.border_title)
        assert title.startswith("1 person, ") and "positions" in title and "2 events" in title
        position = next(
            h for h in results.hits if h.where == "position summary" and h.entry.clause_id
        )
        shown, start, end = position.excerpt(40)
        assert shown[start:end] == "Starmer"
        await choose(pilot, results, "position summary", position.entry.ident)
        assert isinstance(app.screen, ClauseDetailScreen)
        assert app.screen.clause.id == position.entry.to

        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#query").value = ""  # type: ignore[attr-defined]
        results = await search(pilot, "xylophone")
        assert [(h.where, h.entry.to) for h in results.hits] == [("your note", "army-cap")]
        assert "✎" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen)
        assert app.screen.clause.id == "army-cap"

        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#query").value = ""  # type: ignore[attr-defined]
        results = await search(pilot, "productive and meaningful")
        assert [(h.where, h.entry.ident) for h in results.hits][:1] == [
            ("quote text", "rubio-productive-meaningful")
        ]


@pytest.mark.parametrize("query", ["600000", "600 000", "600,000", "600.000", "600,00"])
async def test_digits_match_however_they_are_grouped(query: str) -> None:
    app = BriefingApp(bundled_session(), theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search(pilot, query)
        hits = [(hit.entry.kind, hit.entry.ident, hit.where) for hit in results.hits]
        assert ("clause", "army-cap", "clause title") in hits
        assert ("summary", "summary", "summary") in hits
        row = next(line for line in screen_text(app).splitlines() if "clause title" in line)
        assert "clause title: 600,000 cap on Ukraine's armed forces" in row  # as written


async def test_feed_text_in_a_hit_is_shown_as_written_never_as_markup(
    write_json: Any, fixed_clock: Any
) -> None:
    raw = json.loads(paths.bundled_briefing().read_text(encoding="utf-8"))
    raw["people"][0]["aliases"] = ["[bold red]Donny[/] $accent"]
    doc = load_path(write_json(raw))
    app = BriefingApp(Session(doc, Origin("file", "x"), clock=fixed_clock))
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search(pilot, "donny")
        assert [hit.where for hit in results.hits][:2] == ["person alias", "quote speaker alias"]
        assert "[bold red]Donny[/] $accent" in screen_text(app)


async def test_a_position_on_the_whole_text_and_the_summary_open_the_overview_there() -> None:
    app = BriefingApp(bundled_session(), theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search(pilot, "Starmer joined other leaders")
        hit = results.hits[0]
        assert (hit.where, hit.entry.goes, hit.entry.to) == (
            "position summary",
            "overview",
            "stands",
        )
        assert hit.entry.label == "UK on the whole text"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
        await pilot.pause()
        assert "Positions on the text as a whole" in top_of_overview(app)
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#query").value = ""  # type: ignore[attr-defined]
        results = await search(pilot, "give up hope of joining")
        assert [(h.where, h.entry.to) for h in results.hits] == [("summary", "summary")]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
        await pilot.pause()
        assert "give up hope" in screen_text(app)
