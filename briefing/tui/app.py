"""The Textual App: builds the services, publishes the session's changes as signals, holds
the global keys, moves between screens and refreshes the feed on its timer. What a
screen does is on that screen (`briefing.screens`); what the app does without Textual
is in `briefing.services`."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from briefing.disk.config import Config
from briefing.disk.paths import UserDirs, user_dirs
from briefing.feed.targets import FeedRef
from briefing.format.collector import release_start
from briefing.format.dates import moment_label
from briefing.screens.app_keys import APP_BINDINGS
from briefing.screens.base import BriefingScreen, export_brief, worker_done
from briefing.screens.keymap import known_keymap
from briefing.screens.main import MainScreen
from briefing.screens.messages import (
    MainReady,
    MarkSeen,
    OpenClause,
    OpenMatrix,
    OpenOverview,
    OpenQuote,
)
from briefing.services.analyst import Analyst
from briefing.services.control import FeedControl, failure_text
from briefing.services.desk import Desk
from briefing.services.session import Change, Session
from briefing.services.startup import Startup
from briefing.tui import logs, look, terminal
from briefing.tui.driver import TerminalDriver
from briefing.tui.keeper import NotesKeeper
from briefing.tui.navigation import Navigator
from briefing.tui.palette import BriefingCommands
from briefing.tui.refresher import Refresher
from briefing.tui.typeahead import TypeAhead
from briefing.widgets import too_small

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


class BriefingApp(App[None]):
    """A live briefing on a negotiation, driven by keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)  # screens/app_keys.py

    def __init__(
        self,
        session: Session,
        *,
        theme: str | Sequence[tuple[str | None, str]] | None = None,
        startup: Startup | None = None,
        dirs: UserDirs | None = None,
    ) -> None:
        super().__init__(ansi_color=look.ansi_color(os.environ))
        self.config = startup.config if startup else Config()
        look.settle(self, os.environ, animations=self.config.animations)
        # Said on mount: the start's notes, unknown themes passed over, unknown [keys] ids.
        self._notes = [*(startup.notes if startup else []), *look.choose_theme(self, theme)]
        self.keymap, keys_warning = known_keymap(type(self), self.config.keys)  # by binding id
        self._notes.append(keys_warning)
        self.clipboard_works = terminal.clipboard_works(os.environ)
        self.session = session
        self.dirs = dirs or user_dirs()
        self.feeds = FeedControl(session, self.config, self.dirs)
        self.analyst = Analyst(session, self.dirs)
        self.desk = Desk(session, self.config, self.dirs)
        self.keeper = NotesKeeper(self, self.analyst)
        self.refresher = Refresher(self)
        self.navigator = Navigator(self)
        self.typeahead = TypeAhead(self, lambda event: App.on_event(self, event))
        self.view_changed: Signal[Session] = Signal(self, "view_changed")
        self.marks_changed: Signal[Session] = Signal(self, "marks_changed")
        self.feed_changed: Signal[Session] = Signal(self, "feed_changed")
        self._signals = {"view": self.view_changed, "marks": self.marks_changed}
        self._bound_feed: FeedRef | None = None  # the feed the keys were last shown for
        session.listen(self._publish)
        if startup is not None and isinstance(startup.target, FeedRef):
            session.show_feed(startup.target, startup.copy)
        self._main: MainScreen | None = None
        self._told: set[str] = set()
        self._log_handler: logging.Handler | None = None
        # Several feeds and none chosen (no default_feed, no --feed): start on the desk.
        self._desk_first = bool(startup and startup.target is None and startup.config.feeds)

    def _publish(self, change: Change) -> None:
        self._signals.get(change, self.feed_changed).publish(self.session)
        if change == "feed" and self.session.feed is not self._bound_feed:
            self._bound_feed = self.session.feed  # not at every chunk of a download
            self.refresh_bindings()  # r, c, n show only with a feed (`offers`)

    def get_driver_class(self) -> type[Driver]:
        """In a Unix terminal, `TerminalDriver` (a signal or a hang-up ends the app as q does)."""
        found = super().get_driver_class()
        return TerminalDriver if found is LinuxDriver else found

    def get_default_screen(self) -> Screen[None]:
        self._main = MainScreen(self.session)
        return self._main

    @property
    def main_screen(self) -> MainScreen:
        assert self._main is not None, "the app has not started"
        return self._main

    def get_css_variables(self) -> dict[str, str]:
        return look.css_variables(self, super().get_css_variables())

    def on_mount(self) -> None:
        self._log_handler = logs.attach()
        look.start(self)
        self.warn(*self._notes, timeout=10)
        if self.keymap:
            self.set_keymap(self.keymap)

    def on_resize(self, event: events.Resize) -> None:
        too_small.fit(self, event.size.width, event.size.height)

    def offers(self, action: str) -> bool:
        """The key bar shows the feed's keys only with a feed; pressed without one, they say
        why (`FeedControl.absent`)."""
        return action not in ("refresh", "changes", "next_change") or self.session.feed is not None

    async def on_event(self, event: events.Event) -> None:
        """Textual's, but a key from the terminal waits while the one before it is on its
        way and the screen it opened is not ready for keys (`typeahead`)."""
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif not event.is_forwarded:
            await self.typeahead.key(event)
        else:  # a key come up to the App: its binding acts here
            await super().on_event(event)
            self.typeahead.arrived(event)

    def on_main_ready(self, _message: MainReady) -> None:
        # The start is over once this frame is drawn: the collector runs again (`entry`).
        self.call_after_refresh(release_start)
        if self.keeper.started():  # not when a signal came first
            self.run_worker(self.begin(), group="start", exit_on_error=False)
            if self._desk_first:
                self._desk_first = False
                self.action_feeds()

    async def begin(self) -> None:
        """The notes, then the feed: in a worker, which quitting cancels wherever it is."""
        await self.keeper.load()
        await self.refresher.start()

    # -- moving between screens ---------------------------------------------------------

    def pop_to_main(self) -> None:
        self.navigator.pop_to_main()

    def open_clause(self, clause_id: str, quote_id: str | None = None) -> None:
        self.navigator.open_clause(clause_id, quote_id)

    def on_open_clause(self, message: OpenClause) -> None:
        self.open_clause(message.clause_id, message.quote_id)

    def on_open_quote(self, message: OpenQuote) -> None:
        self.navigator.open_quote(message.quote_id, standalone=message.standalone)

    def on_open_overview(self, message: OpenOverview) -> None:
        self.navigator.overview(at=message.at)

    def on_open_matrix(self, message: OpenMatrix) -> None:
        self.pop_to_main()
        self.action_matrix(message.party_id)

    def action_matrix(self, party_id: str | None = None) -> None:
        self.navigator.matrix(party_id)

    def action_help(self) -> None:
        self.navigator.help()

    def action_search(self) -> None:
        self.navigator.search()

    def action_overview(self) -> None:
        self.navigator.overview(toggle=True)

    def action_changes(self) -> None:
        if self._fed("No changes to list"):
            self.navigator.changes()

    def action_timeline(self) -> None:
        self.navigator.timeline()

    def action_notes(self) -> None:
        self.navigator.notes()

    def action_export(self) -> None:
        """e, or the palette: what the screen in front exports (a clause page: its clause)."""
        screen = self.screen
        if isinstance(screen, BriefingScreen):
            screen.export_brief(screen.export_clause())
        else:
            export_brief(self)

    def action_as_of(self) -> None:
        self.navigator.as_of(self.set_as_of)

    def action_live(self) -> None:
        self.set_as_of(None)

    def set_as_of(self, moment: datetime | bool | None) -> None:
        """View the briefing as of `moment`, live when None (False: the prompt was cancelled)."""
        if moment is not False:
            moment = moment if isinstance(moment, datetime) else None
            self.pop_to_main()
            self.session.set_as_of(moment)
            when = f"as of {moment_label(moment)}" if moment else "live (as of now)"
            self.say(f"Showing the briefing {when}.")

    def action_next_change(self, delta: int) -> None:
        if self._fed("No change to jump to"):
            self.pop_to_main()
            if not self.main_screen.jump_to_unseen(delta):
                self.say("No unseen change.")

    # -- the feed ------------------------------------------------------------------------

    def start_refresh(self, *, force: bool) -> None:
        self.refresher.refresh(force=force)

    def action_refresh(self) -> None:
        if self._fed("Nothing to refresh"):
            self.refresher.refresh(force=True)

    def _fed(self, first: str) -> bool:
        """Whether the briefing comes from a feed; if not, why a feed's key cannot act."""
        absent = self.feeds.absent(first)
        self.say(absent)
        return absent is None

    def action_feeds(self) -> None:
        """The desk (several briefings at a glance); with no feed configured, why not."""
        if absent := self.desk.absent():
            self.say(absent)
        else:
            self.navigator.desk(self.desk, self._switch)

    def _switch(self, name: str | None) -> None:
        if name is not None:
            self.refresher.switch(self.desk.target(name))

    def on_mark_seen(self, message: MarkSeen) -> None:
        self.refresher.mark_seen(message.keys)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """As every screen's (`worker_done`); a refresh's failure is the feed's."""
        error = event.worker.error
        if event.worker.group == "refresh" and event.state == WorkerState.ERROR and error:
            self.notify(failure_text(error), markup=False, severity="error")
        else:
            worker_done(self, event)

    def say(self, text: str | None, timeout: float | None = None) -> None:
        if text:
            self.notify(text, markup=False, timeout=timeout)

    def warn(self, *texts: str | None, timeout: float | None = None) -> None:
        for text in filter(None, texts):
            self.notify(text, markup=False, severity="warning", timeout=timeout)

    def tell_once(self, about: str, text: str | None) -> None:
        """A warning that stays on screen a while, given once per run for what it is `about`."""
        if text and about not in self._told:
            self._told.add(about)
            self.warn(text, timeout=20)

    # -- the analyst's notes -----------------------------------------------------------------

    def edit_note(self, key: str, title: str) -> None:
        self.keeper.edit(key, title)

    async def action_quit(self) -> None:
        await self.keeper.quit()

    def end_on_signal(self, signum: int) -> None:
        """`TerminalDriver`'s call on a signal, or when the terminal is gone."""
        self.keeper.on_signal(signum)

    async def on_unmount(self) -> None:
        """Ended by an error of its own (not q, not a signal): the notes are rescued all the
        same, and the file named."""
        logs.detach(self._log_handler)
        words = self.keeper.last_words()
        if words and self._driver is not None:  # after the terminal's restore, before the error
            self._driver.write(f"{words}\n")
        await self.feeds.close()
        await self.desk.close()
