"""The main screen: clauses, positions and quotes on the highlighted one, the countdown."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from briefing.session import Session
from screens.messages import MainReady, MarkSeen, OpenClause, OpenQuote
from widgets.briefing_header import BriefingHeader
from widgets.cells import clip
from widgets.clause_list import ClauseList
from widgets.countdown import Countdown
from widgets.feed_status import FeedStatus
from widgets.positions_pane import PositionsPane
from widgets.quotes_pane import QuotesPane

DWELL = 1.5
"""Seconds on a row before its changes count as looked at."""


class MainScreen(Screen[None]):
    """Every clause at a glance, with the positions and quotes on the highlighted one."""

    HELP_NAME = "the main screen"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("z", "toggle_maximize", "Zoom pane", show=False, id="main.zoom"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012 (Textual's API)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        with Horizontal(id="body"):
            yield ClauseList(id="clauses")
            with Container(id="side"):
                yield PositionsPane(id="positions")
                yield QuotesPane(id="quotes")
        yield Countdown(self.session.now, live=self.session.live, id="countdown")
        yield FeedStatus(self.session.feed_status, id="feed-status")
        yield Footer()

    def on_mount(self) -> None:
        self._dwell: Timer | None = None
        self.query_one(PositionsPane).glyphs = self.session.glyphs
        self.show_session()
        self.show_feed()
        self.query_one(ClauseList).focus()
        self.post_message(MainReady())

    def feed_status(self) -> FeedStatus:
        return self.query_one(FeedStatus)

    def show_feed(self) -> None:
        """The status line shows only for a briefing that comes from a feed."""
        status = self.feed_status()
        status.display = self.session.feed is not None
        status.refresh()

    def show_session(self) -> None:
        """Redraw everything from the session (after a new snapshot or an as-of change)."""
        session = self.session
        view = session.view
        self.query_one(BriefingHeader).show(view.title, view.updated, session.origin, session.as_of)
        clauses = self.query_one(ClauseList)
        current = clauses.current
        clauses.border_title = Content(f"Clauses ({len(view.clauses)})")
        whole_text = bool(view.positions) or any(not q.clauses for q in view.quotes)
        clauses.show(view.clauses, select=current.id if current else None, whole_text=whole_text)
        self.show_markers()
        if not clauses.rows:
            self._show_clause_panes(None)
        self.query_one(Countdown).show(
            session.index, session.doc.deadlines, session.now, live=session.live
        )

    def show_markers(self) -> None:
        """Mark the rows, parties and quotes with changes not looked at yet."""
        where = self.session.unseen_where()
        clauses = self.query_one(ClauseList)
        clauses.mark(set(where))
        self._show_clause_panes(clauses.current_id)
        self.feed_status().refresh()

    def jump_to_unseen(self, delta: int) -> bool:
        clauses = self.query_one(ClauseList)
        row = clauses.next_marked(delta)
        if row is None:
            return False
        clauses.cursor = row
        clauses.focus()
        return True

    def _unseen_refs(self, clause_id: str | None) -> tuple[set[str], set[str]]:
        """(parties, quotes) with unseen changes on a clause (or the text as a whole)."""
        entries = self.session.unseen_where().get(clause_id, [])
        parties = {e.ref for e in entries if e.ref and e.kind.startswith("position-")}
        quotes = {e.ref for e in entries if e.ref and e.kind == "quote-added"}
        return parties, quotes

    def _show_clause_panes(self, clause_id: str | None) -> None:
        """Positions and quotes on a clause, or (None) on the text as a whole."""
        index = self.session.index
        marked_parties, marked_quotes = self._unseen_refs(clause_id)
        clause = index.clauses.get(clause_id) if clause_id else None
        positions = self.query_one(PositionsPane)
        quotes = self.query_one(QuotesPane)
        if clause is None:
            loose = [q for q in index.doc.quotes if not q.clauses]
            positions.show(index, index.overall_stands(), marked_parties)
            quotes.show(index, loose, marked_quotes)
            positions.border_title = Content("Positions · the text as a whole")
            quotes.border_title = Content(f"Quotes on no single clause ({len(loose)})")
            return
        stands = index.stands_on(clause)
        on_clause = index.quotes_on(clause.id)
        # Border titles are markup when given a str: feed text goes in as Content.
        positions.border_title = Content(f"Positions · {clip(clause.title, 40)}")
        quotes.border_title = Content(f"Quotes ({len(on_clause)})")
        positions.show(index, stands, marked_parties)
        quotes.show(index, on_clause, marked_quotes)

    def on_clause_list_highlighted(self, message: ClauseList.Highlighted) -> None:
        clause_id = message.clause.id if message.clause else None
        self._show_clause_panes(clause_id)
        if self._dwell is not None:
            self._dwell.stop()
        if clause_id in self.session.unseen_where():
            self._dwell = self.set_timer(DWELL, lambda: self._looked_at(clause_id))

    def _looked_at(self, clause_id: str | None) -> None:
        """The analyst stayed on a row long enough to read its panes: its changes are seen."""

        if self.query_one(ClauseList).current_id != clause_id:
            return
        entries = self.session.unseen_where().get(clause_id, [])
        if entries:
            self.post_message(MarkSeen([entry.key for entry in entries]))

    async def on_clause_list_chosen(self, message: ClauseList.Chosen) -> None:
        if message.clause is None:
            await self.app.run_action("overview")
        else:
            self.post_message(OpenClause(message.clause.id))

    async def on_positions_pane_chosen(self, _message: PositionsPane.Chosen) -> None:
        clause = self.query_one(ClauseList).current
        if clause is None:
            await self.app.run_action("overview")
        else:
            self.post_message(OpenClause(clause.id))

    def on_quotes_pane_chosen(self, message: QuotesPane.Chosen) -> None:
        clause = self.query_one(ClauseList).current
        if clause is not None:
            self.post_message(OpenClause(clause.id, message.quote.id))
        else:
            self.post_message(OpenQuote(message.quote.id))

    def current_clause_id(self) -> str | None:
        return self.query_one(ClauseList).current_id

    def select_clause(self, clause_id: str) -> None:
        self.query_one(ClauseList).select_id(clause_id)

    def action_toggle_maximize(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused, container=False)
