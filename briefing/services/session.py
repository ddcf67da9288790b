"""What the app is showing: the document, where it came from, the as-of moment, the
indexes, and — for a feed — its cached copy, the last refresh and the changes log.

Plain Python, so screens and the command line share it and tests drive it
without a terminal. The session is the one owner of this state: its fields are read
from outside, changed only through its methods, and each change is announced to the
listeners (`listen`) as one of three kinds (`Change`); the App publishes them as
Textual signals, and the screens redraw themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from briefing.disk.cache import CachedCopy
from briefing.disk.changelog import ChangeLog, Logged
from briefing.disk.notebook import Notebook
from briefing.feed.origin import Origin
from briefing.feed.status import Outcome, status_text
from briefing.feed.targets import FeedRef
from briefing.feed.types import FeedError
from briefing.format.collector import collector_paused
from briefing.format.model import Briefing, Clause
from briefing.format.stance import GLYPH
from briefing.reading.asof import as_of
from briefing.reading.filters import ClauseFilter
from briefing.reading.index import BriefingIndex

if TYPE_CHECKING:  # imported when the search is first built, after the first paint
    from briefing.reading.search import SearchIndex


def system_now() -> datetime:
    return datetime.now(UTC)


Change = Literal["view", "marks", "feed"]
"""What a change touched: `view` (the snapshot, the as-of moment, the filter: everything
shown), `marks` (flags, notes, unsaved notes, the changes looked at), `feed` (the feed's
status line: which feed, its copy, the last refresh, one under way)."""

Listener = Callable[[Change], None]

UNSAVED_MARK = "✱"
"""Marks a clause whose note the disk refused: kept in memory, saved as soon as the disk
allows (the clause list, the notes screen, the messages about it)."""


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
        self._listeners: list[Listener] = []
        self._doc = doc
        self.glyphs = dict(glyphs or GLYPH)
        """The stance glyphs this terminal can draw (ASCII on a Linux console)."""
        self._last_query = ""
        self._origin = origin
        self.clock = clock
        self._feed = feed
        self._copy = copy
        self._outcome: Outcome | None = None
        self._error: FeedError | None = None
        self._progress: tuple[int, int | None] | None = None
        self._changelog: ChangeLog | None = None
        self._notebook: Notebook | None = None
        self._unsaved: dict[tuple[str, str], str] = {}
        self._clause_filter: ClauseFilter | None = None
        self._as_of: datetime | None = None
        self._view: Briefing = doc
        self._index: BriefingIndex
        self._search: SearchIndex | None = None
        self._search_lock = threading.Lock()
        self._search_wanted = threading.Event()
        self.set_as_of(as_of_moment)  # builds the view and its index (once)

    # -- who is told of a change ---------------------------------------------------------

    def listen(self, listener: Listener) -> None:
        """Call `listener` with the kind of every change from now on."""
        self._listeners.append(listener)

    def _announce(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- what is read (changed only by the methods below) ----------------------------------

    @property
    def doc(self) -> Briefing:
        """The snapshot shown (whole: every version, every position)."""
        return self._doc

    @property
    def origin(self) -> Origin:
        return self._origin

    @property
    def view(self) -> Briefing:
        """The snapshot as of the moment viewed."""
        return self._view

    @property
    def index(self) -> BriefingIndex:
        """The look-ups over the view."""
        return self._index

    @property
    def as_of(self) -> datetime | None:
        """The moment viewed; None when live."""
        return self._as_of

    @property
    def clause_filter(self) -> ClauseFilter | None:
        return self._clause_filter

    @property
    def last_query(self) -> str:
        """The search query last typed, offered again when search reopens."""
        return self._last_query

    @property
    def feed(self) -> FeedRef | None:
        """The feed the briefing comes from (None: a file or the bundled briefing)."""
        return self._feed

    @property
    def copy(self) -> CachedCopy | None:
        """The feed's copy shown (None: none yet)."""
        return self._copy

    @property
    def outcome(self) -> Outcome | None:
        """How the last refresh ended (None: none yet)."""
        return self._outcome

    @property
    def error(self) -> FeedError | None:
        return self._error

    @property
    def progress(self) -> tuple[int, int | None] | None:
        """A refresh under way: (bytes received, bytes expected when known); None when idle."""
        return self._progress

    @property
    def changelog(self) -> ChangeLog | None:
        return self._changelog

    @property
    def notebook(self) -> Notebook | None:
        """The analyst's notes and flags on this briefing (loaded by the app)."""
        return self._notebook

    @property
    def unsaved(self) -> Mapping[tuple[str, str], str]:
        """Notes the disk refused, by (briefing id, note key): kept here, shown flagged, and
        saved as soon as the disk allows (an empty text is a deletion not yet saved)."""
        return self._unsaved

    def now(self) -> datetime:
        """The moment the briefing is viewed at: the as-of moment, else the clock."""
        return self.as_of if self.as_of is not None else self.clock()

    @property
    def live(self) -> bool:
        return self.as_of is None

    # -- the view ----------------------------------------------------------------------------

    def set_as_of(self, moment: datetime | None) -> None:
        """View the briefing as of `moment` (None: now, live)."""
        self._as_of = moment
        self._view = as_of(self._doc, self.now())
        self._index = BriefingIndex(self._view)
        self._search = None
        self._announce("view")

    def replace(self, doc: Briefing, origin: Origin) -> None:
        """Show a new snapshot, keeping the as-of moment."""
        self._doc = doc
        self._origin = origin
        self.set_as_of(self._as_of)

    def set_filter(self, clause_filter: ClauseFilter | None) -> None:
        """Narrow the clause list (None, or an empty filter: every clause)."""
        self._clause_filter = (
            None if clause_filter is None or clause_filter.empty else clause_filter
        )
        self._announce("view")

    def remember_query(self, query: str) -> None:
        self._last_query = query

    # -- the feed ------------------------------------------------------------------------------

    def show_feed(self, feed: FeedRef | None, copy: CachedCopy | None) -> None:
        """The briefing now comes from `feed` (None: not from a feed), its copy `copy`; the
        last refresh's outcome is forgotten."""
        self._feed, self._copy = feed, copy
        self._outcome, self._error = None, None
        if feed is None:
            self._changelog = None
        self._announce("feed")

    def refresh_started(self) -> None:
        self._progress = (0, None)
        self._announce("feed")

    def refresh_progress(self, received: int, expected: int | None) -> None:
        self._progress = (received, expected)
        self._announce("feed")

    def refreshed(
        self,
        outcome: Outcome | None,
        error: FeedError | None = None,
        copy: CachedCopy | None = None,
    ) -> None:
        """A refresh ended: how (None: it was called off, the last outcome stands), and (when
        it brought or confirmed one) the copy now shown."""
        self._progress = None
        if outcome is not None:
            self._outcome, self._error = outcome, error
        if copy is not None:
            self._copy = copy
        self._announce("feed")

    @property
    def refreshing(self) -> bool:
        return self._progress is not None

    # -- marks: notes, flags, changes seen ---------------------------------------------------------

    def set_changelog(self, log: ChangeLog | None) -> None:
        self._changelog = log
        self._announce("marks")

    def set_notebook(self, book: Notebook) -> None:
        self._notebook = book
        self._announce("marks")

    def keep_unsaved(self, doc_id: str, key: str, text: str) -> None:
        """A note the disk refused (or the editor's text not yet saved), kept until saved."""
        if self._unsaved.get((doc_id, key)) != text:
            self._unsaved[(doc_id, key)] = text
            self._announce("marks")

    def saved(self, doc_id: str, key: str, *superseded: str | None) -> None:
        """Note `key` of briefing `doc_id` is on disk: its unsaved text is dropped when it is
        one of `superseded` (the text saved, or the one it replaced), not when the analyst
        rewrote it meanwhile; nothing unsaved, nothing to drop."""
        if (doc_id, key) in self._unsaved and self._unsaved[(doc_id, key)] in superseded:
            del self._unsaved[(doc_id, key)]
        self._announce("marks")

    def marks_updated(self) -> None:
        """The notebook or the change log (held here) has written a change: a flag, a note,
        changes looked at."""
        self._announce("marks")

    @property
    def search(self) -> SearchIndex:
        """The search over the view shown (built on first use, or by `prepare_search`)."""
        from briefing.reading.search import no_pause

        self._search_wanted.set()  # a worker building it stops giving way
        try:
            return self._search_index(no_pause)
        finally:
            self._search_wanted.clear()

    def _search_index(self, give_way: Callable[[], None]) -> SearchIndex:
        index = self.index
        with self._search_lock:  # a worker thread may be building it right now
            if self._search is None or self._search.index is not index:
                from briefing.reading.search import SearchIndex

                self._search = SearchIndex(index, give_way=give_way)
            return self._search

    def prepare_search(self, stop: threading.Event | None = None) -> None:
        """Build the search index ahead of use, in a worker thread (it takes seconds for a
        hundred thousand quotes): it gives way while the app's thread is busy (a key being
        drawn), unless the search is wanted meanwhile; `stop` set, it ends (`Abandoned`)."""
        from briefing.reading.search import GiveWay

        with GiveWay(self._search_wanted, stop=stop) as give_way:
            self._search_index(give_way)

    def prepare_lookups(self, stop: threading.Event | None = None) -> bool:
        """Each clause's quotes, the search index, then what the clause filter reads, ahead
        of use: the main screen's worker thread, at start and for each new view (the last
        two give way to keys; the quotes, ~30 ms at 100,000, are what the first move in
        the clause list reads).

        `stop` set (the worker cancelled: the app is closing) ends the work at its next
        give-way and returns False. Nothing half-built is kept (each part is stored only
        once complete, and built on first use otherwise): at 100,000 quotes the index
        would otherwise hold a quitting process, and the analyst's shell prompt, for
        seconds."""
        from briefing.reading.search import Abandoned, GiveWay

        index = self.index
        try:
            index.prepare_quotes()
            # Many lists and sets and no cycles: built with the collector waiting (a pass
            # during the build walked them, ~14 ms at 100,000 quotes; format/collector.py).
            with collector_paused():
                self.prepare_search(stop)
                with GiveWay(self._search_wanted, stop=stop) as give_way:
                    index.prepare_filter(give_way)
        except Abandoned:
            return False
        return True

    def search_ready(self) -> SearchIndex | None:
        """The search over the view shown when it is built already (None: not yet; it
        never waits for a worker building it)."""
        found = self._search
        return found if found is not None and found.index is self.index else None

    def notes(self) -> dict[str, str]:
        """This briefing's notes as the analyst last wrote them, by key (empty ones left out)."""
        keys = set(self.notebook.notes) if self.notebook is not None else set()
        keys |= set(self.unsaved_notes())
        return {key: text for key in sorted(keys) if (text := self.note(key)).strip()}

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

    def is_flagged(self, clause_id: str) -> bool:
        return clause_id in self.flags()
