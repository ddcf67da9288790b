"""Write what the app shows as a Markdown brief or as a `briefing/1` JSON document, the
timeline and changes as an Atom or JSON Feed, and the positions as CSV."""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Final, Protocol

import msgspec

from briefing.format import dates
from briefing.format.model import Briefing, Clause, Quote
from briefing.reading import clock
from briefing.reading.filters import ClauseFilter
from briefing.reading.index import BriefingIndex, PartyStand
from briefing.reading.timeline import Entry, timeline

_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|#~])")
_AUTOLINK: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\s`\\]+")
_LINE_START: Final = re.compile(r"^(\s*)(\d*)([-+>.)])", re.MULTILINE)


def md(text: str) -> str:
    """Feed text as literal Markdown: special characters escaped, no accidental lists."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", escaped)


def md_cell(text: str) -> str:
    return md(text).replace("\n", " ")


def link(url: str) -> str:
    """A URL as a Markdown autolink, or as escaped text when it could break out of one."""
    if _AUTOLINK.fullmatch(url):
        return f"<{url}>"
    return md(url)


def to_json(doc: Briefing) -> str:
    """The document as formatted `briefing/1` JSON."""
    return msgspec.json.format(msgspec.json.encode(doc), indent=2).decode() + "\n"


def citation(index: BriefingIndex, quote: Quote, *, with_url: bool = True) -> str:
    """'Name, role (Party), 23 Nov 2025; source: Title (outlet, date) <url>'."""
    name, role, party = index.speaker(quote)
    who = name + (f", {role}" if role else "") + (f" ({party.name})" if party else "")
    where = index.source_label(quote.source)
    url = source_url(index, quote.source)
    if with_url and url:
        where += f" <{url}>"
    return f"{who}, {dates.day_label(quote.said)}; source: {where}"


def source_url(index: BriefingIndex, source_id: str) -> str | None:
    source = index.sources.get(source_id)
    return source.url if source is not None else None


def _sources(index: BriefingIndex, ids: Sequence[str]) -> str:
    return "; ".join(md_cell(index.source_label(s)) for s in ids) or "—"


def _stands_table(index: BriefingIndex, stands: list[PartyStand]) -> list[str]:
    lines = [
        "| Party | Stance | Since | Position | Sources |",
        "|---|---|---|---|---|",
    ]
    for stand in stands:
        position = stand.current
        lines.append(
            f"| {md_cell(stand.party.name)} | {md_cell(index.stance_words(position))} | "
            f"{dates.day_label(stand.since)} | {md_cell(position.summary)} | "
            f"{_sources(index, position.sources)} |"
        )
    return lines


@dataclass(frozen=True)
class Brief:
    """What goes into a Markdown brief beyond the briefing: the analyst's own work and view."""

    notes: dict[str, str] = field(default_factory=dict)
    """Note texts by key (`clause:<id>`, `quote:<id>`)."""
    flags: frozenset[str] = frozenset()
    filter_label: str = ""
    """The filter in words, when the clause list was narrowed."""
    orphans: tuple[tuple[str, str], ...] = ()
    """(key, text) of notes whose clause or quote left the briefing."""


def _note_block(text: str) -> list[str]:
    """The analyst's own note, as written (it is theirs: Markdown in it is meant)."""
    return ["**Note:**", "", *text.splitlines(), ""]


def _quote_block(index: BriefingIndex, quote: Quote, brief: Brief | None = None) -> list[str]:
    body = md(quote.text).replace("\n", "\n> ")
    cite = md(citation(index, quote, with_url=False))
    url = source_url(index, quote.source)
    if url:
        cite += f" {link(url)}"
    lines = [f"> “{body}”", ">", f"> — {cite}"]
    if quote.context:
        lines.append(f"> _{md_cell(quote.context)}_")
    lines.append("")
    note = brief.notes.get(f"quote:{quote.id}") if brief else None
    if note:
        lines += _note_block(note)
    return lines


def _clause(index: BriefingIndex, clause: Clause, brief: Brief) -> list[str]:
    topic = f" · {md(clause.topic)}" if clause.topic else ""
    flag = " ⚑ flagged" if clause.id in brief.flags else ""
    lines = [
        f"### {md(clause.label)}",
        "",
        f"**{clause.status}**{topic}{flag}",
        "",
    ]
    for version in clause.versions:
        document = index.documents.get(version.document)
        label = md(document.title) if document else md(version.document)
        when = f", {dates.day_label(document.date)}" if document else ""
        text = md(version.text) if version.text is not None else "_dropped in this document_"
        lines.append(f"- _{label}{when}:_ {text}".replace("\n", " "))
        if version.note:
            lines.append(f"  - note: {md_cell(version.note)}")
    lines.append("")
    stands = index.stands_on(clause)
    if stands:
        lines += [*_stands_table(index, stands), ""]
    for quote in index.quotes_on(clause.id):
        lines += _quote_block(index, quote, brief)
    if clause.sources:
        lines += [f"Sources: {_sources(index, clause.sources)}", ""]
    note = brief.notes.get(f"clause:{clause.id}")
    if note:
        lines += _note_block(note)
    return lines


def brief_markdown(
    view: Briefing,
    *,
    origin: str,
    now: datetime,
    as_of: datetime | None,
    brief: Brief | None = None,
    clause_filter: ClauseFilter | None = None,
    clause: Clause | None = None,
    noted: Set[str] | None = None,
    index: BriefingIndex | None = None,
) -> str:
    """The Markdown brief `briefing export` and the app's export write: the (as-of) `view`
    with the analyst's notes and flags in `brief`, narrowed by `clause_filter` (named at the
    top), or only `clause` (`briefing export --clause`, a clause's page in the app; a filter
    given with it is named, not applied: the app exports one clause while a filter is on).

    `noted`: the clauses a `noted` filter keeps (by default those with a note in `brief`;
    the app passes its own, which count a note whose deletion is not saved yet). `index`:
    the view's index, when the caller has it (else it is built)."""
    index = BriefingIndex(view) if index is None else index
    brief = brief or Brief()
    shown = view.clauses
    if clause_filter is not None and not clause_filter.empty:
        if clause is None:
            if noted is None:
                noted = {key.partition(":")[2] for key in brief.notes if key.startswith("clause:")}
            shown = clause_filter.apply(view.clauses, index, set(brief.flags), set(noted))
        brief = replace(brief, filter_label=clause_filter.describe(index))
    if clause is not None:
        shown = [clause]
    return to_markdown(
        view,
        origin=origin,
        now=now,
        as_of=as_of,
        brief=brief,
        clauses=shown,
        single=clause is not None,
        index=index,
    )


def to_markdown(
    doc: Briefing,
    *,
    origin: str,
    now: datetime,
    as_of: datetime | None,
    brief: Brief | None = None,
    clauses: list[Clause] | None = None,
    single: bool = False,
    index: BriefingIndex | None = None,
) -> str:
    """A brief of the (as-of filtered) document: clauses and positions, quotes with
    citations, deadlines with their history, events and sources — with the analyst's
    notes and flags, and only `clauses` when the view was narrowed. `index`: the
    document's own index, when the caller has it."""
    brief = brief or Brief()
    index = BriefingIndex(doc) if index is None else index
    shown = doc.clauses if clauses is None else clauses
    lines = [f"# {md(doc.title)}", ""]
    meta = [f"Updated {dates.day_label(doc.updated)}", f"from {md(origin)}"]
    if as_of is not None:
        meta.append(f"as of {dates.moment_label(as_of)}")
    lines += [" · ".join(meta), ""]
    if brief.filter_label:
        lines += [
            f"Filter: {md(brief.filter_label)} ({len(shown)} of {len(doc.clauses)} clauses)",
            "",
        ]
    if single:
        for clause in shown:
            lines += _clause(index, clause, brief)
        return "\n".join(lines).rstrip("\n") + "\n"
    if doc.summary:
        lines += [md(doc.summary), ""]

    lines += ["## Deadlines", ""]
    if not doc.deadlines:
        lines += ["No deadline in this briefing.", ""]
    for deadline in doc.deadlines:
        state = clock.state_at(deadline, now)
        lines.append(f"### {md(deadline.label)}")
        lines.append("")
        if state is not None:
            setter = index.actor_name(deadline.set_by)
            status = state.phase if not state.is_open else state.firmness
            note = state.firmness_note() if state.is_open else None
            left = clock.left_label(state.remaining(now), state.precision)
            lines.append(
                f"{md(state.due_label())} — **{status}**"
                + (f" {note}" if note else "")
                + (f" · set by {md(setter)}" if setter else "")
                + f" · {left} (at {dates.moment_label(now)})"
            )
            lines.append("")
        for change in state.changes if state else deadline.history:
            words = clock.change_words(change, index.actor_name(change.by))
            note = f": {md_cell(words.note)}" if words.note else ""
            lines.append(
                f"- {words.when} **{words.kind}**{words.due}{md(words.by)}{note}"
                f" ({_sources(index, change.sources)})"
            )
        lines.append("")

    lines += ["## Clauses", ""]
    if not shown:
        lines += ["No clause in this view." if doc.clauses else "No clause in this briefing.", ""]
    for clause in shown:
        lines += _clause(index, clause, brief)

    overall = index.overall_stands()
    if overall:
        lines += ["## Positions on the text as a whole", "", *_stands_table(index, overall), ""]

    loose = [q for q in doc.quotes if not q.clauses]
    if loose:
        lines += ["## Other quotes", ""]
        for quote in loose:
            lines += _quote_block(index, quote, brief)
    if brief.orphans:
        lines += ["## Notes on items no longer in the briefing", ""]
        for key, text in brief.orphans:
            lines += [f"`{key}`", "", *text.splitlines(), ""]

    lines += ["## Events", ""]
    if not doc.events:
        lines += ["No event in this briefing.", ""]
    for event in sorted(doc.events, key=lambda e: dates.instant(e.at)):
        summary = f" — {md_cell(event.summary)}" if event.summary else ""
        lines.append(
            f"- {dates.day_label(event.at)} **{md_cell(event.title)}**{summary}"
            f" ({_sources(index, event.sources)})"
        )
    lines.append("")

    if doc.people:
        lines += ["## People", ""]
        for person in doc.people:
            party = index.parties.get(person.party) if person.party else None
            said = [f"**{md_cell(person.name)}**" + (f" ({md_cell(party.name)})" if party else "")]
            if person.role:
                said.append(f"— {md_cell(person.role.rstrip('.'))}.")
            if person.aliases:
                said.append(f"Also written {md_cell(', '.join(person.aliases))}.")
            if person.note:
                said.append(md_cell(person.note))
            lines.append("- " + " ".join(said))
        lines.append("")

    if doc.sources:
        lines += ["## Sources", ""]
        for source in doc.sources:
            url = f" {link(source.url)}" if source.url else ""
            outlet = f", {md(source.outlet)}" if source.outlet else ""
            lines.append(
                f"- `{source.id}` {md(source.title)}{outlet}, "
                f"{dates.day_label(source.published)}{url}"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------
# Feeds out: Atom and JSON Feed 1.1 — one entry per timeline item and per remembered
# change, each with a stable id and its citation. Feed text is written as text (Atom
# titles, JSON Feed content_text) or as escaped HTML that shows it literally (Atom content).

FEED_NAMESPACE: Final = uuid.UUID("5d0b7c1e-6f3a-5b8e-9a41-0c2f7e3d9b15")
"""Entry ids are uuid5(FEED_NAMESPACE, briefing id + key): never change it."""
ATOM_NS: Final = "http://www.w3.org/2005/Atom"
JSONFEED_VERSION: Final = "https://jsonfeed.org/version/1.1"
_XML_ILLEGAL: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class LoggedChange(Protocol):
    """A change remembered across refreshes (`briefing.disk.changelog.Logged`)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def clause_id(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def when(self) -> str | None: ...
    @property
    def detected_at(self) -> str: ...
    @property
    def ref(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry."""

    key: str
    """Stable within the briefing: 'quote:q1', 'event:…', 'change:<change-log key>'."""
    kind: str
    """event, deadline, quote, position or change."""
    title: str
    text: str
    """The item in full, then its citation (plain text)."""
    citation: str
    """'Name, role (Party), 23 Nov 2025; source: Title (outlet, date) <url>' or
    'source: …; …' — '' only when the briefing gives no source for it."""
    published: datetime
    when: str | None
    """The format date of what happened (a change: of what changed)."""
    url: str | None = None
    """The first source's URL, if it has one."""
    author: str | None = None
    """A quote's speaker."""
    clause_id: str | None = None
    quote_id: str | None = None
    parties: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    change_kind: str | None = None
    detected_at: str | None = None


def entry_id(briefing_id: str, key: str) -> str:
    """The entry's id in both feeds: a URN that depends on the briefing and the item only."""
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, briefing_id + chr(0x1F) + key)}"


def _cite_sources(index: BriefingIndex, ids: Sequence[str]) -> str:
    cited = []
    for ident in ids:
        url = source_url(index, ident)
        cited.append(index.source_label(ident) + (f" <{url}>" if url else ""))
    return f"source: {'; '.join(cited)}" if cited else ""


def _first_url(index: BriefingIndex, ids: Sequence[str]) -> str | None:
    return next((url for ident in ids if (url := source_url(index, ident))), None)


def _clause_line(index: BriefingIndex, clause_id: str | None) -> str:
    clause = index.clauses.get(clause_id) if clause_id else None
    return f"Clause {clause.number}: {clause.title}" if clause is not None else ""


def _moment(value: str) -> datetime | None:
    try:
        return dates.instant(value)
    except dates.BadDate:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _timeline_item(index: BriefingIndex, entry: Entry) -> FeedItem:
    quote = index.quotes.get(entry.quote_id) if entry.quote_id else None
    author = None
    if quote is not None:
        cite = citation(index, quote)
        author = index.speaker(quote)[0]
        body = [f"“{quote.text}”", f"— {cite}"]
        if quote.context:
            body.append(quote.context)
    else:
        cite = _cite_sources(index, entry.sources)
        body = [entry.detail or entry.text]
        if entry.kind == "position":
            body.insert(0, entry.text)
    body.append(_clause_line(index, entry.clause_id))
    if quote is None and cite:
        body.append(cite)
    return FeedItem(
        key=entry.key,
        kind=entry.kind,
        title=entry.text,
        text="\n\n".join(part for part in body if part),
        citation=cite,
        published=dates.instant(entry.when),
        when=entry.when,
        url=_first_url(index, entry.sources),
        author=author,
        clause_id=entry.clause_id,
        quote_id=entry.quote_id,
        parties=tuple(sorted(entry.parties)),
        sources=entry.sources,
    )


def _change_sources(index: BriefingIndex, change: LoggedChange) -> tuple[tuple[str, ...], str]:
    """The sources of what a change is about, as the briefing now has them, and a citation
    (a new quote: the quote's own)."""
    kind, _, rest = change.key.partition(":")
    if change.kind == "quote-added" and change.ref in index.quotes:
        quote = index.quotes[change.ref]
        return (quote.source,), citation(index, quote)
    ids: Sequence[str] = ()
    if change.kind.startswith("position-") and change.ref:
        clause = index.clauses.get(change.clause_id) if change.clause_id else None
        if change.clause_id is None:
            stands = index.overall_stands()
        else:  # (a clause no longer in the view: nothing to cite from)
            stands = index.stands_on(clause) if clause is not None else []
        stand = next((s for s in stands if s.party.id == change.ref), None)
        ids = stand.current.sources if stand else ()
    elif kind == "event-added":
        event = next((e for e in index.doc.events if e.id == rest), None)
        ids = event.sources if event else ()
    elif kind == "deadline":  # deadline:<id>:<at>:<kind>:<due>, as diff keys it
        deadline_id = rest.partition(":")[0]
        deadline = index.deadlines.get(deadline_id)
        history = deadline.history if deadline is not None else []
        found = [c for c in history if rest == f"{deadline_id}:{c.at}:{c.kind}:{c.due or ''}"]
        ids = found[0].sources if found else ()
    elif kind == "document-added":
        document = index.documents.get(rest)
        ids = document.sources if document else ()
    elif change.clause_id in index.clauses:
        ids = index.clauses[change.clause_id].sources
    return tuple(ids), _cite_sources(index, ids)


def _change_item(index: BriefingIndex, change: LoggedChange) -> FeedItem | None:
    detected = _moment(change.detected_at)
    if detected is None:
        return None
    sources, cite = _change_sources(index, change)
    body = [
        change.text,
        f"Found by a refresh at {dates.moment_label(detected)}.",
        _clause_line(index, change.clause_id),
        cite,
    ]
    return FeedItem(
        key=f"change:{change.key}",
        kind="change",
        title=change.text,
        text="\n\n".join(part for part in body if part),
        citation=cite,
        published=detected,
        when=change.when,
        url=_first_url(index, sources),
        clause_id=change.clause_id,
        quote_id=change.ref if change.kind == "quote-added" else None,
        parties=(change.ref,) if change.kind.startswith("position-") and change.ref else (),
        sources=sources,
        change_kind=change.kind,
        detected_at=change.detected_at,
    )


def feed_items(
    index: BriefingIndex, changes: Iterable[LoggedChange] = (), *, now: datetime | None = None
) -> list[FeedItem]:
    """Every timeline item of the (as-of) view and every remembered change found by `now`
    (a change found later was not known then), newest first."""
    items = [_timeline_item(index, entry) for entry in timeline(index)]
    for change in changes:
        item = _change_item(index, change)
        if item is not None and (now is None or item.published <= now):
            items.append(item)
    return sorted(items, key=lambda item: (item.published, item.key), reverse=True)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def as_html(text: str) -> str:
    """Feed text as HTML that shows it literally (newlines as line breaks). Atom's
    type="text" would say the same, but readers such as newsboat 2.21 render any content
    as HTML, where a quote's '<a href=…>' would become a link: escaped, it cannot."""
    return html.escape(text, quote=False).replace("\n", "<br/>\n")


def _feed_updated(doc: Briefing, items: Sequence[FeedItem]) -> datetime:
    return max([dates.instant(doc.updated), *(item.published for item in items)])


def to_atom(doc: Briefing, items: Sequence[FeedItem], *, origin: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of `items`: titles as text, content as escaped HTML
    (`as_html`), so no reader takes feed text for markup."""

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        if text is not None:
            element.text = _xml_text(text)
        return element

    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    add(feed, "id", entry_id(doc.id, "feed"))
    add(feed, "title", doc.title, type="text")
    if doc.summary:
        add(feed, "subtitle", doc.summary, type="text")
    add(feed, "updated", _rfc3339(_feed_updated(doc, items)))
    author = add(feed, "author")
    add(author, "name", origin)
    add(feed, "generator", "briefing")
    for item in items:
        entry = add(feed, "entry")
        add(entry, "id", entry_id(doc.id, item.key))
        add(entry, "title", item.title, type="text")
        add(entry, "updated", _rfc3339(item.published))
        add(entry, "published", _rfc3339(item.published))
        if item.author:
            add(add(entry, "author"), "name", item.author)
        if item.url:
            add(entry, "link", rel="alternate", href=_xml_text(item.url))
        add(entry, "category", term=item.kind)
        add(entry, "content", as_html(item.text), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def to_jsonfeed(
    doc: Briefing,
    items: Sequence[FeedItem],
    index: BriefingIndex,
    *,
    origin: str,
    as_of: datetime | None,
) -> str:
    """A JSON Feed 1.1 of `items`, with a `_briefing` extension object on the feed and on
    every item (keys, kinds, clause, quote, parties, sources, citation)."""

    def source(ident: str) -> dict[str, object]:
        found = index.sources.get(ident)
        if found is None:
            return {"id": ident}
        return {
            "id": ident,
            "title": found.title,
            "outlet": found.outlet,
            "url": found.url,
            "published": found.published,
        }

    entries = []
    for item in items:
        extension: dict[str, object] = {
            "key": item.key,
            "kind": item.kind,
            "when": item.when,
            "clause": item.clause_id,
            "quote": item.quote_id,
            "parties": list(item.parties),
            "sources": [source(ident) for ident in item.sources],
            "citation": item.citation,
        }
        if item.change_kind:
            extension |= {"change": item.change_kind, "detected_at": item.detected_at}
        entry: dict[str, object] = {
            "id": entry_id(doc.id, item.key),
            "title": item.title,
            "content_text": item.text,
            "date_published": _rfc3339(item.published),
        }
        if item.url:
            entry["external_url"] = item.url
        if item.author:
            entry["authors"] = [{"name": item.author}]
        entry |= {"tags": [item.kind], "_briefing": extension}
        entries.append(entry)
    feed: dict[str, object] = {
        "version": JSONFEED_VERSION,
        "title": doc.title,
        "authors": [{"name": origin}],
    }
    if doc.summary:
        feed["description"] = doc.summary
    feed |= {
        "_briefing": {
            "format": doc.format,
            "briefing": doc.id,
            "updated": doc.updated,
            "as_of": _rfc3339(as_of) if as_of is not None else None,
        },
        "items": entries,
    }
    return msgspec.json.format(msgspec.json.encode(feed), indent=2).decode() + "\n"


# ---------------------------------------------------------------------------
# CSV (RFC 4180): one row per position, or clauses × parties. A cell a spreadsheet would
# read as a formula (=, +, -, @, or a tab or CR first) gets a leading ' and is quoted.

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
POSITION_COLUMNS: Final = (
    "clause",
    "number",
    "title",
    "topic",
    "status",
    "party",
    "stance",
    "according_to",
    "since",
    "summary",
    "sources",
)
WHOLE_TEXT: Final = "the text as a whole"


def csv_cell(value: str) -> str:
    """One RFC 4180 field, safe from formula injection."""
    if value.startswith(FORMULA_START):
        value = "'" + value
    elif not any(char in value for char in ',"\r\n'):
        return value
    return '"' + value.replace('"', '""') + '"'


def to_csv(rows: Iterable[Sequence[str]]) -> str:
    """Records separated by CRLF, the last one too (RFC 4180). A record of one empty field
    is written `""`, as Python's csv module does, so that it is not read as a blank line."""
    return "".join((",".join(map(csv_cell, row)) or '""') + "\r\n" for row in rows)


def _source_list(index: BriefingIndex, ids: Sequence[str]) -> str:
    return "; ".join(
        index.source_label(ident) + (f" <{url}>" if (url := source_url(index, ident)) else "")
        for ident in ids
    )


def positions_csv(index: BriefingIndex, clauses: Sequence[Clause], *, whole: bool) -> str:
    """One row per party's current position on each of `clauses` (and on the text as a
    whole when `whole`): the stance, since when, whose account, and its sources."""
    rows: list[Sequence[str]] = [POSITION_COLUMNS]
    scopes: list[tuple[Clause | None, list[PartyStand]]] = []
    if whole:
        scopes.append((None, index.overall_stands()))
    scopes += [(clause, index.stands_on(clause)) for clause in clauses]
    for clause, stands in scopes:
        for stand in stands:
            position = stand.current
            teller = index.account(position).removeprefix("according to ")
            head = (
                [clause.id, clause.number, clause.title, clause.topic or "", clause.status]
                if clause is not None
                else ["", "", WHOLE_TEXT, "", ""]
            )
            rows.append(
                [
                    *head,
                    stand.party.name,
                    position.stance,
                    teller,
                    stand.since,
                    position.summary,
                    _source_list(index, position.sources),
                ]
            )
    return to_csv(rows)


def matrix_csv(index: BriefingIndex, clauses: Sequence[Clause], *, whole: bool) -> str:
    """Clauses × parties: a party's current stance in each cell ('supports', 'supports
    (according to United States)'), empty where it has none; the parties with a position
    on a row shown, in the briefing's order."""
    scopes: list[tuple[Clause | None, list[PartyStand]]] = []
    if whole:
        scopes.append((None, index.overall_stands()))
    scopes += [(clause, index.stands_on(clause)) for clause in clauses]
    involved = {stand.party.id for _clause, stands in scopes for stand in stands}
    parties = [party for party in index.doc.parties if party.id in involved]
    rows: list[Sequence[str]] = [
        ["clause", "number", "title", "status", *(p.name for p in parties)]
    ]
    for clause, stands in scopes:
        by_party = {stand.party.id: stand for stand in stands}
        head = (
            [clause.id, clause.number, clause.title, clause.status]
            if clause is not None
            else ["", "", WHOLE_TEXT, ""]
        )
        cells = [
            index.stance_words(by_party[p.id].current) if p.id in by_party else "" for p in parties
        ]
        rows.append([*head, *cells])
    return to_csv(rows)
