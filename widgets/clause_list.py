"""The list of clauses: number, title and status, one line each."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from briefing.model import Clause
from widgets.cells import clip, fit
from widgets.line_list import LineList, Part

STATUS_WIDTH = 9
TOPIC_WIDTH = 13


class ClauseList(LineList):
    """Every clause of the briefing (or of a filter), with the cursor on one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="clauses.open"),
    ]

    EMPTY_TEXT = "No clause in this briefing."

    class Highlighted(Message):
        """The cursor moved to a clause."""

        def __init__(self, clause_list: ClauseList, clause: Clause) -> None:
            super().__init__()
            self.clause_list = clause_list
            self.clause = clause

    class Chosen(Message):
        """Enter (or a double click) on a clause: open it."""

        def __init__(self, clause_list: ClauseList, clause: Clause) -> None:
            super().__init__()
            self.clause_list = clause_list
            self.clause = clause

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.clauses: list[Clause] = []
        self._number_width = 1

    def show(self, clauses: list[Clause], select: str | None = None) -> None:
        """Show `clauses`, keeping the cursor on clause id `select` when it is there."""
        self.clauses = clauses
        self._number_width = min(max((len(c.number) for c in clauses), default=1), 6)
        cursor = next((i for i, c in enumerate(clauses) if c.id == select), 0)
        self.set_count(len(clauses), cursor)

    @property
    def current(self) -> Clause | None:
        return self.clauses[self.cursor] if self.clauses else None

    @property
    def current_id(self) -> str | None:
        return self.clauses[self.cursor].id if self.clauses else None

    def select_id(self, clause_id: str) -> bool:
        for row, clause in enumerate(self.clauses):
            if clause.id == clause_id:
                self.cursor = row
                return True
        return False

    def render_row(self, index: int, width: int) -> list[Part]:
        clause = self.clauses[index]
        status_width = STATUS_WIDTH if width >= 30 else 0
        topic_width = TOPIC_WIDTH if width >= 70 else 0
        title_width = width - self._number_width - status_width - topic_width - 3
        parts: list[Part] = [
            (" ", None),
            (fit(clause.number, self._number_width) + " ", "line-list--dim"),
            (fit(clause.title, title_width) + " ", None),
        ]
        if topic_width:
            parts.append((fit(clause.topic or "", topic_width - 1) + " ", "line-list--dim"))
        if status_width:
            parts.append((clip(clause.status, status_width), f"status--{clause.status}"))
        return parts

    def on_highlight(self, index: int) -> None:
        self.post_message(self.Highlighted(self, self.clauses[index]))

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.clauses[index]))
