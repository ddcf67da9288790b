"""The list of clauses: number, title and status, one line each — the highlighted one with
its whole title, on as many lines as it takes (up to `CURSOR_LINES`)."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message

from briefing.format.cells import clip
from briefing.format.model import NO_NUMBER, Clause
from briefing.services.session import UNSAVED_MARK
from briefing.widgets.cells import fit, wrap
from briefing.widgets.line_list import STATUS_CLASSES, LineList, Part

STATUS_WIDTH = 9
WHOLE_TEXT = "∗ The text as a whole"
MARK = "●"
"""Marks a row with changes the analyst has not looked at yet."""
FLAG = "⚑"
NOTE = "✎"
TOPIC_WIDTH = 13
CURSOR_LINES = 3
"""Lines the highlighted row may take to show its whole title (a longer one ends in …)."""
_NUMBER = attrgetter("number")


class ClauseList(LineList):
    """Every clause of the briefing (or of a filter), with the cursor on one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = STATUS_CLASSES

    HELP_NAME = "the clause list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="clauses.open"),
    ]

    EMPTY_TEXT = "No clause in this briefing."

    class Chosen(Message):
        """Enter (or a double click) on a row: open it."""

        def __init__(self, clause_list: ClauseList, clause: Clause | None) -> None:
            super().__init__()
            self.clause_list = clause_list
            self.clause = clause

        @property
        def control(self) -> ClauseList:
            """The list that sent the message (what `@on(..., selector)` matches)."""
            return self.clause_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Clause | None] = []
        self._number_width = 1
        self.marked: set[str | None] = set()
        """Rows with unseen changes: clause ids, None for the text as a whole."""
        self.flagged: set[str] = set()
        self.noted: set[str] = set()
        self.unsaved: set[str] = set()
        self._title_lines: list[str] = []
        """The highlighted clause's title wrapped to the title column (one line or more)."""
        self._title_key: tuple[int, int, str] | None = None
        self._natural: int | None = None
        """Cells the rows take with every title whole (computed when first asked)."""
        self._widest: Sequence[Clause] | None = None
        """The clauses whose titles set that width (`show`'s `widest`; None: the rows)."""

    @property
    def clauses(self) -> list[Clause]:
        return [row for row in self.rows if row is not None]

    def show(
        self,
        clauses: list[Clause],
        select: str | None = None,
        *,
        whole_text: bool = False,
        widest: Sequence[Clause] | None = None,
    ) -> None:
        """Show `clauses` (after a row for the text as a whole when `whole_text`), keeping
        the cursor on clause id `select` when it is there. The number column is as wide
        as the numbers of `widest` need (default: `clauses`), and in the wide layout the
        list as wide as their titles: given every clause a filter chooses from, neither
        changes width while the filter is typed."""
        self.rows = ([None] if whole_text else []) + list(clauses)
        natural = self._natural
        if widest is None or widest is not self._widest:
            self._natural = None
            # The number column as `widest` needs it: it too keeps its width while a
            # filter is typed (and 10,000 numbers are not measured at each key).
            numbers = [  # `Clause.has_number`, inlined: a property call each costs 10k of them
                len(number)
                for number in map(_NUMBER, clauses if widest is None else widest)
                if number.strip() not in NO_NUMBER
            ]
            self._number_width = min(max(numbers), 6) if numbers else 0  # no column for "—"
        self._widest = widest
        auto = self.styles.width is not None and self.styles.width.is_auto
        if natural is not None and auto and self._natural_width() != natural:
            self.refresh(layout=True)  # a wider (or narrower) list: the panes move
        cursor = (
            0  # no clause to keep: the first row, without looking through 10k for none
            if select is None
            else next(
                (i for i, c in enumerate(self.rows) if c is not None and c.id == select),
                1 if whole_text and clauses else 0,
            )
        )
        self.set_count(len(self.rows), cursor)

    def _natural_width(self) -> int:
        """Cells of the widest row with its whole title (the columns of `_columns`); an
        ASCII title's length is its width, so 10k titles cost a millisecond, not ten."""
        if self._natural is None:
            clauses = self.clauses if self._widest is None else self._widest
            longest = max(
                (len(t) if t.isascii() else cell_len(t) for t in (c.title for c in clauses)),
                default=0,
            )
            number_width = self._number_width + 1 if self._number_width else 0
            row = longest + number_width + TOPIC_WIDTH + STATUS_WIDTH + 5
            self._natural = max(row, cell_len(WHOLE_TEXT) + 4)
        return self._natural

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Textual's hook for `width: auto` (the wide layout): every title whole, so the
        list takes what its titles need and the CSS bounds it (`max-width`)."""
        return self._natural_width()

    @property
    def current(self) -> Clause | None:
        return self.rows[self.cursor] if self.rows else None

    @property
    def current_id(self) -> str | None:
        current = self.current
        return current.id if current is not None else None

    def select_id(self, clause_id: str) -> bool:
        for row, clause in enumerate(self.rows):
            if clause is not None and clause.id == clause_id:
                self.cursor = row
                return True
        return False

    def _columns(self, width: int) -> tuple[int, int, int, int]:
        """Cells of the number, title, topic and status columns at `width`."""
        status_width = STATUS_WIDTH if width >= 30 else 0
        topic_width = TOPIC_WIDTH if width >= 70 else 0
        number_width = self._number_width + 1 if self._number_width else 0
        title_width = width - number_width - status_width - topic_width - 5
        return number_width, title_width, topic_width, status_width

    def _cursor_title(self, width: int) -> list[str]:
        """The highlighted clause's title wrapped to its column: one line when it fits,
        up to `CURSOR_LINES` (the last ending in … when even those are too few)."""
        clause = self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None
        if clause is None or width <= 0:
            return []
        key = (width, self._columns(width)[1], clause.title)  # the number column may change
        if key != self._title_key:
            self._title_key = key
            self._title_lines = self._wrap_title(clause.title, width)
        return self._title_lines

    def _wrap_title(self, title: str, width: int) -> list[str]:
        """`title` as the highlighted row shows it at `width`; [] when it fits on one line."""
        title_width = self._columns(width)[1]
        lines = wrap(title, title_width) if title_width > 0 else []
        if len(lines) > CURSOR_LINES:
            rest = " ".join(lines[CURSOR_LINES - 1 :])
            lines = [*lines[: CURSOR_LINES - 1], fit(rest, title_width)]
        return lines if len(lines) > 1 else []

    def set_count(self, count: int, cursor: int = 0) -> None:
        super().set_count(count, cursor)
        self._layout_changed()  # now that the cursor is on its row: its lines count
        self._scroll_to_cursor(center=True)

    def _extra(self) -> int:
        """Lines the highlighted row takes beyond its first."""
        width = self.row_width()
        return max(len(self._cursor_title(width)) - 1, 0) if self.rows else 0

    def line_count(self) -> int:
        return self._count + self._extra()

    def item_lines(self, index: int) -> tuple[int, int]:
        extra = self._extra()
        if index < self.cursor:
            return index, 1
        if index == self.cursor:
            return index, 1 + extra
        return index + extra, 1

    def item_at_line(self, line: int) -> int | None:
        extra = self._extra()
        if line <= self.cursor:
            index = line
        elif line <= self.cursor + extra:
            index = self.cursor
        else:
            index = line - extra
        return index if 0 <= index < self._count else None

    def watch_cursor(self, old: int, new: int) -> None:
        """As the base list's, and the rows a row of several lines moves are drawn again:
        those between the old and the new cursor when the two take as many lines (the rows
        below stay put), else all those below the upper of the two."""
        # The highlighted row's lines count in the scroll height; the rows they move are
        # drawn again just below, not the whole list (and its border) as a new layout is.
        self._set_scroll_height()
        extra = self._extra()
        # What the old row took on screen, at the width shown now: not remembered from the
        # last move, since a resize may have wrapped it anew.
        clause = self.rows[old] if 0 <= old < len(self.rows) else None
        width = self.row_width()
        grown = max(len(self._wrap_title(clause.title, width)) - 1, 0) if clause else 0
        if extra or grown:
            first = min(old, new)  # above both, a row is its index's line
            # The rows move when the two differ: down to the last line either layout took
            # (a list shorter than its pane leaves the old last line blank, not stale).
            end = max(old, new) + extra + 1 if extra == grown else self._count + max(extra, grown)
            self.refresh_shown(first + self.header_lines, end - first)
        super().watch_cursor(old, new)

    def item_line_parts(self, index: int, line: int, width: int) -> list[Part]:
        if index == self.cursor and line > index:  # the rest of the highlighted title
            lines = self._cursor_title(width)
            rest = lines[line - index] if line - index < len(lines) else ""
            number_width, title_width, _topic, _status = self._columns(width)
            indent = " " * (4 + number_width)
            return [(indent, None), (fit(rest, title_width), None)]
        return super().item_line_parts(index, line, width)

    def render_row(self, index: int, width: int) -> list[Part]:
        clause = self.rows[index]
        mark: Part = (MARK, "line-list--accent") if self._is_marked(clause) else (" ", None)
        if clause is None:
            return [mark, ("   ", None), (fit(WHOLE_TEXT, width - 4), "line-list--accent")]
        flag: Part = (FLAG, "line-list--strong") if clause.id in self.flagged else (" ", None)
        noted: Part = (NOTE, "line-list--accent") if clause.id in self.noted else (" ", None)
        if clause.id in self.unsaved:
            noted = (UNSAVED_MARK, "line-list--strong")
        number_width, title_width, topic_width, status_width = self._columns(width)
        number = clause.number if clause.has_number else ""
        parts: list[Part] = [mark, flag, noted, (" ", None)]
        if number_width:
            parts.append((fit(number, self._number_width) + " ", "line-list--dim"))
        title_lines = self._cursor_title(width) if index == self.cursor else []
        title = title_lines[0] if title_lines else clause.title
        parts.append((fit(title, title_width) + " ", None))
        if topic_width:
            parts.append((fit(clause.topic or "", topic_width - 1) + " ", "line-list--dim"))
        if status_width:
            parts.append((clip(clause.status, status_width), f"status--{clause.status}"))
        return parts

    def _is_marked(self, clause: Clause | None) -> bool:
        return (clause.id if clause is not None else None) in self.marked

    def mark(
        self,
        marked: set[str | None],
        flagged: set[str] | None = None,
        noted: set[str] | None = None,
        unsaved: set[str] | None = None,
    ) -> None:
        """Show markers: unseen changes (●), flagged (⚑), with a note (✎), with a note the
        disk refused (✱)."""
        flagged = self.flagged if flagged is None else flagged
        noted = self.noted if noted is None else noted
        unsaved = self.unsaved if unsaved is None else unsaved
        now = (marked, flagged, noted, unsaved)
        if now != (self.marked, self.flagged, self.noted, self.unsaved):
            self.marked, self.flagged, self.noted = marked, set(flagged), set(noted)
            self.unsaved = set(unsaved)
            self.refresh()

    def next_marked(self, delta: int) -> int | None:
        """The row of the next (delta=1) or previous (-1) marked row after the cursor, cycling."""

        count = len(self.rows)
        for step in range(1, count + 1):
            row = (self.cursor + delta * step) % count
            if self._is_marked(self.rows[row]):
                return row
        return None

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.rows[index]))
