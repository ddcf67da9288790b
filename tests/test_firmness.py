"""A deadline softened and later moved stays SOFT (format.md, "Firmness follows from the
fold"), and every view says where that comes from, so SOFT is not read as said of the new
date (issue 15): the clock alone, then the app on a real feed on 127.0.0.1 whose document
has set → softened → moved (tests/fixtures/sample.json's `reply`)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from briefing.disk import paths
from briefing.format.model import Change, Deadline
from briefing.reading.clock import state_at
from briefing.screens.overview import OverviewScreen
from briefing.services.session import Session
from briefing.services.startup import open_target
from briefing.tui.app import BriefingApp
from briefing.widgets.countdown import Countdown
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, screen_text, settle, wait_until

SET = Change(at="2025-11-18", kind="set", due="2025-11-27", precision="day")
SOFTENED = Change(at="2025-11-23", kind="softened")
MOVED = Change(at="2025-11-25", kind="moved", due="2025-12-04", precision="day")
FIRMED = Change(at="2025-11-26", kind="firmed")

NOTE = "since 23 Nov 2025 (not restated when moved 25 Nov 2025)"


def note_at(day: int, *changes: Change) -> str | None:
    deadline = Deadline(id="d", label="d", tz="UTC", history=changes, set_by=None)
    state = state_at(deadline, datetime(2025, 11, day, 12, tzinfo=UTC))
    assert state is not None
    return state.firmness_note()


def test_the_firmness_note_names_the_change_that_gave_it_and_the_move_after():
    assert note_at(24, SET, SOFTENED, MOVED) is None  # not moved yet: `latest` says it
    assert note_at(25, SET, SOFTENED, MOVED) == NOTE
    assert note_at(26, SET, SOFTENED, MOVED, FIRMED) is None  # restated after the move
    assert note_at(25, SET, MOVED) == (
        "since 18 Nov 2025 (not restated when moved 25 Nov 2025)"  # FIRM from its set
    )
    assert note_at(19, SET) is None


def test_the_app_on_a_feed_says_where_soft_comes_from(server: FeedServer):
    data = json.loads(V1)
    data["deadlines"] = [d for d in data["deadlines"] if d["id"] == "reply"]  # the headline
    url = server.route("/reply", Route(body=json.dumps(data).encode()))
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'default_feed = "f"\n[[feeds]]\nname = "f"\nurl = "{url}"\n')
    now = datetime(2025, 11, 25, 12, tzinfo=UTC)

    async def scenario() -> None:
        start = open_target(None)
        session = Session(start.doc, start.origin, clock=lambda: now)
        app = BriefingApp(session, startup=start, dirs=paths.user_dirs())
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: app.session.feed is not None, "the feed")
            await settle(app, pilot)
            reply = next(d for d in app.session.doc.deadlines if d.id == "reply")
            assert [c.kind for c in reply.history] == ["set", "softened", "moved"]
            countdown = " ".join(screen_text(app).split())
            assert f"Deadline Southland's reply to the draft — SOFT {NOTE}" in countdown
            assert str(app.main_screen.query_one(Countdown).render()).count(NOTE) == 1
            await pilot.press("o")
            await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "overview")
            await settle(app, pilot)
            overview = " ".join(screen_text(app).split())
            assert f"Southland's reply to the draft — soft {NOTE} · by Thu 4 Dec" in overview

    asyncio.run(scenario())


def test_the_markdown_brief_says_it_too(sample_doc):
    from briefing.reading.export import to_markdown

    def brief(day: int) -> str:
        now = datetime(2025, 11, day, 12, tzinfo=UTC)
        return to_markdown(sample_doc, origin="test", now=now, as_of=None)

    assert f"— **soft** {NOTE} · set by" in brief(25)
    assert "not restated" not in brief(24)
