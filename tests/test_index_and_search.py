"""Per-snapshot look-ups and the search over clauses, quotes and speakers."""

from __future__ import annotations

from briefing.reading.index import BriefingIndex
from briefing.reading.search import SearchIndex
from briefing.reading.textdiff import as_markers, word_diff


def test_stands_are_in_party_order_with_since_from_the_run_of_equal_stances(sample_raw, write_json):
    from briefing.disk.documents import load_path

    positions = sample_raw["clauses"][0]["positions"]
    positions.append(
        {
            "party": "south",
            "stance": "opposes",
            "summary": "Still opposed.",
            "as_of": "2025-11-23",
            "sources": ["s3"],
        }
    )
    index = BriefingIndex(load_path(write_json(sample_raw)))
    stands = index.stands_on(index.clauses["ceasefire"])
    assert [s.party.id for s in stands] == ["north", "south", "mediator"]
    south = stands[1]
    assert south.current.summary == "Still opposed."
    assert south.since == "2025-11-21"  # opposed since the 21st, restated on the 23rd
    assert len(south.history) == 3


def test_quotes_by_clause_and_speakers(sample_doc):
    index = BriefingIndex(sample_doc)
    assert [q.id for q in index.quotes_on("ceasefire")] == ["q1", "q2"]
    assert index.quotes_on("monitors") == []
    name, role, party = index.speaker(index.quotes["q1"])
    assert (name, role, party.id if party else None) == ("Ana Lind", "Foreign minister", "north")
    name, role, party = index.speaker(index.quotes["q4"])
    assert (name, role, party.id if party else None) == (
        "An unnamed spokesperson",
        None,
        "mediator",
    )


def test_quotes_are_grouped_by_clause_when_first_asked_for_and_one_grouping_is_kept():
    """The index no longer groups every quote by its clauses as it is built (~30 ms of the
    start at 100,000 quotes): the first screen needs only the quotes on no single clause.
    The grouping is made when a clause's quotes are first asked for, or by the main
    screen's worker (`prepare_quotes`) meanwhile; each clause's quotes are then those
    naming it, oldest first. A worker's grouping finished after the app's thread made and
    sorted its own is dropped: the app's stays, sorted."""
    import threading
    from typing import Any

    import msgspec

    from benchmarks.synthetic import generate_bytes
    from briefing.format import dates
    from briefing.format.load import load_bytes

    doc = load_bytes(generate_bytes(300, 3000), "synthetic")
    index = BriefingIndex(doc)
    assert index._by_clause is None  # not grouped as the index was built
    assert list(index.loose_quotes) == [q for q in doc.quotes if not q.clauses]
    for clause in doc.clauses[:40]:
        naming = [q for q in doc.quotes if clause.id in q.clauses]
        expected = sorted(naming, key=lambda q: dates.instant(q.said))
        assert [q.id for q in index.quotes_on(clause.id)] == [q.id for q in expected]

    # A worker grouping (stopped halfway) while the app's thread groups and sorts.
    halfway, go_on = threading.Event(), threading.Event()

    class Held(list[Any]):
        def __iter__(self) -> Any:
            for number, quote in enumerate(super().__iter__()):
                if threading.current_thread() is not threading.main_thread() and number == 10:
                    halfway.set()
                    assert go_on.wait(10)
                yield quote

    raced = BriefingIndex(msgspec.structs.replace(doc, quotes=Held(doc.quotes)))
    worker = threading.Thread(target=raced.prepare_quotes)
    worker.start()
    assert halfway.wait(10)
    clause_id = next(
        c.id
        for c in doc.clauses
        if [q.said for q in index.quotes_on(c.id)]
        != [q.said for q in doc.quotes if c.id in q.clauses]
    )  # one whose quotes are not in date order in the document
    shown = [q.id for q in raced.quotes_on(clause_id)]  # grouped and sorted here
    kept = raced._by_clause
    go_on.set()
    worker.join(10)
    assert raced._by_clause is kept  # the worker's grouping, finished later, dropped
    assert [q.id for q in raced.quotes_on(clause_id)] == shown
    assert shown == [q.id for q in index.quotes_on(clause_id)]


def test_search_finds_clause_titles_wordings_quotes_and_speakers(sample_doc):
    search = SearchIndex(BriefingIndex(sample_doc))
    hits = search.search("600,000")
    assert [(h.entry.kind, h.entry.ident, h.where) for h in hits] == [
        ("clause", "army-cap", "clause title"),
        ("quote", "q3", "quote text"),
    ]
    assert [(h.entry.ident, h.where) for h in search.search("PRE-WAR")] == [
        ("ceasefire", "clause wording"),  # a later version's text
        ("ceasefire:4", "position summary"),
    ]
    assert [(h.entry.ident, h.where) for h in search.search("bo sand")] == [
        ("bo", "person name"),
        ("q2", "quote speaker"),
    ]
    assert search.search("   ") == []
    assert search.search("no such words") == []


def test_search_narrows_as_the_query_grows_and_widens_when_it_shrinks(sample_doc):
    search = SearchIndex(BriefingIndex(sample_doc))
    assert len(search.search("the")) > 2
    assert [h.entry.ident for h in search.search("the ceiling")] == ["q3"]
    assert len(search.search("the")) > 2


def test_search_excerpt_shows_the_matching_words_from_a_word_start(sample_doc):
    search = SearchIndex(BriefingIndex(sample_doc))
    hit = search.search("surrender")[0]
    text = hit.text
    assert len(text) > 30
    shown, start, end = hit.excerpt(20)
    assert shown[start:end] == "surrender" and len(shown) <= 20
    assert shown.startswith("…") == (text.index("surrender") > 20 // 3)
    if shown.startswith("…"):  # cut before: at a word, not mid-word
        assert text[text.index(shown[1:start]) - 1] == " "
    # A match on the speaker shows the speaker, not the end of the quote.
    speaker = search.search("bo sand")[1]
    assert speaker.excerpt(30) == ("Bo Sand", 0, 7) and speaker.field == "speaker"


def test_word_diff():
    def markers(old: str, new: str) -> str:
        pieces = word_diff(old, new)
        assert pieces is not None
        return as_markers(pieces)

    assert (
        markers("stop within 72 hours", "stop within 48 hours") == "stop within [-72-]{+48+} hours"
    )
    assert markers("a b", "a b") == "a b"
    assert markers("", "new text") == "{+new text+}"
    assert markers("x y", "") == "[-x y-]"


def test_the_count_line_names_each_kind_in_words():
    from briefing.reading.search import describe

    assert describe({"note": 2, "party": 2, "person": 1, "clause": 1}) == (
        "2 notes, 2 parties, 1 person, 1 clause"
    )
    assert describe({"person": 3, "summary": 1, "quote": 1_200}) == (
        "3 people, 1 summary, 1,200 quotes"
    )
    assert describe({}) == ""
