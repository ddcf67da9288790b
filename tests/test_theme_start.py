"""The theme is set before the stylesheet is first read (`briefing.tui.look.choose_theme`).

Set once the app ran (as Textual's `App.theme` watcher does), it made Textual read the
whole stylesheet again and apply it to every widget at start-up, twice in all; on a
16-colour terminal or with a theme in config.toml the first screen came ~100 ms later.
These tests count those reads, never time, and check the theme is whole: its name, its
dark or light classes, its colours in the stylesheet's variables and on screen, and the
warning for an unknown theme passed over.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from tests.helpers import settle


def bundled_app(theme: Any) -> BriefingApp:
    session = Session(load_path(paths.bundled_briefing()), Origin("bundled", "bundled"))
    return BriefingApp(session, theme=theme)


@pytest.mark.parametrize("name", ["ansi-dark", "textual-light", "nord", "textual-dark"])
async def test_a_chosen_theme_is_whole_from_the_first_frame_without_reading_css_again(
    name: str, monkeypatch: Any
) -> None:
    reparsed: list[str] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append("reparse")
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = bundled_app(name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == name
        theme = app.current_theme
        assert app.has_class("-dark-mode") is theme.dark
        assert app.has_class("-light-mode") is not theme.dark
        wanted = app.get_css_variables()  # the theme's colours, as Textual derives them
        assert app.stylesheet._variables["background"] == wanted["background"]
        assert app.screen.styles.background == Color.parse(wanted["background"])
        if theme.background:
            assert Color.parse(wanted["background"]) == Color.parse(theme.background)
        assert reparsed == []  # the stylesheet was read once, with this theme's variables


async def test_an_unknown_theme_is_passed_over_with_a_warning_and_the_next_one_used() -> None:
    app = bundled_app([("nonsense", "--theme"), ("textual-light", "config.toml")])
    notified: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notified = [str(toast.message) for toast in app._notifications]
        assert app.theme == "textual-light"
        assert app.has_class("-light-mode")
    assert any("Unknown theme 'nonsense' (--theme)" in text for text in notified), notified
