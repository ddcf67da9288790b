"""The note editor saves while the analyst types, and one save at a time (red-team findings).

- A note typed steadily, never pausing, is saved at least every second: the save used to
  wait for a pause of 0.5 s, so an analyst who never paused had nothing on disk.
- Two saves of one note overlapping in one session (Esc during the pause's save) are not
  taken for two sessions' texts: the later save used to read this session's last text
  before the earlier one had finished, and kept both, marked as a conflict.

See tests/test_signals.py for the same in a real terminal, and for signals.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from briefing.disk.notebook import clause_key
from briefing.screens import note as note_module
from briefing.screens.note import NoteScreen
from tests.helpers import settle, wait_until
from tests.signal_helpers import slow_writes, stored_notes, typed_before, work_app

CEASEFIRE = clause_key("ceasefire")


async def test_a_note_typed_without_a_pause_is_saved_at_least_every_second(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """Keys every 0.1 s, the pause the save waits for 0.3 s and the longest wait 0.6 s (the
    app's 0.5 s and 1 s, shorter): all along, what is on disk is what was typed, less at
    most the last SAVE_WITHIN and a key (plus the time a save takes, under load: 1.2 s in
    all). It used to be nothing at all: each key put the save off again."""
    monkeypatch.setattr(note_module, "SAVE_AFTER", 0.3)
    monkeypatch.setattr(note_module, "SAVE_WITHIN", 0.6, raising=False)
    text = "The line of contact is the crux of it."
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        sent: list[tuple[float, str]] = []
        behind: list[tuple[str, str]] = []
        for index, char in enumerate(text):
            await pilot.press(char)
            sent.append((time.monotonic(), text[: index + 1]))
            await pilot.pause(0.1)
            saved = stored_notes().get(CEASEFIRE, "")
            assert text.startswith(saved)
            due = typed_before(sent, time.monotonic() - 0.6 - 0.6)
            if not saved.startswith(due):
                behind.append((due, saved))
        assert not behind, behind
        await pilot.press("escape")
        await settle(app, pilot)
    assert stored_notes() == {CEASEFIRE: text}


async def test_closing_the_editor_during_a_save_is_not_a_conflict_with_itself(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """Esc while the pause's save is still writing: the closing save read this session's
    last text before the first save had finished, took the first save's text for another
    session's, and kept both, marked 'also written in another session'."""
    monkeypatch.setattr(note_module, "SAVE_AFTER", 0.1)
    begun = slow_writes(monkeypatch, 0.4)
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"Hold the line")
        await wait_until(pilot, begun.is_set)
        await pilot.press(*" now", "escape")
        await settle(app, pilot)
        messages = [str(n.message) for n in app._notifications]
    assert stored_notes() == {CEASEFIRE: "Hold the line now"}
    assert not any("another session" in m for m in messages), messages
