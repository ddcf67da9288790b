"""Changes: everything the feed changed, newest first (by the refresh that brought it);
the highlighted change whole, old → new, in the pane under the list; Enter opens the
clause it is about, or the overview at its deadline, event or document."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.disk.changelog import Logged
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import MarkSeen, OpenClause, OpenOverview
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.cells import PANE_LIMIT
from briefing.widgets.change_card import change_card
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
        with VerticalScroll(id="change-pane", can_focus=False):
            yield Static(id="change-whole")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#change-pane").border_title = "The highlighted change, whole"
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
        self.show_whole(changes.current)

    def show_whole(self, entry: Logged | None) -> None:
        """The highlighted change in full under the list (nothing when there is none)."""
        pane = self.query_one("#change-pane", VerticalScroll)
        pane.display = entry is not None
        if entry is None:
            return
        seen = self.query_one(ChangesList).seen
        card = change_card(entry, unseen=entry.key not in seen, limit=PANE_LIMIT)
        self.query_one("#change-whole", Static).update(card)
        pane.scroll_home(animate=False)

    def on_changes_list_highlighted(self, message: ChangesList.Highlighted) -> None:
        self.show_whole(message.entry)

    def action_all_seen(self) -> None:
        log = self.session.changelog
        unseen = [entry.key for entry in log.changes if entry.key not in log.seen] if log else []
        if unseen:
            self.post_message(MarkSeen(unseen))
        else:
            self.notify("Every change here is seen already.", markup=False)

    def on_changes_list_chosen(self, message: ChangesList.Chosen) -> None:
        entry = message.entry
        if entry.clause_id and entry.clause_id in self.session.index.clauses:
            # Opening the clause marks its changes seen, once its page has taken note of
            # which were new to the analyst.
            self.post_message(
                OpenClause(entry.clause_id, entry.ref if entry.kind == "quote-added" else None)
            )
        else:
            self.post_message(MarkSeen([entry.key]))
            self.post_message(OpenOverview(overview_item(entry)))

    def action_back(self) -> None:
        self.dismiss(None)


def overview_item(entry: Logged) -> str:
    """Where the overview shows a change that is about no clause: its deadline, event or
    document (read from the change's key: `deadline:ID:…`, `event-added:ID`,
    `document-added:ID`); a position on the text as a whole, the positions."""
    head, _, rest = entry.key.partition(":")
    if entry.kind.startswith("deadline-"):
        return f"deadline:{rest.partition(':')[0]}"
    if head in ("event-added", "document-added"):
        return f"{head.removesuffix('-added')}:{rest}"
    return "stands" if entry.kind.startswith("position-") else "summary"
