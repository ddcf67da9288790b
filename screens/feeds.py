"""Pick the briefing to read: one of the desk's feeds (config.toml) or the bundled one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.disk.config import FeedConfig, redact_url

BUNDLED = "\x00bundled"
"""The option id of the bundled briefing (not a possible feed name: controls are refused)."""


class FeedPickerScreen(ModalScreen[str | None]):
    """A short list (feeds are few): Enter switches, Escape keeps the current one."""

    HELP_NAME = "the feed picker"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="feeds.cancel"),
    ]

    def __init__(self, feeds: tuple[FeedConfig, ...], current: str | None) -> None:
        super().__init__()
        self.feeds = feeds
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble((feed.name, "bold"), ("  " + redact_url(feed.url), "$text-muted")),
                id=feed.name,
            )
            for feed in self.feeds
        ]
        options.append(Option(Content("the bundled briefing"), id=BUNDLED))
        with Vertical(id="feeds-dialog"):
            yield Static(Content.assemble(("Read which briefing?", "bold")))
            yield OptionList(*options, id="feeds")

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        names = [feed.name for feed in self.feeds]
        picker.highlighted = names.index(self.current) if self.current in names else len(names)
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
