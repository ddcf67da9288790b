"""The shared frame of the read-only prose screens (overview, notes): a header, a
scrolling pane of text blocks, the footer; Esc goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.cells import bounded_content
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.prose import Block
from briefing.widgets.reading import ReadingPane


class ReadingScreen(Screen[None]):
    """A screen of text blocks about the session's briefing; subclasses give `blocks`."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def blocks(self) -> list[Block]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        with ReadingPane(id="detail-body"):
            for content, classes in self.blocks():
                yield Static(bounded_content(content), classes=classes)
        yield KeyBar()

    def on_mount(self) -> None:
        session = self.session
        view = session.view
        self.query_one(BriefingHeader).show(view.title, view.updated, session.origin, session.as_of)
        self.query_one("#detail-body").focus()

    def action_back(self) -> None:
        self.dismiss(None)
