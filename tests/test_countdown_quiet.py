"""The countdown draws itself again only when what it says changes: a passed deadline, or
one counted in days, reads the same for hours, and each second's repaint of the same
panel sent some 800 bytes over SSH (and kept a key's screen from settling)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.countdown import Countdown
from tests.helpers import screen_text, settle


async def test_a_tick_that_changes_nothing_draws_nothing_and_one_that_does_draws():
    now = [datetime(2025, 12, 4, 12, tzinfo=UTC)]  # the bundled deadline passed 6 days ago
    doc = load_path(paths.bundled_briefing())
    app = BriefingApp(Session(doc, Origin("bundled", "bundled"), clock=lambda: now[0]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        countdown = app.screen.query_one(Countdown)
        drawn: list[bool] = []
        original = countdown.refresh

        def counted(*args: Any, **kwargs: Any) -> Any:
            drawn.append(True)
            return original(*args, **kwargs)

        countdown.refresh = counted  # type: ignore[method-assign]
        assert "passed 6 days ago" in screen_text(app)
        for _ in range(5):  # five seconds (the tick, called as its timer would)
            now[0] += timedelta(seconds=1)
            countdown._tick()
        await pilot.pause()
        assert drawn == []
        assert countdown.now == now[0]  # the clock was read all the same
        now[0] += timedelta(days=1)
        countdown._tick()
        await pilot.pause()
        assert len(drawn) == 1
        assert "passed 7 days ago" in screen_text(app)
