"""Run an app for the end-to-end key benchmark with the text cursor's blink stopped.

    python -m benchmarks.launch briefing --feed PATH
    python -m benchmarks.launch benchmarks.bare

The benchmark waits until the terminal has received nothing for 250 ms; an input's
cursor blinking every 500 ms would be taken for the screen still changing. The cursor
stays shown (the timer that toggles it does nothing); nothing else is changed.
"""

from __future__ import annotations

import runpy
import sys

from textual.widgets._input import Input


def _no_blink(self: Input) -> None:
    self._cursor_visible = True


def main() -> None:
    Input._toggle_cursor = _no_blink  # type: ignore[method-assign]
    module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
