"""The search index built in a worker thread gives way to the main thread while that one is
busy (drawing a key), and not while it waits for input or when the index is wanted."""

from __future__ import annotations

import selectors
import socket
import sys
import threading
from collections.abc import Callable

import pytest

from briefing.reading.search import GiveWay


def pauses_in_worker(
    give_way: GiveWay, main_waits: Callable[[threading.Event], None]
) -> list[float]:
    """The sleeps `give_way` takes when called from a worker while the main thread does
    `main_waits(done)` (which returns once `done` is set)."""
    slept: list[float] = []
    done = threading.Event()

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        give_way.hurry.set()  # one is enough to tell; stop pausing

    give_way.sleep = sleep

    def work() -> None:
        give_way()
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    main_waits(done)
    worker.join()
    return slept


def test_it_pauses_while_the_main_thread_runs_code() -> None:
    def busy(done: threading.Event) -> None:
        while not done.is_set():
            sum(range(100))

    assert pauses_in_worker(GiveWay(every=0.0), busy)


def test_it_does_not_pause_while_the_main_thread_waits_in_its_selector() -> None:
    give_way = GiveWay(every=0.0)
    slept: list[float] = []
    give_way.sleep = slept.append
    ours, theirs = socket.socketpair()
    main = threading.main_thread().ident

    def in_selector() -> bool:
        frame = sys._current_frames().get(main)  # type: ignore[arg-type]
        return frame is not None and frame.f_code.co_filename.endswith("selectors.py")

    def work() -> None:
        while not in_selector():  # until the main thread waits for input
            threading.Event().wait(0.001)
        give_way()
        theirs.send(b"x")

    with ours, theirs, selectors.DefaultSelector() as selector:
        selector.register(ours, selectors.EVENT_READ)
        worker = threading.Thread(target=work)
        worker.start()
        selector.select()
        worker.join()
    assert slept == []


def test_it_does_not_pause_when_the_index_is_wanted() -> None:
    hurry = threading.Event()
    hurry.set()

    def busy(done: threading.Event) -> None:
        while not done.is_set():
            sum(range(100))

    assert pauses_in_worker(GiveWay(hurry, every=0.0), busy) == []


def test_while_it_is_used_the_interpreter_switches_threads_sooner() -> None:
    before = sys.getswitchinterval()
    with GiveWay(switch=0.0005) as give_way:
        assert sys.getswitchinterval() == 0.0005
        give_way()
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), GiveWay(switch=0.0005):
        raise RuntimeError("the work failed")
    assert sys.getswitchinterval() == before
