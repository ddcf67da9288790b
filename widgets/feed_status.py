"""The feed's status line: how fresh the copy is, the last refresh, a download's progress."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.widget import Widget

BAR = 20


class FeedStatus(Widget):
    """One line under the panes; hidden when the briefing does not come from a feed."""

    DEFAULT_CSS = """
    FeedStatus {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        &.-failed { color: $text-warning; }
        &.-busy { color: $text; }
    }
    """

    def __init__(self, text: Callable[[], str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._received = 0
        self._expected: int | None = None
        self.busy = False

    def on_mount(self) -> None:
        self.set_interval(30, self.refresh)  # "2 min ago" moves on

    def start(self) -> None:
        self.busy = True
        self._received, self._expected = 0, None
        self.set_class(True, "-busy")
        self.refresh()

    def progress(self, received: int, expected: int | None) -> None:
        self._received, self._expected = received, expected
        self.refresh()

    def done(self, failed: bool) -> None:
        self.busy = False
        self.set_class(False, "-busy")
        self.set_class(failed, "-failed")
        self.refresh()

    def render(self) -> Content:
        if not self.busy:
            return Content(self._text())
        mib = self._received / 1048576
        if self._expected:
            share = min(self._received / self._expected, 1.0)
            filled = int(share * BAR)
            bar = "█" * filled + "░" * (BAR - filled)
            total = self._expected / 1048576
            return Content(f"refreshing… {bar} {mib:.1f} of {total:.1f} MiB")
        if self._received:
            return Content(f"refreshing… {mib:.1f} MiB received")
        return Content("refreshing…")
