"""The analyst's screen at 200×50 (issue 15): the width is used — every clause title whole
in the list, the matrix's party columns named in full when they fit, its legend on one
line — and nothing of it is lost when the terminal shrinks back to 80 columns."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.cells import cell_len
from textual.widgets import Static

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.screens.matrix import MatrixScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.matrix import PositionsMatrix
from tests.helpers import plain, screen_text, settle, wait_until

NOW = datetime(2025, 11, 24, 12, tzinfo=UTC)


def bundled_app() -> BriefingApp:
    doc = load_path(paths.bundled_briefing())
    return BriefingApp(Session(doc, Origin("bundled", "bundled"), clock=lambda: NOW))


def pane_text(app: BriefingApp, widget: ClauseList | PositionsMatrix) -> list[str]:
    """The lines a list shows on screen (inside its border)."""
    region = widget.content_region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


async def test_at_200x50_every_clause_title_reads_whole_and_the_side_panes_keep_room():
    app = bundled_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        titles = [clause.title for clause in clauses.clauses]
        assert max(len(t) for t in titles) > 55  # the longest was cut at 38% of 200
        shown = "\n".join(pane_text(app, clauses))
        for title in titles:
            assert title in shown, title
        assert "…" not in shown
        # The list takes what its titles need, no more than half: the positions and
        # quotes panes beside it share the rest.
        assert 76 < clauses.outer_size.width <= 100
        side = app.screen.query_one("#side")
        assert side.region.x == clauses.outer_size.width
        assert side.outer_size.width == 200 - clauses.outer_size.width

        # Back at 80 columns the list is three fifths again, titles cut with a mark.
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: clauses.outer_size.width < 60, "the narrow layout")
        assert "…" in "\n".join(pane_text(app, clauses))


async def test_at_200x50_the_matrix_names_each_party_in_full_and_its_legend_is_one_line():
    app = bundled_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MatrixScreen), "the matrix")
        await pilot.pause()
        matrix = app.screen.query_one(PositionsMatrix)
        header = pane_text(app, matrix)[0]
        short_names = [p for p in matrix.parties if cell_len(p.name) <= 15]
        assert len(short_names) >= 4
        for party in short_names:
            assert party.name in header, party.name  # in full, not its code
        assert "›" not in header  # every party's column shows
        # The grid spans the pane: the last party's column ends near the right border.
        assert len(header.rstrip()) > matrix.content_region.width - 25
        legend = plain(app.screen.query_one("#matrix-legend", Static))
        codes = legend.splitlines()[-1]
        assert cell_len(codes) <= 200
        for party in matrix.parties:
            assert f"{party.short} {party.name[:20]}" in codes

        # At 80 columns the codes come back in the header and the legend wraps.
        await pilot.resize_terminal(80, 24)
        await wait_until(
            pilot, lambda: "G20sig" in pane_text(app, matrix)[0], "the codes in the header"
        )
        legend = plain(app.screen.query_one("#matrix-legend", Static))
        for party in matrix.parties:
            assert party.short in legend


async def test_at_200x50_the_clause_list_keeps_its_width_while_a_filter_is_typed():
    """In the wide layout the list is as wide as the view's titles need: typing a filter
    that leaves only short titles neither narrows it nor moves the panes beside it (each
    keystroke would lay the screen out again), and every title shown is whole."""
    app = bundled_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        side = app.screen.query_one("#side")
        width, side_x = clauses.outer_size.width, side.region.x
        longest = max(clauses.clauses, key=lambda clause: len(clause.title))
        await pilot.press("F", *"crimea")
        await wait_until(pilot, lambda: 0 < len(clauses.clauses) < 6, "the filtered list")
        await pilot.pause()
        assert longest not in clauses.clauses  # only shorter titles are left…
        assert clauses.outer_size.width == width  # …and the list is as wide as before
        assert side.region.x == side_x
        shown = "\n".join(pane_text(app, clauses))
        for clause in clauses.clauses:
            assert clause.title in shown, clause.title
        await pilot.press("enter")
        await pilot.pause()
        assert clauses.outer_size.width == width
