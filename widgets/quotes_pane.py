"""What the principals said on the highlighted clause, word for word, with attribution."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from briefing.format import dates
from briefing.format.model import Quote
from briefing.reading.index import BriefingIndex
from briefing.widgets.cells import PANE_LIMIT, bounded, wrap
from briefing.widgets.line_list import CardList, Part

Card = list[list[Part]]
"""A card's lines, each a list of parts."""


def short_role(role: str | None) -> str | None:
    """A role up to its first ';' or parenthesis: the office, without the notes."""
    if not role:
        return role
    for mark in (";", " ("):
        role = role.split(mark, 1)[0]
    return role.strip() or None


def attribution(index: BriefingIndex, quote: Quote) -> str:
    """'— Name, role · 23 Nov 2025 · Source title'."""
    name, role, party = index.speaker(quote)
    role = short_role(role)
    who = name + (f", {role}" if role else "")
    if party is not None and not role:
        who += f" ({party.short})"
    return f"— {who} · {dates.day_label(quote.said)} · {index.source_short(quote.source)}"


class QuotesPane(CardList):
    """Quotes about one clause, oldest first."""

    HELP_NAME = "the quotes pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="quotes.open"),  # shown: Enter opens the quote
    ]

    EMPTY_TEXT = "No quote on this clause in the sources."

    class Chosen(Message):
        """Enter on a quote: open it in its clause."""

        def __init__(self, pane: QuotesPane, quote: Quote) -> None:
            super().__init__()
            self.pane = pane
            self.quote = quote

        @property
        def control(self) -> QuotesPane:
            """The pane that sent the message (what `@on(..., selector)` matches)."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.quotes: list[Quote] = []
        self.index: BriefingIndex | None = None
        self.marked: set[str] = set()
        """Quotes new since the analyst last looked."""
        self._kept: dict[tuple[int, int, bool], tuple[Quote, Card]] = {}
        """Cards drawn lately (`render_card`) for this index (`show` empties it for
        another): each keeps its quote alive, so that no new object takes its id."""

    def show(
        self, index: BriefingIndex, quotes: list[Quote], marked: set[str] | None = None
    ) -> None:
        if index is not self.index:  # a new view: its quotes are new objects
            self._kept.clear()  # (and the old view is not kept alive by the cards)
        self.index = index
        self.quotes = quotes
        self.marked = marked or set()
        self.set_count(len(quotes))

    CARDS_KEPT: ClassVar[int] = 256
    """Cards kept drawn, the newest last: moving back to a clause shown a moment ago
    (j then k) wraps none of its quotes again (~0.1 ms a quote at 10k clauses)."""

    def render_card(self, index: int, width: int) -> list[list[Part]]:
        quote = self.quotes[index]
        key = (id(quote), width, quote.id in self.marked)
        kept = self._kept.pop(key, None)
        if kept is None:
            kept = (quote, self._card(quote, width))
        self._kept[key] = kept  # the newest last
        if len(self._kept) > self.CARDS_KEPT:
            del self._kept[next(iter(self._kept))]
        return kept[1]

    def _card(self, quote: Quote, width: int) -> list[list[Part]]:
        text, cut = bounded(quote.text, PANE_LIMIT, "⏎ reads on")
        body = wrap(f"“{text}”", width - 2)
        mark: Part = ("●", "line-list--accent") if quote.id in self.marked else (" ", None)
        lines: list[list[Part]] = [
            [mark if n == 0 else (" ", None), (line, None)] for n, line in enumerate(body)
        ]
        if cut is not None:
            lines += [[("  " + line, "line-list--dim")] for line in wrap(cut, width - 2)]
        if self.index is not None:
            for line in wrap(attribution(self.index, quote), width - 2):
                lines.append([("  " + line, "line-list--dim")])
        return lines

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.quotes[index]))
