"""The desk: every briefing of config.toml's feeds at a glance, without Textual.

For each feed: the briefing's title, its next open deadline, the changes the analyst has
not seen, and how fresh the copy is (ok / offline / failed, and since when). The desk
reads each feed's cached copy (it works offline), and refreshes the feeds that are not on
screen itself, one request per feed at a time; the feed on screen is the session's, which
the app refreshes (its status is read from the session, never asked for twice).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import msgspec

from briefing.disk import storage
from briefing.disk.cache import CachedCopy, FeedCache
from briefing.disk.changelog import ChangeLog
from briefing.disk.config import Config, FeedConfig
from briefing.disk.paths import UserDirs
from briefing.feed.status import Outcome, clock_label, is_fresh, stored_moment
from briefing.feed.targets import FeedRef
from briefing.feed.types import FeedError
from briefing.reading.clock import DeadlineState, next_open
from briefing.services.control import refresh_in_app
from briefing.services.session import Change, Session

if TYPE_CHECKING:
    import httpx

Fresh = Literal["ok", "offline", "failed", "cached", "none"]
"""ok: the last check this run answered; offline: the server could not be reached (or
asked to wait); failed: it answered something unusable; cached: not checked yet this
run (the cache's copy); none: no copy and no check yet."""


class Freshness(msgspec.Struct, frozen=True):
    state: Fresh
    since: datetime | None
    """ok: when last checked; offline / failed: since when it has been failing (this run);
    cached: when the copy was last checked (by this app or `briefing refresh`)."""
    fetched: datetime | None
    """When the copy shown was downloaded (None: no copy)."""
    message: str = ""
    """What went wrong (failed), with the feed's host:port said as 'the server'."""
    unkept: str | None = None
    """Why the copy is held in memory only (the cache refused it)."""

    def words(self, now: datetime) -> str:
        """'ok · checked 12:00 (just now)', 'offline since 12:03 (just now) · copy from 11:00
        (1 h old)', 'failed since …: the server answered 404 Not Found · copy from …',
        'cached · checked 09:12 (3 h ago)' (not asked yet in this run)."""
        fetched = clock_label(self.fetched, now).replace(" ago)", " old)") if self.fetched else ""
        copy = f" · copy from {fetched}" if fetched else ""  # no copy: the title line says so
        kept = f" · in memory only ({self.unkept})" if self.unkept else ""
        since = clock_label(self.since, now) if self.since else None
        if self.state == "ok":
            return f"ok · checked {since}{kept}" if since else f"ok{copy}{kept}"
        if self.state == "offline":
            return f"offline{' since ' + since if since else ''}{copy}{kept}"
        if self.state == "failed":
            return f"failed{' since ' + since if since else ''}: {self.message}{copy}{kept}"
        if self.state == "cached":
            return f"cached · checked {since}" if since else f"cached{copy}"
        return "not checked yet"


class DeskRow(msgspec.Struct, frozen=True):
    """One briefing on the desk."""

    feed: FeedConfig
    title: str | None
    """The briefing's title (None: no copy of it yet)."""
    deadline: DeadlineState | None
    unseen: int
    freshness: Freshness
    refreshing: bool
    current: bool
    """The briefing on screen."""


class _Run(msgspec.Struct):
    """How the refreshes of one feed have gone in this run of the app."""

    outcome: Outcome
    error: FeedError | None
    since: datetime
    """When the present state began (the first failure of a run of failures)."""


def _failing(outcome: Outcome | None) -> bool:
    return outcome == "failed"


def host_port(url: str) -> str:
    """'host:port' of a feed URL, as the feed's messages name it."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


class Desk:
    """The desk's state: each feed's copy, unseen count and last refreshes. One per app."""

    def __init__(self, session: Session, config: Config, dirs: UserDirs) -> None:
        self.session = session
        self.config = config
        self.dirs = dirs
        self._copies: dict[str, CachedCopy | None] = {}
        self._unseen: dict[str, int] = {}
        self._runs: dict[str, _Run] = {}
        self._busy: set[str] = set()
        self._asked: dict[str, datetime] = {}
        self._client: httpx.AsyncClient | None = None
        session.listen(self._heard)

    @property
    def feeds(self) -> tuple[FeedConfig, ...]:
        return self.config.feeds

    def absent(self) -> str | None:
        """Why there is no desk (no feed configured), or None when there is one."""
        if self.config.feeds:
            return None
        return (
            f"No desk: no feed in {self.dirs.config_file}. Add a [[feeds]] entry "
            "(name and url) to see your briefings side by side."
        )

    def target(self, name: str) -> FeedRef | None:
        """The feed called `name` in config, to switch to; None, the bundled briefing."""
        feed = self.config.feed(name)
        return FeedRef(feed.name, feed.url, feed.refresh) if feed else None

    def _on_screen(self, feed: FeedConfig) -> bool:
        shown = self.session.feed
        return shown is not None and shown.url == feed.url

    def _heard(self, change: Change) -> None:
        """The session's feed changed (the app refreshed it, the analyst saw its changes):
        keep its copy, unseen count and since when it fails, for when it is no longer on
        screen (its row then shows at once what the session knew)."""
        session, shown = self.session, self.session.feed
        name = next((f.name for f in self.feeds if shown and f.url == shown.url), None)
        if name is None or session.feed is None:
            return
        if session.copy is not None:
            self._copies[name] = session.copy
        if change == "marks" and session.changelog is not None:
            self._unseen[name] = len(session.unseen())
        if change == "feed" and not session.refreshing and session.outcome is not None:
            self._note(name, session.outcome, session.error)

    def _note(self, name: str, outcome: Outcome, error: FeedError | None) -> None:
        now = self.session.clock()
        run = self._runs.get(name)
        kind = error.kind if error is not None else None
        last_kind = run.error.kind if run is not None and run.error is not None else None
        if run is None or _failing(run.outcome) != _failing(outcome) or kind != last_kind:
            self._runs[name] = _Run(outcome, error, now)
        else:
            since = run.since if _failing(outcome) else now
            self._runs[name] = _Run(outcome, error, since)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- reading the cache -------------------------------------------------------------

    async def load(self) -> list[str]:
        """Read every feed's cached copy and unseen changes (offline: nothing is asked);
        notes on anything set aside."""
        notes: list[str] = []
        for feed in self.feeds:
            if self._on_screen(feed) or feed.name in self._busy:
                continue
            copy, found = await asyncio.to_thread(
                FeedCache(self.dirs.cache, feed.url).read, self.config.max_bytes
            )
            notes += [f"{feed.name}: {note}" for note in found]
            if copy is not None or feed.name not in self._copies:
                self._copies[feed.name] = copy
            await self._count_unseen(feed.name)
        return notes

    async def _count_unseen(self, name: str) -> None:
        copy = self._copies.get(name)
        if copy is None:
            self._unseen[name] = 0
            return
        try:
            log = await asyncio.to_thread(ChangeLog.for_briefing, self.dirs.data, copy.doc.id)
        except storage.StorageError:
            return  # the count stays as it was; the briefing's own screen says why
        self._unseen[name] = len(log.unseen())

    # -- refreshing --------------------------------------------------------------------

    def due(self, feed: FeedConfig) -> bool:
        """Whether the desk should ask `feed` now: not on screen (the app refreshes that one),
        not being asked already, and never asked in this run or its interval has passed."""
        if self._on_screen(feed) or feed.name in self._busy:
            return False
        asked = self._asked.get(feed.name)
        if asked is None:
            return True
        return feed.refresh > 0 and self.session.clock() - asked >= timedelta(seconds=feed.refresh)

    def busy(self, name: str) -> bool:
        return name in self._busy

    async def refresh(
        self, feed: FeedConfig, *, force: bool, started: Callable[[], object] = lambda: None
    ) -> Outcome | None:
        """Refresh one feed that is not on screen (one request per feed at a time: None when
        one is already under way, or the feed is on screen); `started` is called once it is
        under way (its row says 'refreshing…'). Never raises for the feed's trouble: its row
        says how it went."""
        if self._on_screen(feed) or feed.name in self._busy:
            return None
        from briefing.feed.fetch import make_client

        if self._client is None:
            self._client = make_client()
        self._busy.add(feed.name)
        self._asked[feed.name] = self.session.clock()
        try:
            started()
            copy = self._copies.get(feed.name)
            if copy is not None and not force and is_fresh(copy.meta, self.session.clock()):
                self._note(feed.name, "fresh", None)
                return "fresh"
            result = await refresh_in_app(
                feed.url,
                self._client,
                self.session,
                self.config,
                self.dirs,
                force=force,
                current=copy,
            )
        finally:
            self._busy.discard(feed.name)
        if result.copy is not None:
            self._copies[feed.name] = result.copy
        self._note(feed.name, result.outcome, result.error)
        await self._count_unseen(feed.name)
        return result.outcome

    # -- what the desk shows -----------------------------------------------------------

    def rows(self) -> list[DeskRow]:
        """Each feed's row, in config.toml's order, as of the session's clock."""
        now = self.session.clock()
        return [self._row(feed, now) for feed in self.feeds]

    def _row(self, feed: FeedConfig, now: datetime) -> DeskRow:
        session = self.session
        current = self._on_screen(feed)
        if current:
            copy: CachedCopy | None = session.copy
            unseen = len(session.unseen())
            refreshing = session.refreshing
        else:
            copy = self._copies.get(feed.name)
            unseen = self._unseen.get(feed.name, 0)
            refreshing = feed.name in self._busy
        doc = session.doc if current and copy is not None else copy.doc if copy else None
        return DeskRow(
            feed=feed,
            title=doc.title if doc is not None else None,
            deadline=next_open(doc.deadlines, now) if doc is not None else None,
            unseen=unseen,
            freshness=self._freshness(feed, copy),
            refreshing=refreshing,
            current=current,
        )

    def _freshness(self, feed: FeedConfig, copy: CachedCopy | None) -> Freshness:
        fetched = stored_moment(copy.meta.fetched_at) if copy is not None else None
        unkept = copy.unkept if copy is not None else None
        run = self._runs.get(feed.name)
        if run is None:
            checked = stored_moment(copy.meta.checked_at) if copy is not None else None
            state: Fresh = "cached" if copy is not None else "none"
            return Freshness(state, checked, fetched, unkept=unkept)
        if run.outcome != "failed":
            checked = stored_moment(copy.meta.checked_at) if copy is not None else None
            return Freshness("ok", checked or run.since, fetched, unkept=unkept)
        error = run.error
        offline = error is None or error.kind == "transient"
        message = error.message.replace(host_port(feed.url), "the server") if error else ""
        return Freshness("offline" if offline else "failed", run.since, fetched, message, unkept)
