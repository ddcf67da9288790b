"""Search hits, one line each: what was found, where it matched, the words around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.message import Message

from briefing.format.cells import clip
from briefing.reading.search import Hit
from briefing.widgets.cells import fit
from briefing.widgets.line_list import MATCH_CLASS, LineList, Part

KIND_MARK = {"clause": "§", "quote": "❝", "position": "≡", "note": "✎"}
"""The mark before a hit of these kinds (others: '·')."""


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

    def show(self, hits: Sequence[Hit], query: str, *, waiting: bool = False) -> None:
        """Show `hits` of `query` (`waiting`: the index is still being built)."""
        self.hits = hits
        if waiting:
            self.EMPTY_TEXT = "Building the search index…"
        elif not query.strip():
            self.EMPTY_TEXT = (
                "Type to search clauses, positions, quotes, people, parties, events, "
                "documents, sources and your notes."
            )
        else:
            self.EMPTY_TEXT = "No match."
        self.set_count(len(hits))
        if not hits:
            self.border_subtitle = ""

    def on_highlight(self, index: int) -> None:
        """Which hit of how many is current (the list has no scroll bar)."""
        self.border_subtitle = f"{index + 1:,} of {self.count:,}" if self.count > 1 else ""

    @property
    def current(self) -> Hit | None:
        return self.hits[self.cursor] if self.hits else None

    def render_row(self, index: int, width: int) -> list[Part]:
        hit = self.hits[index]
        entry = hit.entry
        label_width = min(24, max(8, width // 4))
        where = clip(hit.where, 16) + ": "
        excerpt_width = max(width - 2 - label_width - 1 - len(where), 1)
        shown, start, end = hit.excerpt(excerpt_width)
        shown = fit(shown, excerpt_width)
        end = min(end, len(shown))
        start = min(start, end)
        return [
            (KIND_MARK.get(entry.kind, "·") + " ", "line-list--accent"),
            (fit(entry.label, label_width) + " ", "line-list--strong"),
            (where, "line-list--dim"),
            (shown[:start], None),
            (shown[start:end], MATCH_CLASS),
            (shown[end:], None),
        ]

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.hits[index]))
