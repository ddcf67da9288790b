"""`j` in the clause list draws again only what it changes (issue 16).

The benchmark's `j` figure ends when the terminal goes quiet, so every line drawn again
unchanged costs the analyst as much as a real one. These tests count the lines and bars
drawn per key, never time: the panes beside the list draw only the rows whose text
changes (none when the next clause shows the same; a new title draws its border line
alone), and a scrollbar draws again only when its thumb moves or changes size. Each
checks that a real change is still drawn.
"""

from __future__ import annotations

from typing import Any

from briefing.disk import paths
from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.line_list import LineList
from briefing.widgets.positions_pane import PositionsPane
from briefing.widgets.quotes_pane import QuotesPane
from tests.helpers import screen_text, settle


def bundled_app() -> BriefingApp:
    path = paths.bundled_briefing()
    return BriefingApp(Session(load_path(path), Origin("bundled", "bundled")))


def drawn(monkeypatch: Any, widgets: dict[str, LineList]) -> list[str]:
    """What is drawn from now on: a list's name for each of its lines (`render_line`), its
    name + " bar" each time its vertical scrollbar is drawn (`render`)."""
    log: list[str] = []
    for name, widget in widgets.items():
        render_line = widget.render_line
        bar = widget.vertical_scrollbar
        render = bar.render

        def line(y: int, render_line: Any = render_line, name: str = name) -> Any:
            log.append(name)
            return render_line(y)

        def bar_drawn(render: Any = render, name: str = name) -> Any:
            log.append(f"{name} bar")
            return render()

        monkeypatch.setattr(widget, "render_line", line)
        monkeypatch.setattr(bar, "render", bar_drawn)
    return log


def pane_text(app: BriefingApp, widget: LineList) -> list[str]:
    """The widget's lines on screen, border and scrollbar included."""
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


def bar_state(widget: LineList) -> tuple[int, int, float]:
    bar = widget.vertical_scrollbar
    return bar.window_virtual_size, bar.window_size, bar.position


async def test_j_draws_no_pane_whose_text_stays_and_no_scrollbar_that_stays(monkeypatch):
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.screen
        clauses = main.query_one(ClauseList)
        positions = main.query_one(PositionsPane)
        quotes = main.query_one(QuotesPane)
        widgets: dict[str, LineList] = {
            "clauses": clauses,
            "positions": positions,
            "quotes": quotes,
        }
        await pilot.press("j")  # from the text as a whole to the first clause
        await pilot.pause()
        # Clauses 1 and 2 of the bundled briefing: no quote on either, other positions.
        assert clauses.cursor == 1
        assert quotes.quotes == [] and quotes.border_title == "Quotes (0)"
        before = {name: pane_text(app, widget) for name, widget in widgets.items()}
        bars = {name: bar_state(widget) for name, widget in widgets.items()}
        log = drawn(monkeypatch, widgets)

        await pilot.press("j")
        await pilot.pause()
        assert clauses.cursor == 2
        after = {name: pane_text(app, widget) for name, widget in widgets.items()}
        assert after["quotes"] == before["quotes"]  # the same text…
        assert "quotes" not in log  # …drawn once, not again
        # The positions pane: another clause in its title, the same rows under it (the
        # parties' stances, folded to fit): the title's line alone is drawn again.
        rows = zip(before["positions"], after["positions"], strict=True)
        changed = [y for y, (old, new) in enumerate(rows) if old != new]
        assert changed == [0]
        assert "Positions · " in after["positions"][0]
        assert "positions" not in log
        assert "clauses" in log  # the rows of the old cursor and the new
        # No scrollbar moved: none is drawn again. The positions pane's bar was, each time
        # its cards were laid out unfolded before folding to fit (a thumb, then none).
        assert {name: bar_state(widget) for name, widget in widgets.items()} == bars
        assert [entry for entry in log if entry.endswith(" bar")] == []

        # Back to the text as a whole: its many loose quotes fill the pane and give the
        # bar a thumb; both are drawn.
        log.clear()
        await pilot.press("k", "k")
        await pilot.pause()
        assert clauses.cursor == 0
        assert pane_text(app, quotes) != before["quotes"]
        assert "quotes" in log and "quotes bar" in log
        assert pane_text(app, positions)[1:] != before["positions"][1:]
        assert "positions" in log


async def test_a_pane_given_new_items_draws_only_the_rows_that_differ(monkeypatch):
    """A quote newly marked unseen changes its first row (●): that row alone is drawn."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        quotes = app.screen.query_one(QuotesPane)
        assert clauses_cursor(app) == 0 and len(quotes.quotes) > 1  # the loose quotes
        index = quotes.index
        assert index is not None
        before = pane_text(app, quotes)
        log = drawn(monkeypatch, {"quotes": quotes})
        quotes.show(index, quotes.quotes, {quotes.quotes[0].id})
        await pilot.pause()
        after = pane_text(app, quotes)
        changed = [y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        assert len(changed) == 1 and "●" in after[changed[0]]
        assert log == ["quotes"]


async def test_a_layout_that_leaves_a_panes_size_keeps_what_it_knows_it_drew(monkeypatch):
    """A pane remembers the rows it drew, to draw again only those that differ; a new size
    forgets them. The size it was given (its outer size) was compared with its content's
    (the border makes that smaller), so every layout of the screen looked like a new size,
    and the next change to the pane drew all its rows again."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        quotes = app.screen.query_one(QuotesPane)
        index = quotes.index
        assert index is not None and len(quotes.quotes) > 1
        app.screen.refresh(layout=True)  # the screen laid out again, the pane's size the same
        await settle(app, pilot)
        log = drawn(monkeypatch, {"quotes": quotes})
        quotes.show(index, quotes.quotes, {quotes.quotes[0].id})
        await pilot.pause()
        assert log == ["quotes"]  # the newly marked row alone, as without the layout


async def test_a_pane_styles_only_the_rows_it_draws(monkeypatch):
    """Which rows differ is found from their parts, not by styling every visible row to
    compare it with the line on screen: a pane given new items styles each row it draws
    at most once (a blank row not at all), and no other (a `j` in the list, and one
    quote newly marked)."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        panes: dict[str, LineList] = {
            "positions": app.screen.query_one(PositionsPane),
            "quotes": app.screen.query_one(QuotesPane),
        }
        styled: list[str] = []
        for name, pane in panes.items():
            style_parts = pane.style_parts

            def counted(*args: Any, style_parts: Any = style_parts, name: str = name) -> Any:
                styled.append(name)
                return style_parts(*args)

            monkeypatch.setattr(pane, "style_parts", counted)
        log = drawn(monkeypatch, panes)
        quotes = panes["quotes"]
        assert isinstance(quotes, QuotesPane) and quotes.index is not None
        assert clauses_cursor(app) == 0 and len(quotes.quotes) > 1  # the loose quotes
        quotes.show(quotes.index, quotes.quotes, {quotes.quotes[0].id})
        await pilot.pause()
        assert styled == log == ["quotes"]
        styled.clear()
        log.clear()
        await pilot.press("j")
        await pilot.pause()
        lines = sorted(name for name in log if not name.endswith(" bar"))
        assert lines, "the move drew nothing in the panes"
        for name in panes:  # a blank row is drawn without styling
            assert 0 < styled.count(name) <= lines.count(name), name


def clauses_cursor(app: BriefingApp) -> int:
    return app.screen.query_one(ClauseList).cursor


async def test_a_cursor_row_that_grows_draws_the_rows_it_moves_not_the_whole_list(monkeypatch):
    """The highlighted clause shows its whole title on two or three lines, so a move onto
    or off such a row shifts the rows below it: those are drawn again, and the rows above
    the two cursors are not (the whole list was, whenever the scroll height changed)."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        rows: list[int] = []
        render_line = clauses.render_line

        def line(y: int) -> Any:
            rows.append(y)
            return render_line(y)

        monkeypatch.setattr(clauses, "render_line", line)
        grew = 0
        for _ in range(clauses._count - 1):
            old, extra = clauses.cursor, clauses._extra()
            height, scrolled = clauses.virtual_size.height, clauses.scroll_offset.y
            rows.clear()
            await pilot.press("j")
            await pilot.pause()
            assert clauses.cursor == old + 1
            if clauses.virtual_size.height == height or clauses.scroll_offset.y != scrolled:
                continue  # the same lines, or a scroll (which draws the list again)
            grew += 1
            top = clauses.header_lines + old - scrolled  # the upper cursor's first row
            assert rows and min(rows) >= top, (old, sorted(set(rows)))
            expected = set(range(top, clauses.scrollable_content_region.height))
            assert set(rows) == expected  # every row it moves, drawn once more
            assert clauses._extra() != extra
        assert grew >= 2  # the bundled titles at 80 columns: some take two lines, some one


async def test_a_positions_card_in_full_takes_at_least_the_lines_the_fold_counts_on():
    """The positions pane folds at once, without laying its cards out in full, when each
    card in full could not take fewer than head + a summary line + its sources' line:
    true of every card of the bundled briefing at every width the pane takes."""
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(PositionsPane)
        index = app.session.index
        checked = 0
        for clause in [None, *index.doc.clauses]:
            stands = index.overall_stands() if clause is None else index.stands_on(clause)
            pane.show(index, stands)
            pane._folded = False
            for width in (1, 2, 3, 12, 28, 40, 76):
                least = 1 + (width > 2) + (pane.index is not None)
                for number in range(len(stands)):
                    assert len(pane.render_card(number, width)) >= least, (clause, width)
                    checked += 1
        assert checked > 100


async def test_a_row_wrapped_anew_by_a_resize_moves_the_rows_below_it_when_left():
    """The highlighted row is moved onto at a width where its title fits, then the terminal
    narrows and the title takes two lines: leaving that row must draw the rows below it
    again (they move up a line). What the list showed before the move is what it took, not
    what it took when the cursor arrived (a resize storm left a stray line: CI, tmux)."""
    fresh = bundled_app()
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(fresh, pilot)
        expected = pane_text(fresh, fresh.screen.query_one(ClauseList))
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        wraps = []  # rows whose title takes two lines at 80 columns
        for row in range(1, clauses._count):
            await pilot.press("j")
            await pilot.pause()
            if clauses._extra():
                wraps.append(row)
        await pilot.resize_terminal(200, 24)
        await pilot.press("g")
        await settle(app, pilot)
        target = next(row for row in wraps if row < 14)  # on screen at 80×24 from the top
        for _ in range(target):
            await pilot.press("j")
        await pilot.pause()
        assert clauses.cursor == target and clauses._extra() == 0  # one line at 200 columns
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert clauses._extra() == 1  # two lines at 80 columns, drawn so by the resize
        await pilot.press("g")
        await settle(app, pilot)
        assert clauses.cursor == 0
        assert pane_text(app, clauses) == expected


async def test_leaving_a_row_of_two_lines_clears_the_line_below_the_last_row():
    """A list with room below its last row: the highlighted row takes two lines, so every
    row below it sits a line lower; moving to a row of one line moves them back up, and
    the line the last row held before must be drawn again, blank (a resize storm in tmux
    left the last clause shown twice, on its line and on the one below)."""
    size = (100, 30)  # all 14 clauses and room to spare below them
    fresh = bundled_app()
    async with fresh.run_test(size=size) as pilot:
        await settle(fresh, pilot)
        expected = pane_text(fresh, fresh.screen.query_one(ClauseList))
    app = bundled_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        assert (
            clauses.line_count() + clauses.header_lines < clauses.scrollable_content_region.height
        )
        for _ in range(1, clauses._count):
            await pilot.press("j")
            await pilot.pause()
            if clauses._extra():
                break
        assert clauses._extra() == 1, "no title wraps at this width: the case is not tried"
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert clauses.cursor == 0 and clauses._extra() == 0
        assert pane_text(app, clauses) == expected


async def test_a_row_that_grows_in_a_long_list_marks_only_the_lines_in_view(monkeypatch):
    """The rows a grown cursor row moves run to the end of the list: in a list of 600
    clauses that was 600 lines noted dirty (one by one, in a set) at each such key, for
    the ~15 in view. Only lines in view are asked for, and the rows moved are still drawn
    anew (the test above, and here the screen's text)."""
    from benchmarks.synthetic import generate_bytes
    from briefing.feed.origin import Origin
    from briefing.format.load import load_bytes

    doc = load_bytes(generate_bytes(600, 1200), "synthetic")
    app = BriefingApp(Session(doc, Origin("file", "synthetic.json")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        clauses = app.screen.query_one(ClauseList)
        asked: list[tuple[int, int, int]] = []  # (first line, count, scroll offset)
        refresh_lines = clauses.refresh_lines

        def noted(first: int, count: int = 1) -> None:
            asked.append((first, count, clauses.scroll_offset.y))
            refresh_lines(first, count)

        monkeypatch.setattr(clauses, "refresh_lines", noted)
        grew = 0
        for _ in range(12):
            height = clauses.virtual_size.height
            asked.clear()
            await pilot.press("j")
            await pilot.pause()
            if clauses.virtual_size.height != height:
                grew += 1
                assert asked
            for first, count, top in asked:
                assert first >= top and first + count <= top + clauses.outer_size.height
        assert grew >= 2
        # No line in view left stale: the list drawn again whole shows the same.
        shown = pane_text(app, clauses)
        clauses.refresh()
        await pilot.pause()
        assert pane_text(app, clauses) == shown
