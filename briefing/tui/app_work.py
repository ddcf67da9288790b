"""The App's handling of the analyst's own work: flags, notes, copying, exporting."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.timer import Timer

from briefing.disk.storage import StorageError
from briefing.format.model import Clause
from briefing.screens.messages import CopyWithCitation, EditNote, ExportBrief, ToggleFlag
from briefing.services import shutdown
from briefing.services.analyst import RETRY_AFTER, Rescue
from briefing.tui.app_base import AppBase
from briefing.widgets.clause_list import UNSAVED_MARK

# Screens are imported when first opened (start-up paints sooner).


class WorkActions(AppBase):
    """Keys f, y, e, t, n (in a detail or a quote) and their messages."""

    def on_toggle_flag(self, message: ToggleFlag) -> None:
        self.run_worker(self._toggle_flag(message.clause_id), group="flag", exit_on_error=False)

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
        from briefing.screens.detail import ClauseDetailScreen
        from briefing.screens.quote import QuoteScreen

        self.main_screen.show_session()
        screen = self.screen
        if isinstance(screen, ClauseDetailScreen):
            await screen.refresh_note()
        elif isinstance(screen, QuoteScreen):
            screen.refresh_note()

    def on_edit_note(self, message: EditNote) -> None:
        from briefing.screens.note import NoteScreen

        self.push_screen(
            NoteScreen(self.analyst, message.key, message.title), callback=self._note_closed
        )

    def _note_closed(self, _result: None) -> None:
        unsaved = self.session.unsaved
        if unsaved and self._unsaved_timer is None:
            self.notify(
                f"{_notes(len(unsaved))} not saved (marked {UNSAVED_MARK}): kept in memory and "
                f"saved as soon as the disk allows (tried every {RETRY_AFTER:.0f} s).",
                markup=False,
                severity="warning",
                timeout=10,
            )
            self._unsaved_timer = self.set_interval(RETRY_AFTER, self._retry_unsaved_soon)
        self.run_worker(self._refresh_work(), group="work", exit_on_error=False)

    # -- notes the disk refused --------------------------------------------------------

    _unsaved_timer: Timer | None = None
    _quit_armed: bool = False
    _rescued: bool = False
    """The notes have had their last chance (q, or a signal): not again as the app ends."""
    _started: bool = False
    """The main screen is set up (MainReady)."""
    _exit_when_started: tuple[int, Text | None] | None = None

    def _retry_unsaved_soon(self) -> None:
        self.run_worker(self._retry_unsaved(), group="unsaved", exclusive=True, exit_on_error=False)

    async def _retry_unsaved(self) -> None:
        """Save the notes the disk refused (not one open in the editor: it retries itself)."""
        from briefing.screens.note import NoteScreen

        editing = {self.screen.key} if isinstance(self.screen, NoteScreen) else set()
        saved, _error = await self.analyst.retry_unsaved(skip=editing)
        if saved:
            left = len(self.session.unsaved)
            more = f"; {_notes(left)} still not saved" if left else ""
            self.notify(
                f"Saved {_notes(len(saved))} that the disk had refused{more}.",
                markup=False,
            )
            await self._refresh_work()
        if not self.session.unsaved and self._unsaved_timer is not None:
            self._unsaved_timer.stop()
            self._unsaved_timer = None

    async def action_quit(self) -> None:
        """Quit; notes the disk refused are tried once more, else written to a file in the
        data dir (named on exit), else q must be pressed again to leave them."""
        from briefing.screens.note import NoteScreen

        if isinstance(self.screen, NoteScreen):
            await self.screen.action_close()
        if self.session.unsaved:
            await self.analyst.retry_unsaved()
        count = len(self.session.unsaved)
        if not count:
            self._rescued = True
            self.exit()
            return
        try:
            path = await self.analyst.write_emergency()
        except StorageError as error:
            if self._quit_armed:
                self._rescued = True
                self.exit(
                    return_code=1,
                    message=Text(f"briefing: {_notes(count)} lost: could not be saved ({error})"),
                )
                return
            self._quit_armed = True
            self.notify(
                f"{_notes(count)} could not be saved anywhere ({error}). Free some space and "
                "wait, or press q again to quit and lose "
                f"{'it' if count == 1 else 'them'}.",
                markup=False,
                severity="error",
                timeout=30,
            )
            return
        self._rescued = True
        self.exit(return_code=1, message=Text(f"briefing: {_refused(count, path)}"))

    def end_on_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP (or the terminal gone), SIGINT, SIGQUIT: what q does, without
        asking. The editor's text and every note the disk refused are written at once,
        blocking (the notebook when it takes them, else an unsaved-notes file: nothing here
        needs the terminal, which may be gone), then the app quits the normal way, which
        restores the terminal. `TerminalDriver` calls this, and ends the process should the
        quitting not be over soon."""
        from briefing.screens.note import NoteScreen

        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen):
                text = screen.unsaved_text()
                if text is not None:
                    self.session.unsaved[(self.session.doc.id, screen.key)] = text
        rescue = self.analyst.rescue() if self.session.unsaved else Rescue(0, 0)
        self._rescued = True
        why = f"briefing: ended by {shutdown.signal_name(signum)}"
        message = None
        if rescue.path is not None:
            message = Text(f"{why}; {_refused(rescue.left, rescue.path)}")
        elif rescue.left:
            message = Text(
                f"{why}; {_notes(rescue.left)} lost: could not be saved ({rescue.error})"
            )
        if self._started:
            self.exit(return_code=shutdown.exit_code(signum), message=message)
        else:  # quitting now would pull the main screen's widgets from under its set-up
            self._exit_when_started = (shutdown.exit_code(signum), message)

    def started(self) -> bool:
        """On MainReady: False when a signal came first, and the app now quits."""
        self._started = True
        if self._exit_when_started is None:
            return True
        code, message = self._exit_when_started
        self.exit(return_code=code, message=message)
        return False

    def last_rescue(self) -> None:
        """As the app ends, neither by q nor by a signal (an error in its own code): the notes
        not on disk, the open editor's included (it hands them over as it is removed), are
        saved or written to the unsaved-notes file all the same, and the file is named."""
        if self._rescued or not self.session.unsaved:
            return
        self._rescued = True
        rescue = self.analyst.rescue()
        if rescue.path is not None and self._driver is not None:
            # After the terminal's restore (queued before), before the error is printed.
            self._driver.write(f"briefing: {_refused(rescue.left, rescue.path)}\n")

    def on_copy_with_citation(self, message: CopyWithCitation) -> None:
        self.run_worker(self._copy(message.text, message.what), group="copy", exit_on_error=False)

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
        from briefing.screens.detail import ClauseDetailScreen

        clause = self.screen.clause.id if isinstance(self.screen, ClauseDetailScreen) else None
        self.post_message(ExportBrief(clause))

    def on_export_brief(self, message: ExportBrief) -> None:
        clause = self.session.index.clauses.get(message.clause_id) if message.clause_id else None
        suggested = self.analyst.default_export_path(clause)
        what = f"clause {clause.number} {clause.title}" if clause else "the briefing (this view)"
        from briefing.screens.export import ExportScreen

        self.push_screen(
            ExportScreen(suggested, what),
            callback=lambda path: self._export_to(path, clause),
        )

    def _export_to(self, path: Path | None, clause: Clause | None) -> None:
        if path is not None:
            self.run_worker(self._write_export(path, clause), group="export", exit_on_error=False)

    async def _write_export(self, path: Path, clause: Clause | None) -> None:
        text = self.analyst.export_text(clause)
        try:
            await self.analyst.export(path, text)
        except StorageError as error:
            self.notify(f"Export failed: {error}", markup=False, severity="error")
            return
        self.notify(f"Wrote {path}", markup=False)

    def action_timeline(self) -> None:
        from briefing.screens.timeline import TimelineScreen

        if not self._return_to(TimelineScreen):
            self.push_screen(TimelineScreen(self.session))

    def action_notes(self) -> None:
        from briefing.screens.notes import NotesScreen

        if not self._return_to(NotesScreen):
            self.push_screen(NotesScreen(self.session))


def _notes(count: int) -> str:
    return f"{count} note{'s' if count != 1 else ''}"


def _refused(count: int, path: Path) -> str:
    where = "it is" if count == 1 else "they are"
    return f"the notebook refused {_notes(count)}; {where} in {path}"
