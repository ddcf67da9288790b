"""A lone Escape is taken once `ESCDELAY` passes, not at Textual's next 0.1 s look at the
time (`briefing/tui/driver.py`): the input thread waits for input no longer than the
parser's pending timeout. Measured end to end by the benchmark's Escape row (with
`ESCDELAY=25`, 2026-12-07: p50 62 ms, against 138 for the bare Textual app)."""

from __future__ import annotations

import pytest
from textual import constants
from textual._xterm_parser import XTermParser

from briefing.tui.driver import POLL, input_wait


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
