"""Quitting is not held up by the look-ups the main screen builds in a worker thread (the
search index takes seconds at 100,000 quotes). Textual cancels the worker as the app
exits; the build stops at its next give-way, keeps nothing half-built, and what it
would have built is built on first use instead, the same as ever."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

import briefing.reading.search as search
from benchmarks.synthetic import generate_bytes
from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.reading.index import BriefingIndex
from briefing.reading.search import Abandoned, GiveWay, SearchIndex
from briefing.services.session import Session
from tests.helpers import wait_until


@pytest.fixture(scope="module")
def synthetic_doc() -> Briefing:
    return load_bytes(generate_bytes(600, 3000), "synthetic")


def test_a_give_way_raises_abandoned_once_its_stop_is_set() -> None:
    stop = threading.Event()
    give_way = GiveWay(every=0.0, stop=stop)
    give_way()  # not set: the work goes on
    stop.set()
    with pytest.raises(Abandoned):
        give_way()


def test_a_give_way_waiting_for_the_main_thread_stops_too() -> None:
    """Stopped while it sleeps for a busy main thread: it raises rather than finishing its
    pause (the main thread, quitting, is busy)."""
    stop = threading.Event()
    slept: list[float] = []
    give_way = GiveWay(every=0.0, pause=60.0, stop=stop)

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        stop.set()

    give_way.sleep = sleep
    give_way._main_busy = lambda: True  # type: ignore[method-assign]
    with pytest.raises(Abandoned):
        give_way()
    assert slept == [0.005]


class CheckedEveryCall(GiveWay):
    """A give-way that looks at its stop at every call, not every 2 ms: where the build
    stops does not depend on how fast this machine is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.every = 0.0


@pytest.mark.parametrize("stopped_in", ["search index", "filter tables"])
def test_a_stopped_build_keeps_nothing_half_built(
    stopped_in: str,
    synthetic_doc: Briefing,
    make_session: Callable[..., Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "GiveWay", CheckedEveryCall)
    session = make_session(synthetic_doc)
    stop = threading.Event()
    if stopped_in == "search index":
        stop.set()
    else:
        prepare_filter = BriefingIndex.prepare_filter

        def stopping(self: BriefingIndex, give_way: Callable[[], None]) -> None:
            stop.set()
            prepare_filter(self, give_way)

        monkeypatch.setattr(BriefingIndex, "prepare_filter", stopping)

    assert session.prepare_lookups(stop=stop) is False
    index = session.index
    assert index._taking is None  # the stance table, given way to between clauses
    if stopped_in == "search index":
        assert session.search_ready() is None
    else:
        assert session.search_ready() is not None

    # Built on first use, as without a worker: the same answers as a fresh build.
    fresh = BriefingIndex(synthetic_doc)
    word = synthetic_doc.clauses[1].title.split()[0].lower()
    hits = session.search.search(word)
    assert hits and hits == SearchIndex(fresh).search(word)
    for party in (None, synthetic_doc.parties[0].id):
        assert index.clauses_taking(party, ()) == fresh.clauses_taking(party, ())
    assert index._taking is not None


def test_an_unstopped_build_finishes(
    synthetic_doc: Briefing, make_session: Callable[..., Session]
) -> None:
    session = make_session(synthetic_doc)
    assert session.prepare_lookups(stop=threading.Event()) is True
    assert session.search_ready() is not None
    assert session.index._taking is not None


class EndlessBuild:
    """`SearchIndex.__init__` as for a very large briefing: a build that takes a minute
    unless it is stopped, or until the test is over (a failed one leaves no thread)."""

    def __init__(self) -> None:
        self.building = threading.Event()
        self.ended = threading.Event()
        self.test_over = threading.Event()
        self.finished: list[bool] = []
        self.original = SearchIndex.__init__

    def __call__(self, index_self: SearchIndex, index: BriefingIndex, **kwargs: Any) -> None:
        give_way = kwargs.get("give_way", search.no_pause)
        self.building.set()
        try:
            until = time.monotonic() + 60
            while time.monotonic() < until and not self.test_over.is_set():
                give_way()
                time.sleep(0.001)
            self.finished.append(True)
            self.original(index_self, index, **kwargs)
        finally:
            self.ended.set()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        build = self

        def endless(index_self: SearchIndex, index: BriefingIndex, **kwargs: Any) -> None:
            build(index_self, index, **kwargs)

        monkeypatch.setattr(SearchIndex, "__init__", endless)


async def test_quitting_while_the_index_is_built_ends_the_worker(
    synthetic_doc: Briefing,
    make_session: Callable[..., Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """q while the search index is being built: the worker's thread ends with the app (it
    kept the process, and the analyst's shell prompt, for the seconds a large index
    takes), and nothing it had begun is kept."""
    from briefing.tui.app import BriefingApp

    build = EndlessBuild()
    build.install(monkeypatch)
    session = make_session(synthetic_doc)
    app = BriefingApp(session)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, build.building.is_set, "the search index being built")
            await pilot.press("q")
        assert build.ended.wait(20), "the worker was still building a minute's index after q"
        assert not build.finished
        assert session.search_ready() is None
    finally:
        build.test_over.set()


async def test_closing_search_while_it_builds_the_index_ends_its_worker(
    synthetic_doc: Briefing,
    make_session: Callable[..., Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search screen builds a large view's index in its own worker when the main
    screen's has not (a new view just in): closed meanwhile, or the app quit, that build
    ends too, and the next search builds the index again."""
    from briefing.screens.search import SearchScreen
    from briefing.tui.app import BriefingApp

    monkeypatch.setattr(SearchScreen, "BUILD_HERE", 10)  # this view counts as large
    build = EndlessBuild()
    session = make_session(synthetic_doc)
    app = BriefingApp(session)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            session._search = None  # as if the main screen's worker had not finished yet
            build.install(monkeypatch)
            await pilot.press("slash")
            assert isinstance(app.screen, SearchScreen)
            await wait_until(pilot, build.building.is_set, "the search index being built")
            await pilot.press("escape")
            assert build.ended.wait(20), "the search screen's worker went on building"
            assert not build.finished
            assert session.search_ready() is None
            build.test_over.set()  # the next build finishes at once
            await pilot.press("slash")
            await wait_until(pilot, lambda: session.search_ready() is not None, "a new index")
    finally:
        build.test_over.set()
