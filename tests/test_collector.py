"""The collector is paused around bulk work and on again when the outermost pause ends."""

from __future__ import annotations

import gc
import threading

from briefing.format.collector import collector_paused


def test_nested_pauses_end_with_the_outermost() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_in_another_thread_overlapping_keeps_it_off_until_both_end() -> None:
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            leave.wait()

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        inside.wait()
    assert not gc.isenabled()  # the other thread's pause still runs
    leave.set()
    worker.join()
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
