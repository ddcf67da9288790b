"""The main screen's look-ups (each clause's quotes, the search index, the filter's tables)
are built in a worker with the cyclic collector waiting, and the first ones a process
builds are then frozen out of its way (briefing.format.collector.freeze_first_lookups):
at 100,000 quotes each full pass walked them, 15–40 ms that fell on a key now and then
(benchmarks: a backspace of 42 ms with a 35 ms pass inside it). Later look-ups, after the
view changes, are not frozen: freezing then would pin the cycles of screens opened by then.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from briefing.format import collector
from briefing.format.dates import parse_as_of
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from tests.helpers import settle, wait_until


@pytest.fixture
def freeze_unspent(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's one freeze still to make (conftest takes it as spent); what it froze
    is given back to the collector afterwards."""
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


def test_only_the_first_call_freezes_and_it_frees_cycles_rather_than_pin_them(
    freeze_unspent: None,
) -> None:
    gc.disable()  # as while the look-ups are built: the cycle is not collected meanwhile
    try:
        garbage = Cycle()
        watched = weakref.ref(garbage)
        del garbage
        assert watched() is not None
        before = gc.get_freeze_count()
        made = [[index] for index in range(100)]  # lists: objects the collector tracks
        assert tracked(made)
        assert collector.freeze_first_lookups() is True
        assert not tracked(made) and gc.get_freeze_count() > before
        assert watched() is None  # collected first, not pinned for good
    finally:
        gc.enable()
    later = [[index] for index in range(100)]
    frozen = gc.get_freeze_count()
    assert collector.freeze_first_lookups() is False
    assert tracked(later) and gc.get_freeze_count() == frozen


async def test_the_first_lookups_are_frozen_and_those_of_a_new_view_are_not(
    sample_doc, make_session, freeze_unspent: None
) -> None:
    app = BriefingApp(make_session(sample_doc))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        first = app.session.search_ready()
        assert first is not None, "the look-ups were not built"
        assert not tracked(first) and not tracked(first.haystacks)
        assert collector._lookups_frozen
        app.set_as_of(parse_as_of("2025-11-21"))  # a new view: its own index and look-ups
        await wait_until(
            pilot,
            lambda: (found := app.session.search_ready()) is not None and found is not first,
            "the new view's look-ups",
        )
        await settle(app, pilot)
        second = app.session.search_ready()
        assert second is not None and tracked(second) and tracked(second.haystacks)


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
    sample_doc, make_session, monkeypatch: pytest.MonkeyPatch, freeze_unspent: None
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
