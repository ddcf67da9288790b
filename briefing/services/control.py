"""The app's side of a feed, without Textual: refresh into the session, switch feeds,
remember what the analyst has seen. The App runs these coroutines in workers."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from briefing.disk import storage
from briefing.disk.cache import FeedCache
from briefing.disk.changelog import ChangeLog
from briefing.disk.config import Config
from briefing.disk.paths import UserDirs
from briefing.feed.origin import Origin
from briefing.feed.status import showing_instead
from briefing.feed.targets import FeedRef
from briefing.feed.types import FeedError
from briefing.services.session import Session

if TYPE_CHECKING:
    import httpx

    from briefing.disk.cache import CachedCopy
    from briefing.feed.refresh import RefreshResult
    from briefing.feed.types import Progress


class FeedControl:
    """Refreshes the session's feed and keeps its change log; one per app."""

    def __init__(self, session: Session, config: Config, dirs: UserDirs) -> None:
        self.session = session
        self.config = config
        self.dirs = dirs
        self._client: httpx.AsyncClient | None = None

    def absent(self, first: str) -> str | None:
        """Why a feed's key cannot act (`first`: what it would have done, said first), or
        None when the briefing on screen comes from a feed."""
        if self.session.feed is not None:
            return None
        return (
            f"{first}: this briefing is read from a file, not a feed. Open a feed with "
            f"--feed URL, or add a [[feeds]] entry to {self.dirs.config_file}."
        )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def load_changelog(self) -> str | None:
        """Read the change log of the briefing on screen; a note when it was set aside."""
        if self.session.feed is None:
            self.session.set_changelog(None)
            return None
        try:
            log = await asyncio.to_thread(
                ChangeLog.for_briefing, self.dirs.data, self.session.doc.id
            )
        except storage.StorageError as error:
            return str(error)
        self.session.set_changelog(log)
        return log.note

    async def start(self) -> tuple[list[str], str | None]:
        """Before the first refresh of the feed on screen: its change log read (notes on what
        was set aside), and a warning when refreshes cannot be cached here."""
        note = await self.load_changelog()
        problem = await self.cache_problem()
        warning = None
        if problem:
            warning = (
                f"Refreshes cannot be cached ({problem}): a refreshed briefing is shown, "
                "not kept once you quit."
            )
        return ([note] if note else []), warning

    async def cache_problem(self) -> str | None:
        """Why a refresh of the feed on screen could not be kept in the cache (None when it
        could, as far as can be told without writing)."""
        feed = self.session.feed
        if feed is None:
            return None
        directory = FeedCache(self.dirs.cache, feed.url).dir
        return await asyncio.to_thread(storage.why_unwritable, directory)

    async def refresh(self, *, force: bool) -> RefreshResult:
        """Refresh the feed; on success the session shows the new copy (also one the cache
        could not take: it is then marked `unkept`, shown until the app quits). The session
        reports the download's progress as it goes, and how it ended; should the refresh
        fail unexpectedly (an error of its own, not the feed's), it is marked failed."""
        from briefing.feed.fetch import (
            make_client,  # httpx loads on the first refresh, not at start
        )

        feed = self.session.feed
        assert feed is not None
        if self._client is None:
            self._client = make_client()
        session = self.session
        session.refresh_started()
        try:
            result = await self._refresh(feed, force)
        except asyncio.CancelledError:  # another feed chosen, or the app quitting
            session.refreshed(None)
            raise
        except BaseException:
            session.refreshed("failed")
            raise
        if result.copy is not None and feed is session.feed:
            # Updated here, or by another process (cron) since this copy was read.
            replaced = session.copy is None or result.copy.raw_sha256 != session.copy.raw_sha256
            session.refreshed(result.outcome, result.error, result.copy)
            if replaced:
                session.replace(result.copy.doc, Origin("feed", feed.url, feed.name))
                await self.load_changelog()
        else:
            session.refreshed(result.outcome, result.error)
        return result

    async def _refresh(self, feed: FeedRef, force: bool) -> RefreshResult:
        assert self._client is not None
        return await refresh_in_app(
            feed.url,
            self._client,
            self.session,
            self.config,
            self.dirs,
            force=force,
            current=self.session.copy,
            progress=self.session.refresh_progress,
        )

    async def switch(self, feed: FeedRef | None) -> list[str]:
        """Show another feed (its cached copy at once) or, with None, the bundled briefing."""
        from briefing.services.startup import bundled

        session = self.session
        notes: list[str] = []
        if feed is None:
            doc, origin = await asyncio.to_thread(bundled)
            session.show_feed(None, None)
            session.replace(doc, origin)
            return notes
        cache = FeedCache(self.dirs.cache, feed.url)
        copy, notes = await asyncio.to_thread(cache.read, self.config.max_bytes)
        session.show_feed(feed, copy)
        if copy is not None:
            session.replace(copy.doc, Origin("feed", feed.url, feed.name))
        else:
            doc, origin = await asyncio.to_thread(bundled)
            session.replace(doc, origin)
            notes.append(
                f"no copy of feed {feed.name} yet — {showing_instead(None, session.clock())}"
            )
        note = await self.load_changelog()
        return notes + ([note] if note else [])

    async def mark_seen(self, keys: list[str]) -> str | None:
        log = self.session.changelog
        if log is None or not keys:
            return None
        try:
            await asyncio.to_thread(log.mark_seen, keys)
        except storage.StorageError as error:
            with contextlib.suppress(Exception):
                log.seen |= set(keys)  # remembered for this session at least
            self.session.marks_updated()
            return f"could not save what you have seen: {error}"
        self.session.marks_updated()
        return None


async def refresh_in_app(
    url: str,
    client: httpx.AsyncClient,
    session: Session,
    config: Config,
    dirs: UserDirs,
    *,
    force: bool,
    current: CachedCopy | None,
    progress: Progress | None = None,
) -> RefreshResult:
    """One refresh of `url` as the app makes them, for the feed on screen (`FeedControl`)
    and the desk's others alike: as configured, with the session's clock, and a copy the
    cache cannot take kept in memory (shown until the app quits)."""
    return await configured_refresh(
        url,
        client,
        config,
        dirs,
        force=force,
        progress=progress,
        now=session.clock,
        current=current,
        keep_in_memory=True,
    )


async def configured_refresh(
    url: str, client: httpx.AsyncClient, config: Config, dirs: UserDirs, **options: Any
) -> RefreshResult:
    """One refresh of `url` into the user's cache with config.toml's timeout and size limit,
    the app's and `briefing refresh`'s alike; `options` are `refresh`'s own."""
    from briefing.feed.refresh import refresh

    return await refresh(
        url,
        cache_root=dirs.cache,
        data_root=dirs.data,
        client=client,
        deadline=config.timeout,
        max_bytes=config.max_bytes,
        **options,
    )


def unkept_text(result: RefreshResult) -> str | None:
    """A refresh the cache could not take, shown all the same until the app quits."""
    unkept = result.copy.unkept if result.copy is not None else None
    if unkept is None:
        return None
    return f"Refreshed, but not kept ({unkept}): the new briefing is shown until you quit."


def news_text(
    result: RefreshResult, step_key: str | None = None, list_key: str | None = None
) -> str | None:
    """What a refresh that brought a new snapshot found changed (None: nothing), with the
    keys that go through the changes and list them (the App passes its live bindings; a
    key that is not bound is not offered)."""
    found = len(result.differences)
    if not found:
        return None
    offers = [
        f"{key} to {what}"
        for key, what in ((step_key, "go through them"), (list_key, "list them"))
        if key
    ]
    how = f" — press {', '.join(offers)}" if offers else ""
    return f"{found} change{'s' if found != 1 else ''} in the briefing{how}"


def failure_text(error: BaseException) -> str:
    """One line for an unexpected failure in a refresh (never a traceback)."""
    if isinstance(error, FeedError):
        return error.message
    return f"refresh failed unexpectedly ({type(error).__name__}: {error})"
