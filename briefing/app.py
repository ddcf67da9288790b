"""The Textual app: wires the session to the screens, the global keys and the palette."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from briefing.analyst import Analyst
from briefing.config import Config
from briefing.dates import moment_label
from briefing.feedcontrol import FeedControl, failure_text
from briefing.feeds import FeedRef
from briefing.model import Clause
from briefing.palette import BriefingCommands
from briefing.paths import UserDirs, user_dirs
from briefing.session import Session
from briefing.startup import Startup
from briefing.storage import StorageError
from screens.as_of import AsOfScreen
from screens.changes import ChangesScreen
from screens.detail import ClauseDetailScreen
from screens.export import ExportScreen
from screens.feeds import BUNDLED, FeedPickerScreen
from screens.help import HelpScreen
from screens.main import MainScreen
from screens.matrix import MatrixScreen
from screens.messages import (
    CopyWithCitation,
    EditNote,
    ExportBrief,
    MainReady,
    MarkSeen,
    OpenClause,
    OpenMatrix,
    OpenQuote,
    ToggleFlag,
)
from screens.note import NoteScreen
from screens.notes import NotesScreen
from screens.overview import OverviewScreen
from screens.quote import QuoteScreen
from screens.search import SearchScreen
from screens.timeline import TimelineScreen

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
        theme: str | None = None,
        startup: Startup | None = None,
        dirs: UserDirs | None = None,
    ) -> None:
        super().__init__()
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

    def on_mount(self) -> None:
        if self._theme_name:
            self.theme = self._theme_name
        for note in self._notes:
            self.notify(note, markup=False, severity="warning", timeout=10)
        if self.config.keys:
            self._apply_keys(self.config.keys)

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
        await self._load_notes()
        await self._start_feed()

    async def _load_notes(self) -> None:
        """Read the analyst's notes and flags on the briefing on screen."""
        note = await self.analyst.load()
        if note:
            self.notify(note, markup=False, severity="warning")
        self.main_screen.show_markers()

    async def on_unmount(self) -> None:
        await self.feeds.close()

    # -- the feed ----------------------------------------------------------------------

    async def _start_feed(self) -> None:
        """Show the feed's change log at once, refresh it now, and then on its timer."""
        self.refresh_bindings()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        feed = self.session.feed
        self.main_screen.show_feed()
        if feed is None:
            return
        note = await self.feeds.load_changelog()
        if note:
            self.notify(note, markup=False, severity="warning")
        self.main_screen.show_session()
        self.start_refresh(force=False)
        if feed.refresh > 0:
            self._timer = self.set_interval(feed.refresh, lambda: self.start_refresh(force=False))

    def start_refresh(self, *, force: bool) -> None:
        """Refresh in a worker, unless one is already under way (never two requests at once)."""
        if self.session.feed is None or (self.session.as_of is not None and not force):
            return
        if any(w.group == "refresh" and not w.is_finished for w in self.workers):
            if force:
                self.notify("Already refreshing…", markup=False, timeout=2)
            return
        self.run_worker(self._refresh(force), group="refresh", exit_on_error=False)

    async def _refresh(self, force: bool) -> None:
        status = self.main_screen.feed_status()
        status.start()
        old_doc = self.session.doc
        try:
            result = await self.feeds.refresh(force=force, progress=status.progress)
        finally:
            status.done(failed=self.session.outcome == "failed")
        if self.session.doc is not old_doc:
            if self.session.notebook is None or old_doc.id != self.session.doc.id:
                await self._load_notes()
            self.main_screen.show_session()
            found = len(result.differences)
            if found:
                self.notify(
                    f"{found} change{'s' if found != 1 else ''} in the briefing — "
                    "press n to go through them, c to list them",
                    markup=False,
                )
        elif force and not result.ok:
            self.notify(result.message, markup=False, severity="warning")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for worker failures: a line in the status bar, never a traceback."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.session.outcome = "failed"
            self.main_screen.feed_status().done(failed=True)
            self.notify(failure_text(event.worker.error), markup=False, severity="error")

    def action_refresh(self) -> None:
        self.start_refresh(force=True)

    def action_feeds(self) -> None:
        current = self.session.feed.name if self.session.feed else None
        self.push_screen(FeedPickerScreen(self.config.feeds, current), callback=self._switch)

    def _switch(self, name: str | None) -> None:
        if name is None:
            return
        feed = self.config.feed(name) if name != BUNDLED else None
        target = FeedRef(feed.name, feed.url, feed.refresh) if feed else None
        self.workers.cancel_group(self, "refresh")
        self.run_worker(self._switch_to(target), group="switch")

    async def _switch_to(self, target: FeedRef | None) -> None:
        self._pop_to_main()
        for note in await self.feeds.switch(target):
            self.notify(note, markup=False, severity="warning")
        self.session.clause_filter = None
        await self._load_notes()
        self.main_screen.show_session()
        await self._start_feed()

    # -- the analyst's own work ---------------------------------------------------------

    def on_toggle_flag(self, message: ToggleFlag) -> None:
        self.run_worker(self._toggle_flag(message.clause_id), group="flag")

    async def _toggle_flag(self, clause_id: str) -> None:
        try:
            flagged = await self.analyst.toggle_flag(clause_id)
        except StorageError as error:
            self.notify(f"Flag not saved: {error}", markup=False, severity="error")
            return
        title = (
            self.session.index.clauses[clause_id].title
            if clause_id in self.session.index.clauses
            else clause_id
        )
        self.notify(f"{'Flagged' if flagged else 'Unflagged'}: {title}", markup=False, timeout=2)
        await self._refresh_work()

    async def _refresh_work(self) -> None:
        """Redraw what shows notes and flags."""
        self.main_screen.show_session()
        screen = self.screen
        if isinstance(screen, ClauseDetailScreen):
            await screen.refresh_note()
        elif isinstance(screen, QuoteScreen):
            screen.refresh_note()

    def on_edit_note(self, message: EditNote) -> None:
        self.push_screen(
            NoteScreen(self.analyst, message.key, message.title), callback=self._note_closed
        )

    def _note_closed(self, _result: None) -> None:
        self.run_worker(self._refresh_work(), group="work")

    def on_copy_with_citation(self, message: CopyWithCitation) -> None:
        self.run_worker(self._copy(message.text, message.what), group="copy")

    async def _copy(self, text: str, what: str) -> None:
        """OSC 52 to the terminal's clipboard (works over SSH, and in tmux with
        set-clipboard on), and the same text in a file for terminals that cannot take it."""
        if self.clipboard_works:
            self.copy_to_clipboard(text)
        try:
            path = await self.analyst.keep_copy(text)
        except StorageError as error:
            self.notify(f"Copied {what}; could not also save it: {error}", markup=False)
            return
        if self.clipboard_works:
            self.notify(f"Copied {what}. If nothing arrived, it is also in {path}", markup=False)
        else:
            self.notify(f"This terminal has no clipboard: {what} is in {path}", markup=False)

    @property
    def clipboard_works(self) -> bool:
        """OSC 52 is pointless on consoles that ignore it (it would only be noise)."""
        term = os.environ.get("TERM", "").lower()
        return term not in ("linux", "dumb", "vt100", "vt102", "vt220", "cons25")

    def action_export(self) -> None:
        clause = self.screen.clause.id if isinstance(self.screen, ClauseDetailScreen) else None
        self.post_message(ExportBrief(clause))

    def on_export_brief(self, message: ExportBrief) -> None:
        clause = self.session.index.clauses.get(message.clause_id) if message.clause_id else None
        suggested = self.analyst.default_export_path(clause)
        what = f"clause {clause.number} {clause.title}" if clause else "the briefing (this view)"
        self.push_screen(
            ExportScreen(suggested, what),
            callback=lambda path: self._export_to(path, clause),
        )

    def _export_to(self, path: Path | None, clause: Clause | None) -> None:
        if path is not None:
            self.run_worker(self._write_export(path, clause), group="export")

    async def _write_export(self, path: Path, clause: Clause | None) -> None:
        text = self.analyst.export_text(clause)
        try:
            await self.analyst.export(path, text)
        except StorageError as error:
            self.notify(f"Export failed: {error}", markup=False, severity="error")
            return
        self.notify(f"Wrote {path}", markup=False)

    def action_timeline(self) -> None:
        if not self._return_to(TimelineScreen):
            self.push_screen(TimelineScreen(self.session))

    def action_notes(self) -> None:
        if not self._return_to(NotesScreen):
            self.push_screen(NotesScreen(self.session))

    def action_changes(self) -> None:
        if not self._return_to(ChangesScreen):
            self.push_screen(ChangesScreen(self.session))

    def action_next_change(self, delta: int) -> None:
        self._pop_to_main()
        if not self.main_screen.jump_to_unseen(delta):
            self.notify("No unseen change.", markup=False)

    def on_mark_seen(self, message: MarkSeen) -> None:
        self.run_worker(self._mark_seen(message.keys), group="seen")

    async def _mark_seen(self, keys: list[str]) -> None:
        note = await self.feeds.mark_seen(keys)
        if note:
            self.notify(note, markup=False, severity="warning")
        self.main_screen.show_markers()
        if isinstance(self.screen, ChangesScreen):
            self.screen.show_changes()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Feed keys show only when there is a feed (and the feed picker when there are feeds)."""
        if action in ("refresh", "changes", "next_change"):
            return self.session.feed is not None
        if action == "feeds":
            return bool(self.config.feeds)
        return True

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
        quote = self.session.index.quotes.get(message.quote_id)
        if quote is None:
            return
        if quote.clauses and not message.standalone:
            self.open_clause(quote.clauses[0], quote.id)
        else:
            self.push_screen(QuoteScreen(self.session, quote))

    # -- actions ---------------------------------------------------------------------

    def action_help(self) -> None:
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

    def on_open_matrix(self, message: OpenMatrix) -> None:
        self._pop_to_main()
        current = self.main_screen.current_clause_id()
        self.push_screen(
            MatrixScreen(self.session, current, party_id=message.party_id),
            callback=self._back_from_detail,
        )

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
            self.notify(f"Showing the briefing as of {moment_label(moment)}.", markup=False)


def binding_ids() -> set[str]:
    """Every binding id of the app, its screens and widgets (what [keys] may remap)."""
    from widgets.changes_list import ChangesList
    from widgets.clause_list import ClauseList
    from widgets.line_list import LineList
    from widgets.matrix import PositionsMatrix
    from widgets.reading import ReadingPane

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
