"""Search hits, one line each: what matched (clause or quote) and an excerpt around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.message import Message

from briefing.reading.search import Hit
from briefing.widgets.cells import fit
from briefing.widgets.line_list import MATCH_CLASS, LineList, Part

KIND_MARK = {"clause": "§", "quote": "❝"}


class SearchResults(LineList):
    """The hits of the current query; Enter opens one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {MATCH_CLASS}

    HELP_NAME = "the search results"

    EMPTY_TEXT = "No match."

    class Chosen(Message):
        def __init__(self, results: SearchResults, hit: Hit) -> None:
            super().__init__()
            self.results = results
            self.hit = hit

        @property
        def control(self) -> SearchResults:
            """The list that sent the message (what `@on(..., selector)` matches)."""
            return self.results

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.hits: Sequence[Hit] = ()
        self.query_length = 0

    def show(self, hits: Sequence[Hit], query: str, *, searching: bool = False) -> None:
        """Show `hits`; `searching` while more may still be found."""
        self.hits = hits
        self.query_length = len(query)
        self._empty(query, searching)
        self.set_count(len(hits))

    def _empty(self, query: str, searching: bool) -> None:
        if not query:
            self.EMPTY_TEXT = "Type to search clauses, quotes and speakers."
        else:
            self.EMPTY_TEXT = "Searching…" if searching else "No match."

    def grow(self, count: int, *, searching: bool = False) -> None:
        """More of the same hits are known (found after the first were shown)."""
        self._empty("…", searching)
        if self.count == 0:
            self.set_count(count)
        else:
            self.extend(count)

    @property
    def current(self) -> Hit | None:
        return self.hits[self.cursor] if self.hits else None

    def render_row(self, index: int, width: int) -> list[Part]:
        hit = self.hits[index]
        entry = hit.entry
        label_width = min(28, max(10, width // 3))
        excerpt_width = max(width - label_width - 3, 1)
        excerpt, at = hit.excerpt(excerpt_width, self.query_length)
        excerpt = fit(excerpt, excerpt_width)
        end = min(at + self.query_length, len(excerpt))
        at = min(at, end)
        return [
            (KIND_MARK[entry.kind] + " ", "line-list--accent"),
            (fit(entry.label, label_width) + " ", "line-list--strong"),
            (excerpt[:at], None),
            (excerpt[at:end], "line-list--match"),
            (excerpt[end:], None),
        ]

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.hits[index]))
