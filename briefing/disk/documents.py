"""A briefing document read from a file by its path: anything but a regular file, and a
file over the size limit, refused before a byte is read; then decoded and checked as any
document is (`briefing.format.load`)."""

from __future__ import annotations

import os
from typing import BinaryIO

from briefing.disk.config import is_url, redact_url
from briefing.disk.storage import Refused, read_file
from briefing.format.load import MAX_BYTES, load_bytes, too_big_message
from briefing.format.model import Briefing
from briefing.format.problems import CannotRead


def load_path(path: str | os.PathLike[str]) -> Briefing:
    """Load and validate the document in a file. Anything but a regular file (a FIFO, a
    device, a directory) and a file over the size limit are refused before a byte is read,
    without blocking (`storage.read_file`)."""
    origin = os.fspath(path)
    if is_url(origin):  # not a file name: say so, and never show the URL's credentials
        raise CannotRead(
            redact_url(origin),
            "it is a URL, not a file (a feed is given to --feed: briefing refresh --feed URL)",
        )
    try:
        raw = read_file(path, MAX_BYTES)
    except Refused as refused:
        if refused.size is not None:
            raise CannotRead(origin, too_big_message(refused.size)) from None
        raise CannotRead(origin, refused.reason) from None
    except OSError as error:
        raise CannotRead(origin, error.strerror or str(error)) from None
    return load_bytes(raw, origin)


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
