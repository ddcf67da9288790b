"""The shared frame of the read-only prose screens (overview, notes): a header, a
scrolling pane of text blocks, the footer; Esc goes back. The blocks are one
`BlockColumn`, drawn as lines (the notes screen composes its own list instead)."""

from __future__ import annotations

from textual.app import ComposeResult

from briefing.screens.base import BriefingScreen
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.prose import Block
from briefing.widgets.reading import ReadingPane


class ReadingScreen(BriefingScreen[None]):
    """A screen of text blocks about the session's briefing; subclasses give `blocks`. A
    new snapshot (or new marks, for a screen that `FOLLOWS_MARKS`) writes it again."""

    FOLLOWS_MARKS = False

    def blocks(self) -> list[Block]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        column = BlockColumn(self.blocks(), id="blocks")
        with ReadingPane(id="detail-body") as body:
            body.expect(len(column.blocks))
            yield column
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_header()
        self.query_one("#detail-body").focus()
        self.follow(view=self.rewrite, marks=self.rewrite if self.FOLLOWS_MARKS else None)

    async def rewrite(self) -> None:
        await self.recompose()
        self.show_header()
        self.query_one("#detail-body").focus()

    def action_back(self) -> None:
        self.dismiss(None)
