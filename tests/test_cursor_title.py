"""The highlighted clause's whole title on the main screen (issue 15): at 80×24 a title
cut to fit its row is shown in full on the highlighted row, wrapped on up to three lines;
the rows below move down, and keys, clicks and scrolling still land on the right clause."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.format.model import Briefing, Clause
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import CURSOR_LINES, ClauseList
from tests.helpers import screen_text, settle, wait_until

NOW = datetime(2025, 11, 24, 12, tzinfo=UTC)
LONG = (
    "A title far longer than any row could hold, about the exchange of prisoners, the "
    "return of deported children and the reunification of families separated by the war, "
    "told here in many more words than three lines of the list can take at this width"
)


def app_on(doc: Briefing) -> BriefingApp:
    return BriefingApp(Session(doc, Origin("bundled", "bundled"), clock=lambda: NOW))


def bundled() -> Briefing:
    return load_path(paths.bundled_briefing())


def list_lines(app: BriefingApp, clauses: ClauseList) -> list[str]:
    """The clause list's lines on screen, as text (the widget's own columns only)."""
    region = clauses.scrollable_content_region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width].rstrip() for line in lines]


def row_of(lines: list[str], words: str) -> int:
    return next(i for i, line in enumerate(lines) if words in line)


def row(clauses: ClauseList, index: int) -> Clause:
    clause = clauses.rows[index]
    assert clause is not None
    return clause


def index_of(clauses: ClauseList, clause_id: str) -> int:
    return next(i for i, c in enumerate(clauses.rows) if c is not None and c.id == clause_id)


def lines_drawn(monkeypatch, clauses: ClauseList) -> list[int]:
    """The list's lines (`render_line`'s y) drawn from now on, in order."""
    drawn: list[int] = []
    render_line = clauses.render_line

    def counted(y: int):
        drawn.append(y)
        return render_line(y)

    monkeypatch.setattr(clauses, "render_line", counted)
    return drawn


async def move_to(pilot, clauses: ClauseList, index: int) -> None:
    while clauses.cursor < index:
        await pilot.press("j")
    while clauses.cursor > index:
        await pilot.press("k")
    await pilot.pause()


async def test_the_highlighted_clause_shows_its_whole_title_and_the_next_rows_move_down():
    app = app_on(bundled())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        index = index_of(clauses, "donbas-withdrawal")
        title = row(clauses, index).title
        before = list_lines(app, clauses)
        first = row_of(before, "Ukrainian pull-out")
        assert title not in " ".join(before)  # cut while not highlighted…
        assert "…" in before[first]

        await move_to(pilot, clauses, index)
        after = list_lines(app, clauses)
        first = row_of(after, "Ukrainian pull-out")
        taken = clauses.item_lines(index)[1]
        assert 1 < taken <= CURSOR_LINES
        # …and whole once highlighted: its words read on, line after line, with no … .
        words = after[first].split()
        start = words.index("Ukrainian")
        read = words[start:-1]  # the row's last word is the status
        for line in after[first + 1 : first + taken]:
            read += line.split()
        assert " ".join(read) == title
        assert "…" not in "".join(after[first : first + taken])
        # The row's status stays on its first line; the next clause follows the title.
        assert after[first].split()[-1] == before[row_of(before, "Ukrainian pull-out")].split()[-1]
        following = row(clauses, index + 1).title.split()[0]
        assert following in after[first + taken]

        # Moving on: the previous clause is one cut line again, the new one grows.
        await pilot.press("j")
        await pilot.pause()
        again = list_lines(app, clauses)
        assert title not in " ".join(again)
        assert following in again[row_of(again, "Ukrainian pull-out") + 1]


async def test_a_click_below_a_grown_row_and_page_keys_land_on_the_clause_shown():
    app = app_on(bundled())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        index = index_of(clauses, "donbas-withdrawal")
        await move_to(pilot, clauses, index)
        lines = list_lines(app, clauses)
        target = row(clauses, index + 2)
        y = row_of(lines, target.title.split()[0] + " " + target.title.split()[1])
        inset = clauses.scrollable_content_region.y - clauses.region.y  # the border
        await pilot.click(ClauseList, offset=(10, inset + y))
        await wait_until(pilot, lambda: clauses.cursor == index + 2, "the clicked clause")
        # A click on the continuation of a grown row picks that row.
        await move_to(pilot, clauses, index)
        first = row_of(list_lines(app, clauses), "Ukrainian pull-out")
        await pilot.click(ClauseList, offset=(10, inset + first + 1))
        await pilot.pause()
        assert clauses.cursor == index
        # End: the last clause and every line of its title are on screen.
        await pilot.press("end")
        await pilot.pause()
        last = row(clauses, clauses.count - 1)
        shown = " ".join(" ".join(list_lines(app, clauses)).split())
        assert last.title in shown
        # PgUp and PgDn keep the cursor's whole row in view.
        await pilot.press("pageup")
        await pilot.pause()
        start, taken = clauses.item_lines(clauses.cursor)
        top = clauses.scroll_offset.y
        height = clauses.scrollable_content_region.height - clauses.header_lines
        assert top <= start and start + taken <= top + height


async def test_a_title_longer_than_three_lines_ends_in_an_ellipsis():
    doc = bundled()
    clauses_in = list(doc.clauses)
    clauses_in[1] = msgspec.structs.replace(clauses_in[1], title=LONG)
    app = app_on(msgspec.structs.replace(doc, clauses=clauses_in))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        index = next(i for i, c in enumerate(clauses.rows) if c is not None and c.title == LONG)
        await move_to(pilot, clauses, index)
        assert clauses.item_lines(index)[1] == CURSOR_LINES
        lines = list_lines(app, clauses)
        first = row_of(lines, "A title far")
        shown = [line.strip() for line in lines[first : first + CURSOR_LINES]]
        assert shown[-1].endswith("…"), shown
        assert "at this width" not in " ".join(shown)
        # Nothing lost: the clause page still gives the whole title.
        await pilot.press("enter")
        await wait_until(pilot, lambda: "at this width" in " ".join(screen_text(app).split()))


async def test_a_narrow_terminal_still_gives_the_highlighted_title_whole():
    app = app_on(bundled())
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        index = index_of(clauses, "sanctions-relief")
        await move_to(pilot, clauses, index)
        shown = " ".join(" ".join(list_lines(app, clauses)).split())
        assert row(clauses, index).title in shown


async def test_a_move_draws_again_only_the_rows_it_changes(monkeypatch):
    """j between rows of one line draws those two lines; between grown rows of the same
    height, the lines of the two rows; a row that grows or shrinks moves the rows below."""
    app = app_on(bundled())
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        drawn = lines_drawn(monkeypatch, clauses)
        await pilot.press("j")  # wide: every title on one line
        await pilot.pause()
        assert clauses._extra() == 0
        assert sorted(drawn) == [0, 1]
        monkeypatch.undo()
    app = app_on(bundled())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        # Two neighbours whose titles take the same number of lines when highlighted.
        heights = []
        for index in range(1, clauses.count):
            await move_to(pilot, clauses, index)
            heights.append(clauses.item_lines(index)[1])
        pair = next(i for i in range(1, len(heights)) if heights[i] == heights[i - 1] > 1)
        await move_to(pilot, clauses, pair)  # heights[pair - 1] is the row at index pair
        drawn = lines_drawn(monkeypatch, clauses)
        top = clauses.scroll_offset.y
        await pilot.press("j")
        await pilot.pause()
        assert clauses.scroll_offset.y == top  # no scroll: only the rows' own lines
        extra = heights[pair - 1] - 1
        assert sorted(drawn) == list(range(pair - top, pair - top + extra + 2))
