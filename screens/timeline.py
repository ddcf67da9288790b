"""The timeline screen: what happened when, for all parties or one; honours as-of."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content

from briefing.reading.timeline import for_party, timeline
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import OpenClause, OpenOverview, OpenQuote
from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.timeline_list import TimelineList


class TimelineScreen(BriefingScreen[None]):
    """Everything dated in the briefing, oldest first; `p` steps through the parties."""

    HELP_NAME = "the timeline"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="timeline.back"),
        Binding("p", "party(1)", "Next party", id="timeline.next_party"),
        Binding("P", "party(-1)", "Previous party", show=False, id="timeline.previous_party"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.parties: list[str | None] = [None]
        self.party_at = 0
        self._read()

    def _read(self) -> None:
        """The entries of the view, and the parties they involve (the one shown kept)."""
        session = self.session
        shown = self.parties[self.party_at]
        self.all = timeline(session.index)
        involved = {p for entry in self.all for p in entry.parties}
        self.parties = [None, *(p.id for p in session.view.parties if p.id in involved)]
        self.party_at = self.parties.index(shown) if shown in self.parties else 0

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield TimelineList(id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_header()
        self.show_entries()
        self.query_one(TimelineList).focus()
        self.follow(view=self._new_view)

    def _new_view(self) -> None:
        self._read()
        self.show_header()
        self.show_entries()

    def show_entries(self) -> None:
        party = self.parties[self.party_at]
        entries = for_party(self.all, party, self.session.index)
        listing = self.query_one(TimelineList)
        listing.show(entries, select=max(len(entries) - 1, 0))  # the latest first in view
        who = self.session.index.parties[party].name if party else "all parties"
        listing.border_title = Content(f"Timeline · {who} ({len(entries)}) · p: next party")

    def action_party(self, delta: int) -> None:
        self.party_at = (self.party_at + delta) % len(self.parties)
        self.show_entries()

    async def on_timeline_list_chosen(self, message: TimelineList.Chosen) -> None:
        entry = message.entry
        if entry.clause_id:
            self.post_message(OpenClause(entry.clause_id, entry.quote_id))
        elif entry.quote_id:
            self.post_message(OpenQuote(entry.quote_id))
        elif entry.item is not None:  # an event or a deadline's change: the overview, at it
            self.post_message(OpenOverview(entry.item))
        else:
            await self.app.run_action("overview")

    def action_back(self) -> None:
        self.dismiss(None)
