"""The positions matrix: clauses down, parties across, one stance glyph per cell."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from briefing.format.model import Clause, Party
from briefing.format.stance import ACCOUNT_MARK, GLYPH, NO_POSITION, TONE
from briefing.reading.index import BriefingIndex, PartyStand
from briefing.widgets.cells import fit
from briefing.widgets.line_list import MATCH_CLASS, STANCE_CLASSES, LineList, Part

WHOLE_TEXT = "the text as a whole"


NAMED_WIDTH = 12
"""Party columns wider than this name their party in the header (cut to fit), not code."""


class PositionsMatrix(LineList):
    """The whole negotiation at a glance; a cell cursor picks one party's position."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*STANCE_CLASSES, MATCH_CLASS}

    HELP_NAME = "the matrix"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "column(-1)", "Party left", show=False, id="matrix.left"),
        Binding("right,l", "column(1)", "Party right", show=False, id="matrix.right"),
        Binding("enter", "choose", "Open clause", id="matrix.open"),
    ]

    EMPTY_TEXT = "No clause in this briefing."
    header_lines = 1

    column: reactive[int] = reactive(0, init=False)
    """Index of the party under the cell cursor."""

    class CellHighlighted(Message):
        """The cell cursor moved: `clause` is None on the whole-text row."""

        def __init__(
            self,
            matrix: PositionsMatrix,
            clause: Clause | None,
            party: Party,
            stand: PartyStand | None,
        ) -> None:
            super().__init__()
            self.matrix = matrix
            self.clause = clause
            self.party = party
            self.stand = stand

        @property
        def control(self) -> PositionsMatrix:
            """The matrix that sent the message (what `@on(..., selector)` matches)."""
            return self.matrix

    class Chosen(Message):
        """Enter on a row: its clause, or None for the text as a whole."""

        def __init__(self, matrix: PositionsMatrix, clause: Clause | None) -> None:
            super().__init__()
            self.matrix = matrix
            self.clause = clause

        @property
        def control(self) -> PositionsMatrix:
            """The matrix that sent the message (what `@on(..., selector)` matches)."""
            return self.matrix

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.index: BriefingIndex | None = None
        self.rows: list[Clause | None] = []
        self.parties: list[Party] = []
        self.cells: list[dict[str, PartyStand]] = []
        self.glyphs: dict[str, str] = dict(GLYPH)
        self._first_column = 0
        self._cell_width = 3
        self._longest_label = 12
        self._longest_name = 0

    def show(
        self, index: BriefingIndex, select: str | None = None, *, party: str | None = None
    ) -> None:
        """Lay out every clause against every party that has a position."""

        self.index = index
        overall = index.overall_stands()
        clauses = index.doc.clauses
        self.rows = ([None] if overall else []) + list(clauses)
        self.cells = []
        involved: set[str] = set()
        for clause in self.rows:
            stands = overall if clause is None else index.stands_on(clause)
            row = {stand.party.id: stand for stand in stands}
            involved.update(row)
            self.cells.append(row)
        self.parties = [p for p in index.doc.parties if p.id in involved]
        self._cell_width = max([3, *(len(p.short) + 1 for p in self.parties)])
        self._longest_label = max([len(WHOLE_TEXT), *(cell_len(c.label) for c in clauses)])
        self._longest_name = max([0, *(cell_len(p.name) + 1 for p in self.parties)])
        cursor = next(
            (i for i, c in enumerate(self.rows) if c is not None and c.id == select),
            0,
        )
        column = next((n for n, p in enumerate(self.parties) if p.id == party), self.column)
        self.set_reactive(PositionsMatrix.column, min(column, max(len(self.parties) - 1, 0)))
        self._scroll_columns()
        self.set_count(len(self.rows), cursor)

    # -- geometry ----------------------------------------------------------------

    def _label_width(self, width: int) -> int:
        """The clause column: what the party columns leave when they all fit beside a
        third of the width (the titles read whole at 200 columns), else a third."""
        third = max(12, min(40, width // 3))
        rest = width - len(self.parties) * self._cell_width
        return max(third, min(rest, self._longest_label + 2))

    def _column_width(self, width: int) -> int:
        """A party's column: as wide as its code, or, when every column and every title
        fit with room to spare for names (at 200 columns), wider, named in the header."""
        spare = width - self._label_width(width) - len(self.parties) * self._cell_width
        if spare <= 0 or not self.parties:
            return self._cell_width
        wide = min(self._longest_name, self._cell_width + spare // len(self.parties))
        return wide if wide > NAMED_WIDTH else self._cell_width

    def _visible_columns(self, width: int) -> int:
        return max(1, (width - self._label_width(width)) // self._column_width(width))

    def _scroll_columns(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: on_resize places the columns
        visible = self._visible_columns(width)
        if self.column < self._first_column:
            self._first_column = self.column
        elif self.column >= self._first_column + visible:
            self._first_column = self.column - visible + 1
        self._first_column = max(0, min(self._first_column, max(len(self.parties) - visible, 0)))

    # -- rendering ---------------------------------------------------------------

    def render_header(self, y: int, width: int) -> list[Part]:
        label_width = self._label_width(width)
        cell_width = self._column_width(width)
        shown = self.parties[self._first_column : self._first_column + self._visible_columns(width)]
        more = "‹ " if self._first_column else "  "
        parts: list[Part] = [(fit(more + "clause", label_width), "line-list--dim")]
        for offset, party in enumerate(shown):
            role = (
                "line-list--match"
                if self._first_column + offset == self.column
                else "line-list--strong"
            )
            # Names (cut when longer) in columns wide enough to read them, else every
            # party by its code, which the legend spells out: never the two mixed.
            name = party.name if cell_width > NAMED_WIDTH else party.short
            parts.append((fit(name, cell_width - 1), role))
            parts.append((" ", None))
        if self._first_column + len(shown) < len(self.parties):
            parts.append(("›", "line-list--dim"))
        return parts

    def render_row(self, index: int, width: int) -> list[Part]:
        clause = self.rows[index]
        label_width = self._label_width(width)
        label = WHOLE_TEXT if clause is None else clause.label
        role = "line-list--accent" if clause is None else None
        parts: list[Part] = [(fit(label, label_width - 1) + " ", role)]
        cells = self.cells[index]
        cell_width = self._column_width(width)
        visible = self._visible_columns(width)
        for column in range(
            self._first_column, min(self._first_column + visible, len(self.parties))
        ):
            party = self.parties[column]
            stand = cells.get(party.id)
            if stand is None:
                glyph, tone = NO_POSITION, "line-list--dim"
            else:
                stance = stand.current.stance
                glyph, tone = self.glyphs[stance], f"stance--{TONE[stance]}"
                if stand.current.according_to is not None:
                    glyph += ACCOUNT_MARK  # another party's account: the legend says so
            if index == self.cursor and column == self.column:
                tone = "line-list--match"
            pad = cell_width - 1
            parts.append((f"{glyph:^{pad}}", tone))
            parts.append((" ", None))
        return parts

    # -- cursor ----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._scroll_columns()  # the party columns that fit now, the cursor's among them
        self.refresh()

    def validate_column(self, column: int) -> int:
        return max(0, min(column, len(self.parties) - 1)) if self.parties else 0

    def watch_column(self) -> None:
        self._scroll_columns()
        self.refresh()
        if self.rows:
            self.on_highlight(self.cursor)

    def action_column(self, delta: int) -> None:
        self.column += delta

    def on_highlight(self, index: int) -> None:
        if not self.parties:
            return
        party = self.parties[self.column]
        clause = self.rows[index]
        self.post_message(
            self.CellHighlighted(self, clause, party, self.cells[index].get(party.id))
        )

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.rows[index]))
