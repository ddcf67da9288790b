"""Textual's Unix terminal driver, with the endings it leaves out (`briefing.services.shutdown`)."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import termios
import threading
from codecs import getincrementaldecoder
from typing import Any, Final

from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

from briefing.services import shutdown

POLL = 0.1
"""Seconds Textual's input thread waits for input before it looks at the time (and at
whether the app is ending)."""


SEQUENCE_STARTS: Final = frozenset("\x1b[O")
"""What may follow ESC within one thing a terminal sends unasked (CSI `[`: arrows, function
keys, mouse, focus, paste, kitty keys, resize; SS3 `O`: arrows and F1–F4 in application
mode; ESC itself): a lone ESC read before one of these may be a key's sequence split in
transit, and is left to Textual. (`P`, `]`, `_`, `^` begin only replies to queries, which
neither Textual nor the app sends.)"""

PASTE_START: Final = "\x1b[200~"
PASTE_END: Final = "\x1b[201~"


def typed_apart(pending: bool, data: str) -> bool:
    """Whether a lone ESC the parser holds (`pending`: the last read ended with it, nothing
    has timed it out, and no bracketed paste is open) was its own key, given the next
    read's `data`: a terminal sends Alt+F as ESC F in one write, but Escape and then F
    typed a moment apart (within `ESCDELAY`) come in two. Textual reads both as
    alt+shift+f, so a quick Escape, F left the search field with an F typed into it
    instead of going back and filtering (and Escape, Backspace deleted a word: ctrl+w)."""
    return pending and bool(data) and data[0] not in SEQUENCE_STARTS


def pasting(was: bool, data: str) -> bool:
    """Whether a bracketed paste is open after `data` (it was before it: `was`). An ESC in
    pasted text is text: a paste split after one is not two keys."""
    start, end = data.rfind(PASTE_START), data.rfind(PASTE_END)
    if start == end:  # neither (both -1): as it was
        return was
    return start > end


def input_wait(parser: XTermParser) -> float:
    """How long the input thread may wait for input: `POLL`, or until the parser's pending
    timeout (a lone Escape is taken once `ESCDELAY` passes with nothing after it)."""
    due = parser._timeout_time
    if due is None:
        return POLL
    return min(POLL, max(0.0, due - get_time()))


class TerminalDriver(LinuxDriver):
    """Textual's Unix terminal driver, and the endings it leaves out (`briefing.services.shutdown`):
    SIGTERM, SIGHUP, SIGINT and SIGQUIT end the app as q does (`end_on_signal`: notes
    written first, then the normal exit, which restores the terminal), and a terminal that
    hangs up is taken for SIGHUP, whether a SIGHUP comes or not, instead of stopping
    Textual's writer or input thread (or leaving the input thread reading end-of-file)."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        assert self._file is not None, "no standard error to draw on"
        self._output = shutdown.SturdyOutput(self._file, self._hung_up)
        self._file = self._output  # type: ignore[assignment]  # what the writer thread writes to
        self._ending = False
        self._watching = threading.Event()
        for signum in shutdown.HANDLED:  # self._loop: the app's, running
            self._loop.add_signal_handler(signum, self.end_on_signal, signum)

    def start_application_mode(self) -> None:
        self._watching = threading.Event()
        shutdown.watch_terminal(self.fileno, self._hung_up, self._watching)
        super().start_application_mode()  # type: ignore[no-untyped-call]  # Textual's own

    def suspend_application_mode(self) -> None:
        """SIGTSTP: as Textual does (Driver.suspend_application_mode), but the signals stay
        handled: one sent while the process is stopped is taken when it continues."""
        self._watching.set()
        self.stop_application_mode()
        super().close()  # LinuxDriver's: the writer thread

    def close(self) -> None:
        self._watching.set()
        for signum in shutdown.HANDLED:
            self._loop.remove_signal_handler(signum)
        super().close()

    def run_input_thread(self) -> None:
        try:
            self._read_input()
        except OSError:  # EIO: the terminal has hung up
            self._hung_up()

    def _read_input(self) -> None:
        """Textual's input loop (`LinuxDriver.run_input_thread`), with two changes:

        - it waits for input no longer than the parser's pending timeout (`input_wait`):
          Textual waits 0.1 s whatever it is, so a lone Escape came ~0.1 s after the key
          even with `ESCDELAY` set lower (Textual's own setting, in milliseconds, 100 by
          default);
        - a lone ESC that ended one read is the Escape key at once when the next read
          starts with anything but what may continue a sequence (`typed_apart`): two keys
          typed apart, not Alt and a key; not within a bracketed paste (`pasting`)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        lone_escape = False
        """The last read ended with an ESC that the parser still holds."""
        in_paste = False

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            nonlocal lone_escape, in_paste
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:  # stdin piped
                        break
                    pending = lone_escape and not in_paste and parser._timeout_time is not None
                    if typed_apart(pending, data):
                        parser._timeout_time = 0.0  # due now: the parser gives the Escape
                        for event in parser.tick():
                            self.process_message(event)
                    for event in parser.feed(data):
                        self.process_message(event)
                    lone_escape = data.endswith("\x1b")
                    in_paste = pasting(in_paste, data)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(input_wait(parser)))
            selector.unregister(self.fileno)
            process(selector.select(POLL), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass

    def _hung_up(self) -> None:
        """From the writer, input or watching thread: the terminal is gone."""
        self._output.dead = True
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the app is over
            self._loop.call_soon_threadsafe(self.end_on_signal, signal.SIGHUP)

    def end_on_signal(self, signum: int) -> None:
        code = shutdown.exit_code(signum)
        if self._ending:
            if signum == signal.SIGHUP and self._output.dead:
                return  # the same hang-up, seen twice
            shutdown.end_now(code, self.restore_now)  # a second signal: the notes are written
        self._ending = True
        if self._output.dead or shutdown.hung_up(self._output.fileno()):
            self._output.dead = True
            shutdown.let_go_of_terminal()
        try:
            end = getattr(self._app, "end_on_signal", None)
            if end is not None:
                end(signum)
            else:
                self._app.exit(return_code=code)
        except Exception:
            self._app.exit(return_code=code)
        finally:  # should the normal exit not be over soon
            shutdown.end_within(shutdown.GRACE, code, self.restore_now)

    def restore_now(self) -> None:
        """The terminal as it was before the app, at once (not through the writer thread)."""
        with contextlib.suppress(OSError, ValueError):
            os.write(self._output.fileno(), shutdown.RESTORE.encode())
        if self.attrs_before is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
