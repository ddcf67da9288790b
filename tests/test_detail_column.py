"""A clause page's paragraphs are one `BlockColumn`, drawn as lines, not a `Static` each:
what it draws is what the column of `Static`s drew, cell for cell and style for style —
headings, indents, wordings and their diffs, positions and their history, the analyst's
note, what changed, each quote in its frame, and the quote a page was opened at in the
accent's frame on a lighter ground — at three sizes, in a dark, a light and an ANSI theme,
at the top, paged down, at the end and with the focus off the pane. A page opened at a
quote shows it at the top of the pane; stepping to the next clause and back, and a note
written meanwhile, keep one column."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from textual.widgets import Static

from benchmarks.synthetic import generate_bytes
from briefing.disk.notebook import clause_key
from briefing.feed.origin import Origin
from briefing.format.load import load_bytes
from briefing.format.model import Quote
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.main import MainScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.cells import bounded_content
from briefing.widgets.prose import frame, spacing
from briefing.widgets.reading import ReadingPane
from tests.conftest import FIXED_NOW
from tests.helpers import STATICS_CSS, column_blocks, screen_text, settle, wait_until
from tests.test_block_column import STEPS, shots_of_steps
from tests.test_changes_readable import fed_app


class StaticsDetail(ClauseDetailScreen):
    """A clause page as it was drawn before `BlockColumn`: a `Static` for each block, with
    the rules app.tcss had for them (`STATICS_CSS`)."""

    DEFAULT_CSS = STATICS_CSS

    async def show_clause(self, *, keep_scroll: bool = False) -> None:
        self.show_header(self.clause.label)
        body = self.query_one("#detail-body", ReadingPane)
        await body.remove_children()
        blocks = self.blocks()
        body.expect(len(blocks))
        await body.mount_all(
            Static(bounded_content(content), classes=classes) for content, classes in blocks
        )
        body.scroll_home(animate=False)
        targets = body.query(".target")
        if targets:
            target = targets.first()

            def scroll() -> None:  # once laid out (right after mounting, so only at times)
                if not target.size.width:
                    self.call_after_refresh(scroll)
                    return
                body.scroll_to_widget(target, animate=False, top=True)

            self.call_after_refresh(scroll)
        body.focus()


def synthetic_session() -> Session:
    """A session on clauses with several quotes, two or three wordings (diffed against
    the base) and positions with a history."""
    doc = load_bytes(generate_bytes(50, 300), "synthetic")
    return Session(doc, Origin("file", "synthetic.json"), clock=lambda: FIXED_NOW)


def at_second_quote(session: Session) -> tuple[ClauseDetailScreen, Quote]:
    """c3's page opened at its second quote (far enough from the end for the pane to
    scroll it to the top), and the quote."""
    said = session.index.quotes_on("c3")[1]
    return ClauseDetailScreen(session, session.view.clauses, "c3", said.id), said


def target_of(column: BlockColumn) -> int:
    """The number of the block of the quote the page was opened at."""
    return next(n for n, (_c, names) in enumerate(column.blocks) if frame(names) == "target")


PAGES: list[tuple[str, str | None]] = [("c3", "3rd"), ("c6", None), ("c7", None)]
"""The pages compared: c3 opened at its third quote (the target), c6 (a party's earlier
stance in its history, and the analyst's note), c7 (three wordings)."""


def quote_of(session: Session, clause_id: str, which: str | None) -> str | None:
    if which is None:
        return None
    return session.index.quotes_on(clause_id)[int(which[0]) - 1].id


async def main_screen(app: BriefingApp, pilot: Any) -> None:
    """The main screen, and the notes read (they come in a worker as the app starts, and
    write an open page again: here, before any page is opened)."""
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
    await wait_until(pilot, lambda: app.session.notebook is not None, "the notes read")


async def open_page(app: BriefingApp, pilot: Any, screen: ClauseDetailScreen) -> ClauseDetailScreen:
    app.clear_notifications()
    app.push_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.is_mounted, "the page")
    await settle(app, pilot)
    return screen


class QuotePage(NamedTuple):
    screen: ClauseDetailScreen
    said: Quote
    body: ReadingPane
    column: BlockColumn
    number: int
    """The block of the quote the page was opened at (`target_of`)."""


async def open_quote_page(app: BriefingApp, pilot: Any, session: Session) -> QuotePage:
    """The main screen, then c3's page opened at its second quote (`at_second_quote`)."""
    await main_screen(app, pilot)
    screen, said = at_second_quote(session)
    await open_page(app, pilot, screen)
    column = screen.query_one(BlockColumn)
    body = screen.query_one("#detail-body", ReadingPane)
    return QuotePage(screen, said, body, column, target_of(column))


async def pages_of(
    app: BriefingApp, pilot: Any, screen: ClauseDetailScreen
) -> tuple[list[Any], list[str]]:
    """The screen after each of `STEPS`, and the classes of the page's blocks (ours)."""
    await open_page(app, pilot, screen)
    if screen.quote_id is not None:  # scrolled to it once laid out: its margin on top
        body = screen.query_one("#detail-body", ReadingPane)

        def at_quote() -> bool:
            if isinstance(screen, StaticsDetail):
                top = screen.query_one(".target").virtual_region_with_margin.y
            else:
                column = screen.query_one(BlockColumn)
                top = column.block_top(target_of(column), margin=True)
            return top > 0 and round(body.scroll_y) == min(top, round(body.max_scroll_y))

        await wait_until(pilot, at_quote, "the page at its quote")
        await pilot.pause()
    columns = screen.query(BlockColumn)
    names = [names for _c, names in columns.first().blocks] if columns else []
    if not isinstance(screen, StaticsDetail):
        assert len(columns) == 1 and not screen.query(Static)
    shots = await shots_of_steps(app, pilot, screen)
    screen.dismiss(None)
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
    return shots, names


def compare(ours: list[Any], theirs: list[Any], page: str) -> None:
    for step, (mine, statics) in enumerate(zip(ours, theirs, strict=True)):
        for number, (row, their_row) in enumerate(zip(mine, statics, strict=True)):
            assert row == their_row, f"{page}, after {STEPS[step]}, row {number}"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 18)])  # 60x18: the least
async def test_the_page_draws_what_the_statics_drew(size: tuple[int, int], theme: str) -> None:
    session = synthetic_session()
    session.keep_unsaved(session.doc.id, clause_key("c6"), "Watch the second wording.\nAsk.")
    app = BriefingApp(session, theme=theme)
    async with app.run_test(size=size) as pilot:
        await main_screen(app, pilot)
        clauses = session.view.clauses
        for clause_id, which in PAGES:
            quote = quote_of(session, clause_id, which)
            made = [
                kind(session, clauses, clause_id, quote)
                for kind in (ClauseDetailScreen, StaticsDetail)
            ]
            ours, classes = await pages_of(app, pilot, made[0])
            theirs, _none = await pages_of(app, pilot, made[1])
            compare(ours, theirs, clause_id)
            names = set(classes)
            assert {"quote", "heading quotes", "wording version-head", "wording indent"} <= names
            if quote is not None:
                assert "quote target" in names
            if clause_id == "c6":
                assert {"heading note", "note indent", "positions indent2"} <= names


async def test_the_page_opened_at_a_quote_shows_it_first() -> None:
    """The quote a page was opened at (from the quotes pane or a search hit) is at the top
    of the pane, in its frame, below the blank line above it; a page written again keeps
    it there, unless the analyst has scrolled since."""
    session = synthetic_session()
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, said, body, column, number = await open_quote_page(app, pilot, session)
        assert column.blocks[number][0].plain.startswith(f"“{said.text[:20]}")
        await wait_until(
            pilot,
            lambda: round(body.scroll_y) == column.block_top(number) - 1,  # as laid out now
            "the quote on top",
        )
        top = column.block_top(number)
        assert body.scroll_y > 0
        # The blank line above it first, as Textual scrolled to its `Static` (with margin).
        above, first = screen_text(app).splitlines()[body.region.y : body.region.y + 2]
        assert not above.strip()
        assert first.strip().startswith("▌ “" + said.text[:10])

        # Written again (a note elsewhere, a new copy of the feed): the quote stays on top.
        await screen.refresh_note()
        await wait_until(pilot, lambda: round(body.scroll_y) == top - 1, "the quote kept")
        await pilot.pause()
        assert screen_text(app).splitlines()[body.region.y + 1] == first
        # Scrolled away by the analyst, then written again: the analyst's scroll stands.
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: round(body.scroll_y) == top + 1, "two lines down")
        await screen.refresh_note()
        await pilot.pause()
        await pilot.pause()
        assert round(body.scroll_y) == top + 1


async def test_stepping_and_a_note_keep_one_column() -> None:
    """`]` and `[` step to the next clause and back, and a note written on the page shows
    at once: each time the pane holds one column, with the page's blocks."""
    session = synthetic_session()
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await main_screen(app, pilot)
        screen = ClauseDetailScreen(session, session.view.clauses, "c0")
        await open_page(app, pilot, screen)
        for key, clause_id in (("right_square_bracket", "c1"), ("left_square_bracket", "c0")):
            await pilot.press(key)
            await wait_until(pilot, lambda: column_blocks(app, "title") != [], "the page")
            await wait_until(pilot, lambda c=clause_id: screen.clause.id == c)  # type: ignore[misc]
            await pilot.pause()
            assert len(screen.query(BlockColumn)) == 1
            title = session.index.clauses[clause_id].label
            assert column_blocks(app, "title")[0].startswith(title[:30])
        session.keep_unsaved(session.doc.id, clause_key("c0"), "A note written now.")
        await wait_until(
            pilot, lambda: "A note written now." in column_blocks(app, "note"), "the note shown"
        )
        assert len(screen.query(BlockColumn)) == 1


async def test_what_changed_draws_as_the_statics_drew(server: Any) -> None:
    """The "What changed" section (a fed refresh re-worded army-cap and moved the United
    Kingdom's stance): its heading, each change's card spaced and indented as before."""
    app = await fed_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert app.session.doc.updated == "2025-11-25T08:00:00+00:00"  # the new copy came
        clauses = app.session.view.clauses
        ours = ClauseDetailScreen(app.session, clauses, "army-cap")
        mine, classes = await pages_of(app, pilot, ours)
        # Seen by now: the reference is told they were new when its page opened, as ours was.
        theirs = StaticsDetail(app.session, clauses, "army-cap", fresh=ours.fresh)
        compare(mine, (await pages_of(app, pilot, theirs))[0], "army-cap")
        changes = [names for names in classes if "changes" in names]
        assert changes == ["heading changes", "changes change indent", "changes change indent"]


SPACING = {
    "title": ((0, 0), None),
    "heading note": ((1, 0), None),
    "note indent": ((1, 2), None),
    "heading changes": ((1, 0), None),
    "changes change indent": ((1, 2), None),
    "changes indent": ((0, 2), None),
    "wording": ((0, 0), None),
    "wording version-head": ((1, 0), None),
    "wording indent": ((0, 2), None),
    "wording legend": ((1, 0), None),
    "positions": ((0, 0), None),
    "positions stand-head": ((1, 0), None),
    "positions indent": ((0, 2), None),
    "positions indent2": ((0, 4), None),
    "quote": ((1, 0), "quote"),
    "quote target": ((1, 0), "target"),
    "sources": ((0, 0), None),
}
"""Each kind of block a clause page has: ((blank lines above, cells of indent), frame)."""


def test_spacing_and_frame_are_what_the_css_gave_each_kind_of_block() -> None:
    """The page's classes, spaced and framed as `STATICS_CSS` spaced and framed their
    `Static`s: the comparisons above check them drawn; this names each."""
    assert {c: (spacing(c), frame(c)) for c in SPACING} == SPACING


async def test_a_page_written_again_before_it_settled_still_shows_its_quote() -> None:
    """The notes read as the app starts (or a new copy of the feed) write an open page
    again: when that comes before the page has settled (its first layout is without the
    scrollbar, and the quote's place moves in the next), its quote is still brought to
    the top (the scroll kept was that of the first layout: a quote above it on top)."""
    session = synthetic_session()
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await main_screen(app, pilot)
        screen, said = at_second_quote(session)
        await app.push_screen(screen)
        column = screen.query_one(BlockColumn)
        assert column.showing_first  # the quote still to be kept on top (nothing scrolled)
        await screen.refresh_note()
        body = screen.query_one("#detail-body", ReadingPane)
        column = screen.query_one(BlockColumn)
        number = target_of(column)
        await wait_until(
            pilot,
            lambda: column.size.width > 0 and round(body.scroll_y) == column.block_top(number) - 1,
            "the quote on top",
        )
        await pilot.pause()
        first = screen_text(app).splitlines()[body.region.y + 1]
        assert first.strip().startswith("▌ “" + said.text[:10])


async def test_a_resize_keeps_the_quote_on_top_until_the_analyst_scrolls() -> None:
    """A wider terminal wraps the page anew (the quote moves up the column): it is brought
    to the top again; once the analyst has scrolled, a resize leaves the scroll alone."""
    session = synthetic_session()
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, _said, body, column, number = await open_quote_page(app, pilot, session)

        def on_top() -> bool:
            return round(body.scroll_y) == column.block_top(number, margin=True)

        await wait_until(pilot, on_top, "the quote on top")
        narrow = column.block_top(number)
        await pilot.resize_terminal(120, 30)
        await wait_until(pilot, lambda: column.block_top(number) < narrow, "wrapped anew")
        await wait_until(pilot, on_top, "the quote on top again")
        await pilot.press("j")
        moved = column.block_top(number, margin=True) + 1
        await wait_until(pilot, lambda: round(body.scroll_y) == moved, "a line down")
        wide = column.size.width
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: 0 < column.size.width < wide, "laid out narrower")
        await pilot.pause()
        assert round(body.scroll_y) == moved  # the analyst's scroll stands
