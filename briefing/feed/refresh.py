"""One refresh of a feed: lock, conditional GET, validate, diff, install, remember changes.

Used by `briefing refresh` (cron) and by the app's refresh worker. Whatever
fails, the cached copy is left exactly as it was and the outcome says, in one
line, what happened and what is shown instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from briefing.disk import storage
from briefing.disk.cache import CHECKED_BY, CachedCopy, CacheMeta, FeedCache, iso, sha256
from briefing.disk.changelog import ChangeLog
from briefing.disk.config import redact_url, scrub
from briefing.feed.fetch import fetch
from briefing.feed.status import Outcome, clock_label, is_fresh, showing_instead
from briefing.feed.types import FeedError, Progress
from briefing.format.load import load_noting_cleaning
from briefing.format.problems import BriefingError
from briefing.reading.diff import Difference, differences

log = logging.getLogger(__name__)
"""Refreshes: start and result. Every URL logged goes through redact_url, every message
through scrub: no credential reaches a log."""


@dataclass
class RefreshResult:
    outcome: Outcome
    message: str
    """One line: what happened (and on failure, what is shown instead)."""
    copy: CachedCopy | None = None
    """The copy now in the cache (the new one when updated)."""
    differences: list[Difference] = field(default_factory=list)
    error: FeedError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome != "failed"


async def refresh(
    url: str,
    *,
    cache_root: Path,
    data_root: Path,
    client: httpx.AsyncClient,
    deadline: float,
    max_bytes: int,
    force: bool = True,
    progress: Progress | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    current: CachedCopy | None = None,
    keep_in_memory: bool = False,
) -> RefreshResult:
    """Refresh the cached copy of `url`; never raises for feed, network or disk trouble.

    `current` is the copy the caller already holds (the app's): when it is still the one
    in the cache, it is used instead of reading and validating the cached file again, so
    a "not modified" answer costs a round trip and a small metadata write.

    With `keep_in_memory` (the app), a cache that cannot be written (a read-only or
    impossible directory, a full disk) does not fail the refresh: the validated copy is
    returned marked `unkept`, with the reason, to be shown until the app quits. Without it
    (`briefing refresh`, whose job is to cache) the refresh fails, as any other write."""
    cache = FeedCache(cache_root, url)
    log.info("refresh %s: start (force=%s)", cache.shown_url, force)
    args = (cache, data_root, client, deadline, max_bytes, force, progress, now, current)
    async with contextlib.AsyncExitStack() as stack:
        try:
            await stack.enter_async_context(storage.alocked(cache.lock, deadline))
        except storage.StorageError as error:
            if not keep_in_memory or isinstance(error, storage.LockTimeout):
                copy, _notes = await asyncio.to_thread(cache.read, max_bytes)
                message = f"{error}; {showing_instead(copy, now())}"
                failure = FeedError(str(error))
                result = RefreshResult("failed", message, copy, error=failure)
                return _scrubbed(result, url)
            # No lock without a usable cache dir; nothing will be written there either.
        result = await _locked(*args, keep_in_memory=keep_in_memory)
    return _scrubbed(result, url)


def _scrubbed(result: RefreshResult, url: str) -> RefreshResult:
    """Credentials in the URL (https://user:pass@…) never reach a message, whatever quoted it;
    the result is logged once scrubbed."""
    result.message = scrub(result.message, url)
    if result.error is not None:
        result.error.message = scrub(result.error.message, url)
    level = logging.WARNING if result.outcome == "failed" else logging.INFO
    log.log(level, "refresh %s: %s: %s", redact_url(url), result.outcome, result.message)
    return result


async def _locked(
    cache: FeedCache,
    data_root: Path,
    client: httpx.AsyncClient,
    deadline: float,
    max_bytes: int,
    force: bool,
    progress: Progress | None,
    now: Callable[[], datetime],
    current: CachedCopy | None,
    *,
    keep_in_memory: bool,
) -> RefreshResult:
    # A copy held in memory only (not kept) is the one to compare with, not the cache's.
    copy = current if current is not None and current.unkept else None
    if copy is None:
        copy = await asyncio.to_thread(_still_cached, cache, current)
    if copy is None:
        copy, _notes = await asyncio.to_thread(cache.read, max_bytes)
    meta = copy.meta if copy is not None else CacheMeta(url=cache.shown_url)
    if copy is not None and not force and is_fresh(meta, now()):
        return RefreshResult("fresh", "feed ok · still fresh, not asked", copy)
    validators = meta.validators if copy is not None else None
    try:
        fetched = await fetch(
            client, cache.url, validators, max_bytes=max_bytes, deadline=deadline, progress=progress
        )
    except FeedError as error:
        if error.retry_after is not None:
            until = now() + timedelta(seconds=error.retry_after)
            meta.retry_after_until = iso(until)
            await _save_meta(cache, meta, copy)
        return RefreshResult(
            "failed", f"{error.message}; {showing_instead(copy, now())}", copy, error=error
        )
    moment = now()
    meta.checked_at = iso(moment)
    meta.max_age = fetched.max_age
    meta.retry_after_until = None
    if fetched.status == "not-modified" and copy is not None:
        meta.etag, meta.last_modified = fetched.validators.etag, fetched.validators.last_modified
        await _save_meta(cache, meta, copy)
        message = f"feed ok · not modified · checked {clock_label(moment, moment)}"
        return RefreshResult("not-modified", message, copy)
    if fetched.status == "not-modified":
        odd = FeedError(f"{redact_url(cache.url)} answered 304 but there is no cached copy to keep")
        return RefreshResult("failed", f"{odd.message}; no copy yet", None, error=odd)
    digest = sha256(fetched.body)
    if copy is not None and digest == copy.raw_sha256:
        meta.etag, meta.last_modified = fetched.validators.etag, fetched.validators.last_modified
        meta.sha256 = digest
        await _save_meta(cache, meta, copy)
        message = f"feed ok · no change · checked {clock_label(moment, moment)}"
        return RefreshResult("unchanged", message, copy)
    try:
        doc, clean = await asyncio.to_thread(
            load_noting_cleaning, fetched.body, redact_url(cache.url)
        )
    except BriefingError as error:
        failure = FeedError(error.headline)
        return RefreshResult(
            "failed", f"{error.headline}; {showing_instead(copy, moment)}", copy, error=failure
        )
    new_meta = CacheMeta(
        url=cache.shown_url,
        sha256=digest,
        etag=fetched.validators.etag,
        last_modified=fetched.validators.last_modified,
        fetched_at=iso(moment),
        checked_at=iso(moment),
        max_age=fetched.max_age,
        bytes=len(fetched.body),
        checked_by=CHECKED_BY,
        clean=clean,
    )
    unkept: str | None = None
    try:
        await asyncio.to_thread(cache.store, fetched.body, new_meta)
    except storage.StorageError as error:
        if not keep_in_memory:
            failure = FeedError(str(error))
            return RefreshResult(
                "failed", f"{error}; {showing_instead(copy, moment)}", copy, error=failure
            )
        unkept = str(error)
    found = differences(copy.doc, doc) if copy is not None and copy.doc.id == doc.id else []
    note = ""
    if found:
        try:
            log = ChangeLog.for_briefing(data_root, doc.id)
            await asyncio.to_thread(log.record, found, iso(moment))
        except storage.StorageError as error:
            note = f" (changes not remembered: {error})"
    installed = CachedCopy(doc, digest, new_meta, unkept=unkept)
    count = f" · {len(found)} change{'s' if len(found) != 1 else ''}" if found else ""
    kept = f" · not kept: {unkept}" if unkept else ""
    message = f"feed ok · updated {clock_label(moment, moment)}{count}{note}{kept}"
    return RefreshResult("updated", message, installed, found)


def _still_cached(cache: FeedCache, current: CachedCopy | None) -> CachedCopy | None:
    """`current`, with the cache's metadata, when the cached document is still its body
    (same digest in the metadata, same size on disk); else None (read the cache)."""
    if current is None or current.from_previous:
        return None
    meta = cache.read_meta()
    if meta.sha256 != current.raw_sha256 or meta.bytes is None:
        return None
    try:
        if cache.document.stat().st_size != meta.bytes:
            return None
    except OSError:
        return None
    return CachedCopy(current.doc, current.raw_sha256, meta, False, [])


async def _save_meta(cache: FeedCache, meta: CacheMeta, copy: CachedCopy | None) -> None:
    if copy is None or copy.unkept:  # no metadata for a document that is not on disk
        return
    # Validators are an optimisation; the document is what matters.
    with contextlib.suppress(storage.StorageError):
        await asyncio.to_thread(cache.write_meta, meta)
