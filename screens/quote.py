"""One quote with its full citation (for quotes not tied to a clause)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.export import citation
from briefing.model import Quote
from briefing.session import Session
from widgets.reading import ReadingPane


class QuoteScreen(ModalScreen[None]):
    """The quote, who said it, when and where it was reported."""

    HELP_NAME = "a quote"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="quote.back"),
    ]

    def __init__(self, session: Session, quote: Quote) -> None:
        super().__init__()
        self.session = session
        self.quote = quote

    def compose(self) -> ComposeResult:
        quote = self.quote
        parts: list[str | tuple[str, str]] = [
            ("“", "$text-muted"),
            quote.text,
            ("”", "$text-muted"),
            "\n\n",
            ("— " + citation(self.session.index, quote), "$text-muted"),
        ]
        if quote.context:
            parts += ["\n\n", (quote.context, "italic")]
        with ReadingPane(id="quote-dialog"):
            yield Static(Content.assemble(*parts))

    def on_mount(self) -> None:
        self.query_one("#quote-dialog").focus()

    def action_back(self) -> None:
        self.dismiss(None)
