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


async def test_lookups_built_under_a_page_are_frozen_once_the_main_screen_is_back(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch, freezing_on: None
) -> None:
    """Look-ups built while a clause page is open are not frozen then, which would pin the
    page (its cycles never collected once closed, until the next view): they are once the
    main screen is on top again, and the page, closed, is freed."""
    release = threading.Event()
    original = Session.prepare_lookups

    def held(self: Session, stop: threading.Event | None = None) -> bool:
        release.wait(timeout=60)  # the first build waits until the page is open
        return original(self, stop)

    monkeypatch.setattr(Session, "prepare_lookups", held)
    app = BriefingApp(make_session(sample_doc))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
            await pilot.press("j", "enter")
            await wait_until(
                pilot, lambda: isinstance(app.screen, ClauseDetailScreen), "the clause page"
            )
            page = weakref.ref(app.screen)
            release.set()
            await settle(app, pilot)  # the worker done: the look-ups built
            built = app.session.search_ready()
            assert built is not None and tracked(built), "frozen with the page open"
            assert not collector._lookups_frozen
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the page closed")
            await wait_until(pilot, lambda: collector._lookups_frozen, "the freeze")
            assert not tracked(built) and not tracked(built.haystacks)
            await settle(app, pilot)
            assert page() is None, "the closed page was pinned"
    finally:
        release.set()


async def test_each_views_lookups_are_frozen(sample_doc, make_session, freezing_on: None) -> None:
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        first = app.session.search_ready()
        assert first is not None, "the look-ups were not built"
        await wait_until(pilot, lambda: not tracked(first), "the first look-ups frozen")
        app.set_as_of(parse_as_of("2025-11-21"))  # a new view: its own index and look-ups
        await wait_until(
            pilot,
            lambda: (found := app.session.search_ready()) is not None and found is not first,
            "the new view's look-ups",
        )
        second = app.session.search_ready()
        assert second is not None
        await wait_until(pilot, lambda: not tracked(second), "the new view's look-ups frozen")
        assert not tracked(second.haystacks)


async def test_lookups_of_a_view_replaced_meanwhile_are_not_frozen(
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's word reaches the screen after the view has changed again (a refresh
    landing as the build ends): nothing is frozen for it; for the view shown, it is."""
    from briefing.screens import main

    frozen: list[bool] = []

    def freeze() -> bool:
        frozen.append(True)
        return True

    monkeypatch.setattr(main, "freeze_lookups", freeze)
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert frozen == [True]  # the first view's, from its worker
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.post_message(MainScreen.LookupsBuilt(make_session(sample_doc).index))
        await settle(app, pilot)
        assert frozen == [True]
        screen.post_message(MainScreen.LookupsBuilt(app.session.index))
        await settle(app, pilot)
        assert frozen == [True, True]


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
