"""The feed through the app's life: started (its change log at once, a refresh now and then
on its timer), refreshed one request at a time, switched from the desk. The session holds
what came of it and announces it (the App publishes that as `feed_changed`); what the
analyst is told goes through the App's notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from briefing.feed.targets import FeedRef
from briefing.services.control import news_text, unkept_text
from briefing.widgets.key_bar import bound_key

if TYPE_CHECKING:
    from briefing.tui.app import BriefingApp


class Refresher:
    """One per app: it owns the feed's timer and its workers (groups refresh, switch, seen)."""

    def __init__(self, app: BriefingApp) -> None:
        self.app = app
        self.session = app.session
        self.feeds = app.feeds
        self._timer: Timer | None = None

    async def start(self) -> None:
        """Show the feed's change log at once, refresh it now, and then on its timer."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        feed = self.session.feed
        self.app.refresh_bindings()
        if feed is None:
            return
        notes, warning = await self.feeds.start()
        self.app.warn(*notes)
        self.app.tell_once("cache", warning)
        self.refresh(force=False)
        if feed.refresh > 0:
            self._timer = self.app.set_interval(feed.refresh, lambda: self.refresh(force=False))

    def refresh(self, *, force: bool) -> None:
        """Refresh in a worker, unless one is already under way (never two requests at once);
        the timer's refresh waits while the briefing is seen as of a moment."""
        if self.session.feed is None or (self.session.as_of is not None and not force):
            return
        if any(w.group == "refresh" and not w.is_finished for w in self.app.workers):
            if force:
                self.app.say("Already refreshing…", timeout=2)
            return
        self.app.run_worker(self._refresh(force), group="refresh", exit_on_error=False)

    async def _refresh(self, force: bool) -> None:
        app, session = self.app, self.session
        old = session.doc
        result = await self.feeds.refresh(force=force)
        if session.feed is not None:
            app.tell_once("cache", unkept_text(result))
        if session.doc is not old:
            if session.notebook is None or old.id != session.doc.id:
                await app.keeper.load()
            next_key = bound_key(app.screen, "next_change(1)")
            app.say(news_text(result, next_key, bound_key(app.screen, "changes")))
        elif force and not result.ok:
            app.warn(result.message)

    def mark_seen(self, keys: list[str]) -> None:
        """The changes the analyst has now seen, written to the feed's change log."""
        self.app.run_worker(self._mark_seen(keys), group="seen", exit_on_error=False)

    async def _mark_seen(self, keys: list[str]) -> None:
        self.app.warn(await self.feeds.mark_seen(keys))

    def switch(self, target: FeedRef | None) -> None:
        """To another feed (the desk's choice): the refresh under way is dropped."""
        self.app.workers.cancel_group(self.app, "refresh")
        self.app.run_worker(self._switch(target), group="switch", exit_on_error=False)

    async def _switch(self, target: FeedRef | None) -> None:
        self.app.pop_to_main()
        self.app.warn(*await self.feeds.switch(target))
        self.session.set_filter(None)
        await self.app.begin()
