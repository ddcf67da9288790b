"""The bundled briefing: complete, sourced, and every quote verbatim from its article."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.format.dates import parse_as_of
from briefing.format.model import Briefing
from briefing.reading import clock
from briefing.reading.asof import as_of
from briefing.reading.index import BriefingIndex
from tests.conftest import SOURCES


@pytest.fixture(scope="module")
def doc() -> Briefing:
    return load_path(paths.bundled_briefing())


def article(source_id: str) -> str:
    """The text of the article a source id stands for: `a003` → `003_*.txt`."""
    (path,) = SOURCES.glob(f"{source_id.removeprefix('a')}_*.txt")
    return path.read_text(encoding="utf-8")


def test_it_has_what_the_issue_asks_for(doc: Briefing):
    assert doc.id == "us-peace-plan-2025-11"
    assert len(doc.parties) >= 12
    assert len(doc.people) >= 14
    assert all(person.role for person in doc.people)
    assert len(doc.clauses) >= 12
    assert len(doc.quotes) >= 25
    assert len(doc.events) >= 10
    assert len(doc.sources) == 5
    signatories = next(p for p in doc.parties if p.id == "g20-signatories")
    assert signatories.kind == "group" and len(signatories.members) >= 11
    kinds = {d.id: d.kind for d in doc.documents}
    assert doc.documents[0].kind == "draft"  # the base: the US 28-point draft
    assert {"counter-proposal", "framework"} <= set(kinds.values())
    titles = " ".join(c.title for c in doc.clauses).lower()
    for term in (
        "crimea",
        "donetsk",
        "donbas",
        "kherson",
        "600,000",
        "poland",
        "security guarantees",
        "neighbours",
        "nato enlargement",
        "path to nato",
        "sanctions",
        "g7",
        "consent",
    ):
        assert term in titles, term


def test_no_point_numbers_are_invented(doc: Briefing):
    assert {c.number for c in doc.clauses} == {"—"}


def test_every_clause_is_paraphrased_and_cited(doc: Briefing):
    for clause in doc.clauses:
        assert clause.sources, clause.id
        for version in clause.versions:
            assert version.note and "araphrase" in version.note, clause.id
        for position in clause.positions:
            assert position.sources and position.summary


def test_the_deadline_of_27_november(doc: Briefing):
    (deadline,) = doc.deadlines
    assert deadline.set_by == "trump"
    first, *later = deadline.history
    assert (first.kind, first.due, first.precision) == ("set", "2025-11-27", "day")
    assert first.note and "time zone" in first.note  # the zone is an assumption, and it says so
    assert [c.kind for c in later][:1] == ["softened"] and later[0].by == "rubio"
    assert all(
        c.kind not in ("moved", "met", "lapsed") for c in later
    )  # nothing the articles don't say
    on_22 = clock.state_at(deadline, parse_as_of("2025-11-22"))
    assert on_22 is not None and on_22.firmness == "firm"
    assert on_22.due_label() == "by end of Thu 27 Nov (America/New_York, zone assumed)"
    on_24 = clock.state_at(deadline, parse_as_of("2025-11-24"))
    assert on_24 is not None and on_24.firmness == "soft"
    assert on_24.due_at == datetime(2025, 11, 28, 5, 0, tzinfo=UTC)


def test_as_of_22_november_shows_what_was_known_then(doc: Briefing):
    view = as_of(doc, parse_as_of("2025-11-22"))
    assert [d.id for d in view.documents] == ["us-draft", "g20-statement"]
    assert all(q.said <= "2025-11-22" for q in view.quotes)
    # Background (the 2022 invasion, the October Miami meeting) and the day itself.
    assert {e.at for e in view.events} <= {"2022-02-28", "2025-10-31", "2025-11-22"}
    index = BriefingIndex(view)
    stances = {s.party.id: s.current.stance for s in index.overall_stands()}
    assert stances["ua"] == "concerned"  # before Geneva
    assert all(p.as_of <= "2025-11-22" for c in view.clauses for p in c.positions)
    nato_path = index.clauses["ukraine-nato-path"]  # reported only from 23 Nov
    assert index.stands_on(nato_path) == []


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside the checkout")
def test_every_quote_is_verbatim_in_its_article(doc: Briefing):
    for quote in doc.quotes:
        text = article(quote.source)
        assert quote.text in text, f"{quote.id}: not found word for word in {quote.source}"
        assert quote.speaker or quote.speaker_name
        assert quote.said <= next(s.published for s in doc.sources if s.id == quote.source)


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside the checkout")
def test_our_own_words_are_not_copied_from_the_articles(doc: Briefing):
    """Summaries, wordings, notes and contexts share no run of 8 words with any article."""
    articles = [article(f"a00{i}") for i in range(5)]

    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[\w’']+", text.lower())
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    copied = set().union(*(runs(text) for text in articles))
    own: list[str] = [doc.summary or ""]
    own += [v.text or "" for c in doc.clauses for v in c.versions]
    own += [v.note or "" for c in doc.clauses for v in c.versions]
    own += [p.summary for c in doc.clauses for p in c.positions] + [
        p.summary for p in doc.positions
    ]
    own += [q.context or "" for q in doc.quotes] + [e.summary or "" for e in doc.events]
    own += [c.note or "" for d in doc.deadlines for c in d.history]
    own += [p.note or "" for p in doc.people]
    for text in own:
        assert not runs(text) & copied, text


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside the checkout")
def test_titles_are_not_an_articles_phrase(doc: Briefing):
    """A clause, event or document title of four words or more is not lifted whole."""
    corpus = " ".join(
        re.findall(r"[\w’']+", " ".join(article(f"a00{i}") for i in range(5)).lower())
    )
    titles = [c.title for c in doc.clauses] + [e.title for e in doc.events]
    titles += [d.title for d in doc.documents]
    for title in titles:
        words = re.findall(r"[\w’']+", title.lower())
        if len(words) >= 4:
            assert f" {' '.join(words)} " not in f" {corpus} ", title


def test_every_reference_to_a_source_resolves(doc: Briefing):
    """Every position, event, clause, document, deadline change and quote cites a source
    that exists (the validator checks it too; this says so for the bundled data)."""
    known = {s.id for s in doc.sources}
    cited = [s for c in doc.clauses for s in c.sources]
    cited += [s for c in doc.clauses for p in c.positions for s in p.sources]
    cited += [s for p in doc.positions for s in p.sources]
    cited += [s for e in doc.events for s in e.sources] + [q.source for q in doc.quotes]
    cited += [s for d in doc.documents for s in d.sources]
    cited += [s for d in doc.deadlines for c in d.history for s in c.sources]
    assert cited and set(cited) <= known
    assert all(e.sources for e in doc.events)
    assert all(p.sources for p in doc.positions)


def test_the_articles_disagreements_are_recorded(doc: Briefing):
    """Russia's part in drafting (a000 and a003 against Putin in a004) and who made the
    counter-proposals (a000: Europe; a001: Ukraine and Europe) are each told both ways."""
    events = {e.id: e for e in doc.events}
    origin = events["miami-meeting"]
    assert {"a000", "a003", "a004"} <= set(origin.sources)
    assert origin.summary and "differ" in origin.summary and "Putin" in origin.summary
    counter = events["counter-proposals"]
    assert {"a000", "a001"} <= set(counter.sources)
    told = (counter.summary or "").lower()
    assert "article 000" in told and "article 001" in told
    (counter_doc,) = [d for d in doc.documents if d.kind == "counter-proposal"]
    assert "article 000" in counter_doc.title and "article 001" in counter_doc.title


def test_whose_account_and_what_is_assumed_are_in_the_data(doc: Briefing):
    """The White House's account of Ukraine's view says so; the deadline's zone is marked
    as assumed; spellings and notes sit beside a person, not in the role a citation prints."""
    (told,) = [p for p in doc.positions if p.according_to is not None]
    assert (told.party, told.according_to, told.quote) == ("ua", "us", "wh-national-interests")
    (deadline,) = doc.deadlines
    assert deadline.tz_assumed
    assert "Washington" not in (deadline.history[0].note or "")  # no reason the articles lack
    for person in doc.people:
        assert "article" not in (person.role or "").lower(), person.id
        assert not re.search(r"(^|[\s(])'", person.role or ""), person.id  # no 'spelling'
    rubio = next(p for p in doc.people if p.id == "rubio")
    assert "Mark Rubio" in rubio.aliases


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside the checkout")
def test_every_person_named_is_in_an_article(doc: Briefing):
    corpus = " ".join(article(f"a00{i}") for i in range(5))
    for person in doc.people:
        if "not named" in person.name:
            continue
        surname = person.name.split()[-1]
        assert surname in corpus, person.name
