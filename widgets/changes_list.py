"""What changed in the briefing, newest first, one line each; unseen ones marked."""

from __future__ import annotations

from textual.message import Message

from briefing.disk.changelog import Logged
from briefing.format import dates
from briefing.widgets.cells import fit
from briefing.widgets.line_list import LineList, Part

UNSEEN = "●"


class ChangesList(LineList):
    """Every remembered change of the briefing; Enter opens what it is about."""

    HELP_NAME = "the changes list"

    EMPTY_TEXT = "No change recorded yet: changes appear after a refresh brings a new copy."

    class Chosen(Message):
        def __init__(self, changes: ChangesList, entry: Logged) -> None:
            super().__init__()
            self.changes = changes
            self.entry = entry

        @property
        def control(self) -> ChangesList:
            """The list that sent the message (what `@on(..., selector)` matches)."""
            return self.changes

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Logged] = []
        self.seen: set[str] = set()

    def show(self, entries: list[Logged], seen: set[str]) -> None:
        self.entries = entries
        self.seen = seen
        self.set_count(len(entries))

    def render_row(self, index: int, width: int) -> list[Part]:
        entry = self.entries[index]
        unseen = entry.key not in self.seen
        when = dates.day_label(entry.when) if entry.when else ""
        return [
            (UNSEEN if unseen else " ", "line-list--accent"),
            (" ", None),
            (fit(when[:11], 11) + " ", "line-list--dim"),
            (entry.text, None if unseen else "line-list--dim"),
        ]

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.entries[index]))
