"""The analyst's notes through the app's life: read for the briefing on screen before an
editor may open, the notes the disk refused retried on a timer, and no note lost however
the app ends — q, a signal, the terminal gone, or an
error of its own. The decisions and their words are `briefing.services.leaving`'s; this
is what carries them out in the app (its timer, its notifications, its exit)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.timer import Timer
from textual.worker import Worker

from briefing.services import leaving, shutdown
from briefing.services.analyst import RETRY_AFTER, Analyst
from briefing.widgets.key_bar import bound_key


class NotesKeeper:
    """One per app: it owns the retry timer and knows whether the notes have had their
    last chance."""

    def __init__(self, app: App[Any], analyst: Analyst) -> None:
        self.app = app
        self.analyst = analyst
        self._timer: Timer | None = None
        self._armed = False  # q pressed once with notes that could be saved nowhere
        self._rescued = False  # the notes have had their last chance (q, or a signal)
        self._started = False  # the main screen is set up
        self._exit_when_started: tuple[int, str | None] | None = None
        self._read_for: str | None = None  # the briefing whose notes have been read
        self._told_unkept = False

    async def load(self) -> None:
        """Read the notes and flags on the briefing on screen; say (once per run) when they
        could not be saved."""
        note, warning = await self.analyst.open_notes()
        self._read_for = self.analyst.session.doc.id
        if note:
            self.app.notify(note, markup=False, severity="warning")
        if warning and not self._told_unkept:
            self._told_unkept = True
            self.app.notify(warning, markup=False, severity="warning", timeout=20)

    def edit(self, key: str, title: str) -> None:
        """The note editor on `key`, once the notes of the briefing on screen have been read
        (an editor opened sooner would start empty and overwrite the note on disk)."""
        from briefing.screens.note import NoteScreen

        if self._read_for != self.analyst.session.doc.id:
            self.app.notify("The notes are still being read: try again in a moment.", markup=False)
            return
        screen = NoteScreen(self.analyst, key, title)
        self.app.push_screen(screen, callback=lambda _: self.editor_closed())

    def editor_closed(self) -> None:
        """A note the disk refused is retried every RETRY_AFTER seconds until it is saved."""
        unsaved = len(self.analyst.session.unsaved)
        if unsaved and self._timer is None:
            warning = leaving.unsaved_warning(unsaved)
            self.app.notify(warning, markup=False, severity="warning", timeout=10)
            self._timer = self.app.set_interval(RETRY_AFTER, self._retry_soon)

    def _retry_soon(self) -> None:
        # The method, not a coroutine made here: a retry that the next one replaces before
        # it starts (`exclusive`) is then never made, rather than made and never awaited.
        # (Annotated: mypy infers the worker's result from the assignment, not the method.)
        _: Worker[None] = self.app.run_worker(
            self._retry, group="unsaved", exclusive=True, exit_on_error=False
        )

    async def _retry(self) -> None:
        session = self.analyst.session
        saved, _error = await self.analyst.retry_unsaved()
        if saved:
            self.app.notify(leaving.retried(len(saved), len(session.unsaved)), markup=False)
        if not session.unsaved and self._timer is not None:
            self._timer.stop()
            self._timer = None

    async def quit(self) -> None:
        """q: the notes not on disk tried once more, else written to a file in the data dir
        (named on exit), else q must be pressed again to leave them."""
        again = bound_key(self.app.screen, "quit") or "q"
        verdict = await leaving.leave(self.analyst, armed=self._armed, again=again)
        if verdict.warning:
            self._armed = True
            self.app.notify(verdict.warning, markup=False, severity="error", timeout=30)
            return
        self._rescued = True
        self._exit(verdict.code, verdict.message)

    def on_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP (or the terminal gone), SIGINT, SIGQUIT: what q does, without
        asking: the notes written at once, then the normal exit, which restores the
        terminal (or, while the main screen is still being set up, as soon as it is)."""
        why = f"briefing: ended by {shutdown.signal_name(signum)}"
        message = leaving.on_signal(self.analyst, why)
        self._rescued = True
        if self._started:
            self._exit(shutdown.exit_code(signum), message)
        else:  # quitting now would pull the main screen's widgets from under its set-up
            self._exit_when_started = (shutdown.exit_code(signum), message)

    def started(self) -> bool:
        """The main screen is set up: False when a signal came first, and the app now ends."""
        self._started = True
        if self._exit_when_started is None:
            return True
        self._exit(*self._exit_when_started)
        return False

    def last_words(self) -> str | None:
        """As the app ends neither by q nor by a signal (an error of its own): the notes not on
        disk rescued all the same; the line that names their file."""
        return None if self._rescued else leaving.last_words(self.analyst)

    def _exit(self, code: int, message: str | None) -> None:
        self.app.exit(return_code=code, message=Text(message) if message else None)
