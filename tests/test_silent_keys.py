"""No silent keys (issue 15, item 4): on every screen a key that no binding there takes
says where it acts instead — from the live bindings, so a `[keys]` remap shows — or that
the app has no such key; Tab says so where there is one pane; keys that act stay quiet."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from briefing.cli import make_app
from briefing.disk import paths
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.help import HelpScreen
from briefing.screens.matrix import MatrixScreen
from briefing.screens.overview import OverviewScreen
from briefing.screens.quote import QuoteScreen
from briefing.screens.search import SearchScreen
from briefing.tui.app import BriefingApp
from tests.helpers import plain, settle, wait_until


async def press_and_hear(app: BriefingApp, pilot: Any, key: str) -> list[str]:
    """Press `key`; what the app said because of it (every notification meanwhile, heard
    as it is made: those on screen expire after 4 s, which a loaded machine can take
    between two presses, and counting them then loses the new one)."""
    heard: list[str] = []
    notify = app.notify

    def hear(message: str, *args: Any, **kwargs: Any) -> None:
        heard.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = hear  # type: ignore[method-assign]
    try:
        await pilot.press(key)
        await settle(app, pilot)
    finally:
        del app.notify  # the class's again
    return heard


def with_keys(entries: str = "") -> BriefingApp:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[keys]\n{entries}", encoding="utf-8")
    return make_app(None, None, None)


async def open_screen(app: BriefingApp, pilot: Any, keys: list[str], kind: type) -> None:
    await settle(app, pilot)
    await pilot.press(*keys)
    await wait_until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    await settle(app, pilot)


async def test_a_key_of_another_screen_says_where_it_acts():
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_screen(app, pilot, ["o"], OverviewScreen)
        said = await press_and_hear(app, pilot, "f")
        assert said == [
            "f does nothing in the overview: it is Flag in the clause detail and the main screen."
        ]
        assert isinstance(app.screen, OverviewScreen)  # nothing else happened
        # A key the overview takes acts, without a word.
        assert await press_and_hear(app, pilot, "j") == []
        assert await press_and_hear(app, pilot, "escape") == []
        assert not isinstance(app.screen, OverviewScreen)


@pytest.mark.parametrize(
    ("keys", "heard"),
    [
        pytest.param(  # Flag on the main screen moved to v: v names it there; f the page.
            '"main.flag" = "v"\n',
            [
                ("v", "v does nothing in the matrix: it is Flag in the main screen."),
                ("f", "f does nothing in the matrix: it is Flag in the clause detail."),
            ],
            id="remapped-key-names-its-places",
        ),
        pytest.param(  # help moved to F1: w is no key; ? now only closes help, and says so.
            '"app.help" = "f1"\n',
            [
                ("w", "No key w in the matrix: f1 lists the keys here."),
                ("question_mark", "? does nothing in the matrix: it is Back in help."),
            ],
            id="key-nowhere-names-the-live-help-key",
        ),
    ],
)
async def test_the_words_follow_the_live_keys(keys: str, heard: list[tuple[str, str]]):
    app = with_keys(keys)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_screen(app, pilot, ["m"], MatrixScreen)
        for key, words in heard:
            assert await press_and_hear(app, pilot, key) == [words]


async def test_help_itself_and_a_dialog_are_no_silent_places():
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_screen(app, pilot, ["question_mark"], HelpScreen)
        (said,) = await press_and_hear(app, pilot, "f")
        assert said.startswith("f does nothing in help: it is Flag in ")
        await pilot.press("escape")
        # The quote card is modal: the App's keys do not reach past it, and it says so.
        await open_screen(app, pilot, ["tab", "tab", "enter"], QuoteScreen)
        (said,) = await press_and_hear(app, pilot, "m")
        assert said.startswith(
            "m does nothing in a quote: it is Matrix in the screens behind this one; "
        )


async def test_tab_says_there_is_one_pane_on_the_clause_page_and_help_does_not_list_it():
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_screen(app, pilot, ["j", "enter"], ClauseDetailScreen)
        assert await press_and_hear(app, pilot, "tab") == [
            "tab moves between panes: the clause detail has one."
        ]
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        assert "Next pane" not in plain(app.screen.query_one("#help-text", Static))
        await pilot.press("escape", "escape")
        # On the main screen Tab moves between its three panes: listed, and quiet.
        await wait_until(pilot, lambda: app.screen is app.main_screen, "the main screen")
        focused = app.focused
        assert await press_and_hear(app, pilot, "tab") == []
        assert app.focused is not focused
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        assert "Next pane" in plain(app.screen.query_one("#help-text", Static))


@pytest.mark.parametrize("key", ["f", "w", "m"])
async def test_typing_in_a_field_is_text_not_a_silent_key(key: str):
    app = make_app(None, None, None)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_screen(app, pilot, ["slash"], SearchScreen)
        assert await press_and_hear(app, pilot, key) == []
