"""The `briefing` command's entry point, and `python -m briefing`'s.

Python's cyclic collector is held off from here, the command's first line, until the
app's first frame (`briefing.format.collector.hold_start`): the start builds some 200,000
objects and leaves almost no cycles, and the collector's passes over them cost ~12 ms of a
~170 ms start. Every command but the interactive app lets it run again as soon as its
arguments are read; the app does so after its first frame, and this function in any case
when the command ends.

A large file given to `--feed` is read and hashed in a thread from here too, while the
modules load (`briefing.disk.preread`): ~55 ms of a 59 MB document's start off its path;
so is the file `briefing validate PATH` checks (read, not hashed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from briefing.disk import preread
from briefing.format.collector import hold_start, release_start


def begin(argv: Sequence[str]) -> None:
    """What the command does on its first line, before any other import (the benchmark's
    launcher, `benchmarks/launch.py`, does it too): the collector held, and a large
    `--feed` file (or the one `validate` checks) read meanwhile."""
    hold_start()
    preread.start(argv)


def main(argv: Sequence[str] | None = None) -> int:
    begin(sys.argv[1:] if argv is None else argv)
    try:
        from briefing import cli

        code = cli.main(argv)
    finally:
        release_start()
    if argv is None and cli.kept is not None:
        end_now(code)
    return code


def end_now(code: int) -> None:
    """End the process with `code` once its output is out, without taking apart what it
    built: a validated document of 100k quotes is ~1.5 million objects, and freeing them
    one by one (the interpreter's exit does) costs ~60 ms of a ~450 ms `briefing
    validate`. Only the console script does this (`argv` None), after a command that kept
    its document for it (`cli.kept`) and so holds nothing else to finish: no file open
    for writing, no handler but the null one, no thread but a daemon one reading a file
    (`preread`). Output that cannot be flushed leaves the exit to the interpreter, which
    reports it as always."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with that descriptor closed (`2>&-`)
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
