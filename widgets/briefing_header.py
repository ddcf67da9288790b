"""The header line: briefing title, when it was updated, where it came from, the as-of moment."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from briefing.feed.origin import Origin
from briefing.format import dates
from briefing.format.cells import clip


class BriefingHeader(Widget):
    """One line that says what is on screen and how fresh it is."""

    DEFAULT_CSS = """
    BriefingHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = ""
        self.updated = ""
        self.origin: Origin | None = None
        self.as_of: datetime | None = None
        self.filter_label = ""

    def show(
        self,
        title: str,
        updated: str,
        origin: Origin,
        as_of: datetime | None,
        filter_label: str = "",
    ) -> None:
        self.title_text = title
        self.updated = updated
        self.origin = origin
        self.as_of = as_of
        self.filter_label = filter_label
        self.refresh()

    BRIEF_LEVELS = 3
    """How many forms of the meta there are, each shorter than the last: the update's day
    and time, its day, the day without the word "updated"."""

    def meta_parts(self, width: int, brief: int = 0) -> list[tuple[str, str]]:
        """The right-hand part; `brief` (0 to `BRIEF_LEVELS` - 1) shortens when it was
        updated, so that a long title can be read whole (only then: a title cut anyway
        keeps the full meta)."""
        parts: list[tuple[str, str]] = []
        if self.filter_label:
            parts.append((" FILTERED ", "bold reverse $text-accent"))
            parts.append((" ", ""))
        if self.as_of is not None:
            parts.append(
                (f" AS OF {dates.moment_label(self.as_of)} ", "bold reverse $text-warning")
            )
            parts.append((" ", ""))
        if self.updated:
            day = dates.day_label(self.updated) if brief == 0 else dates.date_label(self.updated)
            parts.append((day if brief >= 2 else f"updated {day}", "$text-muted"))
        if self.origin is not None:
            label = self.origin.label() if width >= 100 else self.origin.short()
            parts.append((f" · {label}", "$text-muted"))
        return parts

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        title_width = cell_len(self.title_text)
        for brief in range(self.BRIEF_LEVELS):  # the fullest meta beside the whole title
            meta = self.meta_parts(width, brief)
            meta_width = sum(cell_len(text) for text, _ in meta)
            room = width - meta_width - 1
            if title_width <= room:
                break
        else:  # no form makes the title whole: it is cut, and the meta says all it can
            meta = self.meta_parts(width)
            meta_width = sum(cell_len(text) for text, _ in meta)
            room = width - meta_width - 2
        if room < 12:
            meta = [part for part in meta if "AS OF" in part[0] or "FILTERED" in part[0]]
            meta_width = sum(cell_len(text) for text, _ in meta)
            room = width - meta_width - 1
        title = clip(self.title_text, max(room, 0))
        gap = max(width - cell_len(title) - meta_width, 1)
        return Content.assemble((title, "bold"), " " * gap, *meta)
