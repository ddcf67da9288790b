"""The overview's paragraphs are one `BlockColumn`, drawn as lines, not a `Static` each:
what it draws is what the column of `Static`s drew, cell for cell and style for style, at
three sizes (the least the app takes among them), in a dark, a light and an ANSI theme, at
the top, paged down, at the end and with the focus off the pane, on the bundled briefing
and on one with tabs and line breaks in its text, and after a theme changed while it is
open; the mouse selects its text as it selected the paragraphs'; a large briefing's
overview is one widget, not hundreds; its anchors are the view's after a rewrite."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import pytest
from rich.style import Style as RichStyle
from textual.app import ComposeResult
from textual.content import Content
from textual.events import MouseDown, MouseUp
from textual.geometry import Offset
from textual.pilot import _get_mouse_message_arguments
from textual.screen import Screen
from textual.selection import Selection
from textual.widgets import Static

from benchmarks.synthetic import generate_bytes
from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
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
from tests.helpers import STATICS_CSS, screen_text, wait_until


class StaticsOverview(OverviewScreen):
    """The overview as it was drawn before `BlockColumn`: a `Static` for each block, with
    the rules app.tcss had for the paragraphs (`STATICS_CSS`) and the overview's own."""

    DEFAULT_CSS = (
        STATICS_CSS
        + """
    #detail-body > .summary { margin: 1 0 0 0; }
    #detail-body > .stands, #detail-body > .events { margin: 1 0 0 0; }
    #detail-body > .stands.indent, #detail-body > .events.indent { margin: 0; }
    """
    )

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        blocks = self.blocks()
        with ReadingPane(id="detail-body") as body:
            body.expect(len(blocks))
            for content, classes in blocks:
                yield Static(bounded_content(content), classes=classes)
        yield KeyBar()


BLUR = "blur"
STEPS: list[list[str]] = [[], ["pagedown"], ["pagedown", "pagedown", "j"], ["G"], [BLUR]]
"""Keys pressed in turn on each overview before the screen is compared: the top, a page
down, two and a line, the end, and the focus taken off the pane."""


def odd_text_doc() -> Briefing:
    """The bundled briefing with a tab and line breaks in the summary, an event's summary
    and a source's title: blocks of several lines of text, and one whose tab takes cells
    its length does not count."""
    raw = json.loads(paths.bundled_briefing().read_bytes())
    raw["summary"] = "Tab\there.\n" + raw["summary"] + "\n\nAfter a blank line."
    raw["events"][0]["summary"] = "One\ttwo\tthree\tfour\tfive\tsix\tseven\teight\tnine"
    raw["sources"][0]["title"] = "A title\nin two lines"
    return load_bytes(json.dumps(raw).encode(), "odd")


DOCS = {"bundled": lambda: load_path(paths.bundled_briefing()), "odd text": odd_text_doc}


async def open_overview(app: BriefingApp, pilot: Any, screen: OverviewScreen) -> None:
    app.clear_notifications()
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.is_mounted, "the overview")
    await pilot.pause()


async def close(app: BriefingApp, pilot: Any) -> None:
    app.screen.dismiss(None)
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")


Cell = tuple[str, RichStyle | None]


def drawn_cells(app: BriefingApp) -> list[list[Cell]]:
    """The screen as the compositor draws it, cell by cell: each character and its style
    (colours, attributes), without the offsets a selection reads (meta, not drawn)."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        row: list[Cell] = []
        for text, style, _control in strip:
            plain = style.clear_meta_and_links() if style is not None else None
            row += [(char, plain) for char in text]
        rows.append(row)
    return rows


async def screens_of(
    app: BriefingApp, pilot: Any, screen: OverviewScreen
) -> list[list[list[Cell]]]:
    await open_overview(app, pilot, screen)
    shots = await shots_of_steps(app, pilot, screen)
    await close(app, pilot)
    return shots


async def shots_of_steps(
    app: BriefingApp, pilot: Any, screen: Screen[Any]
) -> list[list[list[Cell]]]:
    """The screen drawn after each of `STEPS` in turn, on `screen` (open)."""
    shots = []
    for keys in STEPS:
        if keys == [BLUR]:
            screen.set_focus(None)
            await pilot.pause()
            assert screen.focused is None
        else:
            await pilot.press(*keys)
        await pilot.pause()
        shots.append(drawn_cells(app))
    return shots


@pytest.mark.parametrize("doc", list(DOCS))
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 18)])  # 60x18: the least
async def test_the_column_draws_what_the_statics_drew(
    size: tuple[int, int], theme: str, doc: str
) -> None:
    session = Session(DOCS[doc](), Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme=theme)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert app.theme == theme
        ours = await screens_of(app, pilot, OverviewScreen(session))
        theirs = await screens_of(app, pilot, StaticsOverview(session))
        for step, (mine, statics) in enumerate(zip(ours, theirs, strict=True)):
            for number, (row, their_row) in enumerate(zip(mine, statics, strict=True)):
                assert row == their_row, f"after {STEPS[step]}, row {number}"
        assert all(a != b for a, b in pairwise(ours[: STEPS.index([BLUR])]))  # each moved


async def test_a_new_theme_while_open_draws_what_the_statics_draw_in_it() -> None:
    """The column keeps its lines' styles by name and lays out only for a new width: a
    theme changed while the overview is open draws it as a column of `Static`s opened in
    that theme."""
    session = Session(odd_text_doc(), Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await open_overview(app, pilot, OverviewScreen(session))
        dark = drawn_cells(app)
        app.theme = "textual-light"
        await pilot.pause()
        ours = drawn_cells(app)
        await close(app, pilot)
        await open_overview(app, pilot, StaticsOverview(session))
        assert ours == drawn_cells(app) != dark


SPACING = {
    "title": (0, 0),
    "summary": (1, 0),
    "heading documents": (1, 0),
    "heading stands": (1, 0),
    "documents": (0, 0),
    "stands": (1, 0),
    "stands indent": (0, 2),
    "events": (1, 0),
    "events indent": (0, 2),
    "deadlines indent": (0, 2),
    "people indent": (0, 2),
    "sources indent": (0, 2),
    "x indent2": (0, 4),
}
"""Each kind of block the overview has: (blank lines above, cells of indent)."""


def test_spacing_is_what_the_css_gives_each_kind_of_block() -> None:
    """The overview's classes, spaced as the CSS spaced their `Static`s (app.tcss's
    `.heading` and `.indent` rules, and the three `StaticsOverview` keeps): the comparison
    above checks them drawn; this names each."""
    assert {classes: spacing(classes) for classes in SPACING} == SPACING


Spot = tuple[int, int]
"""A cell of the pane's text: (column from its left edge, line of the whole column)."""


def drags(column: BlockColumn) -> dict[str, tuple[Spot, Spot]]:
    """Drags over the overview, from one cell to another, named by where they go."""
    top = column.block_top
    summary = 1
    heading = next(n for n, (_c, names) in enumerate(column.blocks) if "heading" in names)
    indented = next(n for n, (_c, names) in enumerate(column.blocks) if "indent" in names)
    return {
        "within a paragraph": ((5, top(summary) + 1), (30, top(summary) + 3)),
        "the title into the summary's second line": ((3, 0), (10, top(summary) + 1)),
        "a paragraph down to a blank line": ((5, top(summary) + 1), (20, top(heading) - 1)),
        "a blank line into a paragraph": ((8, top(heading) - 1), (6, top(heading) + 1)),
        "an indent's cell into a later paragraph": ((0, top(indented)), (30, top(indented + 1))),
    }


CROSSING = {
    "the title into the summary's second line",
    "a paragraph down to a blank line",
    "a blank line into a paragraph",
    "an indent's cell into a later paragraph",
}
"""The drags that end in another paragraph than they began in."""


async def at_screen(pilot: Any, body: Any, spots: list[Spot]) -> list[Offset]:
    """The pane scrolled to show `spots` (the first on its second line), and where they
    are on the screen."""
    top = min(max(0, min(line for _x, line in spots) - 1), round(body.max_scroll_y))
    # Now, not after the next refresh (Textual's default, which one pause did not always
    # cover on CI's loaded run: the drag then fell on the lines scrolled from), and drawn.
    body.scroll_to(y=top, animate=False, immediate=True)
    await wait_until(pilot, lambda: round(body.scroll_y) == top, "the pane scrolled")
    await pilot.pause()
    x0, y0 = body.region.x + 2, body.region.y
    assert all(0 <= line - top < body.scrollable_content_region.height for _x, line in spots)
    return [Offset(x0 + x, y0 + line - top) for x, line in spots]


async def double_click(app: BriefingApp, pilot: Any, at: Offset) -> None:
    """Two clicks at `at` as a terminal sends them (mouse down and up, twice), which the
    app makes into clicks of a chain: `pilot.click(times=2)` posts its own `Click`s, and
    the screen then selects everything (the Statics' overview too). The test lifts the
    chain's time limit: it waits on the app, not on the clock."""
    arguments = _get_mouse_message_arguments(app.screen, (at.x, at.y), button=1)
    for event in (MouseDown, MouseUp, MouseDown, MouseUp):
        await app.on_event(event(**arguments))
        await pilot.pause()


async def test_the_mouse_selects_what_it_selected_in_the_statics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Drags within a paragraph, from one into another, into and out of a blank line
    between two and from an indent select the text they selected when the paragraphs were
    `Static`s, but for one thing: Textual takes in the character under the pointer when a
    drag ends in the widget it began in (within a paragraph then; anywhere in the column
    now), not when it ends in another. A double
    click selects the paragraph under it (Textual's own `_on_click` would select the whole
    column), and the selected cells take the selection's style."""
    monkeypatch.setattr(BriefingApp, "CLICK_CHAIN_TIME_THRESHOLD", 3600.0)
    session = Session(odd_text_doc(), Origin("bundled", "bundled"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session)
    found: dict[str, list[str | None]] = {}
    async with app.run_test(size=(80, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await open_overview(app, pilot, OverviewScreen(session))
        plan = drags(app.screen.query_one(BlockColumn))
        await close(app, pilot)
        for screen in (OverviewScreen(session), StaticsOverview(session)):
            await open_overview(app, pilot, screen)
            body = screen.query_one("#detail-body")
            for name, spots in plan.items():
                start, end = await at_screen(pilot, body, list(spots))
                await pilot.mouse_down(offset=start)
                await pilot.hover(offset=end)
                await pilot.mouse_up(offset=end)
                await pilot.pause()
                found.setdefault(name, []).append(app.screen.get_selected_text())
                app.screen.clear_selection()
            (spot,) = await at_screen(pilot, body, [plan["within a paragraph"][0]])
            if not isinstance(screen, StaticsOverview):
                column = screen.query_one(BlockColumn)
                await double_click(app, pilot, spot)
                assert app.screen.get_selected_text() == column.blocks[1][0].plain  # the summary
                app.screen.clear_selection()
                # Drawn selected:
                await pilot.mouse_down(offset=spot)
                await pilot.hover(offset=Offset(spot.x + 8, spot.y))
                await pilot.pause()
                selected = app.screen.get_component_rich_style("screen--selection").bgcolor
                line = round(body.scroll_y) + spot.y - body.region.y
                colours = [s.style.bgcolor if s.style else None for s in column.render_line(line)]
                assert selected is not None and selected in colours and colours[0] != selected
                await pilot.mouse_up(offset=Offset(spot.x + 8, spot.y))
                app.screen.clear_selection()
            await close(app, pilot)
    for name, (ours, theirs) in found.items():
        assert ours and theirs, name  # each selected some text
        assert ours == theirs or (ours[:-1] == theirs and name in CROSSING), name


def test_a_selection_in_a_later_block_counts_in_that_blocks_lines() -> None:
    """`get_selection` reads the column's text, each block's lines after the last's."""
    column = BlockColumn([(Content("one\ntwo"), "summary"), (Content("three"), "events")])
    selection = Selection(Offset(1, 1), Offset(3, 2))
    assert column.get_selection(selection) == ("wo\nthr", "\n")
    # Begun past the end of a line (or on a blank line, which points there): from the next.
    assert column.get_selection(Selection(Offset(3, 0), Offset(3, 2))) == ("two\nthr", "\n")
    assert column.get_selection(Selection(Offset(3, 2), None)) == ("ee", "\n")


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
        sources = [key for key in screen.anchors if key.startswith("source:")]
        source = sources[len(sources) // 2]  # far down the page
        number = screen.anchors[source]
        head = column.blocks[number][0].plain
        assert head[:30] not in screen_text(app)
        screen.go_to(source)

        def on_top() -> bool:
            return screen_text(app).splitlines()[1].strip().startswith(head[:30])

        await wait_until(pilot, on_top, "the source on the first line of the pane")


async def test_the_anchors_are_the_new_views_after_a_rewrite() -> None:
    """An as-of moment before the summary was written hides it: the overview is written
    again, and its anchors are the new blocks' (the summary's was kept before, pointing at
    the note that stands in for it)."""
    session = Session(
        load_path(paths.bundled_briefing()), Origin("bundled", "bundled"), clock=lambda: FIXED_NOW
    )
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert "summary" in screen.anchors
        session.set_as_of(datetime(2025, 11, 21, 12, tzinfo=UTC))
        await wait_until(pilot, lambda: "summary" not in screen.anchors, "the overview rewritten")
        fresh = OverviewScreen(session)
        fresh.blocks()
        assert screen.anchors == fresh.anchors
