"""The desk (issue 15, item 7): several briefings at a glance, through real keys, against real
HTTP feeds on 127.0.0.1 — one that answers, one that changed since it was cached, one that
fails, one whose server is gone (offline) — and with every server gone (offline start)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding

from briefing.disk import paths
from briefing.reading.clock import next_open, short_left
from briefing.screens.desk import DeskScreen
from briefing.screens.main import MainScreen
from briefing.services.session import Session
from briefing.services.startup import open_target
from briefing.tui.app import BriefingApp
from briefing.widgets.desk_list import DeskList
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, palette_search, run_refresh, screen_text, settle, wait_until
from tests.terminal import Terminal, needs_tmux

NOW = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=1)


def other_briefing(changed: bool = False, ident: str = "second-accord") -> bytes:
    """A second briefing (its own id and title) with a firm deadline; `changed`: a day
    later, one clause agreed."""
    data = json.loads(V1)
    data["id"] = ident
    data["title"] = "Second accord on the river border"
    reply = data["deadlines"][0]
    reply["history"] = [c for c in reply["history"] if c["kind"] != "softened"]
    if changed:
        data["updated"] = "2025-11-25T09:00:00+00:00"
        data["clauses"][1]["status"] = "agreed"
    return json.dumps(data).encode()


@dataclass
class Desk:
    """Four feeds, as config.toml names them, and the server that answers three of them."""

    server: FeedServer
    urls: dict[str, str]


def write_config(urls: dict[str, str], default: str | None = "one", timeout: int = 3) -> None:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    feeds = "".join(f'[[feeds]]\nname = "{n}"\nurl = "{u}"\n' for n, u in urls.items())
    chosen = f'default_feed = "{default}"\n' if default else ""
    config.write_text(f"{chosen}timeout = {timeout}\n{feeds}")


def seed(server: FeedServer) -> dict[str, str]:
    """one: cached and unchanged; two: cached, changed since; broken: 404, never cached;
    gone: cached an hour ago, its server since closed. Writes config.toml; returns the URLs."""
    urls = {
        "one": server.route("/one", Route(body=V1)),
        "two": server.route("/two", Route(body=other_briefing())),
        "broken": server.route("/broken", Route(status=404, body=b"no such feed")),
    }
    with FeedServer() as gone:
        urls["gone"] = gone.route("/gone", Route(body=other_briefing(True, "third-accord")))
        asyncio.run(run_refresh(urls["gone"], now=lambda: EARLIER))
    for name in ("one", "two"):
        asyncio.run(run_refresh(urls[name], now=lambda: EARLIER))
    server.route("/two", Route(body=other_briefing(changed=True)))
    server.requests.clear()
    write_config(urls)
    return urls


@pytest.fixture
def desk(server: FeedServer) -> Desk:
    return Desk(server, seed(server))


def desk_app() -> BriefingApp:
    start = open_target(None)
    session = Session(start.doc, start.origin, clock=lambda: NOW)
    return BriefingApp(session, startup=start, dirs=paths.user_dirs(), theme="textual-dark")


def rows_text(app: BriefingApp) -> dict[str, str]:
    """Each briefing's card on the desk as one line of plain text (its wrapped lines joined
    by a space), by feed name."""
    listing = app.screen.query_one(DeskList)
    width = listing.scrollable_content_region.width
    found = {}
    for index, row in enumerate(listing.rows):
        card = listing.render_card(index, width)
        found[row.feed.name] = " ".join(
            " ".join("".join(text for text, _ in line).split()) for line in card
        )
    return found


async def open_desk(app: BriefingApp, pilot: Any) -> None:
    await settle(app, pilot)
    await pilot.press("b")
    await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk")
    await settle(app, pilot)


async def test_the_desk_shows_each_briefing_refreshed_in_the_background(desk: Desk):
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        rows = rows_text(app)
        assert list(rows) == ["one", "two", "broken", "gone"]
        one, two, broken, gone = rows.values()
        assert one.startswith("one — Sample accord between Northland and Southland")
        assert "· on screen" in one and "on screen" not in two
        assert (
            "Deadline Southland's reply to the draft — SOFT since 23 Nov 2025 (not restated "
            "when moved 25 Nov 2025) · 9d 04h left" in one  # moved today: SOFT is older
        )
        assert "ok · checked 12:00 (just now)" in one
        assert two.startswith("two — Second accord on the river border")
        assert (
            "— FIRM since 18 Nov 2025 (not restated when moved 25 Nov 2025) · 9d 04h left · "
            "by Thu 4 Dec 17:00 (Europe/Zurich)" in two  # firm from its set, moved since
        )
        assert "1 unseen change · ok · checked 12:00 (just now)" in two  # found by the desk
        assert broken.startswith("broken — no copy yet no open deadline")
        assert "failed since 12:00 (just now): the server answered 404 Not Found" in broken
        assert "127.0.0.1" not in broken  # the row names the feed; the host is not repeated
        assert gone.startswith("gone — Second accord on the river border")
        assert "offline since 12:00 (just now) · copy from 11:00 (60 min old)" in gone
        title = screen_text(app).splitlines()[0]
        assert "Desk · 4 briefings · 1 unseen change · 2 not refreshed" in title
        # One request per feed: the app's for the feed on screen, the desk's for the others.
        assert [len(desk.server.hits(p)) for p in ("/one", "/two", "/broken")] == [1, 1, 1]


async def test_enter_opens_a_briefing_and_b_comes_back_to_the_desk(desk: Desk):
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the briefing")
        await settle(app, pilot)
        assert app.session.feed is not None and app.session.feed.name == "two"
        assert app.session.doc.title == "Second accord on the river border"
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk again")
        await settle(app, pilot)
        listing = app.screen.query_one(DeskList)
        assert listing.rows[listing.cursor].feed.name == "two"  # the cursor on the one shown
        rows = rows_text(app)
        assert "· on screen" in rows["two"] and "on screen" not in rows["one"]
        assert "ok · checked 12:00" in rows["one"]  # what it knew of one is kept
        await pilot.press("b")  # b again: back to the briefing, as Escape
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the briefing")
        assert app.session.feed.name == "two"
        await pilot.press("b", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "Escape")


async def test_several_feeds_and_none_chosen_start_on_the_desk(desk: Desk):
    write_config(desk.urls, default=None)
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk at start")
        await settle(app, pilot)
        assert app.session.feed is None  # the bundled briefing beneath, until one is chosen
        assert all("on screen" not in row for row in rows_text(app).values())
        listing = app.screen.query_one(DeskList)
        assert listing.cursor == 0  # on the first feed, not on the bundled briefing beneath
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session.feed is not None, "the first feed")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.session.feed is not None and app.session.feed.name == "one"
        await pilot.press("b", "end", "enter")  # the bundled briefing, last on the desk
        await wait_until(pilot, lambda: app.session.feed is None, "the bundled briefing")
        await settle(app, pilot)
        assert app.session.doc.id == "us-peace-plan-2025-11"


async def test_one_chosen_feed_starts_on_its_briefing(desk: Desk):
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)


async def test_r_on_the_desk_asks_every_feed_again_once(desk: Desk):
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        asked = [len(desk.server.hits(p)) for p in ("/one", "/two", "/broken")]
        await pilot.press("r")
        await settle(app, pilot)
        again = [len(desk.server.hits(p)) for p in ("/one", "/two", "/broken")]
        assert again == [n + 1 for n in asked]
        assert desk.server.max_active <= 3


async def test_a_slow_feed_is_asked_once_however_often_r_is_pressed(desk: Desk):
    # The answer is held until the r's are in, and the refresh's limit is long enough to
    # wait for it: a delay (6 s) with the desk's 3 s limit once ran out under CI's load
    # before the r's were pressed ("the server did not deliver the feed within the 3 s
    # limit"), and at 1 s a slow pilot step let it finish first.
    answer = threading.Event()
    desk.server.route("/two", Route(body=other_briefing(changed=True), hold=answer))
    write_config(desk.urls, timeout=600)
    app = desk_app()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("b")
            await wait_until(pilot, lambda: bool(desk.server.hits("/two")), "the desk's request")
            await wait_until(pilot, lambda: "refreshing…" in rows_text(app)["two"], "its mark")
            await pilot.press("r", "r", "r")
            await pilot.pause()
            assert "refreshing…" in rows_text(app)["two"]  # still in flight: the r's were extra
            answer.set()
            await wait_until(
                pilot, lambda: "refreshing…" not in rows_text(app)["two"], "the answer shown"
            )
            await settle(app, pilot)
            assert len(desk.server.hits("/two")) == 1
            assert "1 unseen change · ok · checked 12:00" in rows_text(app)["two"]
    finally:
        answer.set()


def test_the_desk_works_offline_from_the_cache():
    with FeedServer() as server:
        seed(server)
    # every server gone now

    async def scenario() -> None:
        app = desk_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_desk(app, pilot)
            rows = rows_text(app)
            assert rows["one"].startswith("one — Sample accord")
            assert rows["two"].startswith("two — Second accord on the river border")
            assert rows["gone"].startswith("gone — Second accord")
            for name in ("one", "two", "gone"):
                assert "offline since 12:00 (just now) · copy from 11:00 (60 min old)" in rows[name]
            assert rows["broken"].startswith("broken — no copy yet")
            assert "offline since 12:00" in rows["broken"]
            await pilot.press("down", "enter")  # a cached briefing opens offline
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the briefing")
            await settle(app, pilot)
            assert app.session.doc.title == "Second accord on the river border"

    asyncio.run(scenario())


async def test_the_desk_asks_again_when_a_feeds_interval_has_passed(desk: Desk):
    now = [NOW]
    start = open_target(None)
    session = Session(start.doc, start.origin, clock=lambda: now[0])
    app = BriefingApp(session, startup=start, dirs=paths.user_dirs())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        screen = app.screen
        assert isinstance(screen, DeskScreen)
        paths_asked = ("/two", "/broken")
        asked = [len(desk.server.hits(p)) for p in paths_asked]
        now[0] = NOW + timedelta(seconds=299)  # the feeds' refresh is 300 s
        screen._tick()
        await settle(app, pilot)
        assert [len(desk.server.hits(p)) for p in paths_asked] == asked
        now[0] = NOW + timedelta(seconds=300)
        screen._tick()
        await settle(app, pilot)
        assert [len(desk.server.hits(p)) for p in paths_asked] == [n + 1 for n in asked]
        assert "ok · checked 12:05 (just now)" in rows_text(app)["two"]


def test_the_desk_without_textual_reads_refreshes_and_words_each_feed(desk: Desk):
    """The domain alone (services.desk): no App, a session on the bundled briefing."""
    from briefing.services.desk import Desk as DeskState

    start = open_target(None)
    session = Session(start.doc, start.origin, clock=lambda: NOW)
    state = DeskState(session, start.config, paths.user_dirs())

    async def scenario() -> list[Any]:
        await state.load()
        offline = {row.feed.name: row.freshness.words(NOW) for row in state.rows()}
        assert offline["two"] == "cached · checked 11:00 (60 min ago)"
        assert offline["broken"] == "not checked yet"
        for feed in state.feeds:
            await state.refresh(feed, force=False)
        assert all(not state.busy(feed.name) for feed in state.feeds)
        await state.close()
        return state.rows()

    rows = {row.feed.name: row for row in asyncio.run(scenario())}
    assert rows["one"].title == "Sample accord between Northland and Southland (test fixture)"
    assert rows["two"].unseen == 1 and rows["two"].deadline is not None
    assert rows["two"].deadline.firmness == "firm"
    assert rows["broken"].freshness.state == "failed" and rows["broken"].title is None
    assert rows["gone"].freshness.state == "offline"
    assert rows["gone"].freshness.words(NOW + timedelta(minutes=5)) == (
        "offline since 12:00 (5 min ago) · copy from 11:00 (65 min old)"
    )
    assert not any(row.current for row in rows.values())


async def test_b_without_feeds_says_why(sample_doc):
    from briefing.feed.origin import Origin

    app = BriefingApp(Session(sample_doc, Origin("bundled", ""), clock=lambda: NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("No desk: no feed in ") and "[[feeds]]" in m for m in said)


def test_the_next_open_deadline_and_the_time_left_to_the_minute(sample_doc):
    state = next_open(sample_doc.deadlines, NOW)
    assert state is not None and state.deadline.id == "reply" and state.firmness == "soft"
    assert short_left(state.remaining(NOW)) == "9d 04h left"
    assert short_left(timedelta(hours=5, minutes=3, seconds=59)) == "5h 03m left"
    assert short_left(timedelta(minutes=7)) == "7m left"
    assert short_left(timedelta(seconds=20)) == "under a minute left"
    assert short_left(timedelta(days=-2)) == "passed 2 days ago"
    later = datetime(2025, 12, 6, tzinfo=UTC)  # every deadline passed: the last one, still open
    passed = next_open(sample_doc.deadlines, later)
    assert passed is not None and passed.deadline.id == "reply"
    assert next_open([], NOW) is None


SIZES = [(80, 24), (60, 18), (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_snapshot_desk(snap_compare, desk: Desk, monkeypatch, size: tuple[int, int]) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    async def run_before(pilot: Any) -> None:
        await open_desk(pilot.app, pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(desk_app(), run_before=run_before, terminal_size=size)
    finally:
        monkeypatch.undo()
        time.tzset()


@needs_tmux
def test_the_desk_in_a_real_terminal_at_80x24(server: FeedServer, tmp_path: Path):
    """The `briefing` command in tmux: several feeds and none chosen start on the desk; a
    feed's title with terminal controls is drawn as text, its controls never sent."""
    hostile = json.loads(V1)
    hostile["id"] = "hostile"
    hostile["title"] = "Owned \x1b]0;PWNED-TITLE\x07 \x1b]52;c;SGVsbG8=\x07 \x1b[2J \x9b31m"
    urls = {
        "one": server.route("/one", Route(body=V1)),
        "wire": server.route("/wire", Route(body=json.dumps(hostile).encode())),
    }
    write_config(urls, default=None)
    term = Terminal(tmp_path)
    try:
        term.start([], record=True)
        screen = term.wait_text("wire — Owned")
        assert "Desk · 2 briefings" in screen
        term.wait_text("ok · checked")
        term.keys("Enter")  # the first feed
        term.wait_text("Clauses (4)")
        term.keys("b")
        screen = term.wait_text("one — Sample accord")
        assert "(test fixture) · on" in screen  # '· on screen', wrapped at 80 columns
        term.keys("Escape")
        term.wait_for(lambda text: "Desk ·" not in text)
        term.keys("q")
        screen = term.wait_text("EXITED=0")
        assert "Traceback" not in screen
        raw = term.raw_output()
        for sequence in (b"\x1b]0;PWNED", b"\x1b]52;c;SGVsbG8", b"\xc2\x9b31m"):
            assert sequence not in raw, sequence
    finally:
        term.close()


# -- the App's briefing keys on the desk (issue 15: never on a briefing the analyst does not see)

BRIEFING_SCREENS = {
    "search": "SearchScreen",
    "matrix": "MatrixScreen",
    "as_of": "AsOfScreen",
    "overview": "OverviewScreen",
    "timeline": "TimelineScreen",
    "changes": "ChangesScreen",
    "export": "ExportScreen",
}


def test_the_desk_takes_every_app_key_that_acts_on_a_briefing():
    """Each App key but those of the app itself (quit, help, the desk, refresh: the desk's
    own r) is bound on the desk too, on the same key and under the same id (so `[keys]` moves
    both): a key the App gains must be taken here, or it would act on the hidden briefing."""
    from textual.binding import Binding

    from briefing.screens.desk import BRIEFING_KEYS

    own = {"app.quit", "app.help", "app.feeds", "app.refresh"}
    app_keys = {
        b.id: (b.key, b.action) for b in Binding.make_bindings(BriefingApp.BINDINGS) if b.id
    }
    desk_keys = {b.id: b.key for b in Binding.make_bindings(DeskScreen.BINDINGS) if b.id}
    assert {i for i in app_keys if i not in own} == {b.ident for b in BRIEFING_KEYS}
    for ident, (key, action) in app_keys.items():
        if ident not in own:
            assert desk_keys[ident] == key, ident
            assert next(b.action for b in BRIEFING_KEYS if b.ident == ident) == action


async def test_briefing_keys_on_another_row_say_which_briefing_they_act_on(desk: Desk):
    from briefing.screens.desk import BRIEFING_KEYS

    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        await pilot.press("down")  # two: not the briefing on screen (one)
        for known in BRIEFING_KEYS:
            app.clear_notifications()
            await pilot.press(known.key)
            await pilot.pause()
            assert isinstance(app.screen, DeskScreen), known.key
            assert [type(s).__name__ for s in app.screen_stack] == ["MainScreen", "DeskScreen"]
            said = [n.message for n in app._notifications]
            shown = app.get_key_display(Binding(known.key, ""))
            assert said == [
                f"{shown} {known.does} the briefing on screen, not two: open two first (⏎)."
            ], known.key
        assert app.session.feed is not None and app.session.feed.name == "one"
        assert app.session.as_of is None  # nothing acted beneath


@pytest.mark.parametrize("action", sorted(BRIEFING_SCREENS))
async def test_a_briefing_key_on_the_row_on_screen_closes_the_desk_and_acts(
    desk: Desk, action: str
):
    from briefing.screens.desk import BRIEFING_KEYS

    key = next(b.key for b in BRIEFING_KEYS if b.action == action)
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)  # the cursor on one, the briefing on screen
        await pilot.press(key)
        wanted = BRIEFING_SCREENS[action]
        await wait_until(pilot, lambda: type(app.screen).__name__ == wanted, wanted)
        assert [type(s).__name__ for s in app.screen_stack] == ["MainScreen", wanted]


async def test_n_on_the_row_on_screen_goes_to_its_unseen_change(desk: Desk):
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        await pilot.press("down", "enter")  # two, with its one unseen change
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "two")
        await settle(app, pilot)
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk")
        await settle(app, pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the briefing")
        await settle(app, pilot)
        assert app.main_screen.current_clause_id() == "army-cap"  # agreed since: the change


async def test_feed_keys_on_the_bundled_briefing_say_it_has_no_changes(desk: Desk):
    write_config(desk.urls, default=None)  # start on the desk, the bundled briefing beneath
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk at start")
        await settle(app, pilot)
        await pilot.press("end")
        for key in ("c", "n", "N"):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DeskScreen)
            said = [n.message for n in app._notifications]
            assert said == ["No change in bundled: it has no feed, so no refresh records one."]
        await pilot.press("m")  # a key that acts on it: the bundled briefing's matrix
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MatrixScreen", "matrix")


async def test_a_remapped_briefing_key_moves_on_the_desk_too(desk: Desk):
    config = paths.user_dirs().config_file
    config.write_text(config.read_text() + '[keys]\n"app.matrix" = "M"\n')
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        await pilot.press("down")
        app.clear_notifications()
        await pilot.press("M")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == [
            "M shows the matrix of the briefing on screen, not two: open two first (⏎)."
        ]
        await pilot.press("up", "M")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MatrixScreen", "matrix")


async def test_help_and_the_key_bar_on_the_desk_tell_the_truth(desk: Desk):
    app = desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk(app, pilot)
        bar = screen_text(app).splitlines()[-1]
        for word in ("Open", "Back", "Refresh all", "Quit", "Help"):
            assert word in bar
        for word in ("Search", "Matrix", "As of", "…"):  # not shown as if they acted anywhere
            assert word not in bar
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "help")
        await pilot.pause()
        text = app.screen.query_one("#help-text").render()
        assert "Matrix (on the row on screen)" in str(text)
        assert "app.matrix" in str(text)


async def test_the_palettes_briefing_commands_on_the_desk_act_as_its_keys(desk: Desk):
    """The palette opened over the desk: 'Positions matrix' names the desk's `m` and does
    what `m` does there — says why not on another row, opens the matrix on the row on screen."""
    app = desk_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_desk(app, pilot)
        await pilot.press("down")  # two, not on screen
        for row in ("two", "one"):
            app.clear_notifications()
            await pilot.press("ctrl+p")
            await pilot.pause()
            await palette_search(pilot, "Positions matrix")
            assert "Clauses × parties at a glance (m)" in screen_text(app), row
            await pilot.press("enter")
            if row == "two":
                await wait_until(pilot, lambda: bool(app._notifications), "why not")
                assert isinstance(app.screen, DeskScreen)
                said = [n.message for n in app._notifications]
                assert said == [
                    "m shows the matrix of the briefing on screen, not two: open two first (⏎)."
                ]
                await pilot.press("up")
            else:
                await wait_until(pilot, lambda: type(app.screen).__name__ == "MatrixScreen", "m")
                assert [type(s).__name__ for s in app.screen_stack] == [
                    "MainScreen",
                    "MatrixScreen",
                ]
