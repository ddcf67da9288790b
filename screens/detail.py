"""Clause detail: what changed since the analyst last looked (old → new), every wording
with its diff against the base, positions and their history, quotes and sources; `[` and
`]` step through the clauses."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content

from briefing.disk.notebook import clause_key
from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.model import Clause, Position, Version
from briefing.reading.index import BriefingIndex, PartyStand
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import MarkSeen
from briefing.services.analyst import clause_copy
from briefing.services.session import Session
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.cells import READ_LIMIT, bounded_parts
from briefing.widgets.change_card import TOO_LONG, change_card, diff_parts
from briefing.widgets.key_bar import KeyBar, bound_key
from briefing.widgets.prose import STATUS_STYLE, Block, frame, heading, stance_content
from briefing.widgets.quotes_pane import attribution
from briefing.widgets.reading import ReadingPane

MAX_CHANGES = 8
"""Changes of one clause shown on its page at most (the changes list has every one)."""


def _about(text: str, clause: Clause) -> str:
    """A change's sentence without the clause's name in front, on the clause's own page."""
    _name, found, rest = text.partition(f"{clause.title}: ")
    return rest if found and rest else text


class ClauseDetailScreen(BriefingScreen[str]):
    """Everything the briefing says about one clause."""

    HELP_NAME = "the clause detail"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("left_square_bracket", "step(-1)", "Prev clause", id="detail.previous"),
        Binding("right_square_bracket", "step(1)", "Next clause", id="detail.next"),
        Binding("n", "note", "Note", id="detail.note"),
        Binding("f", "flag", "Flag", show=False, id="detail.flag"),
        Binding("y", "copy", "Copy", show=False, id="detail.copy"),
        Binding("e", "export", "Export", show=False, id="detail.export"),
    ]

    def __init__(
        self,
        session: Session,
        clauses: list[Clause],
        clause_id: str,
        quote_id: str | None = None,
        fresh: set[str] | None = None,
    ) -> None:
        super().__init__(session)
        self.fresh: set[str] = set(fresh or ())
        """Keys of the changes not yet seen when their clause was opened here: marked new
        for as long as the page stays (they count as seen once shown)."""
        self.clauses = clauses
        self.position = next((i for i, c in enumerate(clauses) if c.id == clause_id), 0)
        self.quote_id = quote_id
        self.glyphs = session.glyphs

    LEAF = True

    @classmethod
    def of(
        cls, session: Session, clause_id: str, quote_id: str | None = None
    ) -> ClauseDetailScreen:
        """The page of `clause_id`: `[` and `]` step through the filtered list when the
        clause is in it, else through every clause of the view."""
        shown = session.shown_clauses()
        stepping = shown if any(c.id == clause_id for c in shown) else session.view.clauses
        return cls(session, stepping, clause_id, quote_id)

    @property
    def clause(self) -> Clause:
        return self.clauses[self.position]

    def current_clause_id(self) -> str | None:
        return self.clause.id

    def export_clause(self) -> Clause | None:
        return self.clause

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        yield ReadingPane(id="detail-body")
        yield KeyBar()

    async def on_mount(self) -> None:
        await self.show_clause()
        self.follow(view=self._new_view, marks=self.refresh_note)

    async def _new_view(self) -> None:
        """A new snapshot: the same clauses, as they now read (a clause no longer in the
        briefing stays as it was, and is said to be gone)."""
        index = self.session.index
        if self.clause.id not in index.clauses:
            self.notify(f"{self.clause.title}: no longer in this view.", markup=False)
            return
        current = self.clause.id
        self.clauses = [index.clauses[c.id] for c in self.clauses if c.id in index.clauses]
        self.position = next(i for i, c in enumerate(self.clauses) if c.id == current)
        await self.show_clause(keep_scroll=True)

    async def show_clause(self, *, keep_scroll: bool = False) -> None:
        """The page of the clause at `position` (where it was scrolled with `keep_scroll`;
        else at its top, or at the quote it was opened at): one `BlockColumn`."""
        self.show_header(self.clause.label)
        body = self.query_one("#detail-body", ReadingPane)
        scrolled = body.scroll_y
        # Written again before the page was first laid out (the notes read as the app
        # starts, say): its quote is still to be brought to the top, not the top kept.
        keep_scroll = keep_scroll and not any(c.showing_first for c in body.query(BlockColumn))
        await body.remove_children()
        blocks = self.blocks()
        body.expect(len(blocks))
        column = BlockColumn(blocks, id="blocks")
        await body.mount(column)
        body.draw_ahead_soon()
        if keep_scroll:
            body.scroll_to(y=scrolled, animate=False)
            return
        target = next((n for n, (_c, names) in enumerate(blocks) if frame(names) == "target"), None)
        if target is None:
            body.scroll_home(animate=False)
        else:  # not home first: that scroll waits for the next refresh, and could come after
            column.show_first(target)
        body.focus()

    def blocks(self) -> list[Block]:
        """The page's paragraphs: the title, the analyst's note, what changed, the
        wordings, the positions, the quotes and the sources."""
        clause = self.clause
        index = self.session.index
        return [
            *self._title(clause),
            *self._note(clause),
            *self._changes(clause),
            *self._wordings(index, clause),
            *self._positions(index, clause),
            *self._quotes(index, clause),
            *self._sources(index, clause),
        ]

    # -- sections: each a list of (content, CSS classes) blocks --------------------

    def _title(self, clause: Clause) -> list[Block]:
        where = f"clause {self.position + 1} of {len(self.clauses)}"
        if not clause.has_number:
            where += " (no number in the sources)"
        parts: list[str | tuple[str, str]] = [
            (clip(clause.label, READ_LIMIT), "bold"),
            "\n",
            (clause.status, f"bold {STATUS_STYLE[clause.status]}"),
        ]
        if clause.topic:
            parts.append((f" · {clause.topic}", "$text-muted"))
        if self.session.is_flagged(clause.id):
            parts.append((" · ⚑ flagged", "bold"))
        steps = [bound_key(self, f"screen.step({delta})") for delta in (-1, 1)]
        keys = " ".join(key for key in steps if key)  # as [keys] set them
        parts.append((f" · {where}" + (f" · {keys} to step" if keys else ""), "$text-muted"))
        return [(Content.assemble(*parts), "title")]

    def _note(self, clause: Clause) -> list[Block]:
        key = clause_key(clause.id)
        text = self.session.note(key)
        if self.session.unsaved_note(key) is not None:
            title = "Your note (n to edit) — NOT SAVED: kept in memory, saved when the disk allows"
            if not text:
                text = "(deleted; the deletion is not saved yet)"
        elif not text:
            return []
        else:
            title = "Your note (n to edit)"
        return [
            (heading(title), "heading note"),
            (Content.assemble(*bounded_parts(text)), "note indent"),
        ]

    async def refresh_note(self) -> None:
        """Redraw after the note or the flag changed."""
        await self.show_clause(keep_scroll=True)

    def action_note(self) -> None:
        clause = self.clause
        self.edit_note(clause_key(clause.id), clip(clause.label, 200))

    def action_flag(self) -> None:
        self.toggle_flag(self.clause.id)

    def action_copy(self) -> None:
        self.copy_with_citation(clause_copy(self.session.index, self.clause))

    def action_export(self) -> None:
        self.export_brief(self.export_clause())

    def _changes(self, clause: Clause) -> list[Block]:
        """What the feed changed on this clause: the latest refresh's changes and any not
        seen before, each whole and old → new. The unseen ones are marked new, and count as
        seen from now on."""
        log = self.session.changelog
        if log is None or not self.session.live:  # as of a past date: the page is that day's
            return []
        entries = [entry for entry in log.newest_first() if entry.clause_id == clause.id]
        if not entries:
            return []
        unseen = [entry.key for entry in entries if entry.key not in log.seen]
        if unseen:
            self.fresh |= set(unseen)
            self.post_message(MarkSeen(unseen))
        latest = entries[0].detected_at
        shown = [e for e in entries if e.key in self.fresh or e.detected_at == latest]
        shown = shown[:MAX_CHANGES]
        title = "What changed"
        if any(entry.key in self.fresh for entry in shown):
            title += " · ● new since you last looked"
        blocks: list[Block] = [(heading(title), "heading changes")]
        for entry in shown:
            card = change_card(
                entry, unseen=entry.key in self.fresh, sentence=_about(entry.text, clause)
            )
            blocks.append((card, "changes change indent"))
        rest = len(entries) - len(shown)
        if rest:
            key = bound_key(self, "app.changes")
            where = f"{key} lists every change" if key else "the changes list has them"
            more = f"{rest} earlier change{'s' if rest != 1 else ''} of this clause: {where}."
            blocks.append((Content.assemble((more, "$text-muted")), "changes indent"))
        return blocks

    def _wordings(self, index: BriefingIndex, clause: Clause) -> list[Block]:
        base = index.base_version(clause)
        blocks: list[Block] = [(heading("Wording"), "heading wording")]
        if base is None and index.base is not None:
            note = f"Not in the base document ({index.base.title})."
            blocks.append((Content.assemble((note, "$text-muted")), "wording"))
        ordered = sorted(
            clause.versions,
            key=lambda v: (
                dates.instant(index.documents[v.document].date)
                if v.document in index.documents
                else dates.instant("0001-01-01")
            ),
        )
        diffs = False
        for version in ordered:
            version_blocks, diffed = self._version(index, version, base)
            blocks += version_blocks
            diffs = diffs or diffed
        if diffs:
            legend = "[-removed-] {+added+}: words changed against the base document"
            blocks.append((Content.assemble((legend, "$text-muted")), "wording legend"))
        return blocks

    def _version(
        self, index: BriefingIndex, version: Version, base: Version | None
    ) -> tuple[list[Block], bool]:
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
            ("▸ ", "$text-accent"),
            (label, "bold"),
            (f" ({', '.join(meta)})" if meta else "", "$text-muted"),
            (" — base" if is_base else "", "$text-muted"),
        )
        diffed = False
        if version.text is None:
            body = Content.assemble(("dropped in this document", "italic $text-error"))
        elif base is None or is_base or base.text is None:
            body = Content.assemble(*bounded_parts(version.text))
        else:
            body, diffed = self._diff(base.text, version.text)
        blocks: list[Block] = [(head, "wording version-head"), (body, "wording indent")]
        if version.note:
            note = Content.assemble(
                ("note: ", "$text-muted"), *bounded_parts(version.note, "italic")
            )
            blocks.append((note, "wording indent"))
        return blocks, diffed

    def _diff(self, old: str, new: str) -> tuple[Content, bool]:
        too_long = (TOO_LONG, "$text-muted")
        parts = diff_parts(old, new)
        if parts is None:
            return Content.assemble(*bounded_parts(new, end=too_long)), False
        if all(not isinstance(part, tuple) for part in parts):
            return Content.assemble(new, ("  (same as the base)", "$text-muted")), False
        return Content.assemble(*parts), True

    def _positions(self, index: BriefingIndex, clause: Clause) -> list[Block]:
        stands = index.stands_on(clause)
        blocks: list[Block] = [(heading(f"Positions ({len(stands)})"), "heading positions")]
        if not stands:
            none = Content.assemble(("No party position in the sources.", "$text-muted"))
            blocks.append((none, "positions"))
        for stand in stands:
            blocks += self._stand(index, stand)
        return blocks

    def _stand(self, index: BriefingIndex, stand: PartyStand) -> list[Block]:
        current = stand.current
        head = Content.assemble(
            (stand.party.name, "bold"),
            "  ",
            stance_content(current, self.glyphs, index.account(current)),
            (f"  since {dates.day_label(stand.since)}", "$text-muted"),
        )
        blocks: list[Block] = [
            (head, "positions stand-head"),
            (Content.assemble(*bounded_parts(current.summary)), "positions indent"),
            (Content.assemble((self._cites(index, current), "$text-muted")), "positions indent"),
        ]
        if current.quote and current.quote in index.quotes:
            quote = index.quotes[current.quote]
            said = Content.assemble(
                ("“", "$text-muted"),
                *bounded_parts(quote.text, end=("”", "$text-muted")),
            )
            blocks.append((said, "positions indent"))
        earlier = stand.history[:-1]
        if earlier:
            blocks.append((Content.assemble(("history:", "$text-muted")), "positions indent"))
            for position in reversed(earlier):
                line = Content.assemble(
                    (f"{dates.day_label(position.as_of)}  ", "$text-muted"),
                    stance_content(position, self.glyphs, index.account(position)),
                    " — ",
                    *bounded_parts(
                        position.summary, end=(f" ({self._cites(index, position)})", "$text-muted")
                    ),
                )
                blocks.append((line, "positions indent2"))
        return blocks

    def _cites(self, index: BriefingIndex, position: Position) -> str:
        return (
            "as of "
            + dates.day_label(position.as_of)
            + " · "
            + "; ".join(index.source_label(s) for s in position.sources)
        )

    def _quotes(self, index: BriefingIndex, clause: Clause) -> list[Block]:
        quotes = index.quotes_on(clause.id)
        blocks: list[Block] = [(heading(f"Quotes ({len(quotes)})"), "heading quotes")]
        for quote in quotes:
            parts: list[str | tuple[str, str]] = [
                ("“", "$text-muted"),
                *bounded_parts(quote.text, end=("”", "$text-muted")),
                "\n",
                (attribution(index, quote), "$text-muted"),
            ]
            if quote.context:
                parts += [
                    "\n",
                    *bounded_parts(quote.context, "italic $text-muted"),
                ]
            target = " target" if quote.id == self.quote_id else ""
            blocks.append((Content.assemble(*parts), f"quote{target}"))
        return blocks

    def _sources(self, index: BriefingIndex, clause: Clause) -> list[Block]:
        ids: list[str] = list(clause.sources)
        for position in clause.positions:
            ids += position.sources
        ids += [q.source for q in index.quotes_on(clause.id)]
        unique = [ident for ident in dict.fromkeys(ids) if ident in index.sources]
        blocks: list[Block] = [(heading(f"Sources ({len(unique)})"), "heading sources")]
        for ident in unique:
            source = index.sources[ident]
            line = f"• [{source.id}] {source.title}"
            if source.outlet:
                line += f", {source.outlet}"
            line += f", {dates.day_label(source.published)}"
            parts: list[str | tuple[str, str]] = [line]
            if source.url:
                parts += ["\n  ", (source.url, "$text-muted")]
            blocks.append((Content.assemble(*parts), "sources"))
        return blocks

    # -- actions ---------------------------------------------------------------

    async def action_step(self, delta: int) -> None:
        target = self.position + delta
        if 0 <= target < len(self.clauses):
            self.position = target
            self.quote_id = None
            await self.show_clause()
        else:
            edge = "first" if delta < 0 else "last"
            self.notify(
                f"This is the {edge} of the {len(self.clauses)} clauses stepped through here.",
                markup=False,
            )

    def action_back(self) -> None:
        self.dismiss(self.clause.id)
