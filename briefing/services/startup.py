"""What to show at start: the config, the chosen briefing, and the copy to show at once."""

from __future__ import annotations

import sys

import msgspec

from briefing.disk import paths, preread
from briefing.disk.cache import CachedCopy, FeedCache
from briefing.disk.config import Config, load_config, redact_url
from briefing.disk.documents import STDIN, STDIN_NAME, load_remembered, load_stream
from briefing.feed.origin import Origin
from briefing.feed.targets import FeedRef, FileRef, Target, resolve
from briefing.format.model import Briefing
from briefing.format.problems import CannotRead


class Startup(msgspec.Struct):
    config: Config
    target: Target
    doc: Briefing
    origin: Origin
    copy: CachedCopy | None = None
    """The cached copy of the feed, when the target is a feed and one exists."""
    notes: list[str] = msgspec.field(default_factory=list)
    """Things to tell the analyst once: an invalid config, a cache file set aside, …"""


def bundled() -> tuple[Briefing, Origin]:
    path = paths.bundled_briefing()
    return load_remembered(path, paths.user_dirs().cache), Origin("bundled", str(path))


def open_target(feed: str | None, *, require_copy: bool = False) -> Startup:
    """Resolve `--feed` (or the config's default) and load what to show first.

    A feed starts from its cached copy (offline works); without one, the bundled
    briefing is shown until the first download (or, with `require_copy`, it fails).
    Raises `BriefingError` for an unreadable file, `UnknownFeed` for a bad `--feed`.
    """
    try:
        return _open(feed, require_copy)
    finally:
        preread.forget()  # an early read of a file this start did not load


def _open(feed: str | None, require_copy: bool) -> Startup:
    dirs = paths.user_dirs()
    config, config_note = load_config(dirs.config_file, chosen=paths.config_chosen())
    notes = [config_note] if config_note else list(config.warnings)
    target = resolve(feed, config)
    if target is None:
        doc, origin = bundled()
        return Startup(config, target, doc, origin, notes=notes)
    if isinstance(target, FileRef) and target.path == STDIN:  # read once, to its end
        doc = load_stream(sys.stdin.buffer)
        return Startup(config, target, doc, Origin("file", STDIN_NAME), notes=notes)
    if isinstance(target, FileRef):
        doc = load_remembered(target.path, paths.user_dirs().cache)
        return Startup(config, target, doc, Origin("file", target.path), notes=notes)
    return _feed(config, target, notes, require_copy)


def _feed(config: Config, target: FeedRef, notes: list[str], require_copy: bool) -> Startup:
    cache = FeedCache(paths.user_dirs().cache, target.url)
    copy, cache_notes = cache.read(config.max_bytes)
    notes += cache_notes
    origin = Origin("feed", target.url, target.name)
    if copy is not None:
        if copy.from_previous:
            notes.append("showing the copy before the last one, which could not be read")
        return Startup(config, target, copy.doc, origin, copy, notes)
    if require_copy:
        raise CannotRead(
            f"feed {target.name}",
            f"no copy of it yet; run `briefing refresh --feed {_argument(config, target)}` first",
        )
    doc, shown = bundled()
    notes.append(
        f"no copy of feed {target.name} yet — showing the bundled briefing until it arrives"
    )
    return Startup(config, target, doc, shown, None, notes)


def _argument(config: Config, target: FeedRef) -> str:
    """What to give --feed for this feed: its name in config.toml, else its URL (without the
    credentials it may carry: those belong in config.toml, not on a command line)."""
    return target.name if config.feed(target.name) is not None else redact_url(target.url)
