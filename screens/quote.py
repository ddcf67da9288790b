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
from briefing.screens.base import BriefingScreen, host
from briefing.screens.messages import OpenClause
from briefing.services.analyst import quote_copy
from briefing.services.session import Session
from briefing.widgets.cells import bounded_parts
from briefing.widgets.key_bar import KeyBar, declared_key
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
        yield KeyBar()  # the card's keys over the screen's beneath, which do not act here

    def _key(self, ident: str) -> str | None:
        """This card's key for binding `ident`, as [keys] set it (read from the declared
        bindings: the card is written before the screen's bindings are live)."""
        return declared_key(self.app, QuoteScreen, ident, host(self).config.keys)

    def _keys_line(self, *, opens: bool) -> str:
        """What the keys do here, first on the card (at 80×24 its end is below the fold)."""
        said = [
            f"{key} {what}"
            for ident, what in (
                ("quote.clause", "its clause" if opens else ""),
                ("quote.note", "note"),
                ("quote.copy", "copy with citation"),
                ("quote.back", "back"),
            )
            if what and (key := self._key(ident))
        ]
        return " · ".join(said)

    def card(self) -> Content:
        quote = self.quote
        clauses = [
            self.session.index.clauses[c] for c in quote.clauses if c in self.session.index.clauses
        ]
        parts: list[str | tuple[str, str]] = [
            (self._keys_line(opens=bool(clauses)), "$text-muted"),
            "\n\n",
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
        if clauses:
            titles = "; ".join(c.label for c in clauses)
            parts += ["\n\n", ("About: ", "$text-muted"), *bounded_parts(titles)]
        note = self.session.note(quote_key(quote.id))
        if self.session.unsaved_note(quote_key(quote.id)) is not None:
            label = "Your note — NOT SAVED: kept in memory, saved when the disk allows:"
            shown = bounded_parts(note or "(deleted, not saved)")
            parts += ["\n\n", (label, "bold $text-error"), "\n", *shown]
        elif note:
            shown = bounded_parts(note)
            parts += ["\n\n", ("Your note:", "bold $text-accent"), "\n", *shown]
        return Content.assemble(*parts)

    def refresh_note(self) -> None:
        self.query_one("#quote-card", Static).update(self.card())

    def action_note(self) -> None:
        excerpt = clip(self.quote.text, 50)
        self.edit_note(quote_key(self.quote.id), f"“{excerpt}”")

    def action_copy(self) -> None:
        self.copy_with_citation(quote_copy(self.session.index, self.quote))

    def offers(self, action: str) -> bool:
        """The key bar offers ⏎ only for a quote with a clause page (pressed on one without,
        it says why), as the card's first line does."""
        if action == "open_clause":
            return bool(self.quote.clauses)
        return super().offers(action)

    def action_open_clause(self) -> None:
        if self.quote.clauses and self.quote.clauses[0] in self.session.index.clauses:
            self.post_message(OpenClause(self.quote.clauses[0], self.quote.id))
        elif self.quote.clauses:
            self.notify("This quote's clause is not in the briefing as shown.", markup=False)
        else:
            self.notify(
                "This quote is about no single clause: it has no clause page.", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#quote-dialog").focus()
        self.follow(marks=self.refresh_note)

    def action_back(self) -> None:
        self.dismiss(None)
