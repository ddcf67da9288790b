"""A briefing document read from a file by its path: anything but a regular file, and a
file over the size limit, refused before a byte is read; then decoded and checked as any
document is (`briefing.format.load`).

`load_remembered` is the app's way in (start-up, export): a file whose bytes this version
of the app validated before is not validated again. The check is remembered under the
cache directory, `v1/files/<key>.json` for each path, holding the path, size, mtime and
SHA-256 of the bytes that passed, who checked them (`cache.CHECKED_BY`) and whether their
text was clean. It is written atomically and only after the full check passed; at the
next start the bytes are read and hashed again, and anything that differs (another
digest, size, mtime or version of the app) means the full check. A large file whose
record matches its path, size and mtime is hashed in a thread while it is decoded (the
digest still decides: another one discards the decoded document for the full check).
A file `--feed` names was most likely read and hashed already, while the app's modules
loaded (`preread`): those bytes are taken while the file still stats the same.
`briefing validate` always checks in full (`load_path`).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Final, TypeVar

import msgspec

from briefing.disk import preread, storage
from briefing.disk.cache import CACHE_VERSION, CHECKED_BY, sha256
from briefing.disk.config import is_url, redact_url
from briefing.disk.storage import Refused, read_file
from briefing.format.load import MAX_BYTES, load_bytes, load_noting_cleaning, too_big_message
from briefing.format.model import Briefing
from briefing.format.problems import BriefingError, CannotRead

T = TypeVar("T")


def load_path(path: str | os.PathLike[str]) -> Briefing:
    """Load and validate the document in a file. Anything but a regular file (a FIFO, a
    device, a directory) and a file over the size limit are refused before a byte is read,
    without blocking (`storage.read_file`)."""
    early = preread.take(path)  # `briefing validate PATH`: read while the modules loaded
    raw = early.raw if early is not None else read_document(path)[0]
    return load_bytes(raw, os.fspath(path))


def read_document(path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result]:
    """The bytes of a document file and what `stat` said of it just after they were read
    (raises `CannotRead` saying why not)."""
    origin = os.fspath(path)
    if is_url(origin):  # not a file name: say so, and never show the URL's credentials
        raise CannotRead(
            redact_url(origin),
            "it is a URL, not a file (a feed is given to --feed: briefing refresh --feed URL)",
        )
    try:
        raw = read_file(path, MAX_BYTES)
        info = Path(path).stat()
    except Refused as refused:
        if refused.size is not None:
            raise CannotRead(origin, too_big_message(refused.size)) from None
        raise CannotRead(origin, refused.reason) from None
    except OSError as error:
        raise CannotRead(origin, error.strerror or str(error)) from None
    return raw, info


class FileCheck(msgspec.Struct, kw_only=True):
    """A file's bytes that passed the full check, as remembered for its path."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    checked_by: str
    clean: bool


RECORD_LIMIT: Final = 1 << 16


def check_record(cache_root: Path, path: str) -> Path:
    """Where the check of the file at `path` (absolute) is remembered."""
    return cache_root / CACHE_VERSION / "files" / f"{sha256(path.encode())[:20]}.json"


def load_remembered(path: str | os.PathLike[str], cache_root: Path) -> Briefing:
    """Load the document in a file, validating it unless these very bytes passed this
    version's full check before (see the module's docstring). A record that cannot be
    read or written costs only the full check; it never stops the document loading."""
    early = preread.take(path)  # read (and hashed) while the app's modules loaded
    raw, info = (early.raw, early.info) if early is not None else read_document(path)
    early_digest = early.sha256 if early is not None else None
    origin = os.fspath(path)
    absolute = str(Path(origin).resolve())
    record = check_record(cache_root, absolute)
    known = _read_record(record)
    if (
        known is not None
        and (known.path, known.size, known.mtime_ns, known.checked_by)
        == (absolute, len(raw), info.st_mtime_ns, CHECKED_BY)
        and len(raw) >= PARALLEL_HASH
    ):
        # Most likely the bytes that passed: hash them on another core (hashlib lets go
        # of the GIL) while they are decoded here. Another digest throws the decoded
        # document away for the full check below, as if it had never been decoded.
        if early_digest is not None:
            digest = early_digest
            doc = _trusted_or_none(raw, origin, known.clean) if digest == known.sha256 else None
        else:
            digest, doc = _hashing_while(raw, lambda: _trusted_or_none(raw, origin, known.clean))
        if digest == known.sha256 and doc is not None:
            return doc
    else:
        digest = early_digest if early_digest is not None else sha256(raw)
    expected = FileCheck(
        path=absolute,
        size=len(raw),
        mtime_ns=info.st_mtime_ns,
        sha256=digest,
        checked_by=CHECKED_BY,
        clean=False,
    )
    if known is not None and msgspec.structs.replace(known, clean=False) == expected:
        return load_bytes(raw, origin, trusted=True, known_clean=known.clean)
    doc, clean = load_noting_cleaning(raw, origin)
    if info.st_size == len(raw):  # not a file that changed while it was read
        # A read-only cache: the next start checks the file in full again.
        with contextlib.suppress(storage.StorageError):
            storage.write_atomic(
                record, msgspec.json.encode(msgspec.structs.replace(expected, clean=clean))
            )
    return doc


PARALLEL_HASH: Final = 1 << 20
"""From this size on (bytes), a file's digest is computed in a thread beside its decoding;
below it a thread costs more than it saves."""


def _trusted_or_none(raw: bytes, origin: str, clean: bool) -> Briefing | None:
    """The document decoded as bytes that passed the full check are (`trusted`), or None
    when they do not even decode: the digest then says they changed."""
    try:
        return load_bytes(raw, origin, trusted=True, known_clean=clean)
    except BriefingError:
        return None


def _hashing_while(raw: bytes, work: Callable[[], T]) -> tuple[str, T]:
    """`raw`'s SHA-256, computed in a thread while `work` runs here: (digest, its result)."""
    digest: list[str] = []
    hasher = threading.Thread(target=lambda: digest.append(sha256(raw)), name="file-digest")
    hasher.start()
    try:
        result = work()
    finally:
        hasher.join()
    return digest[0], result


def _read_record(record: Path) -> FileCheck | None:
    try:
        raw = storage.read_bytes(record, RECORD_LIMIT)
        return None if raw is None else msgspec.json.decode(raw, type=FileCheck)
    except (
        storage.StorageError,
        msgspec.DecodeError,
        msgspec.ValidationError,
        UnicodeDecodeError,
    ):
        return None


STDIN = "-"
"""`--feed -` and `briefing validate -`: the document comes on standard input."""
STDIN_NAME = "standard input"


def load_stream(stream: BinaryIO, origin: str = STDIN_NAME) -> Briefing:
    """Load and validate a document read from a stream (standard input) to its end; one
    over the size limit is refused once the limit is passed, without reading the rest."""
    try:
        raw = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise CannotRead(origin, error.strerror or str(error)) from None
    if len(raw) > MAX_BYTES:
        raise CannotRead(
            origin, f"it is over the limit of {MAX_BYTES // 1048576} MiB (format.md, Size)"
        )
    return load_bytes(raw, origin)
