"""The lists draw each row at `LineList.row_width()`, the width their layout gave them,
rather than asking the screen for their region at every line (a quarter of a row's
drawing). It must be the width `scrollable_content_region` gives, in every list an
analyst reaches, at any size, with or without a scrollbar, and after a resize."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.screens.main import MainScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.line_list import CardList, LineList
from tests.helpers import settle, wait_until


@pytest.mark.parametrize("size", [(80, 24), (200, 50), (60, 18)])
async def test_every_list_row_is_drawn_at_the_width_its_region_gives(
    sample_doc, make_session, monkeypatch, size
):
    drawn: dict[str, list[tuple[int, int]]] = {}

    def checking(cls: type[LineList]) -> None:
        original = cls.render_line

        def checked(self: LineList, y: int) -> Any:
            drawn.setdefault(type(self).__name__, []).append(
                (self.row_width(), self.scrollable_content_region.width)
            )
            return original(self, y)

        monkeypatch.setattr(cls, "render_line", checked)

    checking(LineList)
    checking(CardList)  # the panes' own
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in ("j", "j", "k"):  # the clause list and both panes follow
            await pilot.press(key)
        await pilot.press("m")  # the matrix
        await wait_until(pilot, lambda: not isinstance(app.screen, MainScreen), "the matrix")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.press("t")  # the timeline
        await wait_until(pilot, lambda: not isinstance(app.screen, MainScreen), "the timeline")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.press("slash", *"cease")  # search hits
        await wait_until(pilot, lambda: "SearchResults" in drawn, "the search hits")
        await settle(app, pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.resize_terminal(size[0] + 17, size[1] + 3)
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        # The cards were laid out at the width they are drawn at.
        for pane in app.screen.query(CardList):
            assert pane._laid_out_width == pane.row_width(), pane
    for name in ("ClauseList", "PositionsPane", "QuotesPane", "PositionsMatrix"):
        assert name in drawn, name
    assert {"TimelineList", "SearchResults"} <= set(drawn)
    for name, widths in drawn.items():
        assert widths and all(ours == region for ours, region in widths), (name, widths)
        assert all(ours > 0 for ours, _ in widths), name
