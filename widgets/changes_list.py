"""What changed in the briefing, newest first, one line each; unseen ones marked.

A row is cut to the width with `…`; the highlighted change is shown whole (old → new)
by the screen, in the pane under the list."""

from __future__ import annotations

from textual.message import Message

from briefing.disk.changelog import Logged
from briefing.format.cells import clip
from briefing.widgets.cells import fit
from briefing.widgets.change_card import arrival_day
from briefing.widgets.line_list import LineList, Part

UNSEEN = "●"

DAY_WIDTH = 11
"""'25 Nov 2025': the day a change arrived."""


class ChangesList(LineList):
    """Every remembered change of the briefing; Enter opens what it is about."""

    HELP_NAME = "the changes list"

    EMPTY_TEXT = "No change recorded yet: changes appear after a refresh brings a new copy."

    class _About(Message):
        """A message about one change of the list (Chosen, Highlighted)."""

        def __init__(self, changes: ChangesList, entry: Logged) -> None:
            super().__init__()
            self.changes = changes
            self.entry = entry

        @property
        def control(self) -> ChangesList:
            """The list that sent the message (what `@on(..., selector)` matches)."""
            return self.changes

    class Chosen(_About):
        """Enter or a click chose a change (the screen opens what it is about)."""

    class Highlighted(_About):
        """The cursor is on a change (the screen shows it whole)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Logged] = []
        self.seen: set[str] = set()

    def show(self, entries: list[Logged], seen: set[str]) -> None:
        """Show `entries`, the cursor staying on the change it was on when it is still
        listed."""
        current = self.current
        self.entries = entries
        self.seen = seen
        keys = [entry.key for entry in entries]
        cursor = keys.index(current.key) if current and current.key in keys else 0
        self.set_count(len(entries), cursor)

    @property
    def current(self) -> Logged | None:
        if 0 <= self.cursor < len(self.entries):
            return self.entries[self.cursor]
        return None

    def render_row(self, index: int, width: int) -> list[Part]:
        entry = self.entries[index]
        unseen = entry.key not in self.seen
        lead = 2 + DAY_WIDTH + 1
        return [
            (UNSEEN if unseen else " ", "line-list--accent"),
            (" ", None),
            (fit(arrival_day(entry), DAY_WIDTH) + " ", "line-list--dim"),
            (clip(entry.text, width - lead), None if unseen else "line-list--dim"),
        ]

    def on_highlight(self, index: int) -> None:
        self.post_message(self.Highlighted(self, self.entries[index]))

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.entries[index]))
