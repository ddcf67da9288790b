"""Everything dated, in date order: events, deadline changes, quotes and position changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.model import Position
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
    key: str = ""
    """Stable identity within the briefing ('quote:q1', 'event:e2', 'deadline:…',
    'position:…'): the same item has the same key in every later snapshot (feed ids)."""
    sources: tuple[str, ...] = ()
    """Source ids behind the entry (a quote's own source)."""
    detail: str | None = None
    """The entry in full when `text` is a one-line form of it (an event's summary, a
    deadline change's note, a quote's whole text, a position's summary)."""
    item: str | None = None
    """The event or deadline the entry is about ('event:ID', 'deadline:ID'): where the
    overview shows it."""


def timeline(index: BriefingIndex) -> list[Entry]:
    """Every dated thing of the (as-of filtered) briefing, oldest first."""
    doc = index.doc
    entries: list[Entry] = []
    for event in doc.events:
        entries.append(
            Entry(
                event.at,
                "event",
                event.title,
                frozenset(event.parties),
                key=f"event:{event.id}",
                sources=tuple(event.sources),
                detail=event.summary,
                item=f"event:{event.id}",
            )
        )
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
            entries.append(
                Entry(
                    change.at,
                    "deadline",
                    text,
                    frozenset(actors),
                    key=f"deadline:{deadline.id}:{change.at}:{change.kind}:{change.due or ''}",
                    sources=tuple(change.sources),
                    detail=change.note,
                    item=f"deadline:{deadline.id}",
                )
            )
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
                key=f"quote:{quote.id}",
                sources=(quote.source,),
                detail=quote.text,
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
                        key=_position_key(clause.id, position),
                        sources=tuple(position.sources),
                        detail=position.summary,
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
                    key=_position_key("*", position),
                    sources=tuple(position.sources),
                    detail=position.summary,
                )
            )
    order = {"event": 0, "deadline": 1, "position": 2, "quote": 3}
    return sorted(_unique_keys(entries), key=lambda e: (dates.instant(e.when), order[e.kind]))


def _position_key(scope: str, position: Position) -> str:
    account = f":{position.according_to}" if position.according_to else ""
    return f"position:{scope}:{position.party}:{position.as_of}:{position.stance}{account}"


def _unique_keys(entries: list[Entry]) -> list[Entry]:
    """Two entries with one key (a position given twice the same day): the later in the
    document gets '#2', '#3'…, so keys stay unique and the first keeps its own."""
    seen: dict[str, int] = {}
    result = []
    for entry in entries:
        count = seen.get(entry.key, 0) + 1
        seen[entry.key] = count
        result.append(entry if count == 1 else replace(entry, key=f"{entry.key}#{count}"))
    return result


def for_party(entries: list[Entry], party_id: str | None, index: BriefingIndex) -> list[Entry]:
    """Entries about a party (or one of its members, for a group or bloc)."""
    if party_id is None:
        return entries
    party = index.parties.get(party_id)
    wanted = {party_id, *(party.members if party else [])}
    return [e for e in entries if e.parties & wanted]
