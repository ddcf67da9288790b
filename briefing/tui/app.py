"""The Textual app: wires the session to the screens, the global keys and the palette."""

from __future__ import annotations

import contextlib
import os
import signal
import termios
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.filter import NoColor
from textual.screen import Screen
from textual.timer import Timer

from briefing.disk.config import Config
from briefing.disk.paths import UserDirs, user_dirs
from briefing.feed.targets import FeedRef
from briefing.format.dates import moment_label
from briefing.screens.main import MainScreen
from briefing.screens.messages import (
    MainReady,
    OpenMatrix,
)
from briefing.services import shutdown
from briefing.services.analyst import Analyst
from briefing.services.control import FeedControl
from briefing.services.session import Session
from briefing.services.startup import Startup
from briefing.tui.app_feed import FeedActions
from briefing.tui.app_work import WorkActions
from briefing.tui.palette import BriefingCommands
from briefing.widgets.too_small import TooSmall, too_small

# Screens other than the main one are imported when first opened: start-up paints sooner.

ANSI_THEME = "ansi-dark"


def colour_off(env: Mapping[str, str]) -> bool:
    """NO_COLOR set (to anything), or a terminal that announces no colour at all."""
    return "NO_COLOR" in env or env.get("TERM", "").lower() in ("dumb", "unknown")


NO_COLOR_STYLES = {
    "block-cursor-text-style": "bold underline",
    "block-cursor-blurred-text-style": "underline",
    "input-cursor-text-style": "reverse",
    "button-focus-text-style": "reverse bold",
}
"""Under NO_COLOR the cursor rows show by underline (Textual's visual styles drop reverse)
and the text cursor by reverse video, not by colour."""


class BriefingApp(FeedActions, WorkActions):
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
        Binding("o", "overview", "Overview", show=False, id="app.overview"),
        Binding("r", "refresh", "Refresh", id="app.refresh"),
        Binding("n", "next_change(1)", "Next change", show=False, id="app.next_change"),
        Binding("N", "next_change(-1)", "Previous change", show=False, id="app.previous_change"),
        Binding("c", "changes", "Changes", show=False, id="app.changes"),
        Binding("b", "feeds", "Briefings", show=False, id="app.feeds"),
        Binding("t", "timeline", "Timeline", show=False, id="app.timeline"),
        Binding("e", "export", "Export", show=False, id="app.export"),
    ]

    def __init__(
        self,
        session: Session,
        *,
        theme: str | Sequence[tuple[str | None, str]] | None = None,
        startup: Startup | None = None,
        dirs: UserDirs | None = None,
    ) -> None:
        # NO_COLOR: Textual's default turns colours to greys (still colour codes); with
        # ansi_color it drops them instead, leaving the terminal's own colours. TERM=dumb
        # announces no colour either: the same, though Textual looks only at NO_COLOR.
        colourless = colour_off(os.environ)
        super().__init__(ansi_color=True if colourless else None)
        if colourless and not self.no_color:
            self.no_color = True
            self._filters.append(NoColor())
        self.session = session
        self._theme_name = theme
        self.config = startup.config if startup else Config()
        self._notes = list(startup.notes) if startup else []
        if startup is not None and isinstance(startup.target, FeedRef):
            session.feed, session.copy = startup.target, startup.copy
        self.dirs = dirs or user_dirs()
        self.feeds = FeedControl(session, self.config, self.dirs)
        self.analyst = Analyst(session, self.dirs)
        self._timer: Timer | None = None

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; in a Unix terminal, one that also ends the app
        the way q does on a signal or when the terminal hangs up (`TerminalDriver`)."""
        found = super().get_driver_class()
        return TerminalDriver if found is LinuxDriver else found

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._pick_theme()
        for note in self._notes:
            self.notify(note, markup=False, severity="warning", timeout=10)
        if self.config.keys:
            self._apply_keys(self.config.keys)

    # -- a terminal too small for the app ---------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self._check_size(*self.size)

    def _check_size(self, width: int, height: int) -> None:
        """Below the minimum size every screen shows only 'Terminal too small: W×H'."""
        small = too_small(width, height)
        self.set_class(small, "-too-small")
        if not small:
            # Hiding a screen's widgets takes their focus (when the layout is next
            # refreshed, which may come after a quick grow): give it back after that.
            self.call_after_refresh(self._restore_focus)
            return
        screen = self.screen
        found = screen.query_children(TooSmall)
        if found:
            found.first().show_size(width, height)
        else:
            notice = TooSmall()
            notice.show_size(width, height)
            screen.mount(notice)
        (found.first() if found else notice).remember_focus()

    def _restore_focus(self) -> None:
        if too_small(*self.size):
            return
        for screen in self.screen_stack:
            for notice in screen.query_children(TooSmall):
                notice.restore_focus()

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        if self.no_color:
            variables.update(NO_COLOR_STYLES)
        return variables

    def _pick_theme(self) -> None:
        """The first known theme of `theme=` (a name, or (name, where it came from) pairs in
        order of precedence); an unknown one is reported and the next is tried."""
        choices = self._theme_name
        if isinstance(choices, str):
            choices = [(choices, "--theme")]
        for name, origin in choices or []:
            if not name:
                continue
            if name in self.available_themes:
                self.theme = name
                return
            self._notes.append(f"Unknown theme {name!r} ({origin}); using the next choice")

    def _apply_keys(self, keys: dict[str, str]) -> None:
        """Remap bindings by id from config.toml's [keys]; unknown ids are reported."""
        known = binding_ids()
        unknown = sorted(set(keys) - known)
        if unknown:
            self.notify(
                f"config.toml [keys]: no binding is called {', '.join(unknown)} "
                "(press ? to see the id of every key)",
                markup=False,
                severity="warning",
            )
        self.set_keymap({ident: value for ident, value in keys.items() if ident in known})

    async def on_main_ready(self, _message: MainReady) -> None:
        if not self.started():
            return
        await self._load_notes()
        if not self.main_screen.closing:  # q pressed while the notes were read
            await self._start_feed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Feed keys show only when there is a feed (and the feed picker when there are feeds)."""
        if action in ("refresh", "changes", "next_change"):
            return self.session.feed is not None
        if action == "feeds":
            return bool(self.config.feeds)
        return True

    async def on_unmount(self) -> None:
        self.last_rescue()
        await self.feeds.close()

    # -- actions ---------------------------------------------------------------------

    def action_help(self) -> None:
        from briefing.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(
            HelpScreen(
                self.screen.active_bindings,
                getattr(self.screen, "HELP_NAME", type(self.screen).__name__),
                self.session.glyphs,
            )
        )

    def action_search(self) -> None:
        from briefing.screens.search import SearchScreen

        if not self._return_to(SearchScreen):
            self.push_screen(SearchScreen(self.session))

    def action_matrix(self) -> None:
        from briefing.screens.detail import ClauseDetailScreen
        from briefing.screens.matrix import MatrixScreen

        if isinstance(self.screen, MatrixScreen):
            self.screen.action_back()
            return
        if self._return_to(MatrixScreen):
            return
        current = self.main_screen.current_clause_id()
        if isinstance(self.screen, ClauseDetailScreen):
            current = self.screen.clause.id
        self.push_screen(MatrixScreen(self.session, current), callback=self._back_from_detail)

    def on_open_matrix(self, message: OpenMatrix) -> None:
        from briefing.screens.matrix import MatrixScreen

        self._pop_to_main()
        current = self.main_screen.current_clause_id()
        self.push_screen(
            MatrixScreen(self.session, current, party_id=message.party_id),
            callback=self._back_from_detail,
        )

    def action_overview(self) -> None:
        from briefing.screens.overview import OverviewScreen

        if not self._return_to(OverviewScreen):
            self.push_screen(OverviewScreen(self.session))

    def action_as_of(self) -> None:
        from briefing.screens.as_of import AsOfScreen

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
            self.notify(f"Showing the briefing as of {moment_label(moment)}.", markup=False)


class TerminalDriver(LinuxDriver):
    """Textual's Unix terminal driver, and the endings it leaves out (`briefing.services.shutdown`):
    SIGTERM, SIGHUP, SIGINT and SIGQUIT end the app as q does (`end_on_signal`: notes
    written first, then the normal exit, which restores the terminal), and a terminal that
    hangs up is taken for SIGHUP, whether a SIGHUP comes or not, instead of stopping
    Textual's writer or input thread (or leaving the input thread reading end-of-file)."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        assert self._file is not None, "no standard error to draw on"
        self._output = shutdown.SturdyOutput(self._file, self._hung_up)
        self._file = self._output  # type: ignore[assignment]  # what the writer thread writes to
        self._ending = False
        self._watching = threading.Event()
        for signum in shutdown.HANDLED:  # self._loop: the app's, running
            self._loop.add_signal_handler(signum, self.end_on_signal, signum)

    def start_application_mode(self) -> None:
        self._watching = threading.Event()
        shutdown.watch_terminal(self.fileno, self._hung_up, self._watching)
        super().start_application_mode()  # type: ignore[no-untyped-call]  # Textual's own

    def suspend_application_mode(self) -> None:
        """SIGTSTP: as Textual does (Driver.suspend_application_mode), but the signals stay
        handled: one sent while the process is stopped is taken when it continues."""
        self._watching.set()
        self.stop_application_mode()
        super().close()  # LinuxDriver's: the writer thread

    def close(self) -> None:
        self._watching.set()
        for signum in shutdown.HANDLED:
            self._loop.remove_signal_handler(signum)
        super().close()

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:  # EIO: the terminal has hung up
            self._hung_up()

    def _hung_up(self) -> None:
        """From the writer, input or watching thread: the terminal is gone."""
        self._output.dead = True
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the app is over
            self._loop.call_soon_threadsafe(self.end_on_signal, signal.SIGHUP)

    def end_on_signal(self, signum: int) -> None:
        code = shutdown.exit_code(signum)
        if self._ending:
            if signum == signal.SIGHUP and self._output.dead:
                return  # the same hang-up, seen twice
            shutdown.end_now(code, self.restore_now)  # a second signal: the notes are written
        self._ending = True
        if self._output.dead or shutdown.hung_up(self._output.fileno()):
            self._output.dead = True
            shutdown.let_go_of_terminal()
        try:
            end = getattr(self._app, "end_on_signal", None)
            if end is not None:
                end(signum)
            else:
                self._app.exit(return_code=code)
        except Exception:
            self._app.exit(return_code=code)
        finally:  # should the normal exit not be over soon
            shutdown.end_within(shutdown.GRACE, code, self.restore_now)

    def restore_now(self) -> None:
        """The terminal as it was before the app, at once (not through the writer thread)."""
        with contextlib.suppress(OSError, ValueError):
            os.write(self._output.fileno(), shutdown.RESTORE.encode())
        if self.attrs_before is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)


def binding_ids() -> set[str]:
    """Every binding id of the app, its screens and widgets (what [keys] may remap)."""
    from briefing.screens.as_of import AsOfScreen
    from briefing.screens.changes import ChangesScreen
    from briefing.screens.detail import ClauseDetailScreen
    from briefing.screens.export import ExportScreen
    from briefing.screens.feeds import FeedPickerScreen
    from briefing.screens.help import HelpScreen
    from briefing.screens.matrix import MatrixScreen
    from briefing.screens.note import NoteScreen
    from briefing.screens.notes import NotesScreen
    from briefing.screens.overview import OverviewScreen
    from briefing.screens.quote import QuoteScreen
    from briefing.screens.search import SearchScreen
    from briefing.screens.timeline import TimelineScreen
    from briefing.widgets.changes_list import ChangesList
    from briefing.widgets.clause_list import ClauseList
    from briefing.widgets.line_list import LineList
    from briefing.widgets.matrix import PositionsMatrix
    from briefing.widgets.reading import ReadingPane

    owners: list[type[Any]] = [
        *(BriefingApp, MainScreen, ClauseDetailScreen, MatrixScreen, SearchScreen),
        *(OverviewScreen, ChangesScreen, HelpScreen, QuoteScreen, AsOfScreen, FeedPickerScreen),
        *(NoteScreen, ExportScreen, TimelineScreen, NotesScreen),
        *(LineList, ClauseList, PositionsMatrix, ChangesList, ReadingPane),
    ]
    return {
        binding.id
        for owner in owners
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }
