"""What every part of the App shares: the session, the main screen and moving between screens."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from briefing.disk import storage
from briefing.disk.config import Config
from briefing.disk.paths import UserDirs
from briefing.format.model import Clause
from briefing.screens.main import MainScreen
from briefing.screens.messages import MarkSeen, OpenClause, OpenQuote
from briefing.services.analyst import Analyst
from briefing.services.control import FeedControl
from briefing.services.session import Session
from briefing.widgets.clause_list import UNSAVED_MARK


class AppBase(App[None]):
    """The state the App's parts share, and navigation between screens."""

    session: Session
    config: Config
    dirs: UserDirs
    feeds: FeedControl
    analyst: Analyst

    _main: MainScreen | None = None
    _told: frozenset[str] = frozenset()

    def get_default_screen(self) -> Screen[None]:
        self._main = MainScreen(self.session)
        return self._main

    @property
    def main_screen(self) -> MainScreen:
        """The main screen — still there while the app quits (its `closing` is then true and
        its show_* methods do nothing), for work that finishes after an await."""
        assert self._main is not None, "the app has not started"
        return self._main

    # -- navigation ----------------------------------------------------------------

    def open_clause(self, clause_id: str, quote_id: str | None = None) -> None:
        """Show the detail of a clause, on top of the main screen."""
        from briefing.screens.detail import ClauseDetailScreen
        from briefing.screens.help import HelpScreen
        from briefing.screens.quote import QuoteScreen

        if clause_id not in self.session.index.clauses:
            self.notify(f"No clause with id {clause_id!r} in this view.", markup=False)
            return
        while isinstance(self.screen, ClauseDetailScreen | QuoteScreen | HelpScreen):
            self.pop_screen()
        self.main_screen.select_clause(clause_id)
        unseen = self.session.unseen_where().get(clause_id, [])
        if unseen:
            self.post_message(MarkSeen([entry.key for entry in unseen]))
        self.push_screen(
            ClauseDetailScreen(self.session, self._stepping(clause_id), clause_id, quote_id),
            callback=self._back_from_detail,
        )

    def _stepping(self, clause_id: str) -> list[Clause]:
        """The clauses [ and ] step through: the filtered list, when it holds this clause."""
        shown = self.session.shown_clauses()
        if any(clause.id == clause_id for clause in shown):
            return shown
        return self.session.view.clauses

    def _back_from_detail(self, clause_id: str | None) -> None:
        if clause_id:
            self.main_screen.select_clause(clause_id)

    def _pop_to_main(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _return_to(self, kind: type[Screen[Any]]) -> bool:
        """Pop back to a screen of `kind` already on the stack; False when there is none."""
        if not any(isinstance(screen, kind) for screen in self.screen_stack):
            return False
        while not isinstance(self.screen, kind):
            self.pop_screen()
        return True

    def on_open_clause(self, message: OpenClause) -> None:
        self.open_clause(message.clause_id, message.quote_id)

    def on_open_quote(self, message: OpenQuote) -> None:
        from briefing.screens.quote import QuoteScreen

        quote = self.session.index.quotes.get(message.quote_id)
        if quote is None:
            return
        if quote.clauses and not message.standalone:
            self.open_clause(quote.clauses[0], quote.id)
        else:
            self.push_screen(QuoteScreen(self.session, quote))

    async def _load_notes(self) -> None:
        """Read the analyst's notes and flags on the briefing on screen; say (once) when
        they could not be saved."""
        note = await self.analyst.load()
        if note:
            self.notify(note, markup=False, severity="warning")
        self.main_screen.show_markers()
        problem = await self.analyst.notes_problem()
        if problem:
            self.tell_once(
                "notes",
                f"Notes cannot be saved ({problem}): notes you write are kept in memory only, "
                f"marked {UNSAVED_MARK} NOT SAVED, until the disk takes them.",
            )

    def tell_lock_warning(self) -> None:
        """Say (once) that file locks do not work where the app writes (NFS)."""
        warning = storage.lock_warning()
        if warning:
            self.tell_once("locks", warning[0].upper() + warning[1:] + ".")

    def tell_once(self, about: str, text: str) -> None:
        """A warning that stays on screen a while, given once per run for what it is `about`."""
        if about in self._told:
            return
        self._told = self._told | {about}
        self.notify(text, markup=False, severity="warning", timeout=20)
