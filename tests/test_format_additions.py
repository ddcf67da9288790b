"""Format 1.2 (issue 18): whose account a position is, an assumed time zone, and a
person's spellings and notes kept out of citations — valid, refused when wrong, shown."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from textual.widgets import Static

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.format.problems import BriefingError
from briefing.format.schema import json_schema
from briefing.reading.diff import differences
from briefing.reading.export import citation, to_markdown
from briefing.reading.index import BriefingIndex
from briefing.reading.search import SearchIndex
from briefing.reading.timeline import timeline
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.matrix import MatrixScreen
from briefing.screens.overview import OverviewScreen
from briefing.screens.quote import QuoteScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.positions_pane import PositionsPane
from tests.conftest import FIXED_NOW
from tests.helpers import column_blocks, overview_text, plain, screen_text, wait_until


def with_additions(raw: dict[str, Any]) -> dict[str, Any]:
    """The sample with every 1.2 field: Southland's opposition on the ceasefire is
    Northland's account of it, the reply deadline's zone is assumed, Ana has a note."""
    raw["clauses"][0]["positions"][2]["according_to"] = "north"
    raw["positions"][0]["according_to"] = "mediator"
    raw["deadlines"][0]["tz_assumed"] = True
    raw["people"][0]["aliases"] = ["Anna Lindh"]
    raw["people"][0]["note"] = "Spelled 'Anna Lindh' by one wire (editor)."
    return raw


def load(raw: dict[str, Any]) -> Briefing:
    return load_bytes(json.dumps(raw).encode())


def problems_of(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(BriefingError) as caught:
        load(raw)
    return [str(problem) for problem in caught.value.problems]


# -- the format ------------------------------------------------------------------------


def test_old_documents_stay_valid_and_read_the_defaults(sample_raw):
    schema = Draft202012Validator(json_schema())
    doc = load(sample_raw)  # no 1.2 field anywhere
    assert schema.is_valid(sample_raw)
    assert all(p.according_to is None for c in doc.clauses for p in c.positions)
    assert [d.tz_assumed for d in doc.deadlines] == [False, False]
    assert all(p.aliases == () and p.note is None for p in doc.people)
    # ... and a document that uses them is valid for the schema and the app alike.
    added = with_additions(sample_raw)
    assert schema.is_valid(added)
    doc = load(added)
    assert doc.clauses[0].positions[2].according_to == "north"
    assert doc.deadlines[0].tz_assumed is True
    assert doc.people[0].aliases == ("Anna Lindh",)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["clauses"][0]["positions"][2].__setitem__("according_to", "nato2"),
            "$.clauses[0].positions[2].according_to: unknown party 'nato2'",
        ),
        (
            lambda d: d["positions"][1].__setitem__("according_to", "nato2"),
            "$.positions[1].according_to: unknown party 'nato2'",
        ),
        (
            lambda d: d["clauses"][0]["positions"][2].__setitem__("according_to", "south"),
            "$.clauses[0].positions[2].according_to: names the position's own party 'south'; "
            "leave it out when the party speaks for itself",
        ),
        (
            lambda d: d["clauses"][0]["positions"][2].__setitem__("according_to", "ana"),
            "$.clauses[0].positions[2].according_to: unknown party 'ana'",  # a person is not one
        ),
        (
            lambda d: d["deadlines"][0].__setitem__("tz_assumed", "yes"),
            "$.deadlines[0].tz_assumed: expected true/false, got text",
        ),
        (
            lambda d: d["people"][0].__setitem__("aliases", "Anna"),
            "$.people[0].aliases: expected a list, got text",
        ),
        (
            lambda d: d["people"][0].__setitem__("aliases", ["Anna", 3]),
            "$.people[0].aliases[1]: expected text, got a number",
        ),
        (
            lambda d: d["people"][0].__setitem__("note", 3),
            "$.people[0].note: expected text, got a number",
        ),
    ],
)
def test_each_new_field_is_refused_when_wrong_with_its_path(sample_raw, change, expected):
    change(sample_raw)
    assert expected in problems_of(sample_raw)
    assert not Draft202012Validator(json_schema()).is_valid(sample_raw) or "party" in expected


# -- in words: copy, export, timeline, changes, search ----------------------------------


def test_the_words_say_whose_account_and_what_is_assumed(sample_raw):
    old = load(sample_raw)
    doc = load(with_additions(json.loads(json.dumps(sample_raw))))
    index = BriefingIndex(doc)
    told = doc.clauses[0].positions[2]
    assert index.stance_words(told) == "opposes (according to Northland)"
    assert index.stance_words(doc.clauses[0].positions[0]) == "supports"
    text = to_markdown(doc, origin="file sample.json", now=FIXED_NOW, as_of=None)
    assert "| Southland | opposes (according to Northland) | 21 Nov 2025 |" in text
    assert "by end of Thu 27 Nov (Europe/Zurich, zone assumed)" in text
    cited = text.split("## People", 1)[0]  # the People section names them on purpose
    assert "Anna Lindh" not in cited and "(editor)" not in cited  # never in a citation
    assert "Also written Anna Lindh. Spelled 'Anna Lindh' by one wire (editor)." in text
    entries = [e.text for e in timeline(index)]
    assert "Southland opposes (according to Northland): Ceasefire along the line of contact" in (
        entries
    )
    said = [d.text for d in differences(old, doc)]
    assert (
        "1 Ceasefire along the line of contact: Southland opposes → opposes "
        "(according to Northland)" in said
    )


def test_citation_has_no_note_and_search_finds_an_alias(sample_raw):
    doc = load(with_additions(sample_raw))
    index = BriefingIndex(doc)
    quote = next(q for q in doc.quotes if q.id == "q1")
    cited = citation(index, quote)
    assert cited.startswith("Ana Lind, Foreign minister (Northland), 19 Nov 2025; source:")
    assert "Anna" not in cited and "editor" not in cited
    assert index.speaker_remarks(quote) == (
        "Ana Lind: also written Anna Lindh. Spelled 'Anna Lindh' by one wire (editor)."
    )
    hits = SearchIndex(index).search("anna lindh")
    assert [(h.entry.kind, h.entry.ident, h.where) for h in hits] == [
        ("person", "ana", "person alias"),
        ("quote", "q1", "quote speaker alias"),
    ]


def test_the_bundled_citations_carry_no_editorial_note():
    """The bug of issue 18: `y` copied "… ('Mark Rubio' in article 001)" as the role."""
    doc = load_path(paths.bundled_briefing())
    index = BriefingIndex(doc)
    rubio = next(q for q in doc.quotes if q.id == "rubio-productive-talks")
    assert citation(index, rubio).startswith(
        "Marco Rubio, US Secretary of State; led the US delegation in Geneva (United States), "
        "23 Nov 2025; source:"
    )
    for quote in doc.quotes:
        cited = citation(index, quote, with_url=False).split("; source:")[0]
        assert "article" not in cited.lower(), cited
        person = index.speaker_person(quote)
        if person is not None and person.note:
            assert person.note not in cited
    hits = SearchIndex(index).search("mark rubio")
    assert [h.entry.ident for h in hits] == ["rubio"] + [
        q.id for q in doc.quotes if q.speaker == "rubio"
    ]


# -- on screen (pilot, 80 columns) -----------------------------------------------------


NOW = FIXED_NOW


def app_for(doc: Briefing) -> BriefingApp:
    session = Session(doc, Origin("file", "sample.json"), clock=lambda: NOW)
    return BriefingApp(session, dirs=paths.user_dirs())


async def settle(app: BriefingApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_screens_say_whose_account_and_that_the_zone_is_assumed(sample_raw):
    app = app_for(load(with_additions(sample_raw)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        # The whole text: Southland's conditional is the mediator's account. At 80×24 the
        # pane folds to a line per party: the star marks it; its card says whose account.
        assert "SL ≈ conditional*" in text
        await pilot.press("tab")
        positions = app.screen.query_one(PositionsPane)
        assert positions.has_focus
        positions.cursor = next(i for i, s in enumerate(positions.stands) if s.party.id == "south")
        await settle(app, pilot)
        assert "(according to Mediating" in screen_text(app)  # wrapped, not cut
        assert "  Republic)" in screen_text(app)
        await pilot.press("shift+tab")
        await pilot.press("j")  # the ceasefire: the positions pane
        await settle(app, pilot)
        text = screen_text(app)
        assert "▼ opposes" in text and "(according to Northland)" in text
        await pilot.press("enter")  # the clause page
        await settle(app, pilot)
        assert isinstance(app.screen, ClauseDetailScreen)
        page = "\n".join(column_blocks(app, "positions"))
        assert "Southland  ▼ opposes (according to Northland)  since 21 Nov 2025" in page
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("o")  # the overview: stances and the deadline
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
        await settle(app, pilot)
        page = overview_text(app, "stands", "deadlines")
        assert "Southland  ≈ conditional (according to Mediating Republic)" in page
        assert "(Europe/Zurich, zone assumed)" in page
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("m")  # the matrix: a marked cell and the legend
        await wait_until(pilot, lambda: isinstance(app.screen, MatrixScreen), "the matrix")
        await settle(app, pilot)
        text = screen_text(app)
        assert "* another's account" in text
        assert "≈*" in text  # Southland on the whole text, the first row


async def test_the_countdown_marks_an_assumed_zone(sample_raw):
    sample_raw["deadlines"][1]["tz_assumed"] = True  # the summit heads the countdown
    app = app_for(load(sample_raw))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "was due by end of Fri 21 Nov (UTC, zone assumed)" in screen_text(app)


async def test_the_quote_card_shows_the_note_and_y_copies_a_clean_citation(sample_raw):
    app = app_for(load(with_additions(sample_raw)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "tab", "tab", "enter")  # the first quote on the ceasefire
        await settle(app, pilot)
        assert isinstance(app.screen, QuoteScreen) and app.screen.quote.id == "q1"
        card = plain(app.screen.query_one("#quote-card", Static))
        assert "On the speaker: Ana Lind: also written Anna Lindh." in card
        await pilot.press("y")
        await settle(app, pilot)
        assert app.clipboard == (
            "“We will not give up the line our soldiers hold.”\n— Ana Lind, Foreign minister "
            "(Northland), 19 Nov 2025; source: Draft plan circulated (Test Wire, 19 Nov 2025) [s1] "
            "<https://example.org/s1>"
        )
