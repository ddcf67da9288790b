"""The types a refresh hands around — cheap to import (no httpx), so start-up stays fast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal

import msgspec

from briefing.disk.cache import Validators
from briefing.format.textclean import clean_display_text

Progress = Callable[[int, int | None], None]
"""Called with (bytes received so far, expected total or None) while a body downloads."""


MAX_WAIT: Final = 86_400
"""The longest wait a server's `Cache-Control: max-age` or `Retry-After` is followed for (a
day); a larger one is clamped to it (`r` refreshes at any time anyway)."""

_MAX_VALIDATOR: Final = 512
"""The longest ETag kept to send back; a longer one is not used."""


def delta_seconds(value: str, *, quoted: bool = True) -> int | None:
    """A header's number of seconds, parsed strictly: ASCII digits only (not `²` or `٣`,
    which `str.isdigit` accepts and `int` may refuse), no sign, clamped to `MAX_WAIT` (so
    14 digits or 5,000 never reach `int` or a `timedelta`); `"60"` too when `quoted`
    (Cache-Control allows it). None for anything else."""
    value = value.strip()
    if quoted and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not value or not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(MAX_WAIT)):
        return MAX_WAIT
    return min(int(digits), MAX_WAIT)


def http_date(value: str | None) -> datetime | None:
    """An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, or the older forms), aware; None when the
    value is not one (non-ASCII, too long, a day or hour out of range, a year past 9999)."""
    if not value or len(value) > 64 or not value.isascii() or not value.isprintable():
        return None
    try:
        import email.utils  # not before the first paint: only a response's dates need it

        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def usable_etag(value: str | None) -> str | None:
    """An ETag that can be sent back as it came: visible ASCII only (no space, no byte a
    header could not carry), at most 512 characters; else None (it is not used)."""
    if not value:
        return None
    value = value.strip()
    if not 0 < len(value) <= _MAX_VALIDATOR:
        return None
    if not all("!" <= char <= "~" for char in value):
        return None
    return value


def usable_date(value: str | None) -> str | None:
    """A Last-Modified that can be sent back as If-Modified-Since: an HTTP date (ASCII);
    else None."""
    if not value:
        return None
    value = value.strip()
    return value if http_date(value) is not None else None


def usable_validators(validators: Validators | None) -> Validators:
    """`validators` with any value that could not be sent dropped (one stored by an older
    version, or a cache file edited by hand)."""
    if validators is None:
        return Validators()
    return Validators(usable_etag(validators.etag), usable_date(validators.last_modified))


class Fetched(msgspec.Struct, frozen=True):
    status: Literal["updated", "not-modified"]
    url: str
    """The URL that answered (after redirects)."""
    validators: Validators
    body: bytes = b""
    max_age: int | None = None
    """Seconds the answer stays fresh (Cache-Control: max-age), if the server said."""
    attempts: int = 1


@dataclass
class FeedError(Exception):
    """A refresh that failed; `message` is one line for the user."""

    message: str
    retry_after: float | None = None
    """Seconds the server asked us to wait before trying again."""
    kind: str = "error"
    attempts: int = field(default=1, compare=False)

    def __post_init__(self) -> None:
        self.message = clean_display_text(self.message).replace("\n", " ")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
