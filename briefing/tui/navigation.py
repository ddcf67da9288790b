"""Moving between screens: back to the screen of a kind on the stack or a new one, back to
the main screen, a clause's page in place of the page in front. The App's actions and
messages decide where to go (`briefing.tui.app`); this is how the stack gets there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
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
