"""The quotes pane keeps the cards it drew lately: moving back to a clause shown a moment
ago (j, then k) wraps none of its quotes again, and what it shows is what drawing them
afresh shows. A card is drawn again when anything it shows may differ: another width,
the quote newly marked, a new snapshot (another index, whose quote objects are new: the
cards of the old one are let go)."""

from __future__ import annotations

from typing import Any

from benchmarks.synthetic import generate_bytes
from briefing.feed.origin import Origin
from briefing.format.load import load_bytes
from briefing.screens.main import MainScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.quotes_pane import QuotesPane
from tests.helpers import screen_text, settle


async def test_quote_cards_are_kept_and_are_the_cards_drawn_afresh(monkeypatch) -> None:
    doc = load_bytes(generate_bytes(60, 900), "synthetic")
    drawn: list[str] = []
    original = QuotesPane._card

    def counted(self: QuotesPane, quote: Any, width: int) -> Any:
        drawn.append(quote.id)
        return original(self, quote, width)

    monkeypatch.setattr(QuotesPane, "_card", counted)
    app = BriefingApp(Session(doc, Origin("file", "synthetic")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        pane = main.query_one(QuotesPane)
        screens = []
        for _ in range(3):
            await pilot.press("j")
            await settle(app, pilot)
            screens.append(screen_text(app, styles=True))
        assert pane.quotes and drawn  # clauses with quotes, their cards drawn
        drawn.clear()
        for _ in range(2):
            await pilot.press("k")
            await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert drawn == []  # back over clauses shown a moment ago: no card drawn again
        assert screen_text(app, styles=True) == screens[1]  # and the same screen, styles too
        width = pane.row_width()
        kept = [pane.render_card(i, width) for i in range(len(pane.quotes))]
        assert kept == [original(pane, quote, width) for quote in pane.quotes]

        # Anything a card shows that may differ draws it again.
        quote = pane.quotes[0]
        assert pane.index is not None
        drawn.clear()
        pane.render_card(0, width - 7)
        assert drawn == [quote.id]  # another width
        drawn.clear()
        pane.show(pane.index, pane.quotes, {quote.id})
        assert drawn[:1] == [quote.id]  # newly marked: the ● drawn
        assert pane.render_card(0, width)[0][0] == ("●", "line-list--accent")
        drawn.clear()
        from briefing.reading.index import BriefingIndex

        pane.show(BriefingIndex(pane.index.doc), pane.quotes, {quote.id})
        assert len(drawn) == len(pane.quotes)  # a new index: every card drawn afresh
        # and the cards of the old view are let go (they held it, and its index, alive)
        assert {id(q) for q, _card in pane._kept.values()} <= {id(q) for q in pane.quotes}
        assert len(pane._kept) <= QuotesPane.CARDS_KEPT


async def test_the_cards_kept_are_bounded_oldest_first(monkeypatch) -> None:
    doc = load_bytes(generate_bytes(40, 2000), "synthetic")
    monkeypatch.setattr(QuotesPane, "CARDS_KEPT", 30)
    app = BriefingApp(Session(doc, Origin("file", "synthetic")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(QuotesPane)
        for _ in range(12):
            await pilot.press("j")
            await settle(app, pilot)
            assert len(pane._kept) <= 30
            kept = {key[0] for key in pane._kept}
            latest = pane.quotes[-30:]  # the cards drawn last (in order down the pane)
            assert {id(q) for q in latest} <= kept
