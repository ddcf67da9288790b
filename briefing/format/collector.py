"""Pausing Python's cyclic garbage collector around bulk work that builds a large heap.

While a large document is decoded and checked, or the search index built, the collector
would walk the growing heap again and again for nothing (a decoded document holds no
cycles; the index none either), and a full pass run from a worker thread holds the
interpreter from the app's thread for as long as it takes. Reference counting still frees
everything as usual; only the search for cycles waits until the outermost pause ends.

What lives as long as the app is then frozen out of the collector's way (`gc.freeze`): what
the start built, at its first frame (`release_start`), and each view's look-ups once the
main screen's worker has built them, with the document they read (`freeze_lookups`).
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
    the collector's way (`gc.freeze`: the few cycles it left stay, until `freeze_lookups`
    gives everything back to the collector for a pass), and the collector runs again once
    no other pause holds it. Nothing when not held."""
    global _held
    with _lock:
        if _held:
            _held = False
            gc.freeze()
            _resume()


freezing = True
"""Whether `freeze_lookups` freezes anything (the tests switch it off: tests/conftest.py)."""

_lookups_frozen = False
"""Whether `freeze_lookups` has frozen anything yet in this process."""


def freeze_lookups() -> bool:
    """Freeze what lives until the view changes out of the collector's way, once the main
    screen's worker has built a view's look-ups (each clause's quotes, the search index
    and the filter's tables: some 140,000 lists, sets and dicts at 100,000 quotes), as the
    start's objects are at the first frame. Left to it, each full pass walked them, and the
    document's lists beside them, 15–40 ms a few times in a minute that fell on whatever
    key came next, and ~45 ms after each screen that closes (`screens/base.py` runs a pass
    then). So after every new view (a refresh that changed the briefing, an as-of moment),
    not only the first: with only the first frozen, every closed screen cost ~45 ms again
    after the first refresh with a change, for the rest of the session.

    `gc.freeze` pins every object the collector tracks, not only these. A full pass runs
    first, so cycles left since are freed rather than pinned, and what is pinned is alive:
    the app, its main screen and the new view (the main screen calls this when it is on
    top, in the app's thread, so that no page is open then and no pass of that thread is
    under way). From the second call on, everything frozen is given back to the collector
    first (`gc.unfreeze`: the start's objects too), so whatever was alive at the last
    freeze and has become cyclic garbage since (a notification, a screen) is freed by
    this pass rather than pinned for good. That pass walks everything the collector
    tracks (not the document, once a pass has met it: its lists are tuples of untracked
    items, which the collector stops tracking then, model.py): 30–42 ms in process at
    10,000 clauses / 100,000 quotes, 110–150 ms in tmux with the app's own objects (the
    first call, which walks only what is not frozen yet, 15–45 ms), once per view; a key
    pressed meanwhile waits for it.
    Returns whether it froze (False: switched off)."""
    global _lookups_frozen
    with _lock:
        if not freezing:
            return False
        if _lookups_frozen:
            gc.unfreeze()
        _lookups_frozen = True
        gc.collect()
        gc.freeze()
        return True
