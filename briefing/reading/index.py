"""Look-ups a screen needs, built once per snapshot.

The document is a list of lists; the panes ask "the quotes on this clause",
"each party's current position on it and since when", "who is this speaker".
`BriefingIndex` answers those in constant time.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property

import msgspec

from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.model import (
    Briefing,
    Clause,
    Deadline,
    Document,
    Party,
    Person,
    Position,
    Quote,
    Source,
    Version,
)


class PartyStand(msgspec.Struct, frozen=True, gc=False):
    """One party's stance on a clause (or the whole text): current position and history.
    Untracked by the cyclic collector (`gc=False`: it holds only untracked Structs and a
    tuple of them, so it can be in no cycle): 32,000 of them at 10k / 100k were walked by
    every full pass."""

    party: Party
    current: Position
    since: str
    """When the current stance began: the first position of the run of equal stances."""
    history: tuple[Position, ...]
    """Every position of this party on the clause, oldest first."""


def stands(
    positions: Iterable[Position],
    parties: dict[str, Party],
    order: dict[str, int] | None = None,
) -> list[PartyStand]:
    """Group positions by party, oldest first, in the order parties are listed (`order`:
    each party id's rank in `parties`, when the caller keeps it for many clauses)."""
    by_party: dict[str, list[Position]] = defaultdict(list)
    for position in positions:
        by_party[position.party].append(position)
    if order is None:
        order = {party_id: rank for rank, party_id in enumerate(parties)}
    last = len(order)
    result = []
    for party_id in sorted(by_party, key=lambda p: order.get(p, last)):
        history = by_party[party_id]
        if len(history) > 1:
            history.sort(key=lambda p: dates.instant(p.as_of))
        current = history[-1]
        since = current.as_of
        for earlier in reversed(history[:-1]):
            if earlier.stance != current.stance:
                break
            since = earlier.as_of
        party = parties.get(party_id) or Party(id=party_id, name=party_id, short=party_id[:6])
        result.append(PartyStand(party, current, since, tuple(history)))
    return result


class BriefingIndex:
    """Constant-time look-ups over one (as-of filtered) briefing."""

    def __init__(self, doc: Briefing) -> None:
        self.doc = doc
        self._answers = {}
        self.parties: dict[str, Party] = {p.id: p for p in doc.parties}
        self._party_order = {party_id: rank for rank, party_id in enumerate(self.parties)}
        self.people: dict[str, Person] = {p.id: p for p in doc.people}
        self.documents: dict[str, Document] = {d.id: d for d in doc.documents}
        self.sources: dict[str, Source] = {s.id: s for s in doc.sources}
        self.clauses: dict[str, Clause] = {c.id: c for c in doc.clauses}
        self.deadlines: dict[str, Deadline] = {d.id: d for d in doc.deadlines}
        self.base: Document | None = doc.documents[0] if doc.documents else None
        self.loose_quotes: tuple[Quote, ...] = tuple(q for q in doc.quotes if not q.clauses)
        """The quotes on no single clause (about the text as a whole), in document order:
        what the first screen shows when its first row is the text as a whole, found
        without grouping every quote by its clauses (`quotes_on`), which is left until a
        clause's quotes are first asked for (the first screen's, when its first row is a
        clause) or a worker prepares it (~30 ms at 100,000 quotes)."""
        self._by_clause: dict[str, list[Quote]] | None = None
        self._grouping = threading.Lock()
        self._sorted: set[str] = set()
        """Clauses whose quotes are in date order yet: sorted when first asked for (sorting
        a hundred thousand quotes up front would hold up the first paint)."""
        self._stands: dict[str, list[PartyStand]] = {}
        self._overall: list[PartyStand] | None = None

    @cached_property
    def quotes(self) -> dict[str, Quote]:
        """Quotes by id (built when first used)."""
        return {q.id: q for q in self.doc.quotes}

    @cached_property
    def topics(self) -> frozenset[str]:
        """Every clause topic, lower case (what a filter's `topic` words are checked against)."""
        return frozenset((c.topic or "").lower() for c in self.doc.clauses if c.topic)

    @cached_property
    def filter_text(self) -> dict[str, str]:
        """Each clause's title and every wording, lower case, by clause id: what a filter's
        free words are looked for in. Built when a filter first has one, then kept: each
        keystroke in the filter field checks every clause (10,000 joined strings a key)."""
        return {
            c.id: " ".join([c.title, *(v.text or "" for v in c.versions)]).lower()
            for c in self.doc.clauses
        }

    @cached_property
    def _texts(self) -> list[tuple[Clause, str]]:
        """Each clause of the briefing with its `filter_text`, in document order."""
        texts = self.filter_text
        return [(c, texts[c.id]) for c in self.doc.clauses]

    _answers: dict[tuple[str, ...], list[tuple[Clause, str]]]
    """The last `ANSWERS_KEPT` words looked for, oldest first, each with the clauses (and
    their texts) that hold them all."""

    ANSWERS_KEPT = 32

    def clauses_with_words(self, words: Iterable[str]) -> list[Clause]:
        """The clauses whose title or wordings (`filter_text`) hold every one of `words`
        (lower case), in document order. A filter typed a key at a time mostly narrows an
        answer before ("forc", then "force"): when each word of a kept answer is within a
        word asked now, only the clauses of the smallest such answer are looked at, not
        all 10,000; words asked again (a backspace, a word retyped) are the answer kept."""
        asked = tuple(words)
        answers = self._answers
        hits = answers.get(asked)
        if hits is None:
            pool = min(
                (
                    kept
                    for old, kept in answers.items()
                    if all(any(word in new for new in asked) for word in old)
                ),
                key=len,
                default=self._texts,
            )
            if len(asked) == 1:
                (word,) = asked
                hits = [pair for pair in pool if word in pair[1]]
            else:
                hits = [pair for pair in pool if all(word in pair[1] for word in asked)]
        kept = {old: answer for old, answer in answers.items() if old != asked}
        kept[asked] = hits  # the newest last
        while len(kept) > self.ANSWERS_KEPT:
            del kept[next(iter(kept))]
        self._answers = kept  # one assignment: a worker may read the index meanwhile
        return [clause for clause, _text in hits]

    def prepare_filter(self, give_way: Callable[[], None]) -> None:
        """What a filter reads, ahead of its first keystroke: every clause's texts, the
        topics, each party's stance on each clause and the clauses by who takes which
        stance (some 70 ms at 10,000 clauses, which the keystroke that first names a
        stance — `for`, on the way to `forces` — paid, and ~13 ms of texts and topics the
        first keystroke of all did). For a worker thread: `give_way` between clauses of
        the stance table lets a key be drawn meanwhile (the texts and topics, ~13 ms at
        10,000 clauses, are built in one go); what it stores is what the app's thread
        would store, so either may come first."""
        self._texts  # noqa: B018 (built and kept: `filter_text` as it goes)
        self.topics  # noqa: B018 (what a filter's words are first read against)
        if self._taking is None:
            self._taking = self._taking_table(give_way)

    _taking: dict[tuple[str | None, str | None], frozenset[str]] | None = None

    def clauses_taking(self, party: str | None, stances: Iterable[str]) -> frozenset[str]:
        """Ids of the clauses on which `party` (None: any party) now takes one of
        `stances` (none given: any stance at all), each party's stance being its latest
        on the clause (`stands_on`). A stance filter typed over the whole briefing reads
        this rather than every party's stands on 10,000 clauses at each keystroke."""
        table = self._taking
        if table is None:
            table = self._taking = self._taking_table(lambda: None)
        found = [table.get((party, stance), frozenset()) for stance in (*stances,) or (None,)]
        return found[0] if len(found) == 1 else frozenset().union(*found)

    def _taking_table(
        self, give_way: Callable[[], None]
    ) -> dict[tuple[str | None, str | None], frozenset[str]]:
        """Clause ids by (party, stance), either of which None for any."""
        table: dict[tuple[str | None, str | None], set[str]] = defaultdict(set)
        for number, clause in enumerate(self.doc.clauses):
            for stand in self.stands_on(clause):
                party, stance = stand.party.id, stand.current.stance
                for key in ((party, stance), (party, None), (None, stance), (None, None)):
                    table[key].add(clause.id)
            if number % 256 == 255:
                give_way()
        return {key: frozenset(ids) for key, ids in table.items()}

    def prepare_quotes(self) -> None:
        """Each clause's quotes grouped ahead of the first asked for (a worker thread may
        call this while the app's thread asks: either grouping is kept, never both)."""
        self._quotes_by_clause()

    def _quotes_by_clause(self) -> dict[str, list[Quote]]:
        found = self._by_clause
        if found is None:
            grouped: dict[str, list[Quote]] = defaultdict(list)
            for quote in self.doc.quotes:
                clauses = quote.clauses
                if len(clauses) == 1:
                    grouped[clauses[0]].append(quote)
                else:
                    for clause_id in clauses:
                        grouped[clause_id].append(quote)
            with self._grouping:  # the first kept: a clause's list sorted is that one
                if self._by_clause is None:
                    self._by_clause = dict(grouped)
                found = self._by_clause
        return found

    def quotes_on(self, clause_id: str) -> list[Quote]:
        """The quotes about a clause, oldest first."""
        quotes = self._quotes_by_clause().get(clause_id)
        if quotes is None:
            return []
        if clause_id not in self._sorted:
            quotes.sort(key=lambda q: dates.instant(q.said))
            self._sorted.add(clause_id)
        return quotes

    def stands_on(self, clause: Clause) -> list[PartyStand]:
        found = self._stands.get(clause.id)
        if found is None:
            found = self._stands[clause.id] = stands(
                clause.positions, self.parties, self._party_order
            )
        return found

    def overall_stands(self) -> list[PartyStand]:
        if self._overall is None:
            self._overall = stands(self.doc.positions, self.parties, self._party_order)
        return self._overall

    def base_version(self, clause: Clause) -> Version | None:
        if self.base is None:
            return None
        return next((v for v in clause.versions if v.document == self.base.id), None)

    def latest_text(self, clause: Clause) -> str | None:
        """The wording of the latest document that addresses the clause (None if it dropped it)."""
        ordered = sorted(
            clause.versions,
            key=lambda v: (
                dates.instant(self.documents[v.document].date)
                if v.document in self.documents
                else dates.instant("0001-01-01")
            ),
        )
        return ordered[-1].text if ordered else None

    def account(self, position: Position) -> str:
        """'according to United States' when the position is another party's account, else ''."""
        teller = position.according_to
        if teller is None:
            return ""
        party = self.parties.get(teller)
        return f"according to {party.name if party is not None else teller}"

    def stance_words(self, position: Position) -> str:
        """'supports', or 'supports (according to United States)' for another's account."""
        account = self.account(position)
        return f"{position.stance} ({account})" if account else position.stance

    def speaker_person(self, quote: Quote) -> Person | None:
        """The quote's speaker as a person (aliases, note), when it names one."""
        return self.people.get(quote.speaker) if quote.speaker is not None else None

    def speaker_remarks(self, quote: Quote) -> str:
        """The speaker's other spellings and the publisher's note on them ('' when none):
        shown beside a quote, never part of its citation."""
        person = self.speaker_person(quote)
        return self.person_remarks(person) if person is not None else ""

    def person_remarks(self, person: Person) -> str:
        """A person's other spellings and the publisher's note on them ('' when none)."""
        said = []
        if person.aliases:
            said.append("also written " + ", ".join(person.aliases) + ".")
        if person.note:
            said.append(person.note)
        return f"{person.name}: {' '.join(said)}" if said else ""

    def speaker(self, quote: Quote) -> tuple[str, str | None, Party | None]:
        """(name, role, party) of a quote's speaker."""
        if quote.speaker is not None and quote.speaker in self.people:
            person = self.people[quote.speaker]
            party_id = quote.party or person.party
            return person.name, person.role, self.parties.get(party_id) if party_id else None
        name = quote.speaker_name or quote.speaker or "unknown speaker"
        return name, None, self.parties.get(quote.party) if quote.party else None

    def actor_name(self, ident: str | None) -> str | None:
        """The name of a person or party id (deadline `set_by`, change `by`)."""
        if ident is None:
            return None
        if ident in self.people:
            return self.people[ident].name
        if ident in self.parties:
            return self.parties[ident].name
        return ident

    def source_label(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        if source is None:
            return source_id
        outlet = f"{source.outlet}, " if source.outlet else ""
        # The id too: the data's notes name a source by it ("article 001" is a001).
        return f"{source.title} ({outlet}{dates.day_label(source.published)}) [{source.id}]"

    def source_short(self, source_id: str, limit: int = 40) -> str:
        """The outlet, or else the start of the title: enough to tell sources apart in a pane."""
        source = self.sources.get(source_id)
        if source is None:
            return source_id
        label = source.outlet or source.title
        return clip(label, limit)
