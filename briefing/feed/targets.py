"""Which briefing to show: a configured feed, an ad-hoc URL, a file, or the bundled one."""

from __future__ import annotations

import msgspec

from briefing.disk.config import DEFAULT_REFRESH, Config, is_url, redact_url, shown_url, url_problem


class FeedRef(msgspec.Struct, frozen=True):
    """A feed served over HTTP(S); cached under its URL."""

    name: str
    url: str
    refresh: int = DEFAULT_REFRESH


class FileRef(msgspec.Struct, frozen=True):
    """A briefing document on disk, read as it is (no cache)."""

    path: str


Target = FeedRef | FileRef | None
"""None: the bundled briefing."""


class UnknownFeed(ValueError):
    pass


def resolve(argument: str | None, config: Config) -> Target:
    """`--feed NAME|URL|PATH`, else the configured default (or the only feed), else bundled."""
    if argument is None:
        name = config.default_feed or (config.feeds[0].name if len(config.feeds) == 1 else None)
        if name is None:
            return None
        feed = config.feed(name)
        return FeedRef(feed.name, feed.url, feed.refresh) if feed else None
    feed = config.feed(argument)
    if feed is not None:
        return FeedRef(feed.name, feed.url, feed.refresh)
    if is_url(argument):
        problem = url_problem(argument)
        if problem:
            raise UnknownFeed(f"{shown_url(argument)} is not a usable feed URL: {problem}")
        return FeedRef(_host(argument), argument, DEFAULT_REFRESH)
    if "://" in argument:
        raise UnknownFeed(f"{shown_url(argument)}: only http and https feeds are supported")
    return FileRef(argument)


def _host(url: str) -> str:
    """The host[:port] of a URL, as the feed's name (never its credentials)."""
    rest = url.split("://", 1)[1]
    return rest.split("/", 1)[0].rpartition("@")[2] or redact_url(url)
