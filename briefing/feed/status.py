"""How fresh the copy on screen is, in words: the status line and the CLI's messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from briefing.disk.cache import CachedCopy, CacheMeta
from briefing.feed.types import MAX_WAIT, FeedError

Outcome = Literal["updated", "unchanged", "not-modified", "fresh", "failed"]


def _parse(moment: str | None) -> datetime | None:
    """A moment the cache's metadata holds; None when it is not one an aware date-time
    (a file edited by hand, or written by another version, is not a reason to fail)."""
    if not moment:
        return None
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return None
    if parsed.tzinfo is None or not 1 < parsed.year < 9999:  # no room for a time zone
        return None
    return parsed


def stored_moment(moment: str | None) -> datetime | None:
    """A moment of the cache's metadata (`fetched_at`, `checked_at`); None when unusable."""
    return _parse(moment)


def _age(moment: datetime, now: datetime) -> str:
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} days"


def _stamp(moment: datetime, now: datetime) -> str:
    """14:02 in local time, with the day when it is not today."""
    local = moment.astimezone()
    return f"{local:%H:%M}" if local.date() == now.astimezone().date() else f"{local:%d %b %H:%M}"


def clock_label(moment: datetime, now: datetime) -> str:
    """'14:02 (2 min ago)'."""
    age = _age(moment, now)
    return f"{_stamp(moment, now)} ({'just now' if age == 'under a minute' else age + ' ago'})"


def showing_instead(copy: CachedCopy | None, now: datetime) -> str:
    """What the app shows when a refresh fails: 'showing the copy from 13:10 (52 min old)'."""
    if copy is None:
        return "no copy of this feed yet"
    fetched = _parse(copy.meta.fetched_at)
    if fetched is None:
        return "showing the cached copy"
    kept = ", in memory only" if copy.unkept else ""
    return f"showing the copy from {_stamp(fetched, now)} ({_age(fetched, now)} old{kept})"


def status_text(
    outcome: Outcome | None, copy: CachedCopy | None, error: FeedError | None, now: datetime
) -> str:
    """The app's status line: 'feed ok · 14:02 (2 min ago)', 'offline — showing …', …; a
    copy the cache could not take says 'not kept' and why."""
    text = _status(outcome, copy, error, now)
    if copy is not None and copy.unkept and outcome != "failed":
        text += f" · not kept: {copy.unkept}"
    return text


def _status(
    outcome: Outcome | None, copy: CachedCopy | None, error: FeedError | None, now: datetime
) -> str:
    meta = copy.meta if copy is not None else None
    checked = _parse(meta.checked_at) if meta else None
    if outcome == "failed" and error is not None:
        if error.kind == "transient":
            return f"offline — {showing_instead(copy, now)} · {error.message}"
        return f"{error.message} — {showing_instead(copy, now)}"
    if checked is not None:
        done = "not modified · " if outcome == "not-modified" else ""
        return f"feed ok · {done}{clock_label(checked, now)}"
    if copy is not None:
        return f"cached copy · {showing_instead(copy, now).removeprefix('showing the copy ')}"
    return "no copy of this feed yet"


def is_fresh(meta: CacheMeta, now: datetime) -> bool:
    """Whether the feed asked us not to ask again yet (max-age, Retry-After)."""
    checked = _parse(meta.checked_at)
    max_age = min(meta.max_age or 0, MAX_WAIT)  # as stored: clamped again
    if checked is not None and max_age > 0 and now - checked < timedelta(seconds=max_age):
        return True
    wait = _parse(meta.retry_after_until)
    return wait is not None and now < wait and wait - now <= timedelta(seconds=MAX_WAIT)
