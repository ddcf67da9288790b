"""A lone Escape is taken once `ESCDELAY` passes, not at Textual's next 0.1 s look at the
time (`briefing/tui/driver.py`): the input thread waits for input no longer than the
parser's pending timeout (`input_wait`, and the driver's loop over a pseudo-terminal). Measured end to end by the benchmark's Escape row (with
`ESCDELAY=25`, 2026-12-07: p50 62 ms, against 138 for the bare Textual app)."""

from __future__ import annotations

import os
import selectors
import threading
import tty
from typing import Any

import pytest
from textual import constants
from textual._xterm_parser import XTermParser

from briefing.tui.driver import POLL, TerminalDriver, input_wait


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
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.02)
    waits: list[float | None] = []
    real_select = selectors.SelectSelector.select

    def select(self: selectors.SelectSelector, timeout: float | None = None) -> Any:
        waits.append(timeout)
        return real_select(self, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "select", select)
    master, slave = os.openpty()
    tty.setraw(slave)  # as the app's terminal is: each key as it comes
    driver = TerminalDriver.__new__(TerminalDriver)  # its loop alone: no app, no terminal
    driver.fileno, driver._debug, driver.exit_event = slave, False, threading.Event()
    keys: list[str] = []
    escaped = threading.Event()

    def process_message(event: Any) -> None:
        keys.append(event.key)
        if event.key == "escape":
            escaped.set()

    driver.process_message = process_message  # type: ignore[method-assign,assignment]
    thread = threading.Thread(target=driver._read_input, daemon=True)
    thread.start()
    try:
        os.write(master, b"j\x1b")
        assert escaped.wait(10), keys  # a guard against a hang, not a timing
        assert keys == ["j", "escape"]
        assert POLL in waits  # nothing pending: the usual wait
        assert any(wait is not None and wait <= 0.02 for wait in waits)  # the Escape due
    finally:
        driver.exit_event.set()
        thread.join(10)
        os.close(master)
        os.close(slave)
    assert not thread.is_alive()
