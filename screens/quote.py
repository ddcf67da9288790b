"""One quote with its full citation (for quotes not tied to a clause)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.disk.notebook import quote_key
from briefing.format.cells import clip
from briefing.format.model import Quote
from briefing.reading.export import citation
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import OpenClause
from briefing.services.analyst import quote_copy
from briefing.services.session import Session
from briefing.widgets.cells import bounded_parts
from briefing.widgets.reading import ReadingPane


class QuoteScreen(BriefingScreen[None], ModalScreen[None]):
    """The quote, who said it, when and where it was reported."""

    HELP_NAME = "a quote"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="quote.back"),
        Binding("n", "note", "Note", id="quote.note"),
        Binding("y", "copy", "Copy", id="quote.copy"),
        Binding("enter,o", "open_clause", "Its clause", id="quote.clause"),
    ]

    def __init__(self, session: Session, quote: Quote) -> None:
        super().__init__(session)
        self.quote = quote

    LEAF = True

    def compose(self) -> ComposeResult:
        with ReadingPane(id="quote-dialog"):
            yield Static(self.card(), id="quote-card")

    def card(self) -> Content:
        quote = self.quote
        parts: list[str | tuple[str, str]] = [
            ("“", "$text-muted"),
            *bounded_parts(quote.text, end=("”", "$text-muted")),
            "\n\n",
            ("— " + citation(self.session.index, quote), "$text-muted"),
        ]
        if quote.context:
            parts += ["\n\n", *bounded_parts(quote.context, "italic")]
        remarks = self.session.index.speaker_remarks(quote)
        if remarks:
            parts += ["\n\n", ("On the speaker: ", "$text-muted"), *bounded_parts(remarks)]
        clauses = [
            self.session.index.clauses[c] for c in quote.clauses if c in self.session.index.clauses
        ]
        if clauses:
            titles = "; ".join(f"{c.number} {c.title}" for c in clauses)
            parts += [
                "\n\n",
                ("About: ", "$text-muted"),
                *bounded_parts(titles),
                ("  (Enter opens it)", "$text-muted"),
            ]
        note = self.session.note(quote_key(quote.id))
        if self.session.unsaved_note(quote_key(quote.id)) is not None:
            label = "Your note (n to edit) — NOT SAVED: kept in memory, saved when the disk allows:"
            shown = bounded_parts(note or "(deleted, not saved)")
            parts += ["\n\n", (label, "bold $text-error"), "\n", *shown]
        elif note:
            shown = bounded_parts(note)
            parts += ["\n\n", ("Your note (n to edit):", "bold $text-accent"), "\n", *shown]
        parts += ["\n\n", ("n note · y copy with citation · Esc back", "$text-muted")]
        return Content.assemble(*parts)

    def refresh_note(self) -> None:
        self.query_one("#quote-card", Static).update(self.card())

    def action_note(self) -> None:
        excerpt = clip(self.quote.text, 50)
        self.edit_note(quote_key(self.quote.id), f"“{excerpt}”")

    def action_copy(self) -> None:
        self.copy_with_citation(quote_copy(self.session.index, self.quote))

    def action_open_clause(self) -> None:
        if self.quote.clauses and self.quote.clauses[0] in self.session.index.clauses:
            self.post_message(OpenClause(self.quote.clauses[0], self.quote.id))
        else:
            self.app.bell()

    def on_mount(self) -> None:
        self.query_one("#quote-dialog").focus()
        self.follow(marks=self.refresh_note)

    def action_back(self) -> None:
        self.dismiss(None)
