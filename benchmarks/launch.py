"""Run an app for the end-to-end key benchmark with the clocks that change the screen stopped.

    python -m benchmarks.launch briefing --feed PATH
    python -m benchmarks.launch benchmarks.bare

The benchmark waits until the terminal has received nothing for 250 ms: anything that
changes the screen on a timer would be counted as the key's doing. Two things do: an
input's cursor blinking every 500 ms (it stays shown) and, for `briefing`, the main
screen's countdown ticking every second (its ticks do nothing, so it shows the time it
was drawn at, as after `--as-of`). Nothing else is changed; the bare app (which has
neither) runs under it unchanged, so both pay the same for it at start-up. For
`briefing`, the launcher first does what the command's entry point does first (hold
Python's cyclic collector until the first frame, and start reading a large `--feed` file
in a thread), since it imports before running it.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any


def _no_blink(self: Any) -> None:
    self._cursor_visible = True


def _no_tick(self: object) -> None:
    return None


def main() -> None:
    module, *args = sys.argv[1:]
    if module == "briefing":  # it imports both before its first paint anyway
        # As `briefing`'s entry point does on its first line, before these imports (which
        # are part of its start here). `python -m briefing` below does it again, which
        # does nothing the second time.
        from briefing.entry import begin

        begin(args)
        from textual.widgets._input import Input

        from briefing.widgets.countdown import Countdown

        Input._toggle_cursor = _no_blink  # type: ignore[method-assign]
        Countdown._tick = _no_tick  # type: ignore[method-assign]
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
