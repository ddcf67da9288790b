"""The lists' rows are put together from parts worked out once (`RowStylesCache`), not
styled line by line by Textual: what they draw is Textual's own, segment for segment, on
every list an analyst reaches, at three sizes, in a dark, a light and an ANSI theme,
with the list focused and not (the theme each test asks for is checked to be the one in use); and a widget whose styles ask for more than padding and
a border (a tint, an opacity) is drawn Textual's way."""

from __future__ import annotations

from typing import Any

import pytest
from textual._styles_cache import StylesCache
from textual.strip import Strip

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.line_list import LineList
from briefing.widgets.row_styles import RowStylesCache
from tests.conftest import FIXED_NOW
from tests.helpers import wait_until
from tests.test_desk import desk as desk  # the fixture: a feed server and a config

VIEWS: dict[str, tuple[list[str], str]] = {
    "main": ([], "ClauseList"),
    "main-clause": (["j", "j"], "QuotesPane"),
    "search": (["slash", *"ukraine"], "SearchResults"),
    "matrix": (["m"], "PositionsMatrix"),
    "timeline": (["t"], "TimelineList"),
}
"""Each view, its keys, and the list it must show (every kind of list is compared)."""


def drawn(strips: list[Strip]) -> list[tuple[int, list[Any]]]:
    return [(strip.cell_length, list(strip)) for strip in strips]


def compare_every_list(app: BriefingApp) -> int:
    """Each list on the screen drawn both ways, every line; the number of lists whose rows
    took the quick way (a test of nothing if none did)."""
    quick = 0
    lists = list(app.screen.query(LineList))
    assert lists
    for widget in lists:
        if not widget.outer_size.area:
            continue
        region = widget.outer_size.region
        textual = StylesCache().render_widget(widget, region)
        ours_cache = RowStylesCache()
        ours = ours_cache.render_widget(widget, region)
        assert drawn(ours) == drawn(textual), f"{type(widget).__name__} differs"
        quick += ours_cache._parts is not None
    return quick


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 18)])
@pytest.mark.parametrize("view", list(VIEWS))
async def test_rows_are_drawn_as_textual_draws_them(
    view: str, size: tuple[int, int], theme: str
) -> None:
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme=theme)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: app.screen.query(LineList).first() is not None)
        assert app.theme == theme
        keys, shown = VIEWS[view]
        await pilot.press(*keys)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown in {type(widget).__name__ for widget in app.screen.query(LineList)}
        assert compare_every_list(app) > 0
        await pilot.press("tab")  # the focus elsewhere: other border colours, cursor styles
        await pilot.pause()
        assert compare_every_list(app) > 0


async def test_the_changes_and_desk_lists_are_drawn_as_textual_draws_them(
    desk: object,
) -> None:
    """The two lists that need a feed: the changes of a cached feed (two copies, one
    change) and the desk's briefings (three feeds on a server on 127.0.0.1)."""
    from briefing.screens.changes import ChangesScreen
    from tests.test_changes_readable import cached_feed_app
    from tests.test_desk import desk_app, open_desk

    app = cached_feed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(LineList).first() is not None)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangesScreen), "the changes")
        await pilot.pause()
        assert "ChangesList" in {type(w).__name__ for w in app.screen.query(LineList)}
        assert compare_every_list(app) > 0
        await pilot.press("down", "tab")
        await pilot.pause()
        assert compare_every_list(app) > 0
    app = desk_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk(app, pilot)
        assert "DeskList" in {type(w).__name__ for w in app.screen.query(LineList)}
        assert compare_every_list(app) > 0


async def test_a_lists_own_rows_follow_focus_moves_and_a_new_theme() -> None:
    """The lists' own caches, not fresh ones: after the focus moves, the cursor moves (a
    partial redraw) and the theme changes while the app runs, every line each list has
    drawn is what Textual draws from the styles now in force."""
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme="textual-dark")

    def own_rows_are_textuals() -> None:
        for widget in app.screen.query(LineList):
            region = widget.outer_size.region
            if region.area:
                assert drawn(widget.render_lines(region)) == drawn(
                    StylesCache().render_widget(widget, region)
                ), type(widget).__name__

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(LineList).first() is not None)
        for step in (["j", "j"], ["tab"], ["j"], ["tab", "k"]):
            await pilot.press(*step)
            await pilot.pause()
            own_rows_are_textuals()
        for theme in ("textual-light", "ansi-dark", "nord"):
            app.theme = theme
            await pilot.pause()
            own_rows_are_textuals()
            await pilot.press("j")
            await pilot.pause()
            own_rows_are_textuals()


async def test_a_tinted_or_faded_list_is_drawn_textuals_way() -> None:
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(LineList).first() is not None)
        widget = app.screen.query(LineList).first()
        for rule, value in (
            ("tint", "red 40%"),
            ("opacity", 0.5),
            ("text_opacity", 0.5),
            ("outline", ("solid", "green")),
            ("hatch", ("cross", "#0000ff4d")),
        ):
            setattr(widget.styles, rule, value)
            await pilot.pause()
            region = widget.outer_size.region
            ours_cache = RowStylesCache()
            ours = ours_cache.render_widget(widget, region)
            assert ours_cache._parts is None  # not the quick way
            assert drawn(ours) == drawn(StylesCache().render_widget(widget, region))
            widget.styles.clear_rule(rule)
            await pilot.pause()


async def test_a_style_change_is_drawn_with_the_new_styles() -> None:
    """The parts are worked out again when Textual clears the cache (a style change): the
    list's own cache, after a new border colour (no size changed), then new padding,
    draws what Textual draws."""
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(LineList).first() is not None)
        widget = app.screen.query(LineList).first()
        region = widget.outer_size.region
        before = drawn(widget.render_lines(region))
        assert before == drawn(StylesCache().render_widget(widget, region))
        for change in (
            lambda: setattr(widget.styles, "border_left", ("round", "red")),
            lambda: setattr(widget.styles, "padding", (0, 2)),
        ):
            change()
            await pilot.pause()
            after = drawn(widget.render_lines(region))
            assert after != before
            assert after == drawn(StylesCache().render_widget(widget, region))
            before = after


BORDERS: list[dict[str, tuple[str, str]]] = [
    {},
    {edge: ("round", "#0178d4") for edge in ("top", "right", "bottom", "left")},
    {edge: ("blank", "red") for edge in ("top", "right", "bottom", "left")},
    {edge: ("hidden", "red") for edge in ("top", "right", "bottom", "left")},
    {edge: ("heavy", "#ffff0080") for edge in ("top", "right", "bottom", "left")},
    {"left": ("vkey", "green")},
    {"right": ("thick", "green"), "top": ("round", "green")},
    {"bottom": ("ascii", "white"), "left": ("blank", "white")},
]


@pytest.mark.parametrize("height", [1, 2, 3, 6])
@pytest.mark.parametrize("padding", [(0, 0, 0, 0), (1, 2, 0, 1), (0, 0, 1, 0), (2, 3, 2, 3)])
@pytest.mark.parametrize("borders", range(len(BORDERS)))
def test_every_border_padding_and_height_is_drawn_as_textual_draws_it(
    borders: int, padding: tuple[int, int, int, int], height: int
) -> None:
    """Without an app: one styles object, every row of a 14-cell widget, both ways."""
    from rich.segment import Segment
    from rich.style import Style as RichStyle
    from textual.color import Color
    from textual.css.styles import Styles
    from textual.geometry import Size, Spacing

    styles = Styles()
    for edge, value in BORDERS[borders].items():
        setattr(styles, f"border_{edge}", value)
    styles.padding = padding
    size = Size(14, height)
    gutter = styles.gutter
    content = Size(max(0, size.width - gutter.width), max(0, height - gutter.height))

    def line(y: int) -> Strip:
        text = f"row {y} " * 3
        return Strip([Segment(text, RichStyle(color="red", bold=y % 2 == 0))]).crop(
            0, content.width
        )

    def render(cache: StylesCache) -> list[tuple[int, list[Any]]]:
        return drawn(
            cache.render(
                styles,
                size,
                Color(10, 20, 30),
                Color(40, 50, 60, 0.5),
                line,
                [],
                None,
                None,
                content_size=content,
                padding=Spacing(*padding),
            )
        )

    assert render(RowStylesCache()) == render(StylesCache())
