"""Search found a slice at a time: the same hits as a plain scan, whatever the order of
keystrokes, slices and filters; and the search screen finishes what its first slice began."""

from __future__ import annotations

import random
from typing import Any

import msgspec
import pytest

from benchmarks.synthetic import generate
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.reading.index import BriefingIndex
from briefing.reading.search import CHUNK, SearchIndex
from briefing.screens.search import SearchScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.search_results import SearchResults


@pytest.fixture(scope="module")
def big_doc() -> Briefing:
    """About 8,000 entries: several slices of CHUNK."""
    return load_bytes(msgspec.json.encode(generate(400, 7600, seed=5)), "synthetic")


_FIELDS: dict[int, tuple[Briefing, list[tuple[str, str, set[str], list[str]]]]] = {}


def _lowered_fields(doc: Briefing) -> list[tuple[str, str, set[str], list[str]]]:
    """Each clause and quote of `doc` once: (kind, id, the clauses it is about, its own
    fields lower-cased), kept per document so that the reference scan does not rebuild an
    index for every query."""
    if id(doc) not in _FIELDS or _FIELDS[id(doc)][0] is not doc:
        index = BriefingIndex(doc)
        rows = [
            (
                "clause",
                c.id,
                {c.id},
                [f.lower() for f in (c.title, *(v.text for v in c.versions if v.text))],
            )
            for c in doc.clauses
        ]
        rows += [
            ("quote", q.id, set(q.clauses), [q.text.lower(), index.speaker(q)[0].lower()])
            for q in doc.quotes
        ]
        _FIELDS[id(doc)] = (doc, rows)
    return _FIELDS[id(doc)][1]


def scan(doc: Briefing, query: str, keep: set[str] | None = None) -> list[tuple[str, str]]:
    """The reference: every clause and quote whose own fields contain `query`."""
    needle = query.lower()
    hits: list[tuple[str, str]] = []
    for kind, ident, about, fields in _lowered_fields(doc):
        kept = keep is None or not keep.isdisjoint(about)
        if kept and any(needle in f for f in fields):
            hits.append((kind, ident))
    return hits


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


def test_interleaved_partial_searches_find_exactly_what_a_scan_finds(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    rng = random.Random(7)
    words = ["refugees", "army", "treaty line", "zone", "grain", "person 4", "zzz", "e"]
    for _ in range(6):
        started = []
        for query in queries_typed(rng, words):
            found = search.find(query)
            found.fill(rng.randint(0, 40), budget=0.0)  # a first slice, cut short
            started.append((query, found))
        # Finish them in another order than they were begun; each must be complete.
        rng.shuffle(started)
        for query, found in started:
            assert idents(found.finish()) == scan(big_doc, query), query
            assert found.done


def test_a_slice_stops_at_its_budget_and_the_count_grows(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    found = search.find("zzz-not-there")
    found.fill(10, budget=0.0)
    assert not found.done and len(found) == 0  # one chunk looked at, more to do
    assert len(found.remaining()) == len(search) - CHUNK
    found.finish()
    assert found.done and len(found) == 0
    common = search.find("e")
    common.fill(5, budget=10.0)
    assert 5 <= len(common) <= CHUNK and not common.done  # stopped once the screen was full


def test_backspace_reuses_the_earlier_results(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    first = search.find("Army").finish()
    search.find("army t").finish()
    assert search.find("ARMY") is first  # case-folded, kept
    assert search.search("") == [] and search.search("   ") == []


def test_a_limit_keeps_only_its_clauses_and_the_quotes_about_them(big_doc: Briefing) -> None:
    search = SearchIndex(BriefingIndex(big_doc))
    keep = {clause.id for clause in big_doc.clauses[::7]}
    within, scope = search.numbers_of(keep), object()
    for query in ["army", "army zone", "person 1"]:
        assert idents(search.find(query, within, scope).finish()) == scan(big_doc, query, keep)
    # The same query without the limit is its own search, not the limited one.
    assert idents(search.find("army").finish()) == scan(big_doc, "army")


async def test_the_screen_finishes_the_search_and_the_last_keystroke_wins(
    big_doc: Briefing, make_session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No time for anything past the first chunk per turn: every search takes several turns.
    monkeypatch.setattr(SearchScreen, "FIRST_BUDGET", 0.0)
    monkeypatch.setattr(SearchScreen, "SLICE_BUDGET", 0.0)
    app = BriefingApp(make_session(big_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one(SearchResults)
        app.screen.run_search("zzz")
        assert "searching…" in str(results.border_title)  # shown before the scan is over
        for char in "army":  # typed while "zzz" is still being searched
            await pilot.press(char)
        for _ in range(200):
            await pilot.pause(0.01)
            if "searching" not in str(results.border_title):
                break
        expected = scan(big_doc, "army")
        clauses = sum(1 for kind, _ in expected if kind == "clause")
        assert idents(results.hits) == expected
        assert results.count == len(expected)
        assert results.border_title == f"{clauses} clauses, {len(expected) - clauses} quotes"
        results.action_last()  # the list reaches the last hit, found in a later slice
        assert results.current is not None
        assert (results.current.entry.kind, results.current.entry.ident) == expected[-1]


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
        assert idents(results.hits) == scan(big_doc, "army", kept)
        smaller = load_bytes(msgspec.json.encode(generate(60, 500, seed=9)), "refreshed")
        session.replace(smaller, Origin("file", "refreshed"))
        session.set_filter(parse_filter("contested", session.index))
        await pilot.press("backspace", "y")
        await pilot.pause()
        kept = {clause.id for clause in session.shown_clauses()}
        assert idents(results.hits) == scan(smaller, "army", kept)
