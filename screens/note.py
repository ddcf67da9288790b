"""The note editor: a text area saved as you type (debounced), kept if the disk refuses."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from briefing.analyst import Analyst
from briefing.storage import StorageError

SAVE_AFTER = 0.5
RETRY_AFTER = 5.0
"""After a failed save (disk full, read-only), try again this often until it works."""
"""Seconds of quiet typing before the note is written (a crash loses at most about this)."""


class NoteScreen(ModalScreen[None]):
    """Write the analyst's note on a clause or a quote. Esc closes (after saving)."""

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
        self._saved_text = analyst.session.note(key)
        self.unsaved = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(Content.assemble(("Note on ", "$text-muted"), (self.title_text, "bold")))
            yield TextArea(self._saved_text, id="note-text", soft_wrap=True)
            yield Static(
                Content.assemble(("Saved as you type · Esc closes", "$text-muted")),
                id="note-status",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.unsaved = True
        self._status("editing…", "$text-muted")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self._save_soon)

    def _save_soon(self) -> None:
        self.run_worker(self.save(), group="note", exclusive=True)

    async def save(self) -> None:
        text = self.query_one(TextArea).text
        if text == self._saved_text and not self.unsaved:
            return
        try:
            saved = await self.analyst.save_note(self.key, text)
        except StorageError as error:
            self._status(f"NOT SAVED — {error}; your text is kept here", "bold $text-error")
            self.app.notify(f"Note not saved: {error}", markup=False, severity="error")
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(RETRY_AFTER, self._save_soon)
            return
        self._saved_text = saved.text
        self.unsaved = self.query_one(TextArea).text != saved.text
        if saved.conflict:
            self.query_one(TextArea).text = saved.text
            self.unsaved = False
            self.app.notify(
                "This note was also changed in another session: both versions are kept.",
                markup=False,
                severity="warning",
            )
        self._status("saved", "$text-success")

    def _status(self, text: str, style: str) -> None:
        self.query_one("#note-status", Static).update(
            Content.assemble((text, style), ("  ·  Esc closes", "$text-muted"))
        )

    async def action_close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.query_one(TextArea).text != self._saved_text:
            self.unsaved = True
            await self.save()
        if not self.unsaved:
            self.dismiss(None)
