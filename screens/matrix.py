"""The positions matrix screen: the grid, a legend, and the cell under the cursor spelled out."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.stance import ACCOUNT_MARK, legend
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import OpenClause
from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.matrix import WHOLE_TEXT, PositionsMatrix


class MatrixScreen(BriefingScreen[str]):
    """Clauses × parties; Enter opens the clause, Escape (or m) goes back."""

    HELP_NAME = "the matrix"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="matrix.back"),
    ]

    def __init__(
        self, session: Session, clause_id: str | None, *, party_id: str | None = None
    ) -> None:
        super().__init__(session)
        self.clause_id = clause_id
        self.party_id = party_id
        self._legend = ""

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield PositionsMatrix(id="matrix")
        yield Static(id="matrix-cell")
        yield Static(id="matrix-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        session = self.session
        matrix = self.query_one(PositionsMatrix)
        matrix.glyphs = session.glyphs
        matrix.border_title = Content("Positions matrix")
        self._show(self.clause_id, self.party_id)
        matrix.focus()
        self.follow(view=self._new_view)

    def current_clause_id(self) -> str | None:
        matrix = self.query_one(PositionsMatrix)
        clause = matrix.rows[matrix.cursor] if matrix.rows else None
        return clause.id if clause is not None else None

    def _new_view(self) -> None:
        """A new snapshot: the matrix again, the cursor on the same clause and party."""
        matrix = self.query_one(PositionsMatrix)
        party = matrix.parties[matrix.column].id if matrix.parties else None
        self._show(self.current_clause_id(), party)

    def _show(self, clause_id: str | None, party_id: str | None) -> None:
        session = self.session
        self.show_header()
        matrix = self.query_one(PositionsMatrix)
        matrix.show(session.index, clause_id, party=party_id)
        matrix.border_subtitle = Content(f"{len(matrix.rows)} rows × {len(matrix.parties)} parties")
        told = any(
            stand.current.according_to is not None for row in matrix.cells for stand in row.values()
        )
        account = f"  {ACCOUNT_MARK} another's account" if told else ""
        self._legend = legend(matrix.glyphs) + "  · no position" + account
        self._show_legend()

    def _show_legend(self) -> None:
        """The stance legend, then each party's code and name, each name cut to the most
        cells that keep the line within the screen's width (whole at 200 columns), and to
        no fewer than 18 (the line then wraps)."""
        parties = [p for p in self.query_one(PositionsMatrix).parties if p.short != p.name]
        longest = max([18, *(cell_len(party.name) for party in parties)])
        for cut in range(longest, 17, -1):
            codes = " · ".join(f"{party.short} {clip(party.name, cut)}" for party in parties)
            if cell_len(codes) <= self.size.width:
                break
        self.query_one("#matrix-legend", Static).update(
            Content.assemble(
                (self._legend, "$text-muted"),
                ("\n" + codes if codes else "", "$text-muted"),
            )
        )

    def on_resize(self) -> None:
        if self._legend:
            self._show_legend()

    def on_positions_matrix_cell_highlighted(
        self, message: PositionsMatrix.CellHighlighted
    ) -> None:
        where = WHOLE_TEXT if message.clause is None else clip(message.clause.title, 200)
        stand = message.stand
        if stand is None:
            text = Content.assemble(
                (message.party.name, "bold"),
                f" on {where}: ",
                ("no position in the sources", "$text-muted"),
            )
        else:
            position = stand.current
            head = Content.assemble(
                (message.party.name, "bold"),
                f" on {where}: ",
                (self.session.index.stance_words(position), "bold"),
                (f" since {dates.day_label(stand.since)}", "$text-muted"),
                " — ",
            )
            # Two lines at most: the grid keeps the screen; the clause page has the rest.
            room = 2 * max(self.size.width, 40) - head.cell_length - 12  # words wrap whole
            summary = position.summary
            if len(summary) > room:
                summary = clip(summary, max(room - 21, 10)) + " "
                text = head + Content.assemble(summary, ("(⏎ opens the clause)", "$text-muted"))
            else:
                text = head + Content(summary)
        self.query_one("#matrix-cell", Static).update(text)

    async def on_positions_matrix_chosen(self, message: PositionsMatrix.Chosen) -> None:
        if message.clause is None:
            await self.app.run_action("overview")
        else:
            self.post_message(OpenClause(message.clause.id))

    def action_back(self) -> None:
        self.dismiss(self.current_clause_id() or "")
