"""A briefing file named on the command line, read while the app's modules load.

`briefing --feed PATH` spends its first ~120 ms importing Textual and the app, on one
core, and only then reads the file: ~28 ms for a 59 MB document, and ~29 ms more to hash
it (on the other core, beside the decoding). Both let go of the interpreter's lock, so
`start` does them in a thread from the command's first line (`briefing.entry`), and the
load (`documents.read_document`) takes the bytes from it instead of reading them again.
`briefing validate PATH` has its file read the same way while its ~80 ms of modules load,
but not hashed: it checks the bytes in full whatever their digest (`documents.load_path`).

The thread reads the way the load does (`documents.read_document`: a regular file only,
never blocking, within the size limit) and keeps the bytes with what `stat` said of the
file just after. They are taken only for the same path, and only while the file
still stats the same (device, inode, size, modification time); otherwise, and after any
failure in the thread, the load reads the file itself as it always did, and reports what
goes wrong itself. Only files over `EARLY_FROM` are read early: below it a thread costs
more than it saves.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final, NamedTuple

EARLY_FROM: Final = 1 << 20
"""Bytes from which a file is worth reading early (and hashing beside the decoding)."""


class Early(NamedTuple):
    """A file's bytes as the thread read them, `stat` just after, and their SHA-256 (None
    for a file read for `briefing validate`, which checks it in full whatever its digest)."""

    raw: bytes
    info: os.stat_result
    sha256: str | None


class _Reading:
    def __init__(self, path: str, *, digest: bool) -> None:
        self.path = path
        self.digest = digest
        self.result: Early | None = None
        self.thread = threading.Thread(target=self._run, name="early-read", daemon=True)

    def _run(self) -> None:
        # Whatever goes wrong here, the load reads the file again and says what it is.
        with contextlib.suppress(Exception):
            if Path(self.path).stat().st_size < EARLY_FROM:
                return
            from briefing.disk.cache import sha256
            from briefing.disk.documents import read_document  # the load's own read

            raw, info = read_document(self.path)
            self.result = Early(raw, info, sha256(raw) if self.digest else None)


_reading: _Reading | None = None


def feed_path(argv: Sequence[str]) -> str | None:
    """The value of `--feed` in `argv` when it may name a file: not `-` (standard input),
    not a URL. None without one (or when it cannot be told: `--` ends the options)."""
    value: str | None = None
    for number, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--feed" and number + 1 < len(argv):
            value = argv[number + 1]
        elif arg.startswith("--feed="):
            value = arg.removeprefix("--feed=")
    if not value or value == "-" or "://" in value:
        return None
    return value


_VALUED: Final = frozenset({"--feed", "--as-of", "--log", "--config", "--theme"})
"""The options before a command that take the next argument as their value."""


def validate_path(argv: Sequence[str]) -> str | None:
    """The PATH of `briefing [OPTIONS] validate PATH` when it may name a file: not `-`.
    None for any other command, or when it cannot be told."""
    index = 0
    while index < len(argv) and argv[index] != "--":
        arg = argv[index]
        if arg in _VALUED:
            index += 2
        elif arg.startswith("-"):
            index += 1
        elif arg != "validate":
            return None
        else:
            rest = list(argv[index + 1 :])
            if rest[:1] == ["--"]:
                rest = rest[1:]
            elif any(other.startswith("-") for other in rest):
                return None  # an option (`-h`) or standard input: nothing to read early
            return rest[0] if len(rest) == 1 and rest[0] != "-" else None
    return None


def start(argv: Sequence[str]) -> None:
    """Read the file `--feed` names in `argv`, or the one `validate` checks (if it is a
    large regular file), in a thread."""
    global _reading
    if _reading is not None:
        return
    # `validate` first: `--feed X validate Y` loads Y alone.
    path = validate_path(argv)
    if path is not None:
        _reading = _Reading(path, digest=False)
    elif (path := feed_path(argv)) is not None:
        _reading = _Reading(path, digest=True)
    else:
        return
    _reading.thread.start()


def take(path: str | os.PathLike[str]) -> Early | None:
    """The early read of `path` (the very string given to `start`), once, if the file
    still stats as it did just after; else None (and the caller reads it)."""
    global _reading
    reading = _reading
    if reading is None or reading.path != os.fspath(path):
        return None
    _reading = None
    reading.thread.join()
    early = reading.result
    if early is None:
        return None
    try:
        now = Path(path).stat()
    except OSError:
        return None
    then = early.info
    same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        then.st_dev,
        then.st_ino,
        then.st_size,
        then.st_mtime_ns,
    )
    return early if same else None


def forget() -> None:
    """Drop an early read nobody took (`--feed` named a feed in config.toml, not the file
    of that name; a command that loads no briefing; a validate that failed before its
    load): its bytes go once its thread ends."""
    global _reading
    _reading = None
