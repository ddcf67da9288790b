"""Ending on a signal, or when the terminal is gone, without losing the analyst's notes or
leaving the terminal broken. No Textual here: the app's terminal driver wires it in.

What happens, in order (see `BriefingApp.end_on_signal` and `TerminalDriver`):
1. SIGTERM (`kill`), SIGHUP (the SSH connection dropped), SIGINT or SIGQUIT arrives, or the
   terminal is found to have hung up without a signal (a write to it fails, or a check
   every second finds it gone): taken as SIGHUP.
2. A terminal that has hung up is let go of first: standard output and error point at
   /dev/null, so nothing that follows can fail, block or print a traceback on it.
3. The notes are written at once, blocking: the editor's text and every note the disk
   refused, to the notebook when it takes them, else to an unsaved-notes file.
4. The app quits the normal way, which restores the terminal (alternate screen, mouse,
   cursor). Should that not be over within `GRACE` seconds, or another signal come, the
   process ends at once, after one more try at restoring the terminal.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import signal
import termios
import threading
from collections.abc import Callable
from typing import Final, NoReturn, TextIO

HANDLED: Final = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT)
"""The signals that end the app the way q does (SIGKILL cannot be caught: it loses at most
the last second of typing, see `briefing.screens.note.SAVE_WITHIN`)."""
WATCH_EVERY: Final = 1.0
"""Seconds between checks that the terminal is still there (a pty closed under a process
that is not its session's leader sends no SIGHUP; reading it then gives only end-of-file,
which Textual's input thread takes for no input)."""
GRACE: Final = 5.0
"""Seconds the normal exit may take once the notes are written, before the process ends."""
RESTORE_WAIT: Final = 0.5
"""Seconds a last restore of the terminal may take (a terminal that stopped reading blocks)."""
RESTORE: Final = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # mouse reporting off
    "\x1b[?2004l"  # bracketed paste off
    "\x1b[?7h"  # line wrap back on
    "\x1b[<u"  # the Kitty keyboard protocol off (before leaving the alternate screen)
    "\x1b[?1049l"  # the main screen back
    "\x1b[?25h"  # cursor shown
    "\x1b[?1004l"  # focus reports off
)
"""What Textual's LinuxDriver.stop_application_mode writes, for when it cannot run."""


def exit_code(signum: int) -> int:
    """The shell's convention for a process ended by a signal."""
    return 128 + signum


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def hung_up(fd: int) -> bool:
    """Whether `fd` is a terminal that has hung up (its pty closed: asking it anything then
    fails with EIO). Not a terminal at all is not hung up."""
    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return bool(error.args[0] == errno.EIO)
    except (OSError, ValueError):
        return False
    return False


def watch_terminal(fd: int, gone: Callable[[], None], stop: threading.Event) -> threading.Thread:
    """Check every WATCH_EVERY s, in a daemon thread, that the terminal `fd` has not hung
    up; when it has, call `gone` (once) and stop. `stop` ends the watch."""

    def watch() -> None:
        while not stop.wait(WATCH_EVERY):
            if hung_up(fd):
                gone()
                return

    watcher = threading.Thread(target=watch, name="watch-terminal", daemon=True)
    watcher.start()
    return watcher


def let_go_of_terminal() -> None:
    """Point standard output and error at /dev/null (the terminal has hung up: every write
    to it fails, and an error printed there would be an error printed to no one)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)


class SturdyOutput:
    """The terminal as Textual's writer thread writes to it. A write the terminal refuses
    (EIO once it has hung up) would end that thread, and the app would then block for good
    on its full queue, notes unsaved: here it is dropped instead, and `gone` is called (once,
    from the writer thread)."""

    def __init__(self, file: TextIO, gone: Callable[[], None]) -> None:
        self._file = file
        self._gone = gone
        self.dead = False

    def write(self, text: str) -> None:
        if not self.dead:
            self._guard(self._file.write, text)

    def flush(self) -> None:
        if not self.dead:
            self._guard(self._file.flush)

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True

    def _guard(self, call: Callable[..., object], *args: object) -> None:
        try:
            call(*args)
        except (OSError, ValueError):  # EIO, a closed file
            self.dead = True
            self._gone()


def end_now(code: int, restore: Callable[[], None]) -> NoReturn:
    """End the process at once, after trying (for at most RESTORE_WAIT s) to restore the
    terminal. Only once the notes are written."""
    writer = threading.Thread(target=restore, name="restore-terminal", daemon=True)
    writer.start()
    writer.join(RESTORE_WAIT)
    os._exit(code)


def end_within(seconds: float, code: int, restore: Callable[[], None]) -> threading.Timer:
    """End the process after `seconds` unless it has exited by then (a daemon timer).

    "Exited" is reached once every thread but the daemons is over and the interpreter runs
    its exit handlers: the timer is cancelled there, first of them (registered last), so
    it never cuts short a handler that writes a file (coverage's data under the tests,
    whose cut-off SQLite file CI reported as corrupt). A thread that never ends still
    meets the timer: Python waits for such threads before it runs the exit handlers."""
    timer = threading.Timer(seconds, end_now, (code, restore))
    timer.daemon = True
    timer.name = "end-within"
    timer.start()
    atexit.register(timer.cancel)
    return timer
