"""The format's rules that a type cannot express.

Ids unique within their collection, every reference resolving, calendar dates
and known time zones, a speaker for every quote, and the deadline history
rules. Works on a typed `Briefing`; on the slow path (a document with
structural problems) the collections may hold `None` where an item could not
be read, and those items are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter, eq, is_
from typing import Any, Final
from urllib.parse import urlsplit

from briefing.format import dates
from briefing.format.cells import quoted
from briefing.format.model import ID_PATTERN, Briefing, Change, Clause, Deadline, Position, Quote
from briefing.format.problems import Problems

REVISION: Final = 3
"""The rules' revision: bumped when a rule is added (2: the briefing's own id; 3: a
position's `according_to`), so that
cached copies checked by the earlier rules are checked again."""

_NEEDS_DUE: Final = {"set", "moved"}
_ID: Final = re.compile(ID_PATTERN)
_IDS: Final = re.compile(f"(?:{ID_PATTERN[1:-1]}\n)*")  # ids, each followed by a newline
_ident: Final = attrgetter("id")
_chain: Final = chain.from_iterable
_versions, _positions, _sources = (
    attrgetter("versions"),
    attrgetter("positions"),
    attrgetter("sources"),
)
_document, _party, _according_to = (
    attrgetter("document"),
    attrgetter("party"),
    attrgetter("according_to"),
)
_quote, _as_of, _speaker = attrgetter("quote"), attrgetter("as_of"), attrgetter("speaker")
_speaker_name, _source, _said = attrgetter("speaker_name"), attrgetter("source"), attrgetter("said")
_clause_refs: Final = attrgetter("clauses")
NOT_AN_ID: Final = (
    "is not an id (lowercase letters, digits, '.', '_' or '-', starting with a "
    "letter or digit, at most 64 characters)"
)


class _Ids:
    """The ids of one collection (`known`)."""

    def __init__(self, noun: str, path: str, items: Sequence[Any], problems: Problems) -> None:
        self.noun = noun
        self.known: set[str] = set()
        try:
            strings: list[str] = list(map(_ident, items))
        except AttributeError:  # an item that could not be read (None), on the slow path
            strings = []
        # Every id text, well formed and none twice (the usual case): checked in bulk, in a
        # set (a dict of first places costs three times as much at 100,000 quotes).
        if strings and set(map(type, strings)) == {str}:
            known = set(strings)
            if len(known) == len(strings) and _IDS.fullmatch("\n".join(strings) + "\n"):
                self.known = known
                return
        # Item by item, to say which is wrong and where the first of a pair is.
        where: dict[str, int] = {}
        for index, item in enumerate(items):
            ident = getattr(item, "id", None) if item is not None else None
            if not isinstance(ident, str):
                continue
            if not _ID.fullmatch(ident):
                problems.add(f"{path}[{index}].id", f"{quoted(ident)} {NOT_AN_ID}")
                continue
            first = where.setdefault(ident, index)
            if first != index:
                problems.add(
                    f"{path}[{index}].id", f"duplicate id '{ident}' (also {path}[{first}])"
                )
        self.known = set(where)

    def __contains__(self, ident: object) -> bool:
        return ident in self.known


def validate(
    doc: Briefing, problems: Problems, known_ids: dict[str, set[str]] | None = None
) -> None:
    """Add a problem for every rule of format.md that `doc` breaks.

    `known_ids` adds ids of items that were structurally broken (slow path), so a
    reference to them is not also reported as dangling.
    """
    ids = {
        "party": _Ids("party", "$.parties", doc.parties, problems),
        "person": _Ids("person", "$.people", doc.people, problems),
        "document": _Ids("document", "$.documents", doc.documents, problems),
        "clause": _Ids("clause", "$.clauses", doc.clauses, problems),
        "quote": _Ids("quote", "$.quotes", doc.quotes, problems),
        "deadline": _Ids("deadline", "$.deadlines", doc.deadlines, problems),
        "event": _Ids("event", "$.events", doc.events, problems),
        "source": _Ids("source", "$.sources", doc.sources, problems),
    }
    for noun, extra in (known_ids or {}).items():
        ids[noun].known.update(extra)
    check = _Checker(ids, problems)

    # The briefing's own id names its directory of notes and changes: it must be an id.
    if isinstance(doc.id, str) and not _ID.fullmatch(doc.id):
        problems.add("$.id", f"{quoted(doc.id)} {NOT_AN_ID}")

    if isinstance(doc.updated, str):
        if dates.is_date_only(doc.updated):
            problems.add(
                "$.updated", f"{quoted(doc.updated)} needs a time and an offset, not just a date"
            )
        else:
            check.when(doc.updated, "$.updated")
    for i, party in enumerate(doc.parties):
        if party is None:
            continue
        for j, member in enumerate(party.members):
            check.ref(member, "party", f"$.parties[{i}].members[{j}]")
            if member == party.id:
                problems.add(f"$.parties[{i}].members[{j}]", "a party cannot be its own member")
    for i, person in enumerate(doc.people):
        if person is not None and person.party is not None:
            check.ref(person.party, "party", f"$.people[{i}].party")
    for i, document in enumerate(doc.documents):
        if document is None:
            continue
        path = f"$.documents[{i}]"
        check.when(document.date, f"{path}.date")
        if document.author is not None:
            check.ref(document.author, "party", f"{path}.author")
        check.refs(document.sources, "source", f"{path}.sources")
    # The big collections are first checked in bulk, with no path built for each item;
    # only when that finds something are they gone through item by item to say where.
    if not _clauses_fine(doc.clauses, ids):
        for i, clause in enumerate(doc.clauses):
            if clause is not None:
                _check_clause(check, clause, f"$.clauses[{i}]")
    if not _positions_fine(doc.positions, ids):
        for i, position in enumerate(doc.positions):
            if position is not None:
                _check_position(check, position, f"$.positions[{i}]")
    if not _quotes_fine(doc.quotes, ids):
        for i, quote in enumerate(doc.quotes):
            if quote is not None:
                _check_quote(check, quote, f"$.quotes[{i}]")
    for i, deadline in enumerate(doc.deadlines):
        if deadline is not None:
            _check_deadline(check, deadline, f"$.deadlines[{i}]")
    for i, event in enumerate(doc.events):
        if event is None:
            continue
        path = f"$.events[{i}]"
        check.when(event.at, f"{path}.at")
        check.refs(event.parties, "party", f"{path}.parties")
        check.refs(event.sources, "source", f"{path}.sources")
    for i, source in enumerate(doc.sources):
        if source is None:
            continue
        path = f"$.sources[{i}]"
        check.when(source.published, f"{path}.published")
        if source.url is not None:
            _check_url(source.url, f"{path}.url", problems)


def _dates_fine(values: Iterable[str]) -> bool:
    try:
        for value in set(values):
            dates.instant(value)
    except dates.BadDate:
        return False
    return True


def _clauses_fine(clauses: Sequence[Clause | None], ids: dict[str, _Ids]) -> bool:
    """Whether no clause breaks a rule `_check_clause` checks (False: look item by item)."""
    if None in clauses:
        return False
    items: list[Clause] = clauses  # type: ignore[assignment]
    documents, sources = ids["document"].known, ids["source"].known
    versions = list(_chain(map(_versions, items)))
    if not documents >= set(map(_document, versions)):
        return False
    # A clause may hold one version per document: only those with several can break it.
    if len(versions) != len(items):
        for clause in items:
            if len(clause.versions) > 1:
                used = list(map(_document, clause.versions))
                if len(set(used)) != len(used):
                    return False
    if not sources >= set(_chain(map(_sources, items))):
        return False
    return _positions_fine(list(_chain(map(_positions, items))), ids)


def _positions_fine(positions: Sequence[Position | None], ids: dict[str, _Ids]) -> bool:
    """Whether no position breaks a rule `_check_position` checks."""
    if None in positions:
        return False
    items: list[Position] = positions  # type: ignore[assignment]
    parties, sources = ids["party"].known, ids["source"].known
    quotes = ids["quote"].known
    named = list(map(_party, items))
    according = list(map(_according_to, items))
    return (
        parties >= set(named)
        and parties >= set(according).difference((None,))
        and not any(map(eq, according, named))
        and sources >= set(_chain(map(_sources, items)))
        and quotes >= set(map(_quote, items)).difference((None,))
        and _dates_fine(map(_as_of, items))
    )


def _quotes_fine(quotes: Sequence[Quote | None], ids: dict[str, _Ids]) -> bool:
    """Whether no quote breaks a rule `_check_quote` checks."""
    if None in quotes:
        return False
    items: list[Quote] = quotes  # type: ignore[assignment]
    speakers = list(map(_speaker, items))
    names = list(map(_speaker_name, items))
    # One of the two for each quote. No quote has the two the same object (both None, or
    # one string given twice: either way not one of the two), so a quote with neither
    # has none; then as many Nones in all as quotes means none has both. An empty speaker
    # counts as one here; it is no person's id, so the check below fails.
    if any(map(is_, speakers, names)) or speakers.count(None) + names.count(None) != len(items):
        return False
    return (
        ids["person"].known >= set(speakers).difference((None,))
        and ids["party"].known >= set(map(_party, items)).difference((None,))
        and ids["source"].known >= set(map(_source, items))
        and ids["clause"].known >= set(_chain(map(_clause_refs, items)))
        and _dates_fine(map(_said, items))
    )


class _Checker:
    def __init__(self, ids: dict[str, _Ids], problems: Problems) -> None:
        self.ids = ids
        self.problems = problems

    def ref(self, ident: str, noun: str, path: str) -> None:
        if ident not in self.ids[noun]:
            self.problems.add(path, f"unknown {noun} {quoted(ident)}")

    def refs(self, idents: Iterable[str], noun: str, path: str) -> None:
        for index, ident in enumerate(idents):
            self.ref(ident, noun, f"{path}[{index}]")

    def actor(self, ident: str, path: str) -> None:
        if ident not in self.ids["person"] and ident not in self.ids["party"]:
            self.problems.add(path, f"unknown person or party {quoted(ident)}")

    def when(self, value: str, path: str) -> None:
        try:
            dates.instant(value)
        except dates.BadDate as error:
            self.problems.add(path, str(error))


def _check_clause(check: _Checker, clause: Clause, path: str) -> None:
    seen: dict[str, int] = {}
    for j, version in enumerate(clause.versions):
        vpath = f"{path}.versions[{j}]"
        check.ref(version.document, "document", f"{vpath}.document")
        first = seen.setdefault(version.document, j)
        if first != j:
            check.problems.add(
                f"{vpath}.document",
                f"document '{version.document}' already has a version ({path}.versions[{first}])",
            )
    for j, position in enumerate(clause.positions):
        _check_position(check, position, f"{path}.positions[{j}]")
    check.refs(clause.sources, "source", f"{path}.sources")


def _check_position(check: _Checker, position: Position, path: str) -> None:
    check.ref(position.party, "party", f"{path}.party")
    check.when(position.as_of, f"{path}.as_of")
    check.refs(position.sources, "source", f"{path}.sources")
    if position.quote is not None:
        check.ref(position.quote, "quote", f"{path}.quote")
    if position.according_to is not None:
        check.ref(position.according_to, "party", f"{path}.according_to")
        if position.according_to == position.party:
            check.problems.add(
                f"{path}.according_to",
                f"names the position's own party {quoted(position.party)}; "
                "leave it out when the party speaks for itself",
            )


def _check_quote(check: _Checker, quote: Quote, path: str) -> None:
    if quote.speaker is None and quote.speaker_name is None:
        check.problems.add(path, "needs a 'speaker' (a person id) or a 'speaker_name'")
    elif quote.speaker is not None and quote.speaker_name is not None:
        check.problems.add(path, "has both 'speaker' and 'speaker_name'; give one")
    if quote.speaker is not None:
        check.ref(quote.speaker, "person", f"{path}.speaker")
    if quote.party is not None:
        check.ref(quote.party, "party", f"{path}.party")
    check.when(quote.said, f"{path}.said")
    check.ref(quote.source, "source", f"{path}.source")
    check.refs(quote.clauses, "clause", f"{path}.clauses")


def _check_deadline(check: _Checker, deadline: Deadline, path: str) -> None:
    if deadline.set_by is not None:
        check.actor(deadline.set_by, f"{path}.set_by")
    try:
        dates.zone(deadline.tz)
    except dates.BadDate as error:
        check.problems.add(f"{path}.tz", f"{error} (use an IANA name such as Europe/Zurich)")
    first_at: str | None = None
    for k, change in enumerate(deadline.history):
        _check_change(check, change, f"{path}.history[{k}]", first=k == 0)
        if k == 0:
            first_at = change.at
        elif first_at is not None and _before(change.at, first_at):
            check.problems.add(
                f"{path}.history[{k}].at",
                f"'{change.at}' is before the first change ({first_at}); "
                "the history starts with its 'set'",
            )


def _before(a: str, b: str) -> bool:
    try:
        return dates.instant(a) < dates.instant(b)
    except dates.BadDate:
        return False


def _check_change(check: _Checker, change: Change, path: str, *, first: bool) -> None:
    check.when(change.at, f"{path}.at")
    if first and change.kind != "set":
        check.problems.add(f"{path}.kind", f"the first change must be 'set', not '{change.kind}'")
    if change.kind in _NEEDS_DUE and change.due is None:
        check.problems.add(f"{path}.due", f"a '{change.kind}' change needs a 'due' date")
    if change.due is not None:
        check.when(change.due, f"{path}.due")
    if change.by is not None:
        check.actor(change.by, f"{path}.by")
    check.refs(change.sources, "source", f"{path}.sources")


def _check_url(url: str, path: str, problems: Problems) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        problems.add(path, f"{quoted(url)} is not a URL ({error})")
        return
    if parts.scheme.lower() not in ("http", "https") or any(c.isspace() for c in url):
        problems.add(path, f"{quoted(url)} is not an http or https URL")
    elif not host:
        problems.add(path, f"{quoted(url)} has no host")
