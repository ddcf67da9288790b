"""The note editor: a text area saved as you type (after a pause, and at least every second
of steady typing). If the disk refuses, the text is kept in memory, flagged NOT SAVED, and
saved as soon as the disk takes it again."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from briefing.disk.storage import StorageError
from briefing.screens.base import NoSilentKeys
from briefing.services.analyst import RETRY_AFTER, Analyst

SAVE_AFTER = 0.5
"""Seconds of quiet typing before the note is written."""
SAVE_WITHIN = 1.0
"""Seconds after the first change not yet saved by which the note is written even while the
analyst keeps typing (a crash loses at most about this much typing)."""
__all__ = ["RETRY_AFTER", "SAVE_AFTER", "SAVE_WITHIN", "NoteScreen"]


class NoteScreen(NoSilentKeys, ModalScreen[None]):
    """Write the analyst's note on a clause or a quote. Esc closes (after saving; a note the
    disk refuses is kept in memory, marked unsaved, and retried in the background)."""

    HELP_NAME = "the note editor"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", priority=True, id="note.close"),
    ]

    def __init__(self, analyst: Analyst, key: str, title: str) -> None:
        super().__init__()
        self.analyst = analyst
        self.key = key
        self.title_text = title
        self._timer: Timer | None = None
        """Saves after a pause in typing (or retries after a refusal)."""
        self._due: Timer | None = None
        """Saves SAVE_WITHIN after the first change not yet saved, however fast the typing."""
        self._one_save = asyncio.Lock()
        """One save at a time, each with the text as it is when it starts: a save is never
        cancelled half-way (its thread would write on), nor overtaken by a later one."""
        self._saved_text = analyst.session.saved_note(key)
        pending = analyst.session.unsaved_note(key)
        self._initial = pending if pending is not None else self._saved_text
        self.unsaved = pending is not None
        """True while the text in the editor is not on disk."""
        self.failing = False
        """True after a save the disk refused, until one succeeds."""
        self._area = TextArea(self._initial, id="note-text", soft_wrap=True)
        """The text being written (kept here: its text outlives the screen's removal)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(Content.assemble(("Note on ", "$text-muted"), (self.title_text, "bold")))
            yield self._area
            yield Static(
                Content.assemble(("Saved as you type · Esc closes", "$text-muted")),
                id="note-status",
            )

    def on_mount(self) -> None:
        self.analyst.editing(self.key, self.unsaved_text)
        area = self._area
        area.focus()
        area.move_cursor(area.document.end)
        if self.unsaved:  # reopened on a note the disk refused: try again at once
            self.failing = True
            self._status("NOT SAVED — kept in memory; trying again…", "bold $text-error")
            self._save_soon()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.unsaved = True
        if not self.failing:
            self._status("editing…", "$text-muted")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self._save_soon)
        if self._due is None:
            self._due = self.set_timer(SAVE_WITHIN, self._save_soon)

    def _stop_timers(self) -> None:
        for timer in (self._timer, self._due):
            if timer is not None:
                timer.stop()
        self._timer = self._due = None

    def _save_soon(self) -> None:
        self._stop_timers()
        # On the app, not this screen: a save under way finishes even as the editor closes
        # (a thread cannot be called off half-way; the notebook is updated all the same).
        self.app.run_worker(self.save(), group="note", exit_on_error=False)

    def unsaved_text(self) -> str | None:
        """The text in the editor when it may not be on disk yet (None when it is)."""
        text = self._area.text
        return text if self.unsaved or text != self._saved_text else None

    def on_unmount(self) -> None:
        """Removed without Esc (the app ending some other way than q or a signal): what is not
        on disk joins the notes the disk refused, which the app rescues as it ends."""
        self.analyst.done_editing(self.key)
        text = self.unsaved_text()
        if text is not None:
            session = self.analyst.session
            session.keep_unsaved(session.doc.id, self.key, text)

    async def save(self) -> None:
        async with self._one_save:
            await self._save()

    async def _save(self) -> None:
        text = self._area.text
        if text == self._saved_text and not self.unsaved:
            return
        try:
            saved = await self.analyst.save_note(self.key, text)
        except StorageError as error:
            self._status(
                f"NOT SAVED — {error}; kept in memory, retried every {RETRY_AFTER:.0f} s",
                "bold $text-error",
            )
            if not self.failing:  # once, not at every retry
                self.app.notify(
                    f"Note not saved: {error}. It is kept in memory and saved as soon as the "
                    "disk allows.",
                    markup=False,
                    severity="error",
                )
            self.failing = True
            self._stop_timers()
            self._timer = self.set_timer(RETRY_AFTER, self._save_soon)
            return
        self._saved_text = saved.text
        self.unsaved = self._area.text != saved.text
        if saved.conflict:
            self._area.text = saved.text
            self.unsaved = False
            self.app.notify(
                "This note was also changed in another session: both versions are kept.",
                markup=False,
                severity="warning",
            )
        if self.failing:
            self.failing = False
            self.app.notify("Note saved: the disk took it.", markup=False)
        self._status("saved", "$text-success")

    def _status(self, text: str, style: str) -> None:
        self.query_one("#note-status", Static).update(
            Content.assemble((text, style), ("  ·  Esc closes", "$text-muted"))
        )

    async def action_close(self) -> None:
        self._stop_timers()
        if self.unsaved or self._area.text != self._saved_text:
            self.unsaved = True
            await self.save()
        # A note the disk refused stays in memory (marked unsaved); the app retries it.
        self.dismiss(None)
