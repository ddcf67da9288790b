"""The analyst's screen at 80×24 (issue 15): clause titles get the width, every party's
stance stays visible, nothing is cut without a mark, and clauses the sources do not
number are named by title and addressed by their place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.screens.detail import ClauseDetailScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.positions_pane import PositionsPane
from tests.helpers import palette_search, screen_text, settle, wait_until

NOW = datetime(2025, 11, 24, 12, tzinfo=UTC)


def bundled_app() -> BriefingApp:
    doc = load_path(paths.bundled_briefing())
    return BriefingApp(Session(doc, Origin("bundled", "bundled"), clock=lambda: NOW))


def pane_lines(text: str) -> list[str]:
    """The right-hand column of the main screen (the positions and quotes panes)."""
    return [line[48:] for line in text.splitlines()[1:18]]


async def test_at_80x24_every_party_on_the_whole_text_is_a_line_and_the_cursor_card_reads_on():
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(PositionsPane)
        height = pane.scrollable_content_region.height
        shorts = [stand.party.short for stand in pane.stands]
        assert len(shorts) > 2
        text = screen_text(app)
        right = "\n".join(pane_lines(text))
        # The first card is in full (cut to leave room, and saying so); each other party
        # is one line: its short name and stance, as many as the pane's height holds.
        first = pane.stands[0]
        assert f"{first.party.short} " in right and "⏎ reads on" in right
        shown = [s for s in pane.stands[1:] if f"│{s.party.short} " in right]
        assert len(shown) == min(len(pane.stands) - 1, height - 3), right
        for stand in shown:
            assert stand.current.stance in right
        # Moving in the pane opens the next party's card and folds the first.
        pane.focus()
        await pilot.press("j")
        await settle(app, pilot)
        right = "\n".join(pane_lines(screen_text(app)))
        second = pane.stands[1]
        assert pane.item_lines(1)[1] > 1  # the cursor's card has its summary
        assert pane.item_lines(0)[1] == 1  # the first folded to its head
        assert f"│{second.party.short} " in right


async def test_clause_titles_get_the_width_and_no_dash_for_a_missing_number():
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        assert all(not clause.has_number for clause in clauses.clauses)
        text = screen_text(app)
        assert "— Russian control" not in text  # no "—" column for numbers nobody gave
        row = next(line for line in text.splitlines() if "Russian control" in line)
        title = row.split("│")[1].split("contested")[0].strip()
        assert len(title) >= 30 and title.endswith("…"), title  # cut, and marked


async def test_an_unnumbered_clause_is_named_by_title_and_reached_by_its_place():
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        third = app.screen.query_one(ClauseList).clauses[2]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "clause 3")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the page")
        screen = app.screen
        assert isinstance(screen, ClauseDetailScreen)
        assert screen.clause.id == third.id
        await settle(app, pilot)
        text = screen_text(app)
        assert "clause 3 of 14 (no number in the sources)" in text
        assert f"— {third.title}" not in text


async def test_an_empty_pane_wraps_its_message():
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "j", "j", "j")  # a clause no quote is about
        await settle(app, pilot)
        right = [line.strip("│ ") for line in pane_lines(screen_text(app))]
        at = right.index("No quote on this clause in")
        assert right[at + 1] == "the sources."


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_matrix_opened_on_a_party_shows_every_column_that_fits_and_names_the_codes(
    size: tuple[int, int],
):
    from textual.widgets import Static

    from briefing.screens.matrix import MatrixScreen
    from briefing.widgets.matrix import PositionsMatrix
    from tests.helpers import plain

    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "Party: Ukraine")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MatrixScreen), "the matrix")
        await settle(app, pilot)
        matrix = app.screen.query_one(PositionsMatrix)
        assert matrix.parties[matrix.column].id == "ua"
        header = screen_text(app).splitlines()[2]
        for party in matrix.parties:  # all seven fit: none scrolled out of sight
            assert party.short in header, (size, header)
        legend = plain(app.screen.query_one("#matrix-legend", Static))
        assert "US United States" in legend and "UA+Eur Ukraine and its" in legend
        width = matrix.scrollable_content_region.width
        label = matrix._label_width(width)
        if size[0] == 200:  # the clause column takes what the parties leave
            longest = max(len(c.label) for c in matrix.rows if c is not None)
            assert label == min(width - len(matrix.parties) * matrix._cell_width, longest + 2)
            assert label > 40  # more than the third it had
            assert "Ukrainian pull-out from Donbas; neutral demilitarised" in screen_text(app)


async def test_a_notification_does_not_cover_the_deadline():
    from textual.widgets._toast import Toast

    from briefing.widgets.countdown import Countdown

    app = bundled_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("A message long enough to take two or three lines of a toast at 80 columns.")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)), "the toast")
        await pilot.pause()
        toast = app.screen.query(Toast).first().region
        deadline = app.screen.query_one(Countdown).region
        assert toast.height > 0 and deadline.height > 0
        assert not toast.overlaps(deadline), (toast, deadline)
