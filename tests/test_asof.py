"""Viewing as of a moment: format.md, 'Viewing "as of" a moment'."""

from __future__ import annotations

from datetime import UTC, datetime

from briefing.format.dates import parse_as_of
from briefing.reading.asof import as_of
from briefing.reading.index import BriefingIndex


def test_a_bare_as_of_date_means_the_end_of_that_day():
    assert parse_as_of("2025-11-22") == datetime(2025, 11, 22, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_as_of("2025-11-22T10:00:00+02:00") == datetime(2025, 11, 22, 8, tzinfo=UTC)


def test_everything_dated_after_the_moment_is_hidden(sample_doc):
    view = as_of(sample_doc, parse_as_of("2025-11-19"))
    assert [d.id for d in view.documents] == ["draft"]
    # Clauses only in later documents are not yet visible; versions of later documents neither.
    assert [c.id for c in view.clauses] == ["ceasefire", "army-cap", "sanctions"]
    assert [v.document for v in view.clauses[0].versions] == ["draft"]
    assert [(p.party, p.stance) for p in view.clauses[0].positions] == [
        ("north", "supports"),
        ("south", "concerned"),
        ("mediator", "proposes"),
    ]
    assert view.clauses[1].positions == ()
    assert [q.id for q in view.quotes] == ["q1"]
    assert [e.id for e in view.events] == ["e1"]
    assert [d.id for d in view.deadlines] == ["reply"]
    assert len(view.deadlines[0].history) == 1
    assert view.positions == []
    # The original document is untouched.
    assert len(sample_doc.clauses) == 4 and len(sample_doc.quotes) == 4


def test_the_current_position_is_the_latest_not_after_the_moment(sample_doc):
    on_21 = BriefingIndex(as_of(sample_doc, parse_as_of("2025-11-21")))
    stands = {s.party.id: s for s in on_21.stands_on(on_21.clauses["ceasefire"])}
    assert stands["south"].current.stance == "opposes"
    assert stands["south"].since == "2025-11-21"
    assert [p.stance for p in stands["south"].history] == ["concerned", "opposes"]
    on_20 = BriefingIndex(as_of(sample_doc, parse_as_of("2025-11-20")))
    stands = {s.party.id: s for s in on_20.stands_on(on_20.clauses["ceasefire"])}
    assert stands["south"].current.stance == "concerned"


def test_a_date_time_is_compared_as_an_instant(sample_doc):
    # q3 was said at 18:30 +01:00 on 22 Nov = 17:30 UTC.
    assert "q3" not in {
        q.id for q in as_of(sample_doc, datetime(2025, 11, 22, 17, 29, tzinfo=UTC)).quotes
    }
    assert "q3" in {
        q.id for q in as_of(sample_doc, datetime(2025, 11, 22, 17, 30, tzinfo=UTC)).quotes
    }


def test_a_position_never_points_at_a_quote_not_yet_said(sample_raw, write_json):
    from briefing.disk.documents import load_path

    sample_raw["clauses"][0]["positions"][2]["as_of"] = "2025-11-20"  # before q2 (21 Nov)
    doc = load_path(write_json(sample_raw))
    view = as_of(doc, parse_as_of("2025-11-20"))
    assert all(p.quote is None for p in view.clauses[0].positions)


def test_before_anything_was_known_the_view_is_empty(sample_doc):
    view = as_of(sample_doc, parse_as_of("2025-01-01"))
    assert view.documents == [] and view.clauses == [] and view.quotes == []


def test_nothing_written_after_the_moment_leaks_in(sample_raw, write_json):
    from briefing.disk.documents import load_path

    sample_raw["sources"].append({"id": "s9", "title": "Written later", "published": "2025-12-01"})
    doc = load_path(write_json(sample_raw))
    before = as_of(doc, parse_as_of("2025-11-20"))
    assert before.summary is None  # the summary is dated `updated` (23 Nov)
    assert "s9" not in {s.id for s in before.sources}
    # Sources cited by something visible stay, even when published later (a report of 21 Nov
    # on a position of 20 Nov), so an exported as-of document still validates.
    assert "s2" in {s.id for s in before.sources}
    after = as_of(doc, parse_as_of("2025-12-02"))
    assert after.summary == doc.summary and "s9" in {s.id for s in after.sources}
