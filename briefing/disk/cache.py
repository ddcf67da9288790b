"""The local copy of a feed: the last good document, the one before it, and its metadata.

Per feed URL, under the cache directory: `document.json` (the last good copy,
exactly the bytes the feed served), `previous.json` (the copy before it),
`meta.json` (validators, when it was fetched and checked) and `lock`.
Only a document that validated is ever written here. An unreadable file is set
aside (renamed, kept) and the previous good copy is used instead.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from pathlib import Path
from typing import Final

import msgspec

from briefing import __version__
from briefing.disk import storage
from briefing.disk.config import redact_url
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.format.problems import BriefingError
from briefing.format.validate import REVISION

log = logging.getLogger(__name__)
"""Cache writes, named by the feed's redacted URL (shown_url)."""


class Validators(msgspec.Struct, frozen=True):
    etag: str | None = None
    last_modified: str | None = None


CHECKED_BY: Final = f"{__version__}+rules{REVISION}"
"""Who validated a cached copy: this version under these rules (else it is checked again)."""

CACHE_VERSION: Final = "v1"
"""Bumped when the layout of the cache changes; an old layout is simply not read."""


class CacheMeta(msgspec.Struct, kw_only=True, omit_defaults=True):
    url: str
    """The feed's URL without credentials (`redact_url`): nothing secret is stored."""
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None
    """When the current document was downloaded (ISO 8601, UTC)."""
    checked_at: str | None = None
    """When the feed was last asked (a 304 updates this, not fetched_at)."""
    max_age: int | None = None
    retry_after_until: str | None = None
    bytes: int | None = None
    checked_by: str | None = None
    """The version of the app that validated the document: the same version reading a
    copy with the same digest does not validate it again (start-up at any size)."""
    clean: bool | None = None
    """True when `checked_by` found no text its cleaner would change (no scan at start)."""

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


class CachedCopy(msgspec.Struct):
    doc: Briefing
    raw_sha256: str
    meta: CacheMeta
    from_previous: bool = False
    """True when the last copy was unreadable and the one before it is shown."""
    notes: list[str] = msgspec.field(default_factory=list)
    unkept: str | None = None
    """Why this copy is not in the cache (a refresh that could not be written): it lives in
    memory only, and is gone when the app quits."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def feed_key(url: str) -> str:
    return sha256(url.encode())[:20]


class FeedCache:
    """The cached copy of one feed URL."""

    def __init__(self, root: Path, url: str) -> None:
        self.url = url
        self.shown_url = redact_url(url)
        """The URL as stored and shown: without the credentials it may carry."""
        self.dir = root / CACHE_VERSION / "feeds" / feed_key(self.shown_url)
        self.document = self.dir / "document.json"
        self.previous = self.dir / "previous.json"
        self.meta_path = self.dir / "meta.json"
        self.lock = self.dir / "lock"

    def read_meta(self) -> CacheMeta:
        try:
            raw = storage.read_bytes(self.meta_path, 1 << 20)
            if raw is not None:
                meta = msgspec.json.decode(raw, type=CacheMeta)
                if meta.url == self.shown_url:
                    return meta
        except (
            storage.StorageError,
            msgspec.DecodeError,
            msgspec.ValidationError,
            UnicodeDecodeError,
        ):
            pass
        return CacheMeta(url=self.shown_url)

    def read(self, max_bytes: int) -> tuple[CachedCopy | None, list[str]]:
        """The last good copy (or the one before it), and notes on anything set aside."""
        notes: list[str] = []
        try:
            storage.check_app_root(self.dir)  # a planted link or a squatted dir: not read
        except storage.StorageError as error:
            return None, [str(error)]
        storage.clean_orphans(self.dir)
        meta = self.read_meta()
        for path, is_previous in ((self.document, False), (self.previous, True)):
            try:
                raw = storage.read_bytes(path, max_bytes)
            except storage.StorageError as error:
                notes.append(str(error))
                continue
            if raw is None:
                continue
            digest = sha256(raw)
            trusted = not is_previous and meta.sha256 == digest and meta.checked_by == CHECKED_BY
            try:
                doc = load_bytes(
                    raw, str(path), checked=True, trusted=trusted, known_clean=bool(meta.clean)
                )
            except BriefingError as error:
                aside = storage.set_aside(path)
                notes.append(
                    f"the cached copy {path.name} was unreadable ({error.headline}); "
                    f"set aside as {aside.name if aside else path.name}"
                )
                continue
            if is_previous or meta.sha256 != digest:
                # The validators belong to another body: ask for the whole feed next time.
                meta = CacheMeta(url=self.shown_url, sha256=digest, fetched_at=meta.fetched_at)
            return CachedCopy(doc, digest, meta, is_previous, notes), notes
        return None, notes

    def store(self, raw: bytes, meta: CacheMeta) -> None:
        """Install a validated body: the current copy becomes `previous.json`, atomically."""
        storage.private_dir(self.dir)
        storage.keep_copy(self.document, self.previous)
        storage.write_atomic(self.document, raw)
        log.info("cache %s: stored %d bytes in %s", self.shown_url, len(raw), self.document)
        self.write_meta(meta)

    def write_meta(self, meta: CacheMeta) -> None:
        storage.write_atomic(self.meta_path, msgspec.json.format(msgspec.json.encode(meta)))
        log.info("cache %s: wrote %s", self.shown_url, self.meta_path.name)
