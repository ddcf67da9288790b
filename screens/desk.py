"""The desk: every briefing of config.toml's feeds at a glance; Enter opens one, `b` (or
Escape) goes back to the briefing on screen. While it is open it refreshes each feed in the
background (one request per feed at a time) on the feed's own interval; it shows the cached
copies at once, so it works offline."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from briefing.disk.config import FeedConfig
from briefing.screens.base import BriefingScreen, host
from briefing.services.desk import Desk
from briefing.services.session import Session
from briefing.widgets.desk_list import DeskList
from briefing.widgets.key_bar import KeyBar

BUNDLED = "\x00bundled"
"""What the desk answers for the bundled briefing (not a possible feed name: controls are
refused in names)."""

TICK = 30.0
"""Seconds between two readings of the clock on the desk: the time left to each deadline
(to the minute) and the feeds whose refresh interval has passed."""


class DeskScreen(BriefingScreen[str | None]):
    """The desk's briefings; dismissed with the name of the feed to open (`BUNDLED` for the
    bundled briefing), or None to go back to the briefing on screen."""

    HELP_NAME = "the desk"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="desk.back"),
        Binding("r", "refresh_all", "Refresh all", id="desk.refresh"),
    ]

    def __init__(self, session: Session, desk: Desk) -> None:
        super().__init__(session)
        self.desk = desk

    def compose(self) -> ComposeResult:
        yield Static(id="desk-title")
        yield DeskList(id="desk")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_rows()
        self.follow(feed=self.show_rows, marks=self.show_rows, view=self.show_rows)
        self.query_one(DeskList).focus()
        self.run_worker(self._open(), group="desk", exit_on_error=False)
        self.set_interval(TICK, self._tick)

    async def _open(self) -> None:
        """The cached copies first (offline, at once), then a refresh of each due feed."""
        for note in await self.desk.load():
            self.notify(note, markup=False, severity="warning")
        self.show_rows()
        self._refresh_due()

    def _tick(self) -> None:
        self.show_rows()
        self._refresh_due()

    def _refresh_due(self) -> None:
        for feed in self.desk.feeds:
            if self.desk.due(feed):
                self._refresh(feed, force=False)

    def _refresh(self, feed: FeedConfig, *, force: bool) -> None:
        self.run_worker(self._refresh_one(feed, force), group="desk-refresh", exit_on_error=False)

    async def _refresh_one(self, feed: FeedConfig, force: bool) -> None:
        if await self.desk.refresh(feed, force=force, started=self.show_rows) is not None:
            self.show_rows()

    def show_rows(self) -> None:
        rows = self.desk.rows()
        session = self.session
        bundled_current = session.feed is None and session.origin.kind == "bundled"
        desk = self.query_one(DeskList)
        bundled = session.view.title if bundled_current else "the briefing built into the app"
        desk.show(rows, session.clock(), bundled, bundled_current)
        unseen = sum(row.unseen for row in rows)
        failing = sum(1 for row in rows if row.freshness.state in ("offline", "failed"))
        counts = [f"{len(rows)} briefing{'s' if len(rows) != 1 else ''}"]
        if unseen:
            counts.append(f"{unseen} unseen change{'s' if unseen != 1 else ''}")
        if failing:
            counts.append(f"{failing} not refreshed")
        self.query_one("#desk-title", Static).update(
            Content.assemble(("Desk", "bold"), (" · " + " · ".join(counts), "$text-muted"))
        )

    def action_refresh_all(self) -> None:
        """Ask every feed now (the one on screen through the app's own refresh)."""
        for feed in self.desk.feeds:
            if self.desk.busy(feed.name):
                continue
            if self.session.feed is not None and self.session.feed.url == feed.url:
                host(self).start_refresh(force=True)
            else:
                self._refresh(feed, force=True)

    def on_desk_list_chosen(self, message: DeskList.Chosen) -> None:
        row = message.row
        if row is None:
            bundled_current = self.session.feed is None and self.session.origin.kind == "bundled"
            self.dismiss(None if bundled_current else BUNDLED)
        else:
            self.dismiss(None if row.current else row.feed.name)

    def action_back(self) -> None:
        self.dismiss(None)
