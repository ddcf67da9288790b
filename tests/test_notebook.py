"""Notes and flags on disk: private, atomic, never silently overwritten, never dropped."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.disk import paths
from briefing.disk.notebook import Notebook, clause_key, quote_key
from briefing.format.load import load_bytes

NOW = "2025-11-24T12:00:00+00:00"


def book() -> Notebook:
    return Notebook.for_briefing(paths.user_dirs().data, "sample-accord")


def test_a_note_is_saved_privately_and_read_back():
    first = book()
    saved = first.save(clause_key("ceasefire"), "Watch the line.", NOW)
    assert saved.text == "Watch the line." and not saved.conflict
    again = book()
    assert again.text(clause_key("ceasefire")) == "Watch the line."
    assert stat.S_IMODE(again.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(again.path.parent.stat().st_mode) == 0o700
    assert again.path.is_relative_to(paths.user_dirs().data)


def test_an_empty_note_is_removed_and_the_previous_file_kept_as_backup():
    notes = book()
    notes.save(clause_key("ceasefire"), "one", NOW)
    notes.save(clause_key("ceasefire"), "two", NOW)
    assert json.loads(notes.backup.read_text())["notes"]["clause:ceasefire"]["text"] == "one"
    notes.save(clause_key("ceasefire"), "", NOW)
    assert not book().has(clause_key("ceasefire"))


def test_two_sessions_editing_one_note_keep_both_texts():
    mine, theirs = book(), book()  # both read the file before either wrote
    mine.save(quote_key("q2"), "My reading: a hard no.", NOW)
    result = theirs.save(quote_key("q2"), "Their reading: posturing.", "2025-11-24T12:01:00+00:00")
    assert result.conflict
    stored = book().text(quote_key("q2"))
    assert stored.startswith("Their reading: posturing.")
    assert "also written in another session" in stored and "My reading: a hard no." in stored
    # Once merged, the next save from either side is an ordinary save.
    assert not theirs.save(quote_key("q2"), stored + " Agreed.", NOW).conflict


def test_without_locks_two_sessions_editing_one_note_still_keep_both_texts(
    no_locks: list[int],
):
    """S4 (flock → ENOLCK, as on NFS without lockd): the same two sessions as above, with no
    lock at all. Compare-and-swap alone keeps both texts, and nothing waits."""
    started = time.monotonic()
    mine, theirs = book(), book()
    mine.save(quote_key("q2"), "My reading: a hard no.", NOW)
    result = theirs.save(quote_key("q2"), "Their reading: posturing.", "2025-11-24T12:01:00+00:00")
    assert result.conflict and no_locks  # the locks were asked for, and refused
    stored = book().text(quote_key("q2"))
    assert stored.startswith("Their reading: posturing.")
    assert "also written in another session" in stored and "My reading: a hard no." in stored
    assert time.monotonic() - started < 2.0


def race_first_fsync(monkeypatch: pytest.MonkeyPatch, other: Callable[[], object]) -> list[bool]:
    """Run `other` (another session's write) inside the next fsync, once: after this
    session has read the file and before it renames its new version in. The list
    returned holds True once it ran."""
    real_fsync = os.fsync
    raced: list[bool] = []

    def fsync_racing(fd: int) -> None:
        real_fsync(fd)
        if not raced:
            raced.append(True)
            other()

    monkeypatch.setattr(os, "fsync", fsync_racing)  # what storage calls
    return raced


def test_without_locks_a_save_racing_another_between_read_and_rename_loses_nothing(
    no_locks: list[int], monkeypatch: pytest.MonkeyPatch
):
    """S4: with no lock, another session saves the same note after this one has read the
    file but before it renames its new version in (here: inside this save's fsync). The
    compare-and-swap just before the rename sees the file changed, reads it again and keeps
    both texts; without it the other session's text would be lost."""
    key = quote_key("q2")
    book().save(key, "Agreed base.", NOW)
    mine, theirs = book(), book()
    raced = race_first_fsync(
        monkeypatch,
        lambda: theirs.save(key, "Their text, written meanwhile.", "2025-11-24T12:01:00+00:00"),
    )
    result = mine.save(key, "My text.", "2025-11-24T12:02:00+00:00")
    assert raced and result.conflict
    stored = book().text(key)
    assert stored.startswith("My text.") and "Their text, written meanwhile." in stored


def test_without_locks_a_flag_toggled_while_another_saves_a_note_loses_neither(
    no_locks: list[int], monkeypatch: pytest.MonkeyPatch
):
    """S4: the flags live in the notes file; a flag written over a version another session
    saved since it was read (no lock on NFS) used to drop that session's note."""
    mine, theirs = book(), book()
    raced = race_first_fsync(
        monkeypatch,
        lambda: theirs.save(clause_key("army-cap"), "Their note, written meanwhile.", NOW),
    )
    assert mine.toggle_flag("sanctions") is True
    assert raced
    final = book()
    assert final.flags == {"sanctions"}
    assert final.text(clause_key("army-cap")) == "Their note, written meanwhile."


def test_sessions_editing_different_notes_lose_nothing():
    mine, theirs = book(), book()
    mine.save(clause_key("ceasefire"), "A", NOW)
    theirs.save(clause_key("army-cap"), "B", NOW)
    mine.toggle_flag("sanctions")
    final = book()
    assert final.text(clause_key("ceasefire")) == "A"
    assert final.text(clause_key("army-cap")) == "B"
    assert final.flags == {"sanctions"}


def test_flags_toggle():
    notes = book()
    assert notes.toggle_flag("army-cap") is True
    assert book().flags == {"army-cap"}
    assert notes.toggle_flag("army-cap") is False
    assert book().flags == set()


def test_notes_on_clauses_that_left_the_feed_are_kept_as_orphans(sample_raw):
    notes = book()
    notes.save(clause_key("monitors"), "Who pays for them?", NOW)
    notes.save(quote_key("q4"), "Spokesperson unnamed.", NOW)
    notes.save(clause_key("ceasefire"), "Still here.", NOW)
    del sample_raw["clauses"][3]  # the feed drops clause 3a (monitors)…
    sample_raw["quotes"] = [q for q in sample_raw["quotes"] if q["id"] != "q4"]  # …and a quote
    newer = load_bytes(json.dumps(sample_raw).encode())
    orphans = dict(book().orphans(newer))
    assert set(orphans) == {"clause:monitors", "quote:q4"}
    assert orphans["clause:monitors"].text == "Who pays for them?"


def test_a_corrupt_notes_file_is_set_aside_and_the_backup_used():
    notes = book()
    notes.save(clause_key("ceasefire"), "first", NOW)
    notes.save(clause_key("ceasefire"), "second", NOW)
    notes.path.write_bytes(b"{broken")
    recovered = book()
    assert recovered.text(clause_key("ceasefire")) == "first"  # from notes.json.bak
    assert recovered.note is not None and "set aside" in recovered.note
    assert [p for p in notes.path.parent.iterdir() if ".corrupt-" in p.name]


WRITER = """
import sys, time
from pathlib import Path
from briefing.disk.notebook import Notebook
book = Notebook.for_briefing(Path(sys.argv[1]), "sample-accord")
print("ready", flush=True)
sys.stdin.readline()
for i in range(40):
    book.save("clause:" + sys.argv[2], f"{sys.argv[2]} revision {i}", "2025-11-24T12:00:00+00:00")
    book.toggle_flag(sys.argv[2])
print("done", flush=True)
"""


def test_two_processes_writing_notes_at_once_lose_nothing(tmp_path: Path):
    data = paths.user_dirs().data
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("ceasefire", "army-cap")
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:  # release both at once
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0 and "done" in out
    final = book()
    assert final.text(clause_key("ceasefire")) == "ceasefire revision 39"
    assert final.text(clause_key("army-cap")) == "army-cap revision 39"
    assert final.flags == set()  # 40 toggles each: every one of them counted
