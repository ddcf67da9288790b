"""The timeline: every dated thing, one line each, oldest first."""

from __future__ import annotations

from textual.message import Message

from briefing.format import dates
from briefing.reading.timeline import Entry
from briefing.widgets.cells import fit
from briefing.widgets.line_list import LineList, Part

KIND_WORD = {"event": "event", "deadline": "deadline", "quote": "quote", "position": "position"}


class TimelineList(LineList):
    """Events, deadline changes, quotes and positions by date; Enter opens what one is about."""

    HELP_NAME = "the timeline"

    EMPTY_TEXT = "Nothing dated in this view."

    class Chosen(Message):
        def __init__(self, timeline: TimelineList, entry: Entry) -> None:
            super().__init__()
            self.timeline = timeline
            self.entry = entry

        @property
        def control(self) -> TimelineList:
            """The list that sent the message (what `@on(..., selector)` matches)."""
            return self.timeline

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Entry] = []

    def show(self, entries: list[Entry], select: int = 0) -> None:
        self.entries = entries
        self.set_count(len(entries), select)

    @property
    def current(self) -> Entry | None:
        return self.entries[self.cursor] if self.entries else None

    def render_row(self, index: int, width: int) -> list[Part]:
        entry = self.entries[index]
        day = dates.day_label(entry.when)
        return [
            (" ", None),
            (fit(day, 12) + " ", "line-list--dim"),
            (f"{KIND_WORD[entry.kind]:<9}", "line-list--accent"),
            (entry.text, None),
        ]

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.entries[index]))
