"""What changed between two snapshots of a briefing, matched by id.

Clauses added, removed, re-worded (in which document) or with a new status;
each party's position added or shifted ("United Kingdom concerned → opposes");
quotes and events added; deadlines set, moved, softened, firmed, met, lapsed or
withdrawn; documents added. Every change has a stable `key`, so what an
analyst has seen can be remembered across refreshes and restarts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.model import Briefing, Change, Clause
from briefing.reading.index import BriefingIndex, PartyStand


@dataclass(frozen=True, slots=True)
class Difference:
    key: str
    """Stable identity: the same change found twice has the same key. A clause's own changes
    (added, removed, status, wording) carry the `updated` of the snapshot that made them, so
    a clause that changes back and then again is a new change, not the one seen before."""
    kind: str
    clause_id: str | None
    """The clause it is about (None: the text as a whole, a deadline, an event)."""
    text: str
    """One line in words, e.g. 'Army cap: United Kingdom concerned → opposes'."""
    when: str | None
    """The date of what changed (position as_of, quote said, …), for ordering."""
    ref: str | None = None
    """The party of a position change, the quote of a new quote: what to mark in a pane."""


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


def _clause_name(clause: Clause) -> str:
    return clause.title if clause.number in ("—", "") else f"{clause.number} {clause.title}"


def differences(old: Briefing, new: Briefing) -> list[Difference]:
    """Every change from `old` to `new`, newest first."""
    found: list[Difference] = []
    old_index, new_index = BriefingIndex(old), BriefingIndex(new)
    found += _documents(old_index, new_index)
    found += _clauses(old_index, new_index)
    found += _positions(
        None,
        "the text as a whole",
        old_index,
        new_index,
        old_index.overall_stands(),
        new_index.overall_stands(),
    )
    found += _quotes(old_index, new_index)
    found += _deadlines(old, new, new_index)
    found += _events(old, new)
    return sorted(found, key=_newest_first)


def _newest_first(item: Difference) -> tuple[float, str]:
    moment = dates.instant(item.when).timestamp() if item.when else 0.0
    return (-moment, item.key)


def _documents(old: BriefingIndex, new: BriefingIndex) -> Iterable[Difference]:
    for ident, document in new.documents.items():
        if ident not in old.documents:
            yield Difference(
                f"document-added:{ident}",
                "document-added",
                None,
                f"New document: {document.title} ({dates.day_label(document.date)})",
                document.date,
            )


def _clauses(old: BriefingIndex, new: BriefingIndex) -> Iterable[Difference]:
    updated = new.doc.updated
    for ident, clause in new.clauses.items():
        before = old.clauses.get(ident)
        name = _clause_name(clause)
        if before is None:
            yield Difference(
                f"clause-added:{ident}:{updated}",
                "clause-added",
                ident,
                f"New clause: {name} ({clause.status})",
                updated,
            )
            continue
        if before.status != clause.status:
            yield Difference(
                f"clause-status:{ident}:{clause.status}:{updated}",
                "clause-status",
                ident,
                f"{name}: status {before.status} → {clause.status}",
                updated,
            )
        yield from _wordings(ident, name, before, clause, new)
        yield from _positions(ident, name, old, new, old.stands_on(before), new.stands_on(clause))
    for ident, clause in old.clauses.items():
        if ident not in new.clauses:
            yield Difference(
                f"clause-removed:{ident}:{updated}",
                "clause-removed",
                None,
                f"Clause removed: {_clause_name(clause)}",
                updated,
            )


def _wordings(
    ident: str, name: str, before: Clause, clause: Clause, new: BriefingIndex
) -> Iterable[Difference]:
    old_texts = {v.document: v.text for v in before.versions}
    for version in clause.versions:
        document = new.documents.get(version.document)
        where = document.title if document else version.document
        when = document.date if document else new.doc.updated
        is_new = version.document not in old_texts
        if is_new or old_texts[version.document] != version.text:
            what = (
                "dropped in"
                if version.text is None
                else ("new wording in" if is_new else "re-worded in")
            )
            yield Difference(
                f"clause-reworded:{ident}:{version.document}:"
                f"{_digest(version.text, new.doc.updated)}",
                "clause-reworded",
                ident,
                f"{name}: {what} {where}",
                when,
            )


def _positions(
    clause_id: str | None,
    name: str,
    old: BriefingIndex,
    new: BriefingIndex,
    old_stands: list[PartyStand],
    new_stands: list[PartyStand],
) -> Iterable[Difference]:
    before = {stand.party.id: stand for stand in old_stands}
    scope = clause_id or "*"
    for stand in new_stands:
        current = stand.current
        previous = before.get(stand.party.id)
        party = stand.party.name
        key = f"position:{scope}:{stand.party.id}:{current.as_of}:{current.stance}"
        if previous is None:
            yield Difference(
                key,
                "position-added",
                clause_id,
                f"{name}: {party} {new.stance_words(current)} (new position)",
                current.as_of,
                stand.party.id,
            )
        elif old.stance_words(previous.current) != new.stance_words(current):
            yield Difference(
                key,
                "position-changed",
                clause_id,
                f"{name}: {party} {old.stance_words(previous.current)} → "
                f"{new.stance_words(current)}",
                current.as_of,
                stand.party.id,
            )
        elif (previous.current.as_of, previous.current.summary) != (current.as_of, current.summary):
            yield Difference(
                key,
                "position-updated",
                clause_id,
                f"{name}: {party} still {new.stance_words(current)}, restated",
                current.as_of,
                stand.party.id,
            )


def _quotes(old: BriefingIndex, new: BriefingIndex) -> Iterable[Difference]:
    for ident, quote in new.quotes.items():
        if ident in old.quotes:
            continue
        speaker, _role, _party = new.speaker(quote)
        excerpt = clip(quote.text, 60)
        clause_id = quote.clauses[0] if quote.clauses else None
        yield Difference(
            f"quote-added:{ident}",
            "quote-added",
            clause_id,
            f"New quote: {speaker}: “{excerpt}”",
            quote.said,
            ident,
        )


def _change_key(deadline_id: str, change: Change) -> str:
    return f"deadline:{deadline_id}:{change.at}:{change.kind}:{change.due or ''}"


def _deadlines(old: Briefing, new: Briefing, index: BriefingIndex) -> Iterable[Difference]:
    before = {d.id: {_change_key(d.id, c) for c in d.history} for d in old.deadlines}
    for deadline in new.deadlines:
        known = before.get(deadline.id, set())
        for change in deadline.history:
            key = _change_key(deadline.id, change)
            if key in known:
                continue
            who = index.actor_name(change.by)
            due = f" to {dates.day_label(change.due)}" if change.due else ""
            words = {
                "set": f"set for {dates.day_label(change.due)}" if change.due else "set",
                "moved": f"moved{due}",
            }.get(change.kind, change.kind)
            text = f"Deadline “{deadline.label}”: {words}" + (f" by {who}" if who else "")
            yield Difference(key, f"deadline-{change.kind}", None, text, change.at)


def _events(old: Briefing, new: Briefing) -> Iterable[Difference]:
    known = {e.id for e in old.events}
    for event in new.events:
        if event.id not in known:
            yield Difference(
                f"event-added:{event.id}",
                "event-added",
                None,
                f"New event: {event.title} ({dates.day_label(event.at)})",
                event.at,
            )
