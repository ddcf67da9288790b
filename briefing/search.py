"""Search over clause titles and wordings, quotes and their speakers.

Each clause and each quote is one entry with one lower-cased haystack; a
query is a case-insensitive substring. When the query grows by typing, only
the previous hits are searched again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefing.index import BriefingIndex

Kind = Literal["clause", "quote"]
_SEP = "\n\x00\n"  # joins fields so a match cannot span two of them


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
    haystack: str


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


class SearchIndex:
    """Entries for every clause and quote of one snapshot."""

    def __init__(self, index: BriefingIndex) -> None:
        entries: list[Entry] = []
        for clause in index.doc.clauses:
            wordings = [v.text for v in clause.versions if v.text]
            text = _SEP.join([clause.title, *wordings])
            entries.append(
                Entry(
                    "clause",
                    clause.id,
                    clause.id,
                    f"{clause.number} {clause.title}",
                    text,
                    text.lower(),
                )
            )
        for quote in index.doc.quotes:
            name, _role, _party = index.speaker(quote)
            text = _SEP.join([quote.text, name])
            entries.append(
                Entry(
                    "quote",
                    quote.id,
                    quote.clauses[0] if quote.clauses else None,
                    name,
                    text,
                    text.lower(),
                )
            )
        self.entries = entries
        self._last_query = ""
        self._last_hits: list[Hit] | None = None

    def search(self, query: str) -> list[Hit]:
        """Every entry containing `query` (case-insensitive), clauses first, in document order."""
        needle = query.lower()
        if not needle.strip():
            self._last_query, self._last_hits = "", None
            return []
        pool: list[Entry]
        if self._last_hits is not None and self._last_query and needle.startswith(self._last_query):
            pool = [hit.entry for hit in self._last_hits]
        else:
            pool = self.entries
        hits = []
        for entry in pool:
            at = entry.haystack.find(needle)
            if at >= 0:
                hits.append(Hit(entry, at))
        self._last_query, self._last_hits = needle, hits
        return hits
