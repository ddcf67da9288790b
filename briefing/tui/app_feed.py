"""The App's feed handling: refresh in a worker (at start, on r, on a timer), switch feeds,
and the changes a refresh brings."""

from __future__ import annotations

from textual.timer import Timer
from textual.worker import Worker, WorkerState

from briefing.feed.targets import FeedRef
from briefing.screens.messages import MarkSeen
from briefing.services.control import failure_text
from briefing.tui.app_base import AppBase


class FeedActions(AppBase):
    """Keys r, n, N, c, b and the refresh worker."""

    _timer: Timer | None = None

    async def _start_feed(self) -> None:
        """Show the feed's change log at once, refresh it now, and then on its timer."""
        if self.main_screen.closing:
            return
        self.refresh_bindings()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        feed = self.session.feed
        self.main_screen.show_feed()
        if feed is None:
            return
        note = await self.feeds.load_changelog()
        if self.main_screen.closing:
            return
        if note:
            self.notify(note, markup=False, severity="warning")
        self.main_screen.show_session()
        problem = await self.feeds.cache_problem()
        if problem and not self.main_screen.closing:
            self.tell_once(
                "cache",
                f"Refreshes cannot be cached ({problem}): a refreshed briefing is shown, "
                "not kept once you quit.",
            )
        self.start_refresh(force=False)
        if feed.refresh > 0:
            self._timer = self.set_interval(feed.refresh, lambda: self.start_refresh(force=False))

    def start_refresh(self, *, force: bool) -> None:
        """Refresh in a worker, unless one is already under way (never two requests at once)."""
        if self.session.feed is None or (self.session.as_of is not None and not force):
            return
        if any(w.group == "refresh" and not w.is_finished for w in self.workers):
            if force:
                self.notify("Already refreshing…", markup=False, timeout=2)
            return
        self.run_worker(self._refresh(force), group="refresh", exit_on_error=False)

    async def _refresh(self, force: bool) -> None:
        status = self.main_screen.feed_status()
        status.start()
        old_doc = self.session.doc
        try:
            result = await self.feeds.refresh(force=force, progress=status.progress)
        finally:
            status.done(failed=self.session.outcome == "failed")
        unkept = result.copy.unkept if result.copy is not None else None
        if unkept and self.session.feed is not None:
            self.tell_once(
                "cache",
                f"Refreshed, but not kept ({unkept}): the new briefing is shown until you quit.",
            )
        if self.session.doc is not old_doc:
            if self.session.notebook is None or old_doc.id != self.session.doc.id:
                await self._load_notes()
            self.main_screen.show_session()
            found = len(result.differences)
            if found:
                self.notify(
                    f"{found} change{'s' if found != 1 else ''} in the briefing — "
                    "press n to go through them, c to list them",
                    markup=False,
                )
        elif force and not result.ok:
            self.notify(result.message, markup=False, severity="warning")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for worker failures (every worker runs with exit_on_error=False): a
        line on screen, never a traceback; a refresh's also marks the feed failed."""
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            self.tell_lock_warning()  # a worker that wrote may have found locks not working
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        if event.worker.group != "refresh":  # search index, notes, copies: not the feed's
            what = event.worker.group.replace("-", " ")
            self.notify(
                f"{what} failed unexpectedly ({type(error).__name__}: {error})",
                markup=False,
                severity="error",
            )
            return
        self.session.outcome = "failed"
        self.main_screen.feed_status().done(failed=True)
        self.notify(failure_text(error), markup=False, severity="error")

    def action_refresh(self) -> None:
        self.start_refresh(force=True)

    def action_feeds(self) -> None:
        from briefing.screens.feeds import FeedPickerScreen

        current = self.session.feed.name if self.session.feed else None
        self.push_screen(FeedPickerScreen(self.config.feeds, current), callback=self._switch)

    def _switch(self, name: str | None) -> None:
        if name is None:
            return
        from briefing.screens.feeds import BUNDLED

        feed = self.config.feed(name) if name != BUNDLED else None
        target = FeedRef(feed.name, feed.url, feed.refresh) if feed else None
        self.workers.cancel_group(self, "refresh")
        self.run_worker(self._switch_to(target), group="switch", exit_on_error=False)

    async def _switch_to(self, target: FeedRef | None) -> None:
        self._pop_to_main()
        for note in await self.feeds.switch(target):
            self.notify(note, markup=False, severity="warning")
        self.session.clause_filter = None
        await self._load_notes()
        self.main_screen.show_session()
        await self._start_feed()

    def action_changes(self) -> None:
        from briefing.screens.changes import ChangesScreen

        if not self._return_to(ChangesScreen):
            self.push_screen(ChangesScreen(self.session))

    def action_next_change(self, delta: int) -> None:
        self._pop_to_main()
        if not self.main_screen.jump_to_unseen(delta):
            self.notify("No unseen change.", markup=False)

    def on_mark_seen(self, message: MarkSeen) -> None:
        self.run_worker(self._mark_seen(message.keys), group="seen", exit_on_error=False)

    async def _mark_seen(self, keys: list[str]) -> None:
        note = await self.feeds.mark_seen(keys)
        if note:
            self.notify(note, markup=False, severity="warning")
        self.main_screen.show_markers()
        from briefing.screens.changes import ChangesScreen

        if isinstance(self.screen, ChangesScreen):
            self.screen.show_changes()
