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

VIEWS: dict[str, list[str]] = {
    "main": [],
    "main-clause": ["j", "j"],
    "search": ["slash", *"ukraine"],
    "matrix": ["m"],
    "timeline": ["t"],
}


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
        await pilot.press(*VIEWS[view])
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert compare_every_list(app) > 0
        await pilot.press("tab")  # the focus elsewhere: other border colours, cursor styles
        await pilot.pause()
        assert compare_every_list(app) > 0


async def test_a_tinted_or_faded_list_is_drawn_textuals_way() -> None:
    doc = load_path(paths.bundled_briefing())
    session = Session(doc, Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(LineList).first() is not None)
        widget = app.screen.query(LineList).first()
        for rule, value in (("tint", "red 40%"), ("opacity", 0.5), ("text_opacity", 0.5)):
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
