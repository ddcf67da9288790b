"""The analyst's screen at 80×24 (issue 15): clause titles get the width, every party's
stance stays visible, nothing is cut without a mark, and clauses the sources do not
number are named by title and addressed by their place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.reading.index import PartyStand
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


def shown_in(app: BriefingApp, pane: PositionsPane) -> list[str]:
    """The lines the positions pane shows on screen (its content region, scrollbar off)."""
    region = pane.scrollable_content_region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


def stance_marks(pane: PositionsPane, stand: PartyStand, words: bool) -> str:
    """A party as the pane's top lines name it: short name, glyph (and stance), star."""
    position = stand.current
    star = "*" if position.according_to is not None else ""
    said = f" {position.stance}" if words else ""
    return f"{stand.party.short} {pane.glyphs[position.stance]}{said}{star}"


async def test_at_80x24_every_party_on_the_whole_text_shows_and_the_cursor_card_reads_on():
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(PositionsPane)
        assert len(pane.stands) > pane.scrollable_content_region.height - 3  # 7 parties
        shown = shown_in(app, pane)
        top = " ".join(shown[: pane.header_lines])
        # Every party's stance on top, by glyph as in the matrix; Ukraine's as told by the
        # US (another's account) starred as there.
        for stand in pane.stands:
            assert stance_marks(pane, stand, words=False) in top, (stand.party.short, shown)
        assert "UA ▲*" in top
        # Under it the first card, cut to leave room and saying so.
        right = "\n".join(shown)
        assert "⏎ reads on" in right
        # Moving in the pane opens the next party's card and folds the first.
        pane.focus()
        await pilot.press("j")
        await settle(app, pilot)
        assert pane.item_lines(1)[1] > 1  # the cursor's card has its summary
        assert pane.item_lines(0)[1] == 1  # the first folded to its head
        assert f"{pane.stands[1].party.short} " in "\n".join(
            shown_in(app, pane)[pane.header_lines :]
        )


async def test_at_60x18_every_partys_stance_shows_on_every_clause():
    """The pane has 4 rows there: each party of the highlighted clause shows all the same,
    with its stance word when all fit on one line; nothing is cut without `…`."""
    app = bundled_app()
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(PositionsPane)
        clauses = app.screen.query_one(ClauseList)
        several = 0
        for step in range(len(clauses.clauses) + 1):
            shown = shown_in(app, pane)
            if step == 0:  # the text as a whole: all seven parties, none left out
                assert len(pane.stands) == 7 and not "".join(shown).rstrip().endswith("…")
                assert [line.rstrip() for line in shown[:2]] == [
                    "US ★  UA ▲*  RU ≈  UK !",
                    "G20sig ≈  UA+Eur ≈  US+UA ★",
                ]
            assert pane.scrollable_content_region.height <= 4  # the deadline panel: 4 rows
            if len(pane.stands) > 1:
                several += 1
                top = " ".join(shown[: pane.header_lines]).rstrip()
                words = (
                    len(pane._summary) == 1
                    and " · ".join(stance_marks(pane, s, words=True) for s in pane.stands) in top
                )
                missing = [
                    s.party.short
                    for s in pane.stands
                    if stance_marks(pane, s, words=words) not in top
                ]
                assert not missing or top.endswith("…"), (missing, shown)
                if not top.endswith("…"):
                    assert not missing
            await pilot.press("j")
            await settle(app, pilot)
        assert several >= 3  # the bundled briefing has clauses with several parties


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
            # by code at 80 columns, by name (cut to its column) at 200
            shown = party.short if size[0] == 80 else party.name[:15]
            assert shown in header, (size, header)
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


@pytest.mark.parametrize(
    ("size", "meta", "whole"),
    [
        ((80, 24), "24 Nov 2025 · bundled", True),
        ((120, 30), "updated 24 Nov 2025 12:00 UTC · bundled briefing", True),
        ((60, 18), "updated 24 Nov 2025 12:00 UTC · bundled", False),
    ],
)
async def test_the_header_shortens_the_update_only_to_give_the_whole_title(
    size: tuple[int, int], meta: str, whole: bool
):
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        header = screen_text(app).splitlines()[0]
        title = app.session.doc.title
        assert len(title) > 50  # too long for the full meta at 80 columns
        assert header.rstrip().endswith(meta)
        if whole:
            assert header.strip().startswith(title + " ")
        else:  # cut anyway: the meta stays whole and the cut is marked
            assert title not in header and header.strip().split("  ")[0].endswith("…")
