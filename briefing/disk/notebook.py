"""The analyst's notes (per clause and per quote) and flags, per briefing, in the data dir.

Keyed by the briefing id and the clause or quote id, so a refresh never touches
them, and a note whose clause has left the feed is kept ("orphaned"). Every
save re-reads the file under a lock: if another session changed the same note
since this one read it, both texts are kept (never silently overwritten).
Writes are atomic (see `briefing.disk.storage`) and the previous file is kept as
`notes.json.bak`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import msgspec

from briefing.disk import storage
from briefing.format.model import Briefing

LOCK_WAIT: Final = 5.0
CAS_TRIES: Final = 5
"""Reads and merges before a save gives up on a file that keeps changing under it."""
CONFLICT: Final = "\n\n──── also written in another session ({when}) ────\n"


class Note(msgspec.Struct, kw_only=True):
    text: str
    updated: str
    """When it was last saved (ISO 8601)."""


class _File(msgspec.Struct, kw_only=True):
    version: int = 1
    notes: dict[str, Note] = {}
    flags: list[str] = []


def clause_key(clause_id: str) -> str:
    return f"clause:{clause_id}"


def quote_key(quote_id: str) -> str:
    return f"quote:{quote_id}"


class Saved(msgspec.Struct):
    """What a save did: `text` is what is now stored (both versions after a conflict)."""

    text: str
    conflict: bool = False


@dataclass
class Notebook:
    path: Path
    notes: dict[str, Note] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    note: str | None = None
    """A problem met while reading (a file set aside), for the analyst."""
    _base: dict[str, str] = field(default_factory=dict)
    """The text of each note as this session last read or saved it (to detect conflicts)."""
    _turn: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """One change at a time from this session (saves run in worker threads and may overlap:
    a save that read `_base` while another was writing took this session's own text for
    another session's, and kept both as a conflict)."""

    @classmethod
    def for_briefing(cls, data_root: Path, briefing_id: str) -> Notebook:
        book = cls(storage.briefing_dir(data_root, briefing_id) / "notes.json")
        storage.clean_orphans(book.path.parent)  # temporary files of a killed session
        book.reload()
        return book

    @property
    def lock(self) -> Path:
        return self.path.with_name("notes.lock")

    @property
    def backup(self) -> Path:
        return self.path.with_name("notes.json.bak")

    def reload(self) -> None:
        data, self.note = self._read()
        self.notes, self.flags = dict(data.notes), set(data.flags)
        self._base = {key: note.text for key, note in self.notes.items()}

    def _read(self) -> tuple[_File, str | None]:
        """The notes file, else its backup (a file that cannot be read is set aside, kept)."""
        problem: str | None = None
        for path in (self.path, self.backup):
            try:
                raw = storage.read_bytes(path, 64 << 20)
            except storage.StorageError as error:
                return _File(), str(error)
            if raw is None:
                continue
            try:
                return msgspec.json.decode(raw, type=_File), problem
            except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
                aside = storage.set_aside(path)
                name = aside.name if aside else path.name
                problem = f"the notes file {path.name} was unreadable; set aside as {name}"
                if path == self.path:
                    problem += "; notes.json.bak used instead"
        return _File(), problem

    def _write(self, data: _File, *, expect: storage.FileId | None = storage.ANY_VERSION) -> None:
        storage.keep_copy(self.path, self.backup)
        raw = msgspec.json.format(msgspec.json.encode(data))
        storage.write_atomic(self.path, raw, expect=expect)

    # -- notes -------------------------------------------------------------------

    def text(self, key: str) -> str:
        note = self.notes.get(key)
        return note.text if note else ""

    def has(self, key: str) -> bool:
        return key in self.notes

    def _update(self, change: Callable[[_File], None]) -> _File:
        """Read the file, apply `change`, write it back. Compare-and-swap on the file's
        version as well as the lock: where locks do not work (NFS), a session that wrote
        since this read is never written over; its version is read and changed instead."""
        with storage.locked(self.lock, LOCK_WAIT):
            for attempt in range(CAS_TRIES):
                seen = storage.file_id(self.path)
                data, _note = self._read()
                change(data)
                try:
                    self._write(data, expect=seen)
                except storage.Changed:
                    if attempt == CAS_TRIES - 1:
                        raise
                    continue
                self.notes, self.flags = dict(data.notes), set(data.flags)
                return data
        raise AssertionError("unreachable: the last try returns or raises")

    def save(self, key: str, text: str, now: str) -> Saved:
        """Store `text` as the note `key` (an empty text deletes it)."""
        with self._turn:
            return self._save(key, text, now)

    def _save(self, key: str, text: str, now: str) -> Saved:
        base = self._base.get(key, "")
        outcome = Saved(text, False)

        def change(data: _File) -> None:
            nonlocal outcome
            theirs = data.notes[key].text if key in data.notes else ""
            conflict = theirs != base and theirs != text and theirs.strip() != ""
            stored = (
                text + CONFLICT.format(when=data.notes[key].updated) + theirs if conflict else text
            )
            if stored.strip():
                data.notes[key] = Note(text=stored, updated=now)
            else:
                data.notes.pop(key, None)
            outcome = Saved(stored, conflict)

        self._update(change)
        self._base = {k: n.text for k, n in self.notes.items()} | {key: outcome.text}
        return outcome

    # -- flags -------------------------------------------------------------------

    def toggle_flag(self, clause_id: str) -> bool:
        """Flag or unflag a clause; returns whether it is flagged now."""

        def change(data: _File) -> None:
            data.flags = sorted(set(data.flags) ^ {clause_id})

        with self._turn:
            self._update(change)
            return clause_id in self.flags

    # -- what is no longer in the feed ------------------------------------------

    def orphans(self, doc: Briefing) -> list[tuple[str, Note]]:
        """Notes on clauses or quotes that the briefing no longer has (kept, never dropped)."""
        clauses = {c.id for c in doc.clauses}
        quotes = {q.id for q in doc.quotes}
        found = []
        for key, note in sorted(self.notes.items()):
            kind, _, ident = key.partition(":")
            if (kind == "clause" and ident not in clauses) or (
                kind == "quote" and ident not in quotes
            ):
                found.append((key, note))
        return found
