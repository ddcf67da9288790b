"""Search: type to find anything the briefing names; arrows move through the hits, Enter
goes to the item."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input
from textual.worker import get_current_worker

from briefing.reading.search import Abandoned, Hit, Results, SearchIndex, describe
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import OpenClause, OpenMatrix, OpenOverview, OpenQuote
from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.search_results import SearchResults
from briefing.widgets.steady_input import SteadyInput


class SearchScreen(BriefingScreen[None]):
    """Search over everything the briefing names, and the analyst's notes."""

    HELP_NAME = "search"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "move(1)", "Next hit", show=False, id="search.next"),
        Binding("up", "move(-1)", "Previous hit", show=False, id="search.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="search.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="search.page_up"),
        Binding("slash", "query", "Search field", show=False, id="search.query"),
    ]

    SHOWS_FILTER = True

    BUILD_HERE = 20_000
    """A view of fewer entries than this builds its search index when asked (a blink);
    a larger one in a worker, the list saying so meanwhile."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._results: Results | None = None
        self._scope_bits: int | None = None
        self._scope: object = None
        self._scoped_by: tuple[object, frozenset[str]] | None = None
        """(search index, clauses kept by the filter) that `_scope_bits` was worked out for."""

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield SteadyInput(
            value=self.session.last_query,
            placeholder="search names, numbers, words…",
            id="query",
            compact=True,
        )
        yield SearchResults(id="results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_header()
        self.run_search(self.session.last_query)
        field = self.query_one(Input)
        field.focus()
        # Searched as the value changes, not on the Changed message after it: the hits are
        # then painted in the same frame as the keystroke, not one frame (~30 ms) later.
        self.watch(field, "value", self._typed, init=False)
        self.follow(view=self._new_view)

    def _typed(self, query: str) -> None:
        self.run_search(query)

    def _new_view(self) -> None:
        """A new snapshot or filter: the same query, searched again in it."""
        self.show_header()
        self.run_search(self.query_one(Input).value)

    def _index(self) -> SearchIndex | None:
        """The search index of the view, or None while a worker builds it."""
        session = self.session
        ready = session.search_ready()
        if ready is not None:
            return ready
        view = session.view
        if len(view.quotes) + len(view.clauses) < self.BUILD_HERE:
            return session.search
        self.run_worker(self._build, thread=True, group="search-index", exclusive=True)
        return None

    def _build(self) -> None:
        """The worker's work, in its thread. Closing the screen (or quitting) cancels the
        worker; the build then stops at its next give-way, keeping nothing, rather than
        holding a quitting process for the seconds it takes at 100,000 quotes."""
        try:
            self.session.prepare_search(stop=get_current_worker().cancelled_event)
        except Abandoned:
            return
        self.app.call_from_thread(self._built)

    def _built(self) -> None:
        if self.is_attached:
            self.run_search(self.query_one(Input).value)

    def run_search(self, query: str) -> None:
        """Show every hit of `query` and their count, at once."""
        session = self.session
        listing = self.query_one(SearchResults)
        session.remember_query(query)
        search = self._index()
        if search is None:
            self._results = None
            listing.show((), query, waiting=True)
            self._show_count(None)
            return
        if session.filter_label():
            # A filter narrows the search too: the clauses it keeps, the positions on them
            # and the quotes about them — worked out again when a refresh brought a new
            # index or the filter keeps other clauses now (a flag set from a hit).
            kept = frozenset(clause.id for clause in session.shown_clauses())
            if self._scoped_by is None or self._scoped_by != (search, kept):
                self._scope_bits, self._scope = search.scope_of(set(kept)), object()
                self._scoped_by = (search, kept)
        else:
            self._scope_bits, self._scope, self._scoped_by = None, None, None
        found = search.find(query, self._scope_bits, self._scope, notes=session.notes())
        self._results = found
        listing.show(found, query)
        self._show_count(found)

    def _show_count(self, found: Results | None) -> None:
        label = self.session.filter_label()
        if found is None:
            title = "Search · building the index…"
        elif found.needle:
            title = describe(found.counts()) or "no match"
        else:
            title = "Search"
        listing = self.query_one(SearchResults)
        listing.border_title = Content(title + (f" · filter: {label}" if label else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        hit = self.query_one(SearchResults).current
        if hit is not None:
            self.open_hit(hit)
        elif event.value.strip():
            self.notify(f"Nothing to open: no hit for “{event.value.strip()}”.", markup=False)
        else:
            self.notify("Nothing to open: type what to find first.", markup=False)

    def on_search_results_chosen(self, message: SearchResults.Chosen) -> None:
        self.open_hit(message.hit)

    def open_hit(self, hit: Hit) -> None:
        """Go to the item: a clause page, a quote, the matrix at a party, the overview at an
        event, a document, a deadline, a person or a source."""
        entry = hit.entry
        if entry.goes == "clause":
            self.post_message(OpenClause(entry.to, entry.quote_id))
        elif entry.goes == "quote":
            self.post_message(OpenQuote(entry.to))
        elif entry.goes == "matrix":
            self.post_message(OpenMatrix(entry.to))
        else:
            self.post_message(OpenOverview(entry.to))

    def action_move(self, delta: int) -> None:
        results = self.query_one(SearchResults)
        results.cursor += delta

    def action_query(self) -> None:
        """`/` from the hits (Tab took the cursor there): back to the query, to change it."""
        self.query_one(Input).focus()

    def action_back(self) -> None:
        self.dismiss(None)
