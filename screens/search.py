"""Search: type to find clauses and quotes; arrows move through the hits, Enter opens one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input

from briefing.search import Hit
from briefing.session import Session
from screens.messages import OpenClause, OpenQuote
from widgets.briefing_header import BriefingHeader
from widgets.search_results import SearchResults


class SearchScreen(Screen[None]):
    """Search over clause titles and wordings, quote texts and speakers."""

    HELP_NAME = "search"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down", "move(1)", "Next hit", show=False, id="search.next"),
        Binding("up", "move(-1)", "Previous hit", show=False, id="search.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="search.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="search.page_up"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield Input(
            value=self.session.last_query,
            placeholder="search clauses, quotes, speakers…",
            id="query",
            compact=True,
        )
        yield SearchResults(id="results")
        yield Footer()

    def on_mount(self) -> None:
        session = self.session
        view = session.view
        self.query_one(BriefingHeader).show(view.title, view.updated, session.origin, session.as_of)
        self.run_search(self.session.last_query)
        self.query_one(Input).focus()

    def run_search(self, query: str) -> None:
        session = self.session
        hits = session.search.search(query)
        label = session.filter_label()
        if label:  # a filter narrows the search too: clauses it keeps, quotes about them
            kept = {clause.id for clause in session.shown_clauses()}
            quotes = session.index.quotes
            hits = [
                hit
                for hit in hits
                if (hit.entry.kind == "clause" and hit.entry.ident in kept)
                or (
                    hit.entry.kind == "quote" and kept.intersection(quotes[hit.entry.ident].clauses)
                )
            ]
        results = self.query_one(SearchResults)
        results.show(hits, query)
        clauses = sum(1 for hit in hits if hit.entry.kind == "clause")
        title = (
            f"{clauses} clause{'s' if clauses != 1 else ''}, "
            f"{len(hits) - clauses} quote{'s' if len(hits) - clauses != 1 else ''}"
            if query.strip()
            else "Search"
        )
        results.border_title = Content(title + (f" · filter: {label}" if label else ""))
        session.last_query = query

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
        self.dismiss(None)
