"""Pausing Python's cyclic garbage collector around bulk work that builds a large heap.

While a large document is decoded and checked, or the search index built, the collector
would walk the growing heap again and again for nothing (a decoded document holds no
cycles; the index none either), and a full pass run from a worker thread holds the
interpreter from the app's thread for as long as it takes. Reference counting still frees
everything as usual; only the search for cycles waits until the outermost pause ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block (nested or from several threads: on again when the
    last block ends, if it was on when the first began)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
