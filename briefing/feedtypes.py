"""The types a refresh hands around — cheap to import (no httpx), so start-up stays fast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from briefing.textclean import clean_display_text

Progress = Callable[[int, int | None], None]
"""Called with (bytes received so far, expected total or None) while a body downloads."""


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
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
