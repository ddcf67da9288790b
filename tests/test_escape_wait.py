"""A lone Escape is taken once `ESCDELAY` passes, not at Textual's next 0.1 s look at the
time (`briefing/tui/driver.py`): the input thread waits for input no longer than the
parser's pending timeout (`input_wait`, and the driver's loop over a pseudo-terminal).
Measured end to end by the benchmark's Escape row (with `ESCDELAY=25`, 2026-12-07: p50
62 ms, against 138 for the bare Textual app).

And Escape typed a moment before another key (within `ESCDELAY`) is Escape and that key,
not Alt and the key (`typed_apart`): the two come in two reads, where a terminal writes
Alt+F as ESC F at once."""

from __future__ import annotations

import os
import selectors
import threading
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from textual import constants
from textual._xterm_parser import XTermParser

from briefing.tui import driver as driver_module
from briefing.tui.driver import POLL, TerminalDriver, input_wait, pasting, typed_apart


def test_nothing_pending_waits_the_usual_poll() -> None:
    parser = XTermParser()
    assert input_wait(parser) == POLL
    assert [event.key for event in parser.feed("j\x1b[A")] == ["j", "up"]  # type: ignore[attr-defined]
    assert input_wait(parser) == POLL  # a whole sequence leaves nothing pending


def test_a_lone_escape_waits_no_longer_than_its_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.02)  # as ESCDELAY=20 sets it
    parser = XTermParser()
    assert list(parser.feed("\x1b")) == []  # an Escape, or the start of a sequence
    assert 0.0 <= input_wait(parser) <= 0.02  # Textual's loop waited 0.1 s
    # The rest of a sequence arriving in time makes it a key, and nothing is pending.
    assert [event.key for event in parser.feed("[B")] == ["down"]  # type: ignore[attr-defined]
    assert input_wait(parser) == POLL


def test_a_timeout_already_due_does_not_wait() -> None:
    parser = XTermParser()
    list(parser.feed("\x1b"))
    parser._timeout_time = 0.0  # long past
    assert input_wait(parser) == 0.0
    assert [event.key for event in parser.tick()] == ["escape"]  # type: ignore[attr-defined]
    assert input_wait(parser) == POLL


def test_the_drivers_input_loop_waits_only_until_a_lone_escape_is_due(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The driver's own loop over a real pseudo-terminal: after a lone Escape it waits for
    input no longer than `ESCDELAY` (Textual's loop waited its 0.1 s whatever that was),
    then gives the Escape key, and ends when the app does."""
    waits: list[float | None] = []
    real_select = selectors.SelectSelector.select

    def select(self: selectors.SelectSelector, timeout: float | None = None) -> Any:
        waits.append(timeout)
        return real_select(self, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "select", select)
    with input_loop(monkeypatch, delay=0.02) as (type_, keys, _reads):
        type_(b"j\x1b")
        assert until(keys, 2) == ["j", "escape"]
        assert POLL in waits  # nothing pending: the usual wait
        assert any(wait is not None and wait <= 0.02 for wait in waits)  # the Escape due


def test_a_lone_escape_before_another_read_is_its_own_key_unless_a_sequence_follows() -> None:
    assert typed_apart(True, "F")
    assert typed_apart(True, "\x7f")  # Backspace: Textual read ESC DEL as ctrl+w
    assert typed_apart(True, "\r") and typed_apart(True, "jk") and typed_apart(True, "P")
    for rest in ("[A", "OP", "\x1b"):  # an arrow, F1 (SS3), Alt+Escape: split after the ESC
        assert not typed_apart(True, rest)
    assert not typed_apart(False, "F")  # no ESC pending, or it came with more in its read
    assert not typed_apart(True, "")


def test_a_paste_is_open_from_its_start_to_its_end() -> None:
    assert pasting(False, "\x1b[200~text with an \x1b")
    assert pasting(True, "more text")
    assert not pasting(True, "the end\x1b[201~j")
    assert not pasting(False, "\x1b[200~whole\x1b[201~")
    assert pasting(False, "\x1b[200~a\x1b[201~\x1b[200~b")
    assert not pasting(False, "jk")


class Reads:
    """What the driver's input loop reads, read by read (its parser's `feed` calls)."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.lock = threading.Lock()

    def parser(self) -> type[XTermParser]:
        reads = self

        class Recording(XTermParser):
            def feed(self, data: str) -> Any:
                with reads.lock:
                    reads.chunks.append(data)
                return super().feed(data)

        return Recording

    def text(self) -> str:
        with self.lock:
            return "".join(self.chunks)


@contextmanager
def input_loop(
    monkeypatch: pytest.MonkeyPatch, delay: float = 30.0
) -> Iterator[tuple[Callable[[bytes], None], list[str], Reads]]:
    """The driver's own input loop reading a real pseudo-terminal in raw mode, as the app's
    terminal is (no app, no screen): yields a way to type bytes, which returns once the
    loop has read them all (its parser has been fed them), the keys the loop gave, and its
    reads. `delay`: ESCDELAY in seconds (by default no Escape is taken by the timeout)."""
    monkeypatch.setattr(constants, "ESCAPE_DELAY", delay)
    reads = Reads()
    monkeypatch.setattr(driver_module, "XTermParser", reads.parser())
    master, slave = os.openpty()
    tty.setraw(slave)
    driver = TerminalDriver.__new__(TerminalDriver)
    driver.fileno, driver._debug, driver.exit_event = slave, False, threading.Event()
    keys: list[str] = []
    driver.process_message = lambda event: keys.append(getattr(event, "key", type(event).__name__))  # type: ignore[method-assign,assignment]
    thread = threading.Thread(target=driver._read_input, daemon=True)
    thread.start()
    typed: list[str] = []

    def type_(data: bytes) -> None:
        typed.append(data.decode())
        os.write(master, data)
        deadline = time.monotonic() + 10  # a guard against a hang, not a timing
        while reads.text() != "".join(typed) and time.monotonic() < deadline:
            time.sleep(0.001)
        assert reads.text() == "".join(typed), "the input loop did not read what was typed"

    try:
        yield type_, keys, reads
    finally:
        driver.exit_event.set()
        thread.join(10)
        os.close(master)
        os.close(slave)
    assert not thread.is_alive()


def until(keys: list[str], count: int) -> list[str]:
    deadline = time.monotonic() + 10  # a guard against a hang: the keys come as they are read
    while len(keys) < count and time.monotonic() < deadline:
        time.sleep(0.001)
    return keys


def test_escape_then_a_key_in_another_read_are_two_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over a real pseudo-terminal, with an ESCDELAY far longer than the test: Escape then F
    typed apart are Escape and F (Textual: alt+shift+f, an F typed into a search field),
    Escape then Backspace are those two (Textual: ctrl+w, a word deleted), while ESC F
    written at once is still Alt+F, an arrow's sequence split after its ESC still the
    arrow, and a paste split after an ESC in its text still one paste."""
    with input_loop(monkeypatch) as (type_, keys, reads):
        type_(b"\x1b")
        assert keys == []  # an Escape, or the start of a sequence: not known yet
        type_(b"F")
        assert reads.chunks[-2:] == ["\x1b", "F"]  # two reads, as two keys typed apart
        assert until(keys, 2) == ["escape", "F"]
        type_(b"\x1b")
        type_(b"\x7f")
        assert until(keys, 4)[2:] == ["escape", "backspace"]
        type_(b"\x1b")
        type_(b"[A")
        assert reads.chunks[-2:] == ["\x1b", "[A"]
        assert until(keys, 5)[4:] == ["up"]
        # An ESC in pasted text ending a read: read as Textual reads it, no Escape added.
        chunks = ["\x1b[200~a\x1b", "b\x1b[201~", "j"]
        textual = XTermParser()
        expected = [
            getattr(event, "key", type(event).__name__)
            for chunk in chunks
            for event in textual.feed(chunk)
        ]
        assert "escape" not in expected and expected[-1] == "j"
        for chunk in chunks:
            type_(chunk.encode())
        assert until(keys, 5 + len(expected))[5:] == expected
        # Alt+F: the parser waits ESCDELAY for more after ESC F, as Textual's does.
        monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.01)
        type_(b"\x1bF")
        assert reads.chunks[-1] == "\x1bF"
        assert until(keys, 6 + len(expected))[5 + len(expected) :] == ["alt+shift+f"]
