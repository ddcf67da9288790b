"""Keys come from one source: the key bar, the help screen and the palette's hints read the
live bindings, so a `[keys]` remap shows everywhere, and a key bar too narrow for every key
says so (`… ? more`, help's key) instead of dropping keys, the palette's key docked right.

What each test expects is worked out from the screen's active bindings (`active_bindings`,
`App.get_key_display`) at the time, never copied from what the bar drew."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from briefing.cli import make_app
from briefing.disk import paths
from briefing.screens.help import HelpScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.key_bar import KeyBar, offered
from tests.feedserver import FeedServer, Route
from tests.helpers import (
    V1,
    V2,
    palette_search,
    plain,
    run_refresh,
    screen_text,
    settle,
    wait_until,
)

WIDTHS = [60, 80, 120]

SCREENS = {
    "main": [],
    "clause detail": ["j", "enter"],
    "matrix": ["m"],
    "help": ["question_mark"],
}


@dataclass
class Expected:
    keys: list[str]
    """`key Description` of each shown binding, one per action, in the bindings' order."""
    help_key: str | None
    """How the key that opens help (the App's `help` action) is shown, if one is bound."""
    palette: str | None


def expected_from_bindings(app: BriefingApp) -> Expected:
    keys: list[str] = []
    actions: set[str] = set()
    help_key = palette = None
    for active in app.screen.active_bindings.values():
        binding = active.binding
        shown = f"{app.get_key_display(binding)} {binding.description}".strip()
        if binding.action == "command_palette":
            palette = shown
        elif (
            binding.show and binding.action not in actions and offered(active.node, binding.action)
        ):
            actions.add(binding.action)
            keys.append(shown)
        if binding.action == "help" and active.node is app and help_key is None:
            help_key = app.get_key_display(binding)
    return Expected(keys, help_key, palette)


def bar_line(app: BriefingApp) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


def read_bar(line: str, width: int, palette: str | None) -> list[str]:
    """The groups the bar shows left of the palette's key (which must end the line)."""
    assert cell_len(line) == width
    left = line
    if palette is not None:
        assert line.endswith(f" {palette} "), f"the palette's key is not docked right: {line!r}"
        left = line[: -len(f" {palette} ")]
    return [group for group in left.strip().split("  ") if group]


def cells(groups: list[str]) -> int:
    """The cells groups take in the bar: each ` key Description `."""
    return sum(cell_len(f" {group} ") for group in groups)


def check_bar(app: BriefingApp, width: int) -> tuple[list[str], Expected]:
    """The bar's groups, checked against the live bindings: every shown key when they all fit
    beside the palette's; otherwise as many as fit, in order, then `… <help key> more`, and
    not one more would have fitted."""
    want = expected_from_bindings(app)
    groups = read_bar(bar_line(app), width, want.palette)
    right = cell_len(f" {want.palette} ") if want.palette else 0
    if cells(want.keys) + right <= width:
        assert groups == want.keys
        return groups, want
    assert want.help_key is not None
    marker = f"… {want.help_key} more"
    assert groups[-1] == marker, groups
    fitted = groups[:-1]
    assert fitted == want.keys[: len(fitted)] and len(fitted) < len(want.keys)
    marker_cells = cell_len(f" … {want.help_key} more ") - 1  # `…` follows the last key's space
    assert cells(fitted) + marker_cells + right <= width
    assert cells(want.keys[: len(fitted) + 1]) + marker_cells + right > width, "one more fits"
    return groups, want


async def open_view(pilot: Any, keys: list[str], width: int) -> None:
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()
    bar = pilot.app.screen.query_one(KeyBar)
    await wait_until(pilot, lambda: bar.size.width == width, "the key bar laid out")
    await pilot.pause()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", list(SCREENS))
async def test_the_key_bar_shows_every_key_or_says_there_are_more(
    sample_doc, make_session, view: str, width: int
):
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(width, 30)) as pilot:
        await open_view(pilot, SCREENS[view], width)
        groups, want = check_bar(app, width)
        assert want.palette is not None and want.keys  # the palette's key and a few others
        if width == 120:
            assert groups == want.keys  # nothing is left out at 120 columns


async def test_the_clause_page_at_80_columns_no_longer_loses_keys_silently(
    sample_doc, make_session
):
    """The issue: at 80 columns the clause page's bar ended `… / Search  m`, and Matrix, As
    of and the palette's key were gone without a word."""
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, SCREENS["clause detail"], 80)
        groups, want = check_bar(app, 80)
        assert groups[-1] == "… ? more"
        assert "m Matrix" in want.keys and "m Matrix" not in groups
        assert bar_line(app).rstrip().endswith("^p palette")


async def test_a_remapped_help_key_is_the_one_the_more_marker_names():
    """With help on F1 the marker says `… f1 more`; pressing F1 or clicking the marker opens
    help (the bar presses the key it shows)."""
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"app.help" = "f1"\n', encoding="utf-8")
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_view(pilot, SCREENS["clause detail"], 80)
        groups, want = check_bar(app, 80)
        assert want.help_key == "f1" and groups[-1] == "… f1 more"
        assert "? Help" not in bar_line(app)
        line = bar_line(app)
        await pilot.click(KeyBar, offset=(line.index("f1 more"), 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opened")
        await pilot.press("escape")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help by f1")


FEEDS_ON_CTRL_B = (
    '[[feeds]]\nname = "desk"\nurl = "http://127.0.0.1:9/f"\nrefresh = 0\n\n'
    '[keys]\n"app.feeds" = "ctrl+b"\n'
)


def feeds_remapped() -> BriefingApp:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(FEEDS_ON_CTRL_B, encoding="utf-8")
    return make_app(None, None, None)


def feeds_key(app: BriefingApp) -> str:
    """How the key bound to the feed picker shows, from the live bindings."""
    found = [
        app.get_key_display(active.binding)
        for active in app.screen.active_bindings.values()
        if active.binding.action == "feeds"
    ]
    assert found, "no key opens the feed picker"
    return found[0]


async def test_help_shows_a_remapped_key_as_the_key_bar_would():
    app = feeds_remapped()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        key = feeds_key(app)
        assert key == "^b"  # ctrl+b, shown as Textual shows it
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        lines = plain(app.screen.query_one("#help-text", Static)).splitlines()
        feeds = [line for line in lines if "app.feeds" in line]
        assert len(feeds) == 1 and feeds[0].split() == [key, "Desk", "app.feeds"]
        palette = [line for line in lines if "Command palette" in line]
        assert len(palette) == 1 and palette[0].split()[0] == "^p"  # not typed by hand
        panes = [
            line.split() for line in lines if line.rstrip().endswith(("Next pane", "Previous pane"))
        ]
        assert panes == [["tab", "Next", "pane"], ["shift+tab", "Previous", "pane"]]


@pytest.mark.parametrize(
    ("query", "action", "hint"),
    [
        ("switch feed", "feeds", "Read another of the desk's feeds"),
        ("positions matrix", "matrix", "Clauses × parties at a glance"),
        ("filter clauses", "screen.filter", "Narrow the clause list: party, stance, status, topic"),
    ],
)
async def test_the_palettes_hints_show_the_live_key(query: str, action: str, hint: str):
    """The palette names the key that runs each command on the screen it was opened from:
    the remapped ctrl+b for the feed picker (it said F, the filter's key), m for the matrix,
    F for the filter (the main screen's own binding)."""
    app = feeds_remapped()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        namespace, _, name = action.rpartition(".")
        node = app.screen if namespace == "screen" else app
        bound = [
            app.get_key_display(active.binding)
            for active in app.screen.active_bindings.values()
            if active.binding.action == name and active.node is node
        ]
        assert bound
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, query)
        assert f"{hint} ({bound[0]})" in screen_text(app)


async def test_a_command_without_a_key_on_this_screen_shows_none():
    """On the clause page `F` does not filter: the palette's filter command names no key."""
    app = feeds_remapped()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert not any(a.binding.action == "filter" for a in app.screen.active_bindings.values())
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "filter clauses")
        text = screen_text(app)
        assert "Narrow the clause list: party, stance, status, topic" in text
        assert "topic (" not in text


async def test_a_filter_hit_names_the_key_that_clears_the_filter():
    """The palette's filter hit says which key undoes it, read from the main screen's live
    bindings (here remapped to X), before a filter is set as after."""
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"main.clear_filter" = "X"\n', encoding="utf-8")
    app = make_app(None, None, None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "uk concerned")
        assert "narrow the clause list; X clears" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("F", *"uk concerned", "enter")
        await wait_until(pilot, lambda: app.session.clause_filter is not None, "the filter")
        clears = [
            app.get_key_display(active.binding)
            for active in app.screen.active_bindings.values()
            if active.binding.action == "clear_filter"
        ]
        assert clears[0] == "X"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "uk concerned")
        assert f"narrow the clause list; {clears[0]} clears" in screen_text(app)
        await pilot.press("escape", "X")
        await wait_until(pilot, lambda: app.session.clause_filter is None, "X cleared it")


def live_key(app: BriefingApp, action: str) -> str:
    """How the key that runs `action` now is shown, read from the live bindings."""
    for active in app.screen.active_bindings.values():
        if active.binding.action == action and active.enabled:
            return app.get_key_display(active.binding)
    raise AssertionError(f"no live key runs {action}")


async def test_the_filter_bar_names_the_live_key_that_clears_it():
    """The filter bar's count offers the key that clears the filter now ([keys] moves it to
    X here), offers none while the filter is being typed (x would type an x), and the key it
    names does clear it."""
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"main.clear_filter" = "X"\n', encoding="utf-8")
    app = make_app(None, None, None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        count = app.screen.query_one("#filter-count", Static)
        await pilot.press("F", *"uk concerned")
        await wait_until(pilot, lambda: app.session.clause_filter is not None, "the filter")
        assert "clears" not in plain(count)
        await pilot.press("enter")
        await pilot.pause()
        clears = live_key(app, "clear_filter")
        assert clears == "X"
        shown = len(app.session.shown_clauses())
        total = len(app.session.view.clauses)
        want = f"{shown} of {total} clauses · {clears} clears"
        await wait_until(pilot, lambda: plain(count) == want, "the clearing key named")
        await pilot.press(clears)
        await wait_until(pilot, lambda: app.session.clause_filter is None, "X cleared it")


async def test_the_empty_notes_screen_names_the_note_keys_as_remapped():
    """With no note yet, the notes screen says how to write one with the keys [keys] set
    for the clause page and the quote card; the clause page's key does open the editor."""
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"detail.note" = "W"\n"quote.note" = "f7"\n', encoding="utf-8")
    app = make_app(None, None, None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.call_later(app.run_action, "notes")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "NotesScreen", "notes")
        await settle(app, pilot)
        text = " ".join(screen_text(app).split())
        assert "press W on a clause's page, or f7 on a quote, to write one" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MainScreen", "main")
        await pilot.press("j", "enter")  # the first row is the text as a whole
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ClauseDetailScreen", "page")
        assert live_key(app, "note") == "W"
        await pilot.press("W")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "NoteScreen", "the editor")


async def test_the_news_of_a_refresh_names_the_keys_that_go_through_it(server: FeedServer):
    """A refresh that finds changes says which keys step through them and list them, as
    [keys] set them (f5, f6 here), and those keys do what it says."""
    url = server.route("/f", Route(body=V1, etag='"v1"'))
    await run_refresh(url)
    server.route("/f", Route(body=V2, etag='"v2"'))
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"app.next_change" = "f5"\n"app.changes" = "f6"\n', encoding="utf-8")
    app = make_app(url, None, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        news = [str(n.message) for n in app._notifications if "in the briefing" in str(n.message)]
        step, listing = live_key(app, "next_change(1)"), live_key(app, "changes")
        assert (step, listing) == ("f5", "f6")
        assert news == [
            f"3 changes in the briefing — press {step} to go through them, {listing} to list them"
        ]
        await pilot.press(step)
        await pilot.pause()
        assert app.main_screen.query_one(ClauseList).current_id == "army-cap"
        await pilot.press(listing)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChangesScreen", "changes")
