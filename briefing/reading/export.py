"""Write what the app shows as a Markdown brief or as a `briefing/1` JSON document."""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final

import msgspec

from briefing.format import dates
from briefing.format.model import Briefing, Clause, Quote
from briefing.reading import clock
from briefing.reading.filters import ClauseFilter
from briefing.reading.index import BriefingIndex, PartyStand

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


def _sources(index: BriefingIndex, ids: list[str]) -> str:
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
        f"### {md(clause.number)} {md(clause.title)}",
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
            lines.append(
                f"{md(state.due_label())} — **{status}**"
                + (f" · set by {md(setter)}" if setter else "")
                + f" · {clock.left_label(state.remaining(now))} (at {dates.moment_label(now)})"
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
