"""Where the briefing on screen came from, for the header and the export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OriginKind = Literal["bundled", "file", "feed", "cache"]


@dataclass(frozen=True, slots=True)
class Origin:
    kind: OriginKind
    location: str
    """A file path or feed URL."""

    def label(self) -> str:
        if self.kind == "bundled":
            return "bundled briefing"
        if self.kind == "file":
            return f"file {self.location}"
        if self.kind == "cache":
            return f"cached copy of {self.location}"
        return f"feed {self.location}"

    def short(self) -> str:
        if self.kind == "bundled":
            return "bundled"
        if self.kind == "file":
            return self.location.rsplit("/", 1)[-1]
        return self.location
