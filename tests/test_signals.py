"""Signals and hang-ups lose no note and leave no broken terminal (red-team findings).

- A note typed steadily, never pausing, is saved at least every second (the save used to
  wait for a pause of 0.5 s, so an analyst who never paused had nothing on disk).
- SIGTERM, SIGHUP, SIGINT and SIGQUIT save the open editor's text and every note the disk
  refused, as q does (the notebook, else an unsaved-notes file named on exit), then quit the
  normal way, which restores the terminal (SIGHUP and SIGTERM used to kill the process with
  the alternate screen, the mouse reporting and a hidden cursor left on).
- A terminal that hangs up (the SSH connection gone: the pty closed, SIGHUP from the kernel)
  still gets the notes saved, and the process ends.
- A signal in the middle of a note save, a flag toggle or a refresh, and a second signal.
  (Saving while typing, and one save at a time: tests/test_note_saving.py.)

Pilot tests drive the app's own handler (`end_on_signal`) with the timers made short; the
tmux tests send real signals to the real `briefing` process (tests/signal_helpers.py).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from briefing.disk import paths, storage
from briefing.disk.notebook import CONFLICT, Notebook, clause_key
from briefing.screens import note as note_module
from briefing.screens.note import NoteScreen
from briefing.services import shutdown
from briefing.services.analyst import Analyst
from briefing.tui.app import BriefingApp
from briefing.tui.keeper import NotesKeeper
from tests.conftest import SAMPLE
from tests.crashloop import seed_notes, write_desk_config
from tests.feedserver import FeedServer, Route
from tests.helpers import run_cli, settle, wait_until
from tests.signal_helpers import (
    Pty,
    app_pid,
    assert_terminal_restored,
    notes_dir,
    refuse_notes,
    rescue_files,
    rescued,
    running,
    signal_mid_write,
    slow_writes,
    state,
    stored_notes,
    type_steadily,
    typed_before,
    wait_ended,
    wait_state,
    work_app,
)
from tests.terminal import ROOT, Terminal, needs_tmux

CEASEFIRE, ARMY = clause_key("ceasefire"), clause_key("army-cap")


def record_exits(app: BriefingApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    exits: list[tuple[int, str]] = []
    real_exit = app.exit

    def record(result: None = None, return_code: int = 0, message: Any = None) -> None:
        exits.append((return_code, "" if message is None else str(message)))
        real_exit(result, return_code, message)

    monkeypatch.setattr(app, "exit", record)
    return exits


def no_save_while_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor saves only when closed (or on a signal): what is on disk is then known."""
    monkeypatch.setattr(note_module, "SAVE_AFTER", 60.0)
    monkeypatch.setattr(note_module, "SAVE_WITHIN", 60.0, raising=False)


# -- the app's handler: what a signal does -------------------------------------------------


async def test_a_signal_saves_the_open_editor_when_the_disk_takes_it(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """SIGHUP with the editor open and its text typed a moment ago (before any save): the
    text goes to notes.json, no unsaved-notes file, the app exits 128+1 with no message."""
    no_save_while_typing(monkeypatch)
    app = work_app(sample_doc)
    exits = record_exits(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"Typed just now")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        assert stored_notes() == {}
        app.end_on_signal(signal.SIGHUP)
        await pilot.pause()
    assert exits == [(128 + signal.SIGHUP, "")]
    assert stored_notes() == {CEASEFIRE: "Typed just now"}
    assert rescue_files() == []


async def test_a_signal_writes_every_refused_note_and_the_editors_to_a_named_file(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """The notebook refuses (EIO): one note closed and kept in memory (✱), another open in
    the editor. SIGTERM writes both to a new unsaved-notes file (0600) and names it on exit,
    as q does, without asking anything."""

    def refuse(_self: Notebook, _data: Any, **_options: Any) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(Notebook, "_write", refuse)
    app = work_app(sample_doc)
    exits = record_exits(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"First, refused.", "escape")
        await settle(app, pilot)
        assert set(app.session.unsaved) == {("sample-accord", CEASEFIRE)}
        await pilot.press("]", "n", *"Second, still open")
        await wait_until(
            pilot, lambda: isinstance(app.screen, NoteScreen) and app.screen.key == ARMY
        )
        app.end_on_signal(signal.SIGTERM)
        await pilot.pause()
    [(code, message)] = exits
    assert code == 128 + signal.SIGTERM
    [rescue] = rescue_files()
    assert message == (
        f"briefing: ended by SIGTERM; the notebook refused 2 notes; they are in {rescue}"
    )
    assert rescued() == {CEASEFIRE: "First, refused.", ARMY: "Second, still open"}
    assert rescue.stat().st_mode & 0o777 == 0o600
    assert stored_notes() == {}


async def test_a_signal_when_nothing_can_be_written_ends_and_says_what_was_lost(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """Every write fails: q would ask to be pressed again; a signal cannot wait for that. It
    ends, saying how many notes were lost and why."""

    def refuse(path: Path, *_args: Any, **_kwargs: Any) -> None:
        raise storage.StorageError(f"could not save {path}: No space left on device")

    monkeypatch.setattr(storage, "write_atomic", refuse)
    app = work_app(sample_doc)
    exits = record_exits(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"Nowhere to go")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        app.end_on_signal(signal.SIGQUIT)
        await pilot.pause()
    [(code, message)] = exits
    assert code == 128 + signal.SIGQUIT
    assert message.startswith("briefing: ended by SIGQUIT; 1 note lost: could not be saved (")
    assert "No space left on device" in message


async def test_a_signal_during_a_note_save_waits_for_it_and_keeps_one_text(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """SIGTERM while the pause's save is writing (in its thread) and more has been typed
    since: the handler's save comes after it, with the whole text, and is not taken for
    another session's (no conflict mark)."""
    monkeypatch.setattr(note_module, "SAVE_AFTER", 0.1)
    begun = slow_writes(monkeypatch, 0.5)
    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"Before")
        await wait_until(pilot, begun.is_set)
        await pilot.press(*" and after")
        app.end_on_signal(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert stored_notes() == {CEASEFIRE: "Before and after"}
    assert CONFLICT.split("{")[0].strip() not in stored_notes()[CEASEFIRE]


async def test_an_error_in_the_app_itself_still_rescues_the_notes(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch
):
    """The session ends by an error in the app's own code (Textual prints the traceback and
    quits), not by q or a signal: the note refused earlier and the editor's text are still
    written to the unsaved-notes file as the app ends. They used to be lost."""

    def refuse(_self: Notebook, _data: Any, **_options: Any) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    real_status = NoteScreen._status

    def broken(self: NoteScreen, text: str, style: str) -> None:
        if self.unsaved_text() == "Second, then a bug!":
            raise RuntimeError("a bug in the app")
        real_status(self, text, style)

    no_save_while_typing(monkeypatch)
    monkeypatch.setattr(Notebook, "_write", refuse)
    monkeypatch.setattr(NoteScreen, "_status", broken)
    app = work_app(sample_doc)
    with pytest.raises(RuntimeError, match="a bug in the app"):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("j", "enter", "n", *"First, refused.", "escape")
            await settle(app, pilot)
            await pilot.press("]", "n", *"Second, then a bug!")
            await pilot.pause()
    assert rescued() == {CEASEFIRE: "First, refused.", ARMY: "Second, then a bug!"}


@pytest.mark.parametrize("moment", ["app mounted", "notes being read"])
async def test_a_signal_while_the_app_starts_ends_it_quietly(
    sample_doc: Any, monkeypatch: pytest.MonkeyPatch, moment: str
):
    """A signal before the main screen is set up used to quit the app under that set-up:
    its widgets pulled away, a NoMatches traceback and exit status 1. The app now quits once
    the main screen is ready; a signal while the notes are read quits at once."""
    if moment == "app mounted":
        real_mount = BriefingApp.on_mount

        def signal_first(self: BriefingApp) -> None:
            self.end_on_signal(signal.SIGTERM)
            real_mount(self)

        monkeypatch.setattr(BriefingApp, "on_mount", signal_first)
    else:
        real_load = NotesKeeper.load

        async def signal_while_reading(self: NotesKeeper) -> None:
            self.on_signal(signal.SIGTERM)
            await real_load(self)

        monkeypatch.setattr(NotesKeeper, "load", signal_while_reading)
    app = work_app(sample_doc)
    async with app.run_test(size=(80, 24)) as pilot:  # re-raises the app's errors
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM


# -- the pieces of briefing.services.shutdown ------------------------------------------------------


def test_a_terminal_that_refuses_writes_is_dropped_and_reported_once():
    """Textual's writer thread writes through this: EIO (a hung-up terminal) used to end the
    thread, after which the app blocked for good on the thread's full queue."""

    class HungUp:
        writes = 0

        def write(self, _text: str) -> None:
            self.writes += 1
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        def flush(self) -> None:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        def fileno(self) -> int:
            return 2

    gone: list[bool] = []
    file = HungUp()
    output = shutdown.SturdyOutput(file, lambda: gone.append(True))  # type: ignore[arg-type]
    for _ in range(100):
        output.write("\x1b[?1049l")
        output.flush()
    assert output.dead and gone == [True] and file.writes == 1


def test_an_exit_that_does_not_finish_is_ended_after_restoring_the_terminal(tmp_path: Path):
    """The last resort once the notes are written: the process ends after the grace period,
    with the given exit status, having first tried to restore the terminal."""
    program = (
        "import time\n"
        "from briefing.services import shutdown\n"
        "shutdown.end_within(0.3, 143, lambda: print('restored', flush=True))\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    done = run_cli_python(program, tmp_path)
    assert done.returncode == 143 and done.stdout == "restored\n", done
    assert time.monotonic() - started < 20


def test_an_exit_that_has_finished_is_not_cut_short_in_its_exit_handlers(tmp_path: Path):
    """Once the app's exit is over and the interpreter runs its exit handlers, the grace
    timer no longer ends the process: a handler registered before it (as coverage's data
    writer is, under the tests) runs to its end, and the exit status is the normal one.
    Cut short, such a writer left a corrupt file behind."""
    program = (
        "import atexit, time\n"
        "from pathlib import Path\n"
        "def slow_writer():\n"
        "    time.sleep(1.0)\n"
        "    Path('written').write_text('whole')\n"
        "atexit.register(slow_writer)\n"
        "from briefing.services import shutdown\n"
        "shutdown.end_within(0.2, 143, lambda: print('restored', flush=True))\n"
    )
    done = run_cli_python(program, tmp_path)
    assert done.returncode == 0 and done.stdout == "", done
    assert (tmp_path / "written").read_text() == "whole"


def test_an_exit_held_up_by_a_thread_that_never_ends_is_still_ended(tmp_path: Path):
    """Python waits for every thread but the daemons before its exit handlers: one that
    never ends (a stuck worker) still meets the grace timer."""
    program = (
        "import threading, time\n"
        "from briefing.services import shutdown\n"
        "threading.Thread(target=time.sleep, args=(60,)).start()\n"
        "shutdown.end_within(0.3, 143, lambda: print('restored', flush=True))\n"
    )
    started = time.monotonic()
    done = run_cli_python(program, tmp_path)
    assert done.returncode == 143 and done.stdout == "restored\n", done
    assert time.monotonic() - started < 20


def run_cli_python(program: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


# -- the real app in a real terminal (tmux), real signals --------------------------------


def open_editor(term: Terminal, keys: tuple[str, ...] = ("j", "Enter")) -> None:
    term.wait_text("Clauses (4)")
    term.keys(*keys)
    term.wait_text("Wording")
    term.open_note()


@needs_tmux
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP], ids=lambda s: s.name)
def test_a_note_typed_steadily_survives_the_session_ending(term: Terminal, sig: signal.Signals):
    """A key every 0.3 s for 4.5 s, never a pause, then the session ends. SIGKILL (nothing can
    be done then) leaves all but the last second or so on disk; SIGHUP (the SSH connection
    dropped) leaves all of it, and the terminal restored. Both used to leave no notes.json
    at all: the save waited for a pause that never came."""
    term.start(["--feed", str(SAMPLE)], record=True)
    open_editor(term)
    pid = app_pid(term)
    sent = type_steadily(term, "Kyiv holds firm.", every=0.3)
    text = sent[-1][1]
    term.wait_text(text)  # the last key has reached the app (not still in tmux's buffer)
    since = len(term.raw_output())
    killed = time.monotonic()
    os.kill(pid, sig)
    screen = term.wait_text("EXITED=")
    assert f"EXITED={128 + sig}" in screen and "Traceback" not in screen, screen
    saved = stored_notes().get(CEASEFIRE, "")
    if sig == signal.SIGKILL:
        assert text.startswith(saved)
        assert saved.startswith(typed_before(sent, killed - 1.5)), (saved, text)
    else:
        assert saved == text
        assert_terminal_restored(term.raw_output(), since)


def unwrapped(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_tmux
@pytest.mark.parametrize(
    "sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT], ids=lambda s: s.name
)
def test_a_signal_keeps_every_unsaved_note_and_restores_the_terminal(
    term: Terminal, sig: signal.Signals
):
    """The notebook cannot be written (a file stands where its directory must be): one note
    closed and kept in memory (✱), a second open in the editor. A real signal to the real
    process writes both to an unsaved-notes file named on exit, as q does, and the terminal
    is restored: the alternate screen left, mouse reporting off, the cursor shown. SIGTERM
    and SIGHUP used to leave no file and the terminal in the app's modes; SIGINT and SIGQUIT
    no file either."""
    refuse_notes()
    term.start(["--feed", str(SAMPLE)], record=True)
    open_editor(term)
    term.literal("First, refused.")
    term.wait_text("NOT SAVED")
    term.keys("Escape")
    # The editor closed first: "NOT SAVED" was on the screen already (its status), and
    # keys sent at once after the Escape could reach the terminal with it, read as one
    # escape sequence (CI, 2026-12-07: "]n" typed into the editor, still open).
    term.wait_for(lambda screen: "Note on 1" not in screen)
    term.wait_text("NOT SAVED")  # the clause's page shows the kept text as not saved
    term.keys("]", "n")
    term.wait_text("Note on 2")
    term.literal("Second, still open")
    term.wait_text("Second, still open")
    since = len(term.raw_output())
    os.kill(app_pid(term), sig)
    term.wait_text("EXITED=")
    screen = term.screen()
    assert f"EXITED={128 + sig}" in screen and "Traceback" not in screen, screen
    [rescue] = rescue_files()
    said = f"briefing: ended by {sig.name}; the notebook refused 2 notes; they are in {rescue}"
    assert unwrapped(said) in unwrapped(screen), screen  # the message is wrapped at 80
    assert rescued() == {CEASEFIRE: "First, refused.", ARMY: "Second, still open"}
    assert_terminal_restored(term.raw_output(), since)


@needs_tmux
@pytest.mark.parametrize("disk", ["takes notes", "refuses notes"])
def test_a_terminal_that_hangs_up_still_gets_the_notes_saved(term: Terminal, disk: str):
    """The SSH connection drops: the pty closes under the app (tmux's server killed) and
    the kernel sends SIGHUP. The note typed a moment ago is saved (or, with the notebook
    refusing, written to the unsaved-notes file) and the process ends promptly, writing
    nothing to the dead terminal that could fail or hang."""
    if disk == "refuses notes":
        refuse_notes()
    term.start(["--feed", str(SAMPLE)])
    open_editor(term)
    term.literal("Typed as the line dropped")
    term.wait_text("Typed as the line dropped")
    pid = app_pid(term)
    term.tmux("kill-server")
    assert wait_ended(pid, timeout=15) < 10
    if disk == "takes notes":
        assert stored_notes() == {CEASEFIRE: "Typed as the line dropped"}
        assert rescue_files() == []
    else:
        assert rescued() == {CEASEFIRE: "Typed as the line dropped"}


@needs_tmux
def test_a_signal_during_a_note_save_or_a_flag_toggle_loses_neither(term: Terminal, tmp_path: Path):
    """With 2,000 other notes (a 2 MB notes.json, so that each write takes a while), SIGTERM
    the moment the note's save has its temporary file: the save is finished, not cut (the
    note whole, the other notes whole, no temporary file left) and the terminal restored.
    Then, in a second session, SIGHUP the moment a flag toggle starts writing: the flag is
    on disk and the notes intact. Both used to be killed in the middle of the write."""
    seeds = seed_notes(2000, 1000)
    term.start(["--feed", str(SAMPLE)], record=True)
    open_editor(term)
    pid = app_pid(term)
    since = len(term.raw_output())
    # The watcher polls for the save's temporary file every ~0.5 ms from a thread; on a
    # loaded machine (CI, 2026-12-07) it was not scheduled while the file existed, and the
    # save finished unseen. Each miss types one more character, which saves again.
    typed = ""
    for more in ("Saved while the signal came.", ".", "."):
        sent = signal_mid_write(notes_dir(), pid, signal.SIGTERM)
        term.literal(more)
        typed += more
        if sent():
            break
    else:
        raise AssertionError(f"no save was seen writing, three times\n{term.screen()}")
    screen = term.wait_text("EXITED=")
    assert "EXITED=143" in screen and "Traceback" not in screen, screen
    assert_terminal_restored(term.raw_output(), since)
    notes = stored_notes()
    assert notes.pop(CEASEFIRE, None) == typed
    assert notes == seeds
    assert not [p.name for p in notes_dir().iterdir() if p.name.startswith(".tmp")]

    again = Terminal(tmp_path)
    try:
        again.start(["--feed", str(SAMPLE)])
        again.wait_text("Clauses (4)")
        again.keys("j", "j")
        pid = app_pid(again)
        sent = signal_mid_write(notes_dir(), pid, signal.SIGHUP)
        again.keys("f")
        assert sent(), again.screen()
        screen = again.wait_text("EXITED=")
        assert "EXITED=129" in screen and "Traceback" not in screen, screen
    finally:
        again.close()
    data = json.loads((notes_dir() / "notes.json").read_bytes())
    assert data["flags"] == ["army-cap"]
    assert data["notes"][CEASEFIRE]["text"] == typed
    assert len(data["notes"]) == len(seeds) + 1


@needs_tmux
def test_a_signal_during_a_refresh_ends_at_once_and_keeps_the_cache(term: Terminal, tmp_path: Path):
    """The desk feed stops answering mid-refresh (the app would wait its 30 s timeout): SIGTERM
    ends the app at once, the note is saved, the cached copy is byte-identical and the
    terminal restored."""
    with FeedServer() as server:
        url = server.route("/desk.json", Route(body=SAMPLE.read_bytes(), etag='"one"'))
        write_desk_config(url)
        first = run_cli("refresh", "--feed", "desk", timeout=120, cwd=ROOT)
        assert first.returncode == 0, first.stderr
        cache = sorted(paths.user_dirs().cache.rglob("document.json"))
        assert len(cache) == 1
        before = cache[0].read_bytes()
        server.route("/desk.json", Route(idle=True))
        term.start([], record=True)
        open_editor(term)
        term.literal("Noted during the refresh")
        term.wait_text("Noted during the refresh")
        assert len(server.requests) == 2  # the start's refresh: asked, never answered
        since = len(term.raw_output())
        pid = app_pid(term)
        os.kill(pid, signal.SIGTERM)
        assert wait_ended(pid, timeout=15) < 4
        screen = term.wait_text("EXITED=")
    assert "EXITED=143" in screen and "Traceback" not in screen, screen
    assert stored_notes() == {CEASEFIRE: "Noted during the refresh"}
    assert cache[0].read_bytes() == before
    assert_terminal_restored(term.raw_output(), since)


@needs_tmux
def test_a_signal_to_a_suspended_app_is_taken_when_it_continues(term: Terminal):
    """SIGTSTP (`kill -TSTP`) suspends the app the way Textual does (terminal given back,
    process stopped); a SIGTERM sent meanwhile waits in the kernel until SIGCONT. It is then
    handled like any other: the refused note in the unsaved-notes file, the terminal
    restored. Suspending used to drop the handlers, so that SIGTERM killed the app outright
    once it continued."""
    refuse_notes()
    term.start(["--feed", str(SAMPLE)], record=True)
    open_editor(term)
    term.literal("Kept through a suspend")
    term.wait_text("Kept through a suspend")  # every key read before the stop
    term.wait_text("NOT SAVED")
    pid = app_pid(term)
    os.kill(pid, signal.SIGTSTP)
    wait_state(pid, "T")
    os.kill(pid, signal.SIGTERM)
    since = len(term.raw_output())
    assert state(pid) == "T"  # still stopped: the signal waits
    os.kill(pid, signal.SIGCONT)
    screen = term.wait_text("EXITED=")
    assert "EXITED=143" in screen and "Traceback" not in screen, screen
    assert rescued() == {CEASEFIRE: "Kept through a suspend"}
    assert_terminal_restored(term.raw_output(), since)


@needs_tmux
def test_a_signal_the_moment_the_app_takes_the_terminal_ends_it_cleanly(tmp_path: Path):
    """SIGTERM as soon as the app has switched to the alternate screen (its main screen still
    being set up): no traceback, exit status 143, the terminal restored. It used to print a
    NoMatches traceback and exit 1, every time."""
    for _ in range(2):
        term = Terminal(tmp_path)
        try:
            term.start(["--feed", str(SAMPLE)], record=True)
            pid = app_pid(term)
            deadline = time.monotonic() + 20
            while b"\x1b[?1049h" not in term.raw_output():
                assert time.monotonic() < deadline, "the app never took the terminal"
                time.sleep(0.002)
            os.kill(pid, signal.SIGTERM)
            term.wait_text("EXITED=")
            screen = term.tmux("capture-pane", "-p", "-S", "-100", "-t", "t").stdout
            assert "EXITED=143" in screen and "Traceback" not in screen, screen
            assert_terminal_restored(term.raw_output(), 0)
        finally:
            term.close()


@needs_tmux
def test_a_second_signal_does_not_cut_the_rescue_short(term: Terminal):
    """Another session holds the notebook's lock: the first SIGTERM's save waits for it
    (up to the lock's 5 s), then writes the note to the unsaved-notes file; a second SIGTERM
    meanwhile ends the process only once that is done, at once (no graceful exit to wait
    for), and still restores the terminal."""
    term.start(["--feed", str(SAMPLE)], record=True)
    open_editor(term)
    term.literal("Waiting for the lock")
    term.wait_text("Waiting for the lock")
    notes_dir().mkdir(parents=True, exist_ok=True)
    lock = os.open(notes_dir() / "notes.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        since = len(term.raw_output())
        pid = app_pid(term)
        os.kill(pid, signal.SIGTERM)
        time.sleep(0.5)  # the first signal's save is waiting for the lock
        os.kill(pid, signal.SIGTERM)
        assert running(pid)
        assert wait_ended(pid, timeout=30) < 15
    finally:
        os.close(lock)
    screen = term.wait_text("EXITED=")
    assert "EXITED=143" in screen and "Traceback" not in screen, screen
    assert rescued() == {CEASEFIRE: "Waiting for the lock"}
    assert_terminal_restored(term.raw_output(), since)


def test_a_terminal_that_goes_away_without_a_sighup_still_gets_the_note_saved(tmp_path: Path):
    """The pty closes under an app that is not its session's leader (run by a shell that
    does not pass SIGHUP on, or under setsid): no SIGHUP comes; writes fail with EIO and
    reads give end-of-file. The app finds the terminal gone, saves the note and ends. It used
    to stop drawing (the writer thread dead on EIO) and then hang for good, note unsaved."""
    names = ("PATH", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
    env = {name: os.environ[name] for name in names}
    env |= {"LANG": "C.UTF-8", "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    pty = Pty(["--feed", str(SAMPLE)], env, ROOT)
    try:
        pty.wait_for("Clauses (4)")
        pty.send("j")
        pty.send("\r")
        pty.wait_for("Wording")
        pty.send("n")
        pty.wait_for("Note on")
        pty.send("Typed as the pty closed")
        pty.wait_for("closed")
        pty.hang_up()
        assert pty.process.wait(timeout=20) == 128 + signal.SIGHUP
    finally:
        pty.close()
    assert stored_notes() == {CEASEFIRE: "Typed as the pty closed"}


def test_the_rescue_saves_every_briefings_notes_it_can_and_writes_the_rest_to_a_file(
    sample_doc: Any, make_session: Any
):
    """What a signal runs (`Analyst.rescue`, blocking): a note kept from another briefing (the
    analyst switched feeds) is saved to that briefing's notebook; this briefing's notebook
    refuses (a file where its directory must be), so its two notes go to one unsaved-notes
    file, and only they."""
    analyst = Analyst(make_session(sample_doc), paths.user_dirs())
    refuse_notes()
    unsaved = {
        ("sample-accord", CEASEFIRE): "Refused one",
        ("sample-accord", ARMY): "Refused two",
        ("other-briefing", "clause:elsewhere"): "Saved elsewhere",
    }
    for (doc_id, key), text in unsaved.items():
        analyst.session.keep_unsaved(doc_id, key, text)
    rescue = analyst.rescue()
    assert (rescue.saved, rescue.left, rescue.error) == (1, 2, None)
    assert rescue.path == rescue_files()[0]
    assert rescued() == {CEASEFIRE: "Refused one", ARMY: "Refused two"}
    other = Notebook.for_briefing(paths.user_dirs().data, "other-briefing")
    assert other.text("clause:elsewhere") == "Saved elsewhere"
    assert set(analyst.session.unsaved) == {("sample-accord", CEASEFIRE), ("sample-accord", ARMY)}
