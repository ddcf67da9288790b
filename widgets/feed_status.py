"""The feed's status line: how fresh the copy is, the last refresh, a download's progress."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from briefing.format.cells import clip
from briefing.services.session import Session

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

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def on_mount(self) -> None:
        self.show()
        self.set_interval(30, self.refresh)  # "2 min ago" moves on

    def show(self) -> None:
        """Redraw from the session: shown only for a briefing from a feed; busy while a
        refresh is under way, in the warning colour after one failed."""
        session = self.session
        self.display = session.feed is not None
        self.set_class(session.refreshing, "-busy")
        self.set_class(not session.refreshing and session.outcome == "failed", "-failed")
        self.refresh()

    def render(self) -> Content:
        progress = self.session.progress
        if progress is None:
            text = self.session.feed_status()
            width = self.content_region.width
            return Content(clip(text, width) if width > 0 else text)  # cut with a mark
        received, expected = progress
        mib = received / 1048576
        if expected:
            share = min(received / expected, 1.0)
            filled = int(share * BAR)
            bar = "█" * filled + "░" * (BAR - filled)
            total = expected / 1048576
            return Content(f"refreshing… {bar} {mib:.1f} of {total:.1f} MiB")
        if received:
            return Content(f"refreshing… {mib:.1f} MiB received")
        return Content("refreshing…")
