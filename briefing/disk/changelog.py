"""What changed in a briefing across refreshes, and what the analyst has seen of it.

Kept per user and per briefing in the data directory, apart from the feed
cache, so it survives restarts and refreshes (and a cleared cache). Several
sessions of one user may write it at once: every write re-reads the file under
a lock and merges, so no session drops another's changes or seen marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import msgspec

from briefing.disk import storage
from briefing.format import dates

if TYPE_CHECKING:  # the diff (and difflib) is imported by a refresh, not at start
    from briefing.reading.diff import Difference

KEEP: Final = 2000
"""How many changes are remembered per briefing (the newest)."""
LOCK_WAIT: Final = 10.0


class Logged(msgspec.Struct, kw_only=True):
    key: str
    kind: str
    clause_id: str | None
    text: str
    when: str | None
    detected_at: str
    """When the refresh that brought it ran: the change's date for the analyst."""
    ref: str | None = None
    before: str | None = None
    after: str | None = None
    before_when: str | None = None
    """Old and new terms of the change (see `Difference`); absent in logs written before
    they were kept, read as None."""


class _File(msgspec.Struct, kw_only=True):
    version: int = 1
    changes: list[Logged] = []
    seen: list[str] = []


class ChangeLog(msgspec.Struct):
    """The changes log of one briefing, as last read from disk."""

    path: Path
    changes: list[Logged] = msgspec.field(default_factory=list)
    seen: set[str] = msgspec.field(default_factory=set)
    note: str | None = None

    @classmethod
    def for_briefing(cls, data_root: Path, briefing_id: str) -> ChangeLog:
        return cls(storage.briefing_dir(data_root, briefing_id) / "changes.json").reload()

    @property
    def lock(self) -> Path:
        return self.path.with_name("changes.lock")

    def reload(self) -> ChangeLog:
        self.changes, self.seen, self.note = self._read()
        return self

    def _read(self) -> tuple[list[Logged], set[str], str | None]:
        try:
            raw = storage.read_bytes(self.path, 64 << 20)
        except storage.StorageError as error:
            return [], set(), str(error)
        if raw is None:
            return [], set(), None
        try:
            data = msgspec.json.decode(raw, type=_File)
        except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
            aside = storage.set_aside(self.path)
            name = aside.name if aside else self.path.name
            return [], set(), f"the change log {self.path} was unreadable; set aside as {name}"
        return data.changes, set(data.seen), None

    def _write(self) -> None:
        data = _File(changes=self.changes[-KEEP:], seen=sorted(self.seen))
        storage.write_atomic(self.path, msgspec.json.encode(data))

    def record(self, found: Iterable[Difference], detected_at: str) -> list[Logged]:
        """Add new changes (by key); returns the ones that were new."""
        with storage.locked(self.lock, LOCK_WAIT):
            self.changes, self.seen, _note = self._read()
            known = {entry.key for entry in self.changes}
            added = [
                Logged(
                    key=d.key,
                    kind=d.kind,
                    clause_id=d.clause_id,
                    text=d.text,
                    when=d.when,
                    detected_at=detected_at,
                    ref=d.ref,
                    before=d.before,
                    after=d.after,
                    before_when=d.before_when,
                )
                for d in found
                if d.key not in known
            ]
            if added:
                self.changes = (self.changes + added)[-KEEP:]
                self._write()
        return added

    def mark_seen(self, keys: Iterable[str]) -> None:
        new = set(keys) - self.seen
        if not new:
            return
        with storage.locked(self.lock, LOCK_WAIT):
            self.changes, self.seen, _note = self._read()
            self.seen |= new
            self._write()

    def newest_first(self) -> list[Logged]:
        """Every remembered change: the latest to arrive (by the refresh that brought it)
        first, then by the date of what changed."""
        return sorted(self.changes, key=_order, reverse=True)

    def unseen(self) -> list[Logged]:
        """Changes not yet looked at, newest first."""
        return [entry for entry in self.newest_first() if entry.key not in self.seen]


def _order(entry: Logged) -> tuple[float, float]:
    return (_moment(entry.detected_at), _moment(entry.when))


def _moment(value: str | None) -> float:
    """A date as a number to sort by (an absent or unreadable one first of all)."""
    try:
        return dates.instant(value).timestamp() if value else 0.0
    except dates.BadDate:
        return 0.0
