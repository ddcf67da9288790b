"""The desk: every briefing of config.toml's feeds at a glance; Enter opens one, `b` (or
Escape) goes back to the briefing on screen. While it is open it refreshes each feed in the
background (one request per feed at a time) on the feed's own interval; it shows the cached
copies at once, so it works offline.

The App's keys that act on a briefing (`/ m a o t c e n N`) would act on the one under the
desk, which the analyst does not see: the desk takes them (same binding ids, so `[keys]`
moves them with the App's). On the briefing on screen's row a key closes the desk and does
what it does there; on any other row it says which briefing it would act on and how to
open the highlighted one."""

from __future__ import annotations

from typing import ClassVar, Final, NamedTuple

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from briefing.disk.config import FeedConfig
from briefing.screens.app_keys import BY_ID as APP_KEYS
from briefing.screens.base import BriefingScreen, host
from briefing.services.desk import Desk
from briefing.services.session import Session
from briefing.widgets.desk_list import DeskList
from briefing.widgets.key_bar import KeyBar, bound_key

BUNDLED = "\x00bundled"
"""What the desk answers for the bundled briefing (not a possible feed name: controls are
refused in names)."""

TICK = 30.0
"""Seconds between two readings of the clock on the desk: the time left to each deadline
(to the minute) and the feeds whose refresh interval has passed."""


class BriefingKey(NamedTuple):
    """One of the App's keys that act on the briefing on screen, as the desk takes it: its
    key, action and description are the App's binding's (`screens/app_keys.py`)."""

    ident: str
    """The App's binding id: a remap in `[keys]` moves the desk's key with the App's."""
    does: str
    """What it does, said of a briefing ('shows the matrix of')."""

    @property
    def key(self) -> str:
        return APP_KEYS[self.ident].key

    @property
    def action(self) -> str:
        """The App's action (what the key runs once the desk is closed)."""
        return APP_KEYS[self.ident].action

    @property
    def help(self) -> str:
        return APP_KEYS[self.ident].description


BRIEFING_KEYS: Final = (
    BriefingKey("app.search", "searches"),
    BriefingKey("app.matrix", "shows the matrix of"),
    BriefingKey("app.as_of", "sets the as-of moment of"),
    BriefingKey("app.overview", "shows the overview of"),
    BriefingKey("app.timeline", "shows the timeline of"),
    BriefingKey("app.changes", "lists the changes in"),
    BriefingKey("app.export", "exports"),
    BriefingKey("app.next_change", "goes to the next change in"),
    BriefingKey("app.previous_change", "goes to the previous change in"),
)
"""The App's keys that act on the briefing on screen: on the desk they act when the
highlighted row is that briefing (help says so after the App's own description)."""

ON_SCREEN_ROW: Final = " (on the row on screen)"
"""What help adds to each of them on the desk."""

FEED_ACTIONS: Final = frozenset({"changes", "next_change"})
"""The App's actions that need a feed: its changes are those its refreshes brought."""


def _on_screen(action: str) -> str:
    return f"on_screen({action!r})"


class DeskScreen(BriefingScreen[str | None]):
    """The desk's briefings; dismissed with the name of the feed to open (`BUNDLED` for the
    bundled briefing), or None to go back to the briefing on screen."""

    HELP_NAME = "the desk"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="desk.back"),
        Binding("r", "refresh_all", "Refresh all", id="desk.refresh"),
        *(
            Binding(b.key, _on_screen(b.action), b.help + ON_SCREEN_ROW, show=False, id=b.ident)
            for b in BRIEFING_KEYS
        ),
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

    def action_on_screen(self, action: str) -> None:
        """One of the App's briefing keys: on the row of the briefing on screen, the desk
        closes and the App's action runs there; on another row, why not."""
        known = next(b for b in BRIEFING_KEYS if b.action == action)
        key = bound_key(self, f"screen.{_on_screen(action)}") or known.key
        highlighted = self.query_one(DeskList).highlighted()
        if highlighted is None:
            self.app.notify("No briefing on the desk.", markup=False)
            return
        name, on_screen = highlighted
        if not on_screen:
            enter = self._key_of("desk.open")
            how = f" ({enter})" if enter else ""
            self.app.notify(
                f"{key} {known.does} the briefing on screen, not {name}: open {name} first{how}.",
                markup=False,
            )
            return
        _, app_action, parameters = parse(action)
        if app_action in FEED_ACTIONS and self.session.feed is None:
            why = f"No change in {name}: it has no feed, so no refresh records one."
            self.app.notify(why, markup=False)
            return
        if not self.app.check_action(app_action, parameters):
            self.app.notify(f"{key} cannot act on {name} now.", markup=False)
            return
        self.dismiss(None)
        self.app.call_next(self.app.run_action, f"app.{action}")

    def _key_of(self, ident: str) -> str | None:
        """The key of the live binding `ident` on this screen (None: no enabled key)."""
        for active in self.active_bindings.values():
            if active.binding.id == ident and active.enabled:
                return self.app.get_key_display(active.binding)
        return None
