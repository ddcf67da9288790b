"""Search: type to find clauses and quotes; arrows move through the hits, Enter opens one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input

from briefing.reading.search import Hit, Results
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import OpenClause, OpenQuote
from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.search_results import SearchResults


class SearchScreen(BriefingScreen[None]):
    """Search over clause titles and wordings, quote texts and speakers."""

    HELP_NAME = "search"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "move(1)", "Next hit", show=False, id="search.next"),
        Binding("up", "move(-1)", "Previous hit", show=False, id="search.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="search.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="search.page_up"),
    ]

    FIRST_BUDGET = 0.012
    """Seconds a keystroke may spend finding hits before the first ones are painted."""

    SLICE_BUDGET = 0.008
    """Seconds per later turn of the event loop, finding the rest (keys stay answered)."""

    SHOWS_FILTER = True

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._results: Results | None = None
        self._within: list[int] | None = None
        self._scope: object = None
        self._scoped_by: tuple[object, frozenset[str]] | None = None
        """(search index, clauses kept by the filter) that `_within` was worked out for."""

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield Input(
            value=self.session.last_query,
            placeholder="search clauses, quotes, speakers…",
            id="query",
            compact=True,
        )
        yield SearchResults(id="results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_header()
        self.run_search(self.session.last_query)
        self.query_one(Input).focus()
        self.follow(view=self._new_view)

    def _new_view(self) -> None:
        """A new snapshot or filter: the same query, searched again in it."""
        self.show_header()
        self.run_search(self.query_one(Input).value)

    def run_search(self, query: str) -> None:
        """Find the hits of `query`: enough to fill the list now, the rest in later turns."""
        session = self.session
        search = session.search
        if session.filter_label():
            # A filter narrows the search too: the clauses it keeps, quotes about them —
            # worked out again when a refresh brought a new index or the filter keeps other
            # clauses now (a flag set from a hit, for a "flagged" filter).
            kept = frozenset(clause.id for clause in session.shown_clauses())
            if self._scoped_by is None or self._scoped_by != (search, kept):
                self._within, self._scope = search.numbers_of(set(kept)), object()
                self._scoped_by = (search, kept)
        else:
            self._within, self._scope, self._scoped_by = None, None, None
        found = search.find(query, self._within, self._scope)
        self._results = found
        listing = self.query_one(SearchResults)
        found.fill(listing.size.height + 1, self.FIRST_BUDGET)
        listing.show(found, query, searching=not found.done)
        self._show_count(found)
        session.remember_query(query)
        if not found.done:
            self.call_after_refresh(self._find_more, found)

    def _find_more(self, found: Results) -> None:
        listing = self.query(SearchResults)
        if found is not self._results or not listing:
            return  # another keystroke since (its own search goes on), or the screen closed
        found.fill(len(found) + 1_000_000, self.SLICE_BUDGET)
        listing.first().grow(len(found), searching=not found.done)
        self._show_count(found)
        if not found.done:
            self.call_after_refresh(self._find_more, found)

    def _show_count(self, found: Results) -> None:
        label = self.session.filter_label()
        if found.needle.strip() and found.done:
            clauses, quotes = found.clauses, len(found) - found.clauses
            title = (
                f"{clauses} clause{'s' if clauses != 1 else ''}, "
                f"{quotes} quote{'s' if quotes != 1 else ''}"
            )
        elif found.needle.strip():
            title = f"{len(found):,}+ found · searching…"
        else:
            title = "Search"
        listing = self.query_one(SearchResults)
        listing.border_title = Content(title + (f" · filter: {label}" if label else ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        hit = self.query_one(SearchResults).current
        if hit is not None:
            self.open_hit(hit)

    def on_search_results_chosen(self, message: SearchResults.Chosen) -> None:
        self.open_hit(message.hit)

    def open_hit(self, hit: Hit) -> None:
        entry = hit.entry
        if entry.kind == "clause" and entry.clause_id:
            self.post_message(OpenClause(entry.clause_id))
        else:
            self.post_message(OpenQuote(entry.ident))

    def action_move(self, delta: int) -> None:
        results = self.query_one(SearchResults)
        results.cursor += delta

    def action_back(self) -> None:
        self._results = None  # a search still going on stops here
        self.dismiss(None)
