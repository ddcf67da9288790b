"""Search over clause titles and wordings, quotes and their speakers.

Each clause and each quote is one entry with one lower-cased haystack; a query
is a case-insensitive substring. Entries are numbered in document order,
clauses first.

A query's hits are found a slice at a time (`Results`): the screen asks for
enough to fill itself within a time budget, paints them, and lets the rest be
found in the next turns of the event loop — so a keystroke costs the same at
ten clauses or a hundred thousand quotes. A query that extends an earlier one
only looks through that one's hits (and what it had not looked at yet); the
results of recent queries are kept, so backspace is free.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from briefing.format.model import Clause, Quote
from briefing.reading.index import BriefingIndex

Kind = Literal["clause", "quote"]
_SEP = "\n\x00\n"  # joins fields so a match cannot span two of them

CHUNK = 2048
"""Entries looked through between two looks at the clock."""

KEEP = 64
"""Recent queries whose results are kept (backspace, retyping)."""


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    ident: str
    """The clause id or the quote id."""
    clause_id: str | None
    """The clause to open: the clause itself, or the first clause a quote is about."""
    label: str
    """What the result list shows before the excerpt: 'clause —  Title' or 'Speaker'."""
    text: str
    """The searched fields, joined."""


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    at: int
    """Where the match starts in `entry.text` (best effort when lower-casing changes length)."""

    def excerpt(self, width: int, query_length: int) -> tuple[str, int]:
        """A one-line excerpt of about `width` characters around the match, and the match's
        offset within it."""
        text = self.entry.text
        lead = max(0, min(self.at - width // 3, len(text) - width))
        snippet = text[lead : lead + width]
        prefix = "…" if lead > 0 else ""
        flat = (prefix + snippet).replace(_SEP, " · ").replace("\n", " ")
        offset = len(prefix) + (self.at - lead)
        return flat, offset


class Results(Sequence[Hit]):
    """The hits of one query in document order, found a slice at a time.

    `len()` and indexing cover the hits found so far; `done` tells whether every
    candidate has been looked at (only then is the count final).
    """

    def __init__(self, index: SearchIndex, needle: str, pool: Sequence[int]) -> None:
        self._index = index
        self.needle = needle
        self.found: list[int] = []
        """Entry numbers of the hits found so far, ascending."""
        self._pool = pool
        self._next = 0

    @property
    def done(self) -> bool:
        return self._next >= len(self._pool)

    def remaining(self) -> Sequence[int]:
        """Candidates not looked at yet (in order)."""
        return self._pool[self._next :]

    def candidates_for_longer(self) -> list[int]:
        """Every entry that could hold a query containing this one: the hits so far and
        what is still to be looked at."""
        return self.found + list(self.remaining())

    def advance(self, entries: int = CHUNK) -> None:
        """Look through the next `entries` candidates."""
        start, stop = self._next, min(self._next + entries, len(self._pool))
        if start >= stop:
            return
        haystacks = self._index.haystacks
        needle = self.needle
        self.found.extend(i for i in self._pool[start:stop] if needle in haystacks[i])
        self._next = stop

    def fill(self, hits: int, budget: float) -> None:
        """Look until `hits` hits are known, every candidate is seen, or `budget` seconds pass."""
        deadline = time.perf_counter() + budget
        while not self.done and len(self.found) < hits:
            self.advance()
            if time.perf_counter() >= deadline:
                return

    def finish(self) -> Results:
        """Look through every remaining candidate."""
        self.advance(len(self._pool))
        return self

    @property
    def clauses(self) -> int:
        """How many of the hits found so far are clauses (they come first)."""
        return bisect_left(self.found, self._index.clause_count)

    def __len__(self) -> int:
        return len(self.found)

    def __getitem__(self, position: int) -> Hit:  # type: ignore[override]
        return self._index.hit(self.found[position], self.needle)

    def __iter__(self) -> Iterator[Hit]:
        return (self._index.hit(number, self.needle) for number in self.found)


class SearchIndex:
    """The haystacks of every clause and quote of one snapshot."""

    def __init__(self, index: BriefingIndex) -> None:
        self._index = index
        doc = index.doc
        self.clause_count = len(doc.clauses)
        haystacks = [_clause_text(clause).lower() for clause in doc.clauses]
        haystacks += [_quote_text(index, quote).lower() for quote in doc.quotes]
        self.haystacks = haystacks
        self._everything = range(len(haystacks))
        self._kept: OrderedDict[tuple[str, object], Results] = OrderedDict()

    def __len__(self) -> int:
        return len(self.haystacks)

    @property
    def index(self) -> BriefingIndex:
        """The snapshot's index this search was built from."""
        return self._index

    def entry(self, number: int) -> Entry:
        doc = self._index.doc
        if number < self.clause_count:
            clause = doc.clauses[number]
            text = _clause_text(clause)
            return Entry("clause", clause.id, clause.id, f"{clause.number} {clause.title}", text)
        quote = doc.quotes[number - self.clause_count]
        name, _role, _party = self._index.speaker(quote)
        return Entry(
            "quote",
            quote.id,
            quote.clauses[0] if quote.clauses else None,
            name,
            _quote_text(self._index, quote),
        )

    def hit(self, number: int, needle: str) -> Hit:
        return Hit(self.entry(number), max(0, self.haystacks[number].find(needle)))

    def numbers_of(self, clause_ids: set[str]) -> list[int]:
        """Entries about `clause_ids`: those clauses, and the quotes about any of them."""
        doc = self._index.doc
        numbers = [n for n, clause in enumerate(doc.clauses) if clause.id in clause_ids]
        numbers += [
            self.clause_count + n
            for n, quote in enumerate(doc.quotes)
            if not clause_ids.isdisjoint(quote.clauses)
        ]
        return numbers

    def find(
        self, query: str, within: Sequence[int] | None = None, scope: object = None
    ) -> Results:
        """The hits of `query` (case-insensitive), not looked for yet: call `fill`/`finish`.

        `within` limits the search to those entry numbers (ascending), e.g. a filter's;
        `scope` names that limit so results are reused only under the same one.
        """
        needle = query.lower()
        if not needle.strip():
            return Results(self, needle, ())
        key = (needle, scope)
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            return kept
        pool: Sequence[int] = self._everything if within is None else within
        # The longest earlier query inside this one: its hits (and its unseen candidates)
        # are the only entries that can hold this one.
        narrower = max(
            (r for (n, s), r in self._kept.items() if s == scope and n and n in needle),
            key=lambda r: len(r.needle),
            default=None,
        )
        if narrower is not None:
            pool = narrower.candidates_for_longer()
        results = Results(self, needle, pool)
        self._kept[key] = results
        while len(self._kept) > KEEP:
            self._kept.popitem(last=False)
        return results

    def search(self, query: str) -> list[Hit]:
        """Every entry containing `query` (case-insensitive), clauses first, in document order."""
        return list(self.find(query).finish())


def _clause_text(clause: Clause) -> str:
    wordings = [v.text for v in clause.versions if v.text]
    return _SEP.join([clause.title, *wordings])


def _quote_text(index: BriefingIndex, quote: Quote) -> str:
    """The quote, its speaker's name and their other spellings (format 1.2 `aliases`)."""
    name, _role, _party = index.speaker(quote)
    person = index.speaker_person(quote)
    return _SEP.join([quote.text, name, *(person.aliases if person is not None else ())])
