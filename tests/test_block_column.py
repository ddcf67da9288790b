"""The overview's paragraphs are one `BlockColumn`, drawn as lines, not a `Static` each:
what it draws is what the column of `Static`s drew, cell for cell and colour for colour,
at three sizes, in a dark, a light and an ANSI theme, at the top, paged down and at the
end, focused and not; the mouse selects its text as it selected the paragraphs'; and a
large briefing's overview is one widget, not hundreds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Static

from benchmarks.synthetic import generate_bytes
from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.format.load import load_bytes
from briefing.screens.main import MainScreen
from briefing.screens.overview import OverviewScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.cells import bounded_content
from briefing.widgets.key_bar import KeyBar
from briefing.widgets.prose import spacing
from briefing.widgets.reading import ReadingPane
from tests.conftest import FIXED_NOW
from tests.helpers import screen_text, wait_until


class StaticsOverview(OverviewScreen):
    """The overview as it was drawn before `BlockColumn`: a `Static` for each block."""

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        blocks = self.blocks()
        with ReadingPane(id="detail-body") as body:
            body.expect(len(blocks))
            for content, classes in blocks:
                yield Static(bounded_content(content), classes=classes)
        yield KeyBar()


STEPS: list[list[str]] = [[], ["pagedown"], ["pagedown", "pagedown", "j"], ["G"], ["tab"]]
"""Keys pressed in turn on each overview before the screen is compared: the top, a page
down, two and a line, the end, and the focus moved off the pane (no tint)."""


async def screens_of(app: BriefingApp, pilot: Any, screen: OverviewScreen) -> Iterator[str]:
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.is_mounted, "the overview")
    await pilot.pause()
    shots = []
    for keys in STEPS:
        await pilot.press(*keys)
        await pilot.pause()
        shots.append(screen_text(app, styles=True))
    screen.dismiss(None)
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
    return iter(shots)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (50, 16)])
async def test_the_column_draws_what_the_statics_drew(size: tuple[int, int], theme: str) -> None:
    session = Session(
        load_path(paths.bundled_briefing()), Origin("bundled", "bundled"), clock=lambda: FIXED_NOW
    )
    app = BriefingApp(session, theme=theme)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert app.theme == theme
        ours = await screens_of(app, pilot, OverviewScreen(session))
        theirs = await screens_of(app, pilot, StaticsOverview(session))
        for step, (mine, statics) in enumerate(zip(ours, theirs, strict=True)):
            assert mine.splitlines() == statics.splitlines(), f"after {STEPS[step]}"


def test_spacing_is_what_the_css_gives_each_kind_of_block() -> None:
    """The overview's classes, as `#detail-body > .x` rules in app.tcss space them (the
    comparison above checks them drawn; this names each)."""
    assert spacing("title") == (0, 0)
    assert spacing("summary") == (1, 0)
    assert spacing("heading documents") == (1, 0)
    assert spacing("heading stands") == (1, 0)
    assert spacing("documents") == (0, 0)
    assert spacing("stands") == (1, 0)
    assert spacing("stands indent") == (0, 2)
    assert spacing("events") == (1, 0)
    assert spacing("events indent") == (0, 2)
    assert spacing("deadlines indent") == (0, 2)
    assert spacing("people indent") == (0, 2)
    assert spacing("sources indent") == (0, 2)
    assert spacing("x indent2") == (0, 4)


async def test_the_mouse_selects_text_across_blocks_and_copies_it() -> None:
    """A drag from inside one block to inside a later one selects the text between, as it
    read in the paragraphs; the selected cells take the selection's style."""
    session = Session(
        load_path(paths.bundled_briefing()), Origin("bundled", "bundled"), clock=lambda: FIXED_NOW
    )
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
        await pilot.pause()
        column = app.screen.query_one(BlockColumn)
        title = column.blocks[0][0].plain
        summary = column.blocks[1][0].plain
        # The title is on the column's line 0, the summary from line 2 (a blank between);
        # the pane's padding puts the column two cells in.
        x0, y0 = column.region.x, column.region.y
        await pilot.mouse_down(offset=Offset(x0 + 3, y0))
        await pilot.hover(offset=Offset(x0 + 10, y0 + 3))
        await pilot.mouse_up(offset=Offset(x0 + 10, y0 + 3))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected is not None
        first_line = summary[: summary.index("\n")] if "\n" in summary else summary
        assert selected.startswith(title[3:] + "\n")
        assert summary[:20] in selected
        assert (selected, "\n") == column.get_selection(app.screen.selections[column])
        # The selected cells are drawn in the selection's style; the first three are not.
        style = app.screen.get_component_rich_style("screen--selection")
        strip = column.render_line(0)
        cells = [(text, seg_style) for text, seg_style, _ in strip]
        assert style.bgcolor is not None
        assert cells[0][1] is None or cells[0][1].bgcolor != style.bgcolor
        assert any(s is not None and s.bgcolor == style.bgcolor for _t, s in cells)
        assert first_line  # the summary has text to select


def test_a_selection_in_a_later_block_counts_in_that_blocks_lines() -> None:
    """`get_selection` reads the column's text, each block's lines after the last's."""
    column = BlockColumn(
        [(bounded_content(_content("one\ntwo")), "summary"), (_content("three"), "events")]
    )
    selection = Selection(Offset(1, 1), Offset(3, 2))
    assert column.get_selection(selection) == ("wo\nthr", "\n")


def _content(text: str) -> Any:
    from textual.content import Content

    return Content(text)


async def test_a_large_overview_is_one_widget_and_goes_to_an_item() -> None:
    """At 1,000 clauses / 300 events / 200 sources the overview holds no `Static` per block
    (it held ~640), and `go_to` still puts a source's block at the top of the page."""
    doc = load_bytes(generate_bytes(1000, 2000), "synthetic")
    session = Session(doc, Origin("file", "big.json"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        column = screen.query_one(BlockColumn)
        assert len(column.blocks) > 300
        assert not list(screen.query("#detail-body Static"))
        source = next(key for key in screen.anchors if key.startswith("source:"))
        screen.go_to(source)
        body = screen.query_one("#detail-body")
        number = screen.anchors[source]
        await wait_until(
            pilot, lambda: round(body.scroll_y) == column.block_top(number), "the source on top"
        )
        head = column.blocks[number][0].plain
        assert screen_text(app).splitlines()[1].strip().startswith(head[:30])
