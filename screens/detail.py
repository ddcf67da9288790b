"""Clause detail: every wording with its diff against the base, positions and their
history, quotes and sources; `[` and `]` step through the clauses."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefing import dates
from briefing.index import BriefingIndex, PartyStand
from briefing.model import Clause, Position, Quote, Version
from briefing.session import Session
from briefing.stance import GLYPH, TONE
from briefing.textdiff import word_diff
from widgets.briefing_header import BriefingHeader
from widgets.quotes_pane import attribution

TONE_STYLE = {
    "agree": "$text-success",
    "mixed": "$text-warning",
    "refuse": "$text-error",
    "neutral": "$text-muted",
}
STATUS_STYLE = {
    "proposed": "$text-primary",
    "contested": "$text-warning",
    "agreed": "$text-success",
    "dropped": "$text-muted strike",
    "unclear": "$text-muted",
}


def heading(text: str) -> Content:
    return Content.assemble((text, "bold $text-accent"))


def stance_content(position: Position, glyphs: dict[str, str]) -> Content:
    style = TONE_STYLE[TONE[position.stance]]
    return Content.assemble((f"{glyphs[position.stance]} {position.stance}", f"bold {style}"))


class ClauseDetailScreen(Screen[str]):
    """Everything the briefing says about one clause."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("left_square_bracket", "step(-1)", "Prev clause", id="detail.previous"),
        Binding("right_square_bracket", "step(1)", "Next clause", id="detail.next"),
    ]

    def __init__(
        self,
        session: Session,
        clauses: list[Clause],
        clause_id: str,
        quote_id: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.clauses = clauses
        self.position = next((i for i, c in enumerate(clauses) if c.id == clause_id), 0)
        self.quote_id = quote_id
        self.glyphs: dict[str, str] = dict(GLYPH)

    @property
    def clause(self) -> Clause:
        return self.clauses[self.position]

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield VerticalScroll(id="detail-body")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_clause()

    async def show_clause(self) -> None:
        session = self.session
        clause = self.clause
        index = session.index
        header = self.query_one(BriefingHeader)
        header.show(
            f"{clause.number} {clause.title}", session.view.updated, session.origin, session.as_of
        )
        body = self.query_one("#detail-body", VerticalScroll)
        await body.remove_children()
        widgets: list[Static] = [
            Static(self._title(clause), id="detail-title"),
            Static(self._wordings(index, clause), id="detail-wordings"),
            Static(self._positions(index, clause), id="detail-positions"),
            Static(heading(f"Quotes ({len(index.quotes_on(clause.id))})"), classes="section"),
        ]
        for number, quote in enumerate(index.quotes_on(clause.id)):
            classes = "quote target" if quote.id == self.quote_id else "quote"
            widgets.append(Static(self._quote(index, quote), id=f"quote-{number}", classes=classes))
        widgets.append(Static(self._sources(index, clause), id="detail-sources"))
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
        targets = body.query(".target")
        if targets:
            body.scroll_to_widget(targets.first(), animate=False, top=True)
        body.focus()

    # -- sections ------------------------------------------------------------

    def _title(self, clause: Clause) -> Content:
        where = f"clause {self.position + 1} of {len(self.clauses)}"
        parts: list[str | tuple[str, str]] = [
            (f"{clause.number}  {clause.title}", "bold"),
            "\n",
            (clause.status, f"bold {STATUS_STYLE[clause.status]}"),
        ]
        if clause.topic:
            parts.append((f" · {clause.topic}", "$text-muted"))
        parts.append((f" · {where} · [ ] to step", "$text-muted"))
        return Content.assemble(*parts)

    def _wordings(self, index: BriefingIndex, clause: Clause) -> Content:
        base = index.base_version(clause)
        lines: list[Content] = [heading("Wording")]
        if base is None and index.base is not None:
            lines.append(
                Content.assemble((f"Not in the base document ({index.base.title}).", "$text-muted"))
            )
        ordered = sorted(
            clause.versions,
            key=lambda v: (
                dates.instant(index.documents[v.document].date)
                if v.document in index.documents
                else dates.instant("0001-01-01")
            ),
        )
        for version in ordered:
            lines.append(self._version(index, version, base))
        return Content("\n").join(lines)

    def _version(self, index: BriefingIndex, version: Version, base: Version | None) -> Content:
        document = index.documents.get(version.document)
        label = document.title if document else version.document
        meta: list[str] = []
        if document is not None:
            if document.kind:
                meta.append(document.kind)
            meta.append(dates.day_label(document.date))
            author = index.parties.get(document.author) if document.author else None
            if author is not None:
                meta.append(author.name)
        is_base = base is not None and version is base
        head = Content.assemble(
            ("\n▸ ", "$text-accent"),
            (label, "bold"),
            (f" ({', '.join(meta)})" if meta else "", "$text-muted"),
            (" — base" if is_base else "", "$text-muted"),
        )
        if version.text is None:
            body = Content.assemble(("  dropped in this document", "italic $text-error"))
        elif base is None or is_base or base.text is None:
            body = Content.assemble("  ", version.text)
        else:
            body = self._diff(base.text, version.text)
        parts = [head, body]
        if version.note:
            parts.append(Content.assemble(("  note: ", "$text-muted"), (version.note, "italic")))
        return Content("\n").join(parts)

    def _diff(self, old: str, new: str) -> Content:
        pieces = word_diff(old, new)
        if all(piece.op == "same" for piece in pieces):
            return Content.assemble("  ", new, ("  (same as the base)", "$text-muted"))
        parts: list[str | tuple[str, str]] = ["  "]
        for piece in pieces:
            if piece.op == "same":
                parts.append(piece.text)
            elif piece.op == "removed":
                parts.append((f"[-{piece.text}-]", "strike $text-error"))
            else:
                parts.append((f"{{+{piece.text}+}}", "underline $text-success"))
        parts.append(("\n  [-removed-] {+added+} against the base document", "$text-muted"))
        return Content.assemble(*parts)

    def _positions(self, index: BriefingIndex, clause: Clause) -> Content:
        stands = index.stands_on(clause)
        lines: list[Content] = [heading(f"\nPositions ({len(stands)})")]
        if not stands:
            lines.append(Content.assemble(("No party position in the sources.", "$text-muted")))
        for stand in stands:
            lines.append(self._stand(index, stand))
        return Content("\n").join(lines)

    def _stand(self, index: BriefingIndex, stand: PartyStand) -> Content:
        current = stand.current
        lines = [
            Content.assemble(
                ("\n", ""),
                (stand.party.name, "bold"),
                "  ",
                stance_content(current, self.glyphs),
                (f"  since {dates.day_label(stand.since)}", "$text-muted"),
            ),
            Content.assemble("  ", current.summary),
            Content.assemble(("  " + self._cites(index, current), "$text-muted")),
        ]
        if current.quote and current.quote in index.quotes:
            quote = index.quotes[current.quote]
            lines.append(Content.assemble(("  “", "$text-muted"), quote.text, ("”", "$text-muted")))
        earlier = stand.history[:-1]
        if earlier:
            lines.append(Content.assemble(("  history:", "$text-muted")))
            for position in reversed(earlier):
                lines.append(
                    Content.assemble(
                        (f"    {dates.day_label(position.as_of)}  ", "$text-muted"),
                        stance_content(position, self.glyphs),
                        " — ",
                        position.summary,
                        (f" ({self._cites(index, position)})", "$text-muted"),
                    )
                )
        return Content("\n").join(lines)

    def _cites(self, index: BriefingIndex, position: Position) -> str:
        return (
            "as of "
            + dates.day_label(position.as_of)
            + " · "
            + "; ".join(index.source_label(s) for s in position.sources)
        )

    def _quote(self, index: BriefingIndex, quote: Quote) -> Content:
        parts: list[str | tuple[str, str]] = [
            ("“", "$text-muted"),
            quote.text,
            ("”", "$text-muted"),
            "\n",
            (attribution(index, quote), "$text-muted"),
        ]
        if quote.context:
            parts += ["\n", (quote.context, "italic $text-muted")]
        return Content.assemble(*parts)

    def _sources(self, index: BriefingIndex, clause: Clause) -> Content:
        ids: list[str] = list(clause.sources)
        for position in clause.positions:
            ids += position.sources
        ids += [q.source for q in index.quotes_on(clause.id)]
        unique = list(dict.fromkeys(ids))
        lines = [heading(f"\nSources ({len(unique)})")]
        for ident in unique:
            source = index.sources.get(ident)
            if source is None:
                continue
            line = f"• {source.title}"
            if source.outlet:
                line += f", {source.outlet}"
            line += f", {dates.day_label(source.published)}"
            lines.append(Content(line))
            if source.url:
                lines.append(Content.assemble(("  " + source.url, "$text-muted")))
        return Content("\n").join(lines)

    # -- actions ---------------------------------------------------------------

    async def action_step(self, delta: int) -> None:
        target = self.position + delta
        if 0 <= target < len(self.clauses):
            self.position = target
            self.quote_id = None
            await self.show_clause()
        else:
            self.app.bell()

    def action_back(self) -> None:
        self.dismiss(self.clause.id)
