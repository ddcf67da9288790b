"""What the app is showing: the document, where it came from, the as-of moment, the
indexes, and — for a feed — its cached copy, the last refresh and the changes log.

Plain Python, so screens and the command line share it and tests drive it
without a terminal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from briefing.disk.cache import CachedCopy
from briefing.disk.changelog import ChangeLog, Logged
from briefing.disk.notebook import Notebook
from briefing.feed.origin import Origin
from briefing.feed.status import Outcome, status_text
from briefing.feed.targets import FeedRef
from briefing.feed.types import FeedError
from briefing.format.model import Briefing, Clause
from briefing.format.stance import GLYPH
from briefing.reading.asof import as_of
from briefing.reading.export import Brief
from briefing.reading.filters import ClauseFilter
from briefing.reading.index import BriefingIndex
from briefing.reading.search import SearchIndex


def system_now() -> datetime:
    return datetime.now(UTC)


class Session:
    """One briefing as currently viewed."""

    def __init__(
        self,
        doc: Briefing,
        origin: Origin,
        *,
        as_of_moment: datetime | None = None,
        clock: Callable[[], datetime] = system_now,
        feed: FeedRef | None = None,
        copy: CachedCopy | None = None,
        glyphs: dict[str, str] | None = None,
    ) -> None:
        self.doc = doc
        self.glyphs = dict(glyphs or GLYPH)
        """The stance glyphs this terminal can draw (ASCII on a Linux console)."""
        self.last_query = ""
        """The search query last typed, offered again when search reopens."""
        self.origin = origin
        self.clock = clock
        self.feed = feed
        self.copy = copy
        self.outcome: Outcome | None = None
        self.error: FeedError | None = None
        self.changelog: ChangeLog | None = None
        self.notebook: Notebook | None = None
        """The analyst's notes and flags on this briefing (loaded by the app)."""
        self.unsaved: dict[tuple[str, str], str] = {}
        """Notes the disk refused, by (briefing id, note key): kept here, shown flagged, and
        saved as soon as the disk allows (an empty text is a deletion not yet saved)."""
        self.clause_filter: ClauseFilter | None = None
        self.as_of: datetime | None = None
        self.view: Briefing = doc
        self.index: BriefingIndex
        self._search: SearchIndex | None = None
        self._search_lock = threading.Lock()
        self.set_as_of(as_of_moment)  # builds the view and its index (once)

    def now(self) -> datetime:
        """The moment the briefing is viewed at: the as-of moment, else the clock."""
        return self.as_of if self.as_of is not None else self.clock()

    @property
    def live(self) -> bool:
        return self.as_of is None

    def set_as_of(self, moment: datetime | None) -> None:
        """View the briefing as of `moment` (None: now, live)."""
        self.as_of = moment
        self.view = as_of(self.doc, self.now())
        self.index = BriefingIndex(self.view)
        self._search = None

    def replace(self, doc: Briefing, origin: Origin) -> None:
        """Show a new snapshot, keeping the as-of moment."""
        self.doc = doc
        self.origin = origin
        self.set_as_of(self.as_of)

    @property
    def search(self) -> SearchIndex:
        """The search over the view shown (built on first use, or by `prepare_search`)."""
        index = self.index
        with self._search_lock:  # a worker thread may be building it right now
            if self._search is None or self._search.index is not index:
                self._search = SearchIndex(index)
            return self._search

    def prepare_search(self) -> None:
        """Build the search index ahead of use (run it in a worker thread: it takes
        a few tenths of a second for a hundred thousand quotes)."""
        _ = self.search

    # -- the feed --------------------------------------------------------------------

    def feed_status(self) -> str:
        """The status line for a feed ('' when the briefing is not from a feed)."""
        if self.feed is None:
            return ""
        return f"{self.feed.name}: {status_text(self.outcome, self.copy, self.error, self.clock())}"

    def unseen(self) -> list[Logged]:
        """Changes of this briefing the analyst has not looked at yet, newest first."""
        if self.changelog is None:
            return []
        return self.changelog.unseen()

    def unseen_where(self) -> dict[str | None, list[Logged]]:
        """Unseen changes by clause id (None: not about one clause)."""
        found: dict[str | None, list[Logged]] = {}
        for entry in self.unseen():
            clause = entry.clause_id if entry.clause_id in self.index.clauses else None
            found.setdefault(clause, []).append(entry)
        return found

    # -- the analyst's own work ------------------------------------------------------

    def flags(self) -> set[str]:
        return self.notebook.flags if self.notebook else set()

    def noted_clauses(self) -> set[str]:
        keys = set(self.notebook.notes) if self.notebook is not None else set()
        keys |= {key for key, text in self.unsaved_notes().items() if text.strip()}
        return {key.partition(":")[2] for key in keys if key.startswith("clause:")}

    def saved_note(self, key: str) -> str:
        """The note as it is on disk (as this session last read or saved it)."""
        return self.notebook.text(key) if self.notebook else ""

    def note(self, key: str) -> str:
        """The note as the analyst last wrote it: the unsaved text when the disk refused it."""
        unsaved = self.unsaved_note(key)
        return unsaved if unsaved is not None else self.saved_note(key)

    def unsaved_note(self, key: str) -> str | None:
        """The text of note `key` of this briefing that is not saved yet (None: nothing unsaved)."""
        return self.unsaved.get((self.doc.id, key))

    def unsaved_notes(self) -> dict[str, str]:
        """This briefing's unsaved notes, by key."""
        return {key: text for (doc_id, key), text in self.unsaved.items() if doc_id == self.doc.id}

    def unsaved_clauses(self) -> set[str]:
        """Clauses whose note is not saved yet (marked apart from saved notes)."""
        return {k.partition(":")[2] for k in self.unsaved_notes() if k.startswith("clause:")}

    def shown_clauses(self) -> list[Clause]:
        """The clauses of the view, narrowed by the filter when one is set."""
        if self.clause_filter is None or self.clause_filter.empty:
            return self.view.clauses
        return self.clause_filter.apply(
            self.view.clauses, self.index, self.flags(), self.noted_clauses()
        )

    def filter_label(self) -> str:
        if self.clause_filter is None or self.clause_filter.empty:
            return ""
        return self.clause_filter.describe(self.index)

    def brief(self) -> Brief:
        """The analyst's notes, flags and filter, for an export."""
        book = self.notebook
        notes = {key: note.text for key, note in book.notes.items()} if book else {}
        for key, text in self.unsaved_notes().items():  # what the analyst wrote, saved or not
            if text.strip():
                notes[key] = text
            else:
                notes.pop(key, None)
        orphans = tuple((key, note.text) for key, note in book.orphans(self.doc)) if book else ()
        return Brief(
            notes=notes,
            flags=frozenset(self.flags()),
            filter_label=self.filter_label(),
            orphans=orphans,
        )

    def is_flagged(self, clause_id: str) -> bool:
        return clause_id in self.flags()

    def has_note(self, clause_id: str) -> bool:
        return clause_id in self.noted_clauses()
