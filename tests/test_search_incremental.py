"""The search index finds exactly what a plain scan of every field finds, whatever the
order of keystrokes and limits; and the search screen shows the final result at once."""

from __future__ import annotations

import random
from typing import Any

import msgspec
import pytest

from benchmarks.synthetic import generate
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.reading.index import BriefingIndex
from briefing.reading.search import SearchIndex, fold, fold_query
from briefing.screens.search import SearchScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.search_results import SearchResults
from tests.helpers import wait_until


@pytest.fixture(scope="module")
def big_doc() -> Briefing:
    """About 5,000 entries: clauses, positions on them, quotes, parties, people…"""
    return load_bytes(msgspec.json.encode(generate(200, 3000, seed=5)), "synthetic")


def scan(search: SearchIndex, query: str, keep: set[str] | None = None) -> list[tuple[str, str]]:
    """The reference: every entry one of whose fields, folded, holds the folded query —
    looked at one by one, with none of the index's sets."""
    needle = fold_query(query.strip())
    if id(search) not in _FOLDED:
        entries = [search.entry(number) for number in range(len(search))]
        _FOLDED[id(search)] = (search, [[fold(t) for _n, t in e.fields] for e in entries])
    folded = _FOLDED[id(search)][1]
    hits: list[tuple[str, str]] = []
    for number in range(len(search)):
        entry = search.entry(number)
        if keep is not None:
            about: set[str] | None = None
            if entry.kind == "clause" or (entry.kind == "position" and entry.goes == "clause"):
                about = {entry.to}
            elif entry.kind == "quote":
                about = set(search.index.quotes[entry.ident].clauses)
            if about is not None and about.isdisjoint(keep):
                continue
        if any(needle in text for text in folded[number]):
            hits.append((entry.kind, entry.ident))
    return hits


_FOLDED: dict[int, tuple[SearchIndex, list[list[str]]]] = {}
"""Each index's fields, folded once (the index kept alive beside them)."""


def idents(results: Any) -> list[tuple[str, str]]:
    return [(hit.entry.kind, hit.entry.ident) for hit in results]


def queries_typed(rng: random.Random, words: list[str]) -> list[str]:
    """What a search box holds keystroke by keystroke: typing, backspacing, retyping."""
    target = " ".join(rng.sample(words, 2))
    typed, out = "", []
    for char in target:
        typed += char
        out.append(typed)
        if rng.random() < 0.2:
            for _ in range(rng.randint(1, 3)):
                typed = typed[:-1]
                out.append(typed)
    return [q for q in out if q.strip()]


def test_typed_queries_find_exactly_what_a_scan_finds(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    rng = random.Random(7)
    words = ["refugees", "army", "treaty line", "zone.", "grain", "person 4", "zzz", "e", "p3"]
    for _ in range(2):
        for query in queries_typed(rng, words):
            found = search.find(query)
            assert idents(found) == scan(search, query), query
            assert len(found) == len(scan(search, query))


def test_every_kind_is_searched_and_counted(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    kinds = {search.entry(n).kind for n in range(len(search))}
    assert {"party", "person", "clause", "position", "quote", "document", "source"} <= kinds
    for query in ["party 1", "person 2", "a"]:
        found = search.find(query)
        counted: dict[str, int] = {}
        for kind, _ident in scan(search, query):
            counted[kind] = counted.get(kind, 0) + 1
        assert found.counts() == counted, query


def test_backspace_and_retyping_reuse_the_kept_results(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    first = search.find("army zone")
    search.find("army zone t")
    again = search.find("ARMY ZONE")
    assert again.bits == first.bits and idents(again) == idents(first)
    assert search.search("") == [] and search.search("   ") == []


def test_a_limit_keeps_its_clauses_what_is_about_them_and_the_rest(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    keep = {clause.id for clause in big_doc.clauses[::7]}
    scope_bits, scope = search.scope_of(keep), object()
    for query in ["army", "army zone", "person 1", "p2"]:
        assert idents(search.find(query, scope_bits, scope)) == scan(search, query, keep)
    # The same query without the limit is its own search, not the limited one.
    assert idents(search.find("army")) == scan(search, "army")


def test_digits_match_grouped_or_not() -> None:
    assert fold("A 600,000 cap; 600 000; 600.000; 600\u202f000") == (
        "a 600000 cap; 600000; 600000; 600000"
    )
    assert fold("72 hours, 1,5 km, 2025-11-22") == "72 hours, 1,5 km, 2025-11-22"
    assert fold_query("600,0") == "6000"  # a group being typed: hits do not vanish
    assert fold_query("600,") == "600"


async def test_the_screen_shows_the_final_count_at_once_and_builds_a_large_index_aside(
    big_doc: Briefing, make_session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This document counts as large: its index is built in a worker, the list saying so.
    monkeypatch.setattr(SearchScreen, "BUILD_HERE", 10)
    session = make_session(big_doc)
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        session._search = None  # as if the main screen's worker had not finished yet
        await pilot.press("slash", *"army")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one(SearchResults)
        await wait_until(pilot, lambda: session.search_ready() is not None, "the index built")
        await wait_until(pilot, lambda: results.count > 0, "the hits shown")
        expected = scan(session.search, "army")
        clauses = sum(1 for kind, _ in expected if kind == "clause")
        assert idents(results.hits) == expected
        assert results.count == len(expected)
        assert str(results.border_title).startswith(f"{clauses:,} clauses, ")
        for char in " zone":  # each keystroke: the whole result, no "searching…"
            await pilot.press(char)
            assert results.count == len(scan(session.search, results.hits.needle))  # type: ignore[attr-defined]
            assert "search" not in str(results.border_title).lower()
        results.action_last()
        assert results.current is not None
        assert (results.current.entry.kind, results.current.entry.ident) == scan(
            session.search, "army zone"
        )[-1]


async def test_a_filtered_search_follows_a_refresh_that_arrives_while_it_is_open(
    big_doc: Briefing, make_session: Any
) -> None:
    """The entries a filter keeps are worked out for the index they number: a new snapshot
    (a refresh on its timer, the search screen still open) gets its own."""
    from briefing.feed.origin import Origin
    from briefing.reading.filters import parse as parse_filter

    session = make_session(big_doc)
    session.set_filter(parse_filter("contested", session.index))
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"army")
        results = app.screen.query_one(SearchResults)
        await pilot.pause()
        kept = {clause.id for clause in session.shown_clauses()}
        assert kept and len(kept) < len(big_doc.clauses)
        assert idents(results.hits) == scan(session.search, "army", kept)
        smaller = load_bytes(msgspec.json.encode(generate(60, 500, seed=9)), "refreshed")
        session.replace(smaller, Origin("file", "refreshed"))
        session.set_filter(parse_filter("contested", session.index))
        await pilot.press("backspace", "y")
        await pilot.pause()
        kept = {clause.id for clause in session.shown_clauses()}
        assert idents(results.hits) == scan(session.search, "army", kept)
