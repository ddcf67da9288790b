"""Everything dated, in date order: events, deadline changes, quotes and position changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefing.format import dates
from briefing.format.cells import clip
from briefing.reading import clock
from briefing.reading.index import BriefingIndex

Kind = Literal["event", "deadline", "quote", "position"]


@dataclass(frozen=True, slots=True)
class Entry:
    when: str
    kind: Kind
    text: str
    """One line in words: 'Leaders' joint statement…', 'UK concerned on Army cap'."""
    parties: frozenset[str]
    """Party ids the entry is about (for the party filter)."""
    clause_id: str | None = None
    quote_id: str | None = None


def timeline(index: BriefingIndex) -> list[Entry]:
    """Every dated thing of the (as-of filtered) briefing, oldest first."""
    doc = index.doc
    entries: list[Entry] = []
    for event in doc.events:
        entries.append(Entry(event.at, "event", event.title, frozenset(event.parties)))
    for deadline in doc.deadlines:
        for change in deadline.history:
            words = clock.change_words(change, index.actor_name(change.by))
            actors: set[str] = set()
            for actor in (change.by, deadline.set_by):
                if actor in index.parties:
                    actors.add(actor)
                elif actor in index.people and index.people[actor].party:
                    actors.add(str(index.people[actor].party))
            text = f"{deadline.label}: {words.kind}{words.due}{words.by}"
            entries.append(Entry(change.at, "deadline", text, frozenset(actors)))
    for quote in doc.quotes:
        name, _role, party = index.speaker(quote)
        excerpt = clip(quote.text, 90)
        entries.append(
            Entry(
                quote.said,
                "quote",
                f"{name}: “{excerpt}”",
                frozenset({party.id}) if party else frozenset(),
                quote.clauses[0] if quote.clauses else None,
                quote.id,
            )
        )
    for clause in doc.clauses:
        for stand in index.stands_on(clause):
            for position in stand.history:
                entries.append(
                    Entry(
                        position.as_of,
                        "position",
                        f"{stand.party.name} {index.stance_words(position)}: {clause.title}",
                        frozenset({stand.party.id}),
                        clause.id,
                    )
                )
    for stand in index.overall_stands():
        for position in stand.history:
            entries.append(
                Entry(
                    position.as_of,
                    "position",
                    f"{stand.party.name} {index.stance_words(position)}: the text as a whole",
                    frozenset({stand.party.id}),
                )
            )
    order = {"event": 0, "deadline": 1, "position": 2, "quote": 3}
    return sorted(entries, key=lambda e: (dates.instant(e.when), order[e.kind]))


def for_party(entries: list[Entry], party_id: str | None, index: BriefingIndex) -> list[Entry]:
    """Entries about a party (or one of its members, for a group or bloc)."""
    if party_id is None:
        return entries
    party = index.parties.get(party_id)
    wanted = {party_id, *(party.members if party else [])}
    return [e for e in entries if e.parties & wanted]
