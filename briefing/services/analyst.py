"""The app's side of the analyst's own work, without Textual: notes and flags on disk,
copying with a citation, exporting a brief. The App runs these in workers."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from briefing.disk import storage
from briefing.disk.notebook import Notebook, Saved
from briefing.disk.paths import UserDirs
from briefing.format import dates
from briefing.format.model import Briefing, Clause, Quote
from briefing.reading.index import BriefingIndex, PartyStand
from briefing.services.session import UNSAVED_MARK, Session

if TYPE_CHECKING:
    from briefing.reading.export import Brief

# `briefing.reading.export` (and the XML and HTML modules it needs) is imported by the
# functions that export or cite: not before the first screen is painted.

RETRY_AFTER = 5.0
"""After a failed note save (disk full, read-only), try again this often until it works."""


class Analyst:
    """Notes, flags, copies and exports for the session's briefing."""

    def __init__(self, session: Session, dirs: UserDirs) -> None:
        self.session = session
        self.dirs = dirs
        self._editors: dict[str, Callable[[], str | None]] = {}
        """Notes open in an editor, by key: what gives the editor's text when it may not be
        on disk yet (None when it is)."""

    # -- notes open in an editor ---------------------------------------------------------------

    def editing(self, key: str, text: Callable[[], str | None]) -> None:
        """Note `key` of the briefing on screen is open in an editor, which saves it itself;
        `text` gives its text when it may not be on disk yet. Retries leave it alone; quitting
        and rescues take its text."""
        self._editors[key] = text

    @property
    def editing_any(self) -> bool:
        return bool(self._editors)

    def done_editing(self, key: str) -> None:
        self._editors.pop(key, None)

    def collect_editors(self) -> None:
        """The text of every open editor not yet on disk joins the unsaved notes (to be saved
        now, as the app ends)."""
        for key, text in list(self._editors.items()):
            pending = text()
            if pending is not None:
                self.session.keep_unsaved(self.session.doc.id, key, pending)

    async def load(self) -> str | None:
        """Read the notebook of the briefing on screen; a note when something was set aside."""
        try:
            book = await asyncio.to_thread(self._open_notebook)
        except storage.StorageError as error:
            return f"notes cannot be read: {error}"
        self.session.set_notebook(book)
        return book.note

    def _open_notebook(self) -> Notebook:
        # The data dir's own files (copied.txt, unsaved-notes-…) are written atomically
        # too: a session killed mid-write leaves a temporary file there, not in a
        # briefing's dir, which the notebook cleans.
        storage.clean_orphans(self.dirs.data)
        return Notebook.for_briefing(self.dirs.data, self.session.doc.id)

    async def open_notes(self) -> tuple[str | None, str | None]:
        """Read the notebook of the briefing on screen: (a note when something was set aside,
        a warning when notes cannot be saved here)."""
        note = await self.load()
        problem = await self.notes_problem()
        if problem is None:
            return note, None
        return note, (
            f"Notes cannot be saved ({problem}): notes you write are kept in memory only, "
            f"marked {UNSAVED_MARK} NOT SAVED, until the disk takes them."
        )

    async def notes_problem(self) -> str | None:
        """Why notes on the briefing on screen could not be saved (None when they could, as
        far as can be told without writing)."""
        try:
            directory = storage.briefing_dir(self.dirs.data, self.session.doc.id)
        except storage.StorageError as error:
            return str(error)
        return await asyncio.to_thread(storage.why_unwritable, directory)

    def _book(self) -> Notebook:
        if (
            self.session.notebook is None
            or self.session.notebook.path.parent.name != self.session.doc.id
        ):
            self.session.set_notebook(Notebook.for_briefing(self.dirs.data, self.session.doc.id))
        assert self.session.notebook is not None
        return self.session.notebook

    async def save_note(self, key: str, text: str) -> Saved:
        """Save a note. When the disk refuses, the text is kept in memory as unsaved (shown
        flagged, retried by `retry_unsaved`) and `StorageError` is raised."""
        doc_id = self.session.doc.id
        before = self.session.unsaved.get((doc_id, key))
        book = self._book()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            saved = await asyncio.to_thread(book.save, key, text, now)
        except storage.StorageError:
            self.session.keep_unsaved(doc_id, key, text)
            raise
        except OSError as error:  # whatever the disk says, the text is kept and retried
            self.session.keep_unsaved(doc_id, key, text)
            raise storage.StorageError(
                f"could not save {book.path}: {error.strerror or error}"
            ) from None
        self.session.saved(doc_id, key, before, text)  # unless rewritten meanwhile
        return saved

    async def retry_unsaved(self, *, editors_too: bool = False) -> tuple[list[str], str | None]:
        """Try again to save every unsaved note (of any briefing), except one open in an
        editor, which retries on its own (`editors_too`: those as well, as the app ends).
        Returns the keys now saved and the error that stopped the others (None when all were
        saved)."""
        saved: list[str] = []
        error: str | None = None
        skip = set() if editors_too else set(self._editors)
        for (doc_id, key), text in list(self.session.unsaved.items()):
            if key in skip and doc_id == self.session.doc.id:
                continue
            try:
                if doc_id == self.session.doc.id:
                    await self.save_note(key, text)
                else:
                    await asyncio.to_thread(self._save_elsewhere, doc_id, key, text)
                    self.session.saved(doc_id, key, text)
            except (storage.StorageError, OSError) as failure:
                error = str(failure)
                continue
            saved.append(key)
        return saved, error

    def _save_elsewhere(self, doc_id: str, key: str, text: str) -> None:
        """Save a note of a briefing that is no longer on screen."""
        book = Notebook.for_briefing(self.dirs.data, doc_id)
        book.save(key, text, datetime.now(UTC).isoformat(timespec="seconds"))

    def emergency_path(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        return self.dirs.data / f"unsaved-notes-{stamp}-{os.getpid()}.json"

    async def write_emergency(self) -> Path:
        """Write every unsaved note to a new file in the data dir (0600), for quitting with
        notes the notebook would not take. Raises `StorageError` when that fails too."""
        path, data = self._emergency()
        await asyncio.to_thread(storage.write_atomic, path, data)
        return path

    def _emergency(self) -> tuple[Path, bytes]:
        notes = [
            {"briefing": doc_id, "key": key, "text": text}
            for (doc_id, key), text in sorted(self.session.unsaved.items())
        ]
        data = json.dumps({"unsaved_notes": notes}, ensure_ascii=False, indent=2) + "\n"
        return self.emergency_path(), data.encode()

    def rescue(self) -> Rescue:
        """Save every unsaved note now, blocking: to its notebook when the disk takes it, else
        (all that is left) to a new unsaved-notes file, as quitting does. For ending on a
        signal or when the terminal is gone, where there is no waiting on workers: a save
        running in a worker's thread finishes first (the notebook takes one at a time)."""
        self.collect_editors()
        saved = 0
        refused: set[str] = set()  # briefings whose notebook refused: not asked again
        for (doc_id, key), text in list(self.session.unsaved.items()):
            if doc_id in refused:
                continue
            try:
                if doc_id == self.session.doc.id:
                    self._book().save(key, text, _now())
                else:
                    Notebook.for_briefing(self.dirs.data, doc_id).save(key, text, _now())
            except (storage.StorageError, OSError):
                refused.add(doc_id)  # (a lock held elsewhere would make each note wait)
                continue
            self.session.saved(doc_id, key, text)
            saved += 1
        left = len(self.session.unsaved)
        if not left:
            return Rescue(saved, 0)
        path, data = self._emergency()
        try:
            storage.write_atomic(path, data)
        except (storage.StorageError, OSError) as error:
            return Rescue(saved, left, error=str(error))
        return Rescue(saved, left, path=path)

    async def toggle_flag(self, clause_id: str) -> bool:
        try:
            return await asyncio.to_thread(self._book().toggle_flag, clause_id)
        finally:  # said even when the worker is called off: the thread writes on
            self.session.marks_updated()

    # -- copying -----------------------------------------------------------------------

    @property
    def clipboard_file(self) -> Path:
        return self.dirs.data / "copied.txt"

    async def keep_copy(self, text: str) -> Path:
        """Also keep what was copied in a file (for terminals that cannot take OSC 52)."""
        path = self.clipboard_file
        await asyncio.to_thread(storage.write_atomic, path, text.encode())
        return path

    # -- exporting ---------------------------------------------------------------------

    def export_text(self, clause: Clause | None = None) -> str:
        """The brief of the view on screen (narrowed by its filter) or of one clause, with
        the analyst's notes as last written (saved or not): as `briefing export` writes it."""
        from briefing.reading.export import brief_markdown

        session = self.session
        return brief_markdown(
            session.view,
            origin=session.origin.label(),
            now=session.now(),
            as_of=session.as_of,
            brief=notebook_brief(session.notebook, session.doc, session.unsaved_notes()),
            clause_filter=session.clause_filter,
            clause=clause,
            noted=session.noted_clauses(),
            index=session.index,
        )

    def default_export_path(self, clause: Clause | None = None) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        name = f"{self.session.doc.id}-{clause.id}" if clause else self.session.doc.id
        return Path.cwd() / f"brief-{name}-{stamp}.md"

    async def export(self, path: Path, text: str) -> None:
        """Write an export (atomically; the caller has asked before overwriting)."""
        await asyncio.to_thread(partial(storage.write_atomic, shared=True), path, text.encode())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def notebook_brief(
    book: Notebook | None, doc: Briefing, unsaved: Mapping[str, str] | None = None
) -> Brief:
    """What the analyst adds to a brief of `doc`: the notebook's notes and flags, its notes
    on items `doc` no longer has, and `unsaved` (notes by key the disk has not taken yet:
    their text wins; an empty one is a deletion)."""
    from briefing.reading.export import Brief

    notes = {key: note.text for key, note in book.notes.items()} if book else {}
    for key, text in (unsaved or {}).items():
        if text.strip():
            notes[key] = text
        else:
            notes.pop(key, None)
    orphans = tuple((key, note.text) for key, note in book.orphans(doc)) if book else ()
    return Brief(notes=notes, flags=frozenset(book.flags if book else ()), orphans=orphans)


class Rescue(msgspec.Struct, frozen=True):
    """What `Analyst.rescue` did: notes saved to their notebook, notes left unsaved there and
    the file they were written to instead (None, with the error, when that failed too)."""

    saved: int
    left: int
    path: Path | None = None
    error: str | None = None


class Copy(msgspec.Struct, frozen=True):
    """A text to put on the clipboard, and what it is (for the message)."""

    text: str
    what: str


def quote_copy(index: BriefingIndex, quote: Quote) -> Copy:
    from briefing.reading.export import citation

    return Copy(f"“{quote.text}”\n— {citation(index, quote)}", "the quote with its citation")


def position_copy(index: BriefingIndex, stand: PartyStand, about: str) -> Copy:
    position = stand.current
    sources = "; ".join(_source(index, s) for s in position.sources)
    text = (
        f"{stand.party.name} {index.stance_words(position)} ({about}), "
        f"since {dates.day_label(stand.since)}: {position.summary}\nSources: {sources}"
    )
    return Copy(text, f"{stand.party.name}'s position with its sources")


def clause_copy(index: BriefingIndex, clause: Clause) -> Copy:
    wording = index.latest_text(clause)
    text = f"{clause.label} ({clause.status})"
    if wording:
        text += f": {wording}"
    ids = list(dict.fromkeys([*clause.sources, *(s for p in clause.positions for s in p.sources)]))
    if ids:
        text += "\nSources: " + "; ".join(_source(index, s) for s in ids)
    return Copy(text, "the clause with its sources")


def _source(index: BriefingIndex, source_id: str) -> str:
    label = index.source_label(source_id)
    source = index.sources.get(source_id)
    return f"{label} <{source.url}>" if source is not None and source.url else label
