"""Narrowing the clause list: flagged, noted, status, topic, party and stance, free words.

A filter is typed the way an analyst says it: `ukraine opposes`, `contested
territory`, `flagged uk concerned`, or with prefixes (`party:ua stance:opposes
status:contested topic:territory`). Stance words may be grouped: `objects`
(concerned, opposes, rejects), `backs` (proposes, supports, accepts). Any other
word must appear in the clause's title or wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import msgspec

from briefing.format.model import STANCES, STATUSES, Clause, Party
from briefing.reading.index import BriefingIndex

STANCE_GROUPS: Final[dict[str, frozenset[str]]] = {
    "objects": frozenset({"concerned", "opposes", "rejects"}),
    "objections": frozenset({"concerned", "opposes", "rejects"}),
    "against": frozenset({"opposes", "rejects"}),
    "backs": frozenset({"proposes", "supports", "accepts"}),
    "for": frozenset({"proposes", "supports", "accepts"}),
}
FILLER: Final = frozenset(
    {
        "clauses",
        "clause",
        "what",
        "which",
        "that",
        "where",
        "the",
        "on",
        "with",
        "to",
        "of",
        "a",
        "an",
        "in",
        "by",
        "and",
        "does",
        "do",
        "is",
        "are",
    }
)


class FilterError(ValueError):
    """A filter the app cannot read; the message says which word."""


class ClauseFilter(msgspec.Struct, frozen=True):
    flagged: bool = False
    noted: bool = False
    statuses: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    party: str | None = None
    stances: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    text: str = ""
    """What the analyst typed."""

    @property
    def empty(self) -> bool:
        return not (
            self.flagged
            or self.noted
            or self.statuses
            or self.topics
            or self.party
            or self.stances
            or self.words
        )

    def describe(self, index: BriefingIndex) -> str:
        """In words: 'Ukraine opposes · contested · territory · flagged'."""
        parts = []
        if self.party or self.stances:
            who = index.parties[self.party].name if self.party in index.parties else "any party"
            how = " or ".join(s for s in STANCES if s in self.stances) or "has a position"
            parts.append(f"{who} {how}")
        parts += sorted(self.statuses) + sorted(self.topics)
        if self.flagged:
            parts.append("flagged")
        if self.noted:
            parts.append("with a note")
        parts += [f"“{word}”" for word in self.words]
        return " · ".join(parts)

    def matches(
        self, clause: Clause, index: BriefingIndex, flags: set[str], noted: set[str]
    ) -> bool:
        if self.flagged and clause.id not in flags:
            return False
        if self.noted and clause.id not in noted:
            return False
        if self.statuses and clause.status not in self.statuses:
            return False
        if self.topics and (clause.topic or "").lower() not in self.topics:
            return False
        if self.party or self.stances:
            stands = index.stands_on(clause)
            if not any(
                (self.party is None or stand.party.id == self.party)
                and (not self.stances or stand.current.stance in self.stances)
                for stand in stands
            ):
                return False
        if self.words:
            if index.clauses.get(clause.id) is clause:  # this index's briefing's clause
                haystack = index.filter_text[clause.id]
            else:
                haystack = " ".join([clause.title, *(v.text or "" for v in clause.versions)])
                haystack = haystack.lower()
            if not all(word in haystack for word in self.words):
                return False
        return True

    def apply(
        self, clauses: Iterable[Clause], index: BriefingIndex, flags: set[str], noted: set[str]
    ) -> list[Clause]:
        words_only = self.words and not (
            self.flagged or self.noted or self.statuses or self.topics or self.party or self.stances
        )
        if words_only and clauses is index.doc.clauses:
            # The usual filter, typed a key at a time: words alone, over the whole briefing
            # (10,000 clauses a keystroke), looked for in the index's lower-cased texts, or
            # answered from the ones it kept (`BriefingIndex.clauses_with_words`).
            return index.clauses_with_words(self.words)
        if (self.party or self.stances) and clauses is index.doc.clauses:
            # Who takes which stance, over the whole briefing: the index's table of clauses
            # by party and stance, not every party's stands on every clause a keystroke
            # (~45 ms at 10,000 clauses for `for`, on the way to `forces`).
            taking = index.clauses_taking(self.party, self.stances)
            rest = msgspec.structs.replace(self, party=None, stances=frozenset())
            if rest.empty:
                return [c for c in clauses if c.id in taking]
            if not (rest.flagged or rest.noted or rest.statuses or rest.topics):
                return [c for c in index.clauses_with_words(rest.words) if c.id in taking]
            return [c for c in clauses if c.id in taking and rest.matches(c, index, flags, noted)]
        return [c for c in clauses if self.matches(c, index, flags, noted)]


def _party_names(parties: Iterable[Party]) -> dict[tuple[str, ...], str]:
    """Every way to name a party (id, short, name, name without 'the'), as word tuples."""
    names: dict[tuple[str, ...], str] = {}
    for party in parties:
        for alias in (party.id, party.short, party.name, party.name.removeprefix("The ")):
            words = tuple(alias.lower().replace("-", " ").split())
            if words:
                names.setdefault(words, party.id)
    return names


def parse(text: str, index: BriefingIndex) -> ClauseFilter:
    """Read a typed filter against the parties and topics of this briefing."""
    words = text.lower().replace(",", " ").split()
    topics = index.topics
    names = _party_names(index.doc.parties)
    longest = max((len(name) for name in names), default=1)
    flagged = noted = False
    statuses: set[str] = set()
    found_topics: set[str] = set()
    stances: set[str] = set()
    party: str | None = None
    free: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        key, _, value = word.partition(":")
        if value and key in ("party", "stance", "status", "topic"):
            word = value
            if key == "party":
                if word not in index.parties and (word,) not in names:
                    raise FilterError(f"no party '{word}' in this briefing")
                party = index.parties[word].id if word in index.parties else names[(word,)]
                position += 1
                continue
        matched = next(
            (
                size
                for size in range(min(longest, len(words) - position), 0, -1)
                if tuple(words[position : position + size]) in names
            ),
            0,
        )
        if matched and not value:
            found = names[tuple(words[position : position + matched])]
            if party is not None and party != found:
                raise FilterError("a filter names one party at a time")
            party = found
            position += matched
            continue
        position += 1
        if word in ("flagged", "flag", "flags"):
            flagged = True
        elif word in ("noted", "notes", "note"):
            noted = True
        elif word in STATUSES:
            statuses.add(word)
        elif word in STANCES:
            stances.add(word)
        elif word in STANCE_GROUPS:
            stances |= STANCE_GROUPS[word]
        elif word in topics:
            found_topics.add(word)
        elif key in ("stance", "status", "topic") and value:
            raise FilterError(f"no {key} '{value}' in this briefing")
        elif word not in FILLER:
            free.append(word)
    return ClauseFilter(
        flagged=flagged,
        noted=noted,
        statuses=frozenset(statuses),
        topics=frozenset(found_topics),
        party=party,
        stances=frozenset(stances),
        words=tuple(free),
        text=text.strip(),
    )
