"""Pausing Python's cyclic garbage collector around bulk work that builds a large heap.

While a large document is decoded and checked, or the search index built, the collector
would walk the growing heap again and again for nothing (a decoded document holds no
cycles; the index none either), and a full pass run from a worker thread holds the
interpreter from the app's thread for as long as it takes. Reference counting still frees
everything as usual; only the search for cycles waits until the outermost pause ends.

What lives as long as the app is then frozen out of the collector's way (`gc.freeze`): what
the start built, at its first frame (`release_start`), and the first look-ups the main
screen builds (`freeze_first_lookups`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


def _pause() -> None:
    global _depth, _was_enabled
    if _depth == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _depth += 1


def _resume() -> None:
    global _depth
    _depth -= 1
    if _depth == 0 and _was_enabled:
        gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block (nested or from several threads: on again when the
    last block ends, if it was on when the first began)."""
    with _lock:
        _pause()
    try:
        yield
    finally:
        with _lock:
            _resume()


_held = False
"""Whether the start holds the collector (`hold_start`): a pause like any other."""


def hold_start() -> None:
    """The collector off from the command's first line until `release_start`: the app's
    first frame. A start builds some 200,000 objects (modules, classes, the app and its
    widgets) and leaves almost no cycles (~1,600 objects at the first frame), yet the
    collector walked them again and again: ~12 ms of a ~170 ms start. A second call does
    nothing; `collector_paused` blocks within the hold nest in it as in any pause."""
    global _held
    with _lock:
        if not _held:
            _held = True
            _pause()


def release_start() -> None:
    """The start is over: what it built lives as long as the app, so it is frozen out of
    the collector's way (`gc.freeze`: the few cycles it left stay, never collected), and
    the collector runs again once no other pause holds it. Nothing when not held."""
    global _held
    with _lock:
        if _held:
            _held = False
            gc.freeze()
            _resume()


_lookups_frozen = False
"""Whether `freeze_first_lookups` has frozen anything yet (it does so once a process)."""


def freeze_first_lookups() -> bool:
    """The first look-ups built (the main screen's worker, just after the start: each
    clause's quotes, the search index and the filter's tables, some 140,000 lists, sets and
    dicts at 100,000 quotes) are frozen out of the collector's way, as the start's objects
    are at the first frame: left to it, each full pass walked them, 15–40 ms of the
    interpreter's time that fell on whatever key came next, a few times in a minute. They
    live until a refresh replaces them, when reference counting frees them (they hold no
    cycles).

    `gc.freeze` pins every object the collector tracks, not only these: a full pass runs
    first (once, in the worker: 36 ms at 100,000 quotes in tmux), so the cycles left since the
    first frame are freed rather than pinned, and what is pinned is alive: the app, its
    main screen, and whatever screen is open at that moment (its cycles, should it close
    later, are never collected; once, a few seconds after the start). Only the first call
    does this (True): look-ups built later are not frozen, since each freeze would pin the
    screens open then."""
    global _lookups_frozen
    with _lock:
        if _lookups_frozen:
            return False
        _lookups_frozen = True
        gc.collect()
        gc.freeze()
        return True
