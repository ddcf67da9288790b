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
