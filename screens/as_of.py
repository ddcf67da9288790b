"""Ask for the moment to view the briefing at (or go back to live)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from briefing.format import dates
from briefing.screens.base import NoSilentKeys
from briefing.widgets.key_bar import KeyBar

AsOfResult = datetime | None | bool
"""A moment; None for live; False when cancelled."""


class AsOfScreen(NoSilentKeys, ModalScreen[AsOfResult]):
    """A one-line prompt for `YYYY-MM-DD` or a date-time with offset; empty means live."""

    HELP_NAME = "the as-of prompt"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="as_of.cancel"),
    ]

    def __init__(self, current: datetime | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="as-of-dialog"):
            yield Static(
                Content.assemble(
                    ("View the briefing as of", "bold"),
                    "\nA date (2025-11-22: the end of that day, UTC) or a date-time with "
                    "offset (2025-11-22T18:00+01:00). Empty is live: typing replaces the "
                    "moment shown, Backspace clears it.",
                ),
                id="as-of-help",
            )
            yield Input(
                value=dates.as_of_text(self.current) if self.current else "",
                select_on_focus=True,  # a key typed replaces it; Backspace leaves it empty
                placeholder="YYYY-MM-DD",
                id="as-of-input",
            )
            yield Static(id="as-of-error")
        yield KeyBar()  # this prompt's keys over the main screen's, which do not act here

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        try:
            moment = dates.parse_as_of(value)
        except dates.BadDate as error:
            self.query_one("#as-of-error", Static).update(
                Content.assemble((str(error), "$text-error"))
            )
            return
        self.dismiss(moment)

    def action_cancel(self) -> None:
        self.dismiss(False)
