"""Moving between screens: which screen each of the App's keys and messages opens
(`briefing.tui.app` says when), back to the screen of a kind on the stack or a new one,
back to the main screen, a clause's page in place of the page in front.

Each screen is imported where it is opened, when first opened: start-up loads the main
screen only, and adding a screen touches its module and the one place that opens it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen

from briefing.screens.base import BriefingScreen
from briefing.services.session import Session

if TYPE_CHECKING:
    from briefing.services.desk import Desk
    from briefing.tui.app import BriefingApp

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


class Navigator:
    """One per app: how the App's keys and messages move between screens (a screen's own
    Escape dismisses it itself). Back on the main screen, it first catches up on what
    changed while it was covered."""

    def __init__(self, app: BriefingApp) -> None:
        self.app = app

    def show(
        self,
        kind: type[ScreenT],
        make: Callable[[], ScreenT],
        callback: Callable[[Any], None] | None = None,
        *,
        toggle: bool = False,
    ) -> None:
        """Back to the screen of this kind on the stack, or open a new one (`toggle`: the key
        that opens it closes it, as its Escape does)."""
        app = self.app
        if toggle and isinstance(app.screen, kind):
            app.call_next(app.screen.run_action, "back")
        elif any(isinstance(screen, kind) for screen in app.screen_stack):
            while not isinstance(app.screen, kind):
                app.pop_screen()
        else:
            app.push_screen(make(), callback=callback)

    def pop_to_main(self) -> None:
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.main_screen.catch_up()  # what changed while it was covered, before it is read

    def open_clause(self, clause_id: str, quote_id: str | None = None) -> None:
        """Show the detail of a clause, on top of the main screen."""
        app = self.app
        if clause_id not in app.session.index.clauses:
            app.say(f"No clause with id {clause_id!r} in this view.")
            return
        while getattr(app.screen, "LEAF", False):  # a clause, a quote, help: replaced
            app.pop_screen()
        app.main_screen.select_clause(clause_id)
        from briefing.screens.detail import ClauseDetailScreen  # when first opened

        screen = ClauseDetailScreen.of(app.session, clause_id, quote_id)
        app.push_screen(screen, callback=self.back_on_main)

    def back_on_main(self, clause_id: str | None) -> None:
        """A screen closed on a clause: the main screen's cursor goes to it."""
        if clause_id:
            self.app.main_screen.select_clause(clause_id)

    # -- what each key and message opens ----------------------------------------------

    def _open(self, kind: Callable[[Session], ScreenT], *, toggle: bool = True) -> None:
        """A screen that shows the session and nothing else."""
        assert isinstance(kind, type)
        self.show(kind, partial(kind, self.app.session), toggle=toggle)

    def search(self) -> None:
        from briefing.screens.search import SearchScreen

        self._open(SearchScreen, toggle=False)

    def changes(self) -> None:
        from briefing.screens.changes import ChangesScreen

        self._open(ChangesScreen)

    def timeline(self) -> None:
        from briefing.screens.timeline import TimelineScreen

        self._open(TimelineScreen)

    def notes(self) -> None:
        from briefing.screens.notes import NotesScreen

        self._open(NotesScreen)

    def overview(self, at: str | None = None, *, toggle: bool = False) -> None:
        """The overview, at one of its items (`at`); back to the one open if there is."""
        from briefing.screens.overview import OverviewScreen as kind

        app = self.app
        opened = any(isinstance(screen, kind) for screen in app.screen_stack)
        self.show(kind, partial(kind, app.session, at=at), toggle=toggle)
        if at is not None and opened and isinstance(app.screen, kind):
            app.screen.go_to(at)

    def open_quote(self, quote_id: str, *, standalone: bool = False) -> None:
        """A quote on its clause's page (its first clause), or alone if it has none."""
        app = self.app
        quote = app.session.index.quotes.get(quote_id)
        if quote is not None and quote.clauses and not standalone:
            self.open_clause(quote.clauses[0], quote.id)
        elif quote is not None:
            from briefing.screens.quote import QuoteScreen

            app.push_screen(QuoteScreen(app.session, quote))

    def matrix(self, party_id: str | None = None) -> None:
        """The matrix at the clause in front (or the main screen's), `party_id` picked."""
        from briefing.screens.matrix import MatrixScreen

        app = self.app
        screen = app.screen
        current = screen.current_clause_id() if isinstance(screen, BriefingScreen) else None
        current = current or app.main_screen.current_clause_id()
        make = partial(MatrixScreen, app.session, current, party_id=party_id)
        self.show(MatrixScreen, make, self.back_on_main, toggle=True)

    def help(self) -> None:
        from briefing.screens.help import HelpScreen

        app = self.app
        if not isinstance(app.screen, HelpScreen):  # this screen's keys, not help's
            app.push_screen(HelpScreen.of(app.screen, app.session.glyphs))

    def as_of(self, chosen: Callable[[datetime | bool | None], None]) -> None:
        from briefing.screens.as_of import AsOfScreen

        self.show(AsOfScreen, partial(AsOfScreen, self.app.session.as_of), chosen)

    def desk(self, desk: Desk, chosen: Callable[[str | None], None]) -> None:
        from briefing.screens.desk import DeskScreen

        self.show(DeskScreen, partial(DeskScreen, self.app.session, desk), chosen, toggle=True)
