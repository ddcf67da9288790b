"""Changes: everything the feed changed, newest first; Enter opens the clause it is about."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content

from briefing.screens.base import BriefingScreen
from briefing.screens.messages import MarkSeen, OpenClause
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.changes_list import ChangesList
from briefing.widgets.key_bar import KeyBar


class ChangesScreen(BriefingScreen[None]):
    """The changes log of the briefing on screen."""

    HELP_NAME = "the changes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="changes.back"),
        Binding("s", "all_seen", "Mark all seen", id="changes.all_seen"),
    ]

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield ChangesList(id="changes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_header()
        self.show_changes()
        self.follow(view=self.show_header, marks=self.show_changes)
        self.query_one(ChangesList).focus()

    def show_changes(self) -> None:
        log = self.session.changelog
        entries = log.newest_first() if log else []
        seen = log.seen if log else set()
        changes = self.query_one(ChangesList)
        changes.show(entries, seen)
        unseen = sum(1 for entry in entries if entry.key not in seen)
        changes.border_title = Content(f"Changes ({len(entries)}, {unseen} unseen)")

    def action_all_seen(self) -> None:
        log = self.session.changelog
        if log is not None:
            self.post_message(MarkSeen([entry.key for entry in log.changes]))

    def on_changes_list_chosen(self, message: ChangesList.Chosen) -> None:
        entry = message.entry
        self.post_message(MarkSeen([entry.key]))
        if entry.clause_id and entry.clause_id in self.session.index.clauses:
            self.post_message(
                OpenClause(entry.clause_id, entry.ref if entry.kind == "quote-added" else None)
            )
        else:
            self.app.call_later(self.app.run_action, "overview")

    def action_back(self) -> None:
        self.dismiss(None)
