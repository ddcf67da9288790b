"""The main screen's look-ups (each clause's quotes, the search index, the filter's tables)
are built in a worker with the cyclic collector waiting, and each view's are then frozen out
of its way (briefing.format.collector.freeze_lookups): at 100,000 quotes each full pass
walked them, 15–40 ms that fell on a key now and then (benchmarks: a backspace of 42 ms
with a 35 ms pass inside it), and ~45 ms at each closed screen once a refresh or an as-of
moment had replaced the first ones. Each freeze first gives back what the last one froze
and collects, so a screen open at one freeze and closed later is freed at the next.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from briefing.format import collector
from briefing.format.dates import parse_as_of
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.main import MainScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from tests.helpers import settle, wait_until


@pytest.fixture
def freezing_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The freeze switched on in this test (conftest switches it off) as in a fresh
    process; what it froze is given back to the collector afterwards."""
    monkeypatch.setattr(collector, "freezing", True)
    monkeypatch.setattr(collector, "_lookups_frozen", False)
    try:
        yield
    finally:
        gc.unfreeze()


def tracked(thing: object) -> bool:
    """Whether the collector still walks `thing` (frozen objects are not in its lists)."""
    return any(candidate is thing for candidate in gc.get_objects())


class Cycle:
    """An object in a reference cycle (with itself), that a weak reference can watch."""

    def __init__(self) -> None:
        self.me = self


def test_a_freeze_frees_cycles_first_and_the_next_frees_those_the_last_pinned(
    freezing_on: None,
) -> None:
    gc.disable()  # as while the look-ups are built: no cycle is collected meanwhile
    try:
        garbage = Cycle()
        dropped = weakref.ref(garbage)
        del garbage
        alive = Cycle()  # alive at the first freeze, dropped after it
        pinned = weakref.ref(alive)
        before = gc.get_freeze_count()
        made = [[index] for index in range(100)]  # lists: objects the collector tracks
        assert tracked(made)
        assert collector.freeze_lookups() is True
        assert not tracked(made) and gc.get_freeze_count() > before
        assert dropped() is None  # collected first, not pinned
        del alive
        gc.collect()
        assert pinned() is not None  # frozen: no pass looks at it any more
        later = [[index] for index in range(100)]
        assert collector.freeze_lookups() is True
        assert pinned() is None  # given back to the collector and freed
        assert not tracked(later) and not tracked(made)
    finally:
        gc.enable()


def test_switched_off_it_freezes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "freezing", False)
    made = [[index] for index in range(100)]
    frozen = gc.get_freeze_count()
    assert collector.freeze_lookups() is False
    assert tracked(made) and gc.get_freeze_count() == frozen


async def test_each_views_lookups_are_frozen_and_a_page_open_at_one_freeze_is_freed_at_the_next(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch, freezing_on: None
) -> None:
    """A clause page open while the first look-ups are frozen is pinned with them; closed,
    it stays pinned (no pass sees it) until the next view's look-ups are frozen, which
    frees it, and freezes that view's look-ups in turn."""
    release = threading.Event()
    original = Session.prepare_lookups

    def held(self: Session, stop: threading.Event | None = None) -> bool:
        release.wait(timeout=60)  # the first build waits until the page is open
        return original(self, stop)

    monkeypatch.setattr(Session, "prepare_lookups", held)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.press("j", "enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the clause page"
        )
        page = weakref.ref(app.screen)
        release.set()
        await settle(app, pilot)  # the worker done: look-ups built and frozen
        first = app.session.search_ready()
        assert first is not None and not tracked(first) and not tracked(first.haystacks)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the page closed")
        await settle(app, pilot)
        gc.collect()
        assert page() is not None, "the page was not pinned by the first freeze"
        app.set_as_of(parse_as_of("2025-11-21"))  # a new view: its own index and look-ups
        await wait_until(
            pilot,
            lambda: (found := app.session.search_ready()) is not None and found is not first,
            "the new view's look-ups",
        )
        await settle(app, pilot)
        assert page() is None, "the closed page was not freed by the second freeze"
        second = app.session.search_ready()
        assert second is not None and not tracked(second) and not tracked(second.haystacks)


async def test_the_search_index_and_the_filter_are_built_with_the_collector_waiting(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    enabled: list[bool] = []
    original = Session.prepare_search

    def noted(self: Session, *args: Any, **kwargs: Any) -> None:
        enabled.append(gc.isenabled())
        original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "prepare_search", noted)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert enabled == [False]
        assert gc.isenabled()  # and running again once they are built


async def test_lookups_given_up_are_not_frozen(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch, freezing_on: None
) -> None:
    """A build that stops half way (its worker cancelled as the app closes) freezes
    nothing."""
    monkeypatch.setattr(Session, "prepare_lookups", lambda self, stop=None: False)
    before = gc.get_freeze_count()
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert not collector._lookups_frozen
        assert gc.get_freeze_count() == before


async def test_the_freeze_waits_for_the_main_thread_to_be_idle_after_the_build(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The freeze's full pass cannot give way to a key: the worker waits until the app's
    thread is idle (`GiveWay.until_idle`) once the look-ups are built, then freezes."""
    from briefing.reading import search
    from briefing.reading.index import BriefingIndex
    from briefing.screens import main

    order: list[str] = []
    prepare_filter, until_idle = BriefingIndex.prepare_filter, search.GiveWay.until_idle

    def built(self: BriefingIndex, *args: Any, **kwargs: Any) -> None:
        prepare_filter(self, *args, **kwargs)
        order.append("built")

    def idle(self: search.GiveWay) -> None:
        order.append("idle")
        until_idle(self)

    monkeypatch.setattr(BriefingIndex, "prepare_filter", built)
    monkeypatch.setattr(search.GiveWay, "until_idle", idle)

    def freeze() -> bool:
        order.append("freeze")
        return True

    monkeypatch.setattr(main, "freeze_lookups", freeze)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert order == ["built", "idle", "freeze"]
