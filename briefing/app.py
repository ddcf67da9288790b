"""The Textual app: wires the session to the screens, the global keys and the palette."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from briefing.palette import BriefingCommands
from briefing.session import Session
from screens.as_of import AsOfScreen
from screens.detail import ClauseDetailScreen
from screens.help import HelpScreen
from screens.main import MainScreen
from screens.matrix import MatrixScreen
from screens.messages import OpenClause, OpenQuote
from screens.overview import OverviewScreen
from screens.quote import QuoteScreen
from screens.search import SearchScreen

ANSI_THEME = "ansi-dark"


class BriefingApp(App[None]):
    """A live briefing on a negotiation, driven by keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("m", "matrix", "Matrix", id="app.matrix"),
        Binding("a", "as_of", "As of", id="app.as_of"),
        Binding("o", "overview", "Overview", id="app.overview"),
    ]

    def __init__(self, session: Session, *, theme: str | None = None) -> None:
        super().__init__()
        self.session = session
        self._theme_name = theme

    def on_mount(self) -> None:
        if self._theme_name:
            self.theme = self._theme_name

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.session)

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def visible_clauses(self) -> list[str]:
        return [clause.id for clause in self.session.view.clauses]

    # -- navigation ----------------------------------------------------------------

    def open_clause(self, clause_id: str, quote_id: str | None = None) -> None:
        """Show the detail of a clause, on top of the main screen."""
        if clause_id not in self.session.index.clauses:
            self.notify(f"No clause with id {clause_id!r} in this view.", markup=False)
            return
        while isinstance(self.screen, ClauseDetailScreen | QuoteScreen | HelpScreen):
            self.pop_screen()
        self.main_screen.select_clause(clause_id)
        self.push_screen(
            ClauseDetailScreen(self.session, self.session.view.clauses, clause_id, quote_id),
            callback=self._back_from_detail,
        )

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
        quote = self.session.index.quotes.get(message.quote_id)
        if quote is None:
            return
        if quote.clauses:
            self.open_clause(quote.clauses[0], quote.id)
        else:
            self.push_screen(QuoteScreen(self.session, quote))

    # -- actions ---------------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen.active_bindings, type(self.screen).__name__))

    def action_search(self) -> None:
        if not self._return_to(SearchScreen):
            self.push_screen(SearchScreen(self.session))

    def action_matrix(self) -> None:
        if isinstance(self.screen, MatrixScreen):
            self.screen.action_back()
            return
        if self._return_to(MatrixScreen):
            return
        current = self.main_screen.current_clause_id()
        if isinstance(self.screen, ClauseDetailScreen):
            current = self.screen.clause.id
        self.push_screen(MatrixScreen(self.session, current), callback=self._back_from_detail)

    def action_overview(self) -> None:
        if not self._return_to(OverviewScreen):
            self.push_screen(OverviewScreen(self.session))

    def action_as_of(self) -> None:
        if not isinstance(self.screen, AsOfScreen):
            self.push_screen(AsOfScreen(self.session.as_of), callback=self._set_as_of)

    def _set_as_of(self, moment: datetime | bool | None) -> None:
        if moment is False:
            return
        self.set_as_of(moment if isinstance(moment, datetime) else None)

    def action_live(self) -> None:
        self.set_as_of(None)

    def set_as_of(self, moment: datetime | None) -> None:
        """View the briefing as of `moment`, or live when None."""
        self._pop_to_main()
        self.session.set_as_of(moment)
        self.main_screen.show_session()
        if moment is None:
            self.notify("Showing the briefing live (as of now).", markup=False)
        else:
            self.notify(f"Showing the briefing as of {moment.isoformat()}.", markup=False)
