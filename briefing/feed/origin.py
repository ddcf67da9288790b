"""Where the briefing on screen came from, for the header and the export."""

from __future__ import annotations

from typing import Literal

import msgspec

from briefing.disk.config import redact_url

OriginKind = Literal["bundled", "file", "feed"]


class Origin(msgspec.Struct, frozen=True):
    kind: OriginKind
    location: str
    """A file path or feed URL."""
    name: str = ""
    """The feed's name in config.toml (or its host)."""

    def label(self) -> str:
        if self.kind == "bundled":
            return "bundled briefing"
        if self.kind == "file":
            return (
                "standard input" if self.location == "standard input" else f"file {self.location}"
            )
        return f"feed {self.name} ({redact_url(self.location)})"

    def short(self) -> str:
        if self.kind == "bundled":
            return "bundled"
        if self.kind == "file":
            return self.location.rsplit("/", 1)[-1]
        return self.name or redact_url(self.location)
