"""Free words in the clause filter: looked for in the title and every wording of the
clause as the view shows it (the as-of moment included), the same whichever way the
filter is applied — the quick way a keystroke takes over the whole view (the index's
lower-cased texts) or clause by clause over any list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import msgspec
import pytest

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.format.model import Briefing, Clause
from briefing.reading.filters import parse
from briefing.services.session import Session


def ids(clauses: list[Clause]) -> list[str]:
    return [clause.id for clause in clauses]


def test_a_word_of_a_wording_finds_its_clause_and_the_as_of_view_reads_its_own_wording(
    sample_doc: Briefing, make_session
) -> None:
    live = make_session(sample_doc)
    live.set_filter(parse("pre-war", live.index))  # only in the counter-proposal's wording
    assert ids(live.shown_clauses()) == ["ceasefire"]
    live.set_filter(parse("stages", live.index))  # a wording, not a title
    assert ids(live.shown_clauses()) == ["sanctions"]
    live.set_filter(parse("ceasefire line", live.index))  # both words, title or wording
    assert ids(live.shown_clauses()) == ["ceasefire"]
    live.set_filter(parse("ceasefire stages", live.index))  # never in one clause
    assert live.shown_clauses() == []

    # Before the counter-proposal (21 Nov) its wording is not there to be found.
    before = make_session(sample_doc, as_of=datetime(2025, 11, 19, 12, tzinfo=UTC))
    before.set_filter(parse("pre-war", before.index))
    assert before.shown_clauses() == []
    before.set_filter(parse("current line", before.index))
    assert ids(before.shown_clauses()) == ["ceasefire"]


@pytest.mark.parametrize(
    "text",
    [
        "ukraine",
        "russian control",
        "security guarantees",
        "nato",
        "600,000",
        "contested",
        "contested territory",
        "ukraine opposes",
        "us proposes cap",
        "objects security",
        "zz-no-such-word",
    ],
)
def test_the_quick_way_and_the_clause_by_clause_way_agree(text: str) -> None:
    """The whole view's clauses take the quick way; a copy of the same list, clause by
    clause. Both give the same clauses in the same order, for words alone and mixed."""
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"))
    index = session.index
    flags, noted = {index.doc.clauses[0].id}, set[str]()
    clause_filter = parse(text, index)
    quick = clause_filter.apply(index.doc.clauses, index, flags, noted)
    one_by_one = clause_filter.apply(list(index.doc.clauses), index, flags, noted)
    assert ids(quick) == ids(one_by_one)
    assert ids(quick) == ids(
        [c for c in index.doc.clauses if clause_filter.matches(c, index, flags, noted)]
    )
    if clause_filter.words and text != "zz-no-such-word":
        assert quick, text  # the words chosen are in the bundled briefing


def test_what_a_filter_reads_is_prepared_ahead_giving_way_as_it_goes() -> None:
    """The main screen's worker prepares it after the first paint: the clauses' texts and
    every party's stance on each clause, giving way to the app's thread every 256 clauses;
    a stance filter then finds them all there and builds none at its keystroke."""
    from benchmarks.synthetic import generate_bytes
    from briefing.format.load import load_bytes
    from briefing.reading.index import BriefingIndex, PartyStand

    doc = load_bytes(generate_bytes(600, 1200), "synthetic")
    index = BriefingIndex(doc)
    turns: list[int] = []
    index.prepare_filter(lambda: turns.append(len(index._stands)))
    assert turns == [256, 512]
    assert set(index._stands) == {clause.id for clause in doc.clauses}
    for kept in ("filter_text", "_texts", "topics"):  # built and kept
        assert kept in vars(index), kept
    looked: list[str] = []
    stands_on = index.stands_on

    def counted(clause: Clause) -> list[PartyStand]:
        looked.append(clause.id)
        return stands_on(clause)

    index.stands_on = counted  # type: ignore[method-assign]
    backs = parse("backs", index)
    assert backs.stances and backs.apply(doc.clauses, index, set(), set())
    assert looked == []  # read from the table of who takes which stance, built ahead


@pytest.mark.parametrize(
    "text",
    [
        "backs",
        "for",  # on the way to "forces"
        "objects",
        "p3 opposes",
        "p3",  # has a position at all
        "p0 for border",
        "objects contested",
        "p2 rejects flagged",
        "p5 accepts monitors noted",
        "p23 concerned",
        "p4 for topic:security",
        "accepts",  # some clauses only through a party the briefing does not list
    ],
)
def test_a_stance_filter_over_the_whole_briefing_finds_what_each_partys_stands_say(
    text: str,
) -> None:
    """Over the whole briefing a stance filter reads the index's table of clauses by party
    and stance, built once; it finds exactly the clauses whose parties' latest stances
    (every position sorted by its date, as the panes show them) say so, with the other
    words of the filter applied too, in document order."""
    from benchmarks.synthetic import generate_bytes
    from briefing.format.load import load_bytes
    from briefing.reading.index import BriefingIndex, stands

    doc = load_bytes(generate_bytes(600, 1200), "synthetic")
    for clause in doc.clauses[::7]:  # positions of a party the briefing does not list
        ghost = msgspec.structs.replace(clause.positions[0], party="ghost", stance="accepts")
        clause.positions = (*clause.positions, ghost)
    index = BriefingIndex(doc)
    flags = {c.id for c in doc.clauses[::3]}
    noted = {c.id for c in doc.clauses[::5]}
    wanted = parse(text, index)
    assert wanted.party or wanted.stances

    def says_so(clause: Clause) -> bool:
        texts = " ".join([clause.title, *(v.text or "" for v in clause.versions)]).lower()
        return (
            any(
                (wanted.party is None or stand.party.id == wanted.party)
                and (not wanted.stances or stand.current.stance in wanted.stances)
                for stand in stands(clause.positions, index.parties)
            )
            and all(word in texts for word in wanted.words)
            and (not wanted.flagged or clause.id in flags)
            and (not wanted.noted or clause.id in noted)
            and (not wanted.statuses or clause.status in wanted.statuses)
            and (not wanted.topics or (clause.topic or "").lower() in wanted.topics)
        )

    expected = [c.id for c in doc.clauses if says_so(c)]
    if text == "accepts":  # the unlisted party's positions count like any other's
        only_ghost = [
            c.id
            for c in doc.clauses
            if {
                s.party.id
                for s in stands(c.positions, index.parties)
                if s.current.stance == "accepts"
            }
            == {"ghost"}
        ]
        assert only_ghost and set(only_ghost) <= set(expected)
    assert expected, text  # each filter finds some clauses in the synthetic briefing
    assert len(expected) < len(doc.clauses), text  # and leaves some out
    assert ids(wanted.apply(doc.clauses, index, flags, noted)) == expected
    assert ids(wanted.apply(list(doc.clauses), index, flags, noted)) == expected  # one by one
    assert "_taking" in vars(index)  # the quick way was the one taken above


async def test_the_main_screen_prepares_the_filter_after_its_first_paint(sample_doc, make_session):
    from briefing.tui.app import BriefingApp
    from tests.helpers import settle

    session = make_session(sample_doc)
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        index = session.index
        assert set(index._stands) >= {clause.id for clause in sample_doc.clauses}
        assert "filter_text" in vars(index)
        assert index._by_clause is not None  # each clause's quotes grouped too


async def test_filter_keys_typed_while_the_search_index_is_built_start_no_more_workers(
    sample_doc, make_session, monkeypatch
):
    """Each filter keystroke typed while the search index was still being built (seconds at
    100,000 quotes) started another worker to prepare the look-ups, and all of them then
    built the filter's tables at once. One works for the view's index; a new view (a new
    index) gets its own once that one is done."""
    import threading

    from briefing.tui.app import BriefingApp
    from tests.helpers import settle, wait_until

    building = threading.Event()
    released = threading.Event()
    started: list[object] = []
    original = Session.prepare_search

    def slow(self: Session, stop: threading.Event | None = None) -> None:
        started.append(self.index)
        building.set()
        assert released.wait(10)
        original(self, stop)

    monkeypatch.setattr(Session, "prepare_search", slow)
    session = make_session(sample_doc)
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, building.is_set, "the search index being built")
        await pilot.press("F", *"ukraine", "backspace", "backspace")
        await pilot.pause()
        assert len(started) == 1
        released.set()
        await settle(app, pilot)
        assert started == [session.index]
        assert session.search_ready() is not None


def test_words_typed_a_key_at_a_time_find_what_a_fresh_look_finds() -> None:
    """The quick way narrows a kept answer when the new words hold its words ("forc", then
    "force"), takes a kept answer for words asked again (a backspace, a word retyped), and
    looks at every clause again otherwise (a word replaced): typed, erased and retyped,
    each answer is the one a fresh look gives; and neither a narrowing step nor words
    asked again look at the whole briefing at all."""
    from briefing.reading.index import BriefingIndex

    doc = load_path(paths.bundled_briefing())
    typed = BriefingIndex(doc)
    texts = typed.filter_text
    steps = [
        "r", "ru", "rus", "russ", "russia", "russia c", "russia co", "russia con",
        "russia co", "russia", "russi", "ukraine", "ukraine nato", "nato", "zzz", "z",
    ]  # fmt: skip
    for text in steps:
        words = text.split()
        fresh = [c.id for c in doc.clauses if all(w in texts[c.id] for w in words)]
        assert ids(typed.clauses_with_words(words)) == fresh, text

    class Untouchable(list[tuple[Clause, str]]):
        def __iter__(self) -> Iterator[tuple[Clause, str]]:
            raise AssertionError("looked at every clause to narrow the last answer")

    narrowing = BriefingIndex(doc)
    assert ids(narrowing.clauses_with_words(["ru"]))
    narrowing.__dict__["_texts"] = Untouchable()  # the whole briefing, out of bounds
    for words in (["rus"], ["russia"], ["russia", "c"], ["russia", "con"]):
        fresh = [c.id for c in doc.clauses if all(w in texts[c.id] for w in words)]
        assert ids(narrowing.clauses_with_words(words)) == fresh, words
    # Back again (a backspace), and a word retyped: answers kept, nothing looked at.
    for words in (["russia", "c"], ["rus"], ["ru"], ["russia"]):
        fresh = [c.id for c in doc.clauses if all(w in texts[c.id] for w in words)]
        assert ids(narrowing.clauses_with_words(words)) == fresh, words
    with pytest.raises(AssertionError, match="every clause"):
        narrowing.clauses_with_words(["ukraine"])  # not a narrowing: the whole briefing
    with pytest.raises(AssertionError, match="every clause"):
        narrowing.clauses_with_words(["r"])  # "r" was never asked: not kept
    # Only the last ANSWERS_KEPT are kept, and answers stay right as old ones go.
    kept = BriefingIndex(doc)
    asked = [[word] for word in "abcdefghijklmnopqrstuvwxyz0123456789"] + [["ru"], ["a"]]
    for words in asked:
        fresh = [c.id for c in doc.clauses if all(w in texts[c.id] for w in words)]
        assert ids(kept.clauses_with_words(words)) == fresh, words
    assert len(kept._answers) == kept.ANSWERS_KEPT
    assert list(kept._answers)[-2:] == [("ru",), ("a",)]
    # Through the filter as the app applies it (words alone, over the whole view).
    session = Session(doc, Origin("bundled", "bundled"))
    for text in ("rus", "russia", "russia con", "cri"):
        wanted = parse(text, session.index)
        quick = wanted.apply(session.view.clauses, session.index, set(), set())
        one_by_one = [
            c for c in session.view.clauses if wanted.matches(c, session.index, set(), set())
        ]
        assert ids(quick) == ids(one_by_one), text
