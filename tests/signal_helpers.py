"""Helpers for the signal tests: the app's process in a tmux pane (or on a pty of the test's
own), typing at a steady pace, a signal sent mid-write, a notebook the disk refuses, and what
the raw pty stream says about the terminal's state."""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing.disk import paths
from briefing.disk.notebook import Notebook
from briefing.feed.origin import Origin
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from tests.conftest import FIXED_NOW
from tests.crashloop import wait_for_temp
from tests.terminal import Terminal

BRIEFING_ID = "sample-accord"

ENABLE_RESTORE = {
    b"\x1b[?1049h": b"\x1b[?1049l",  # the alternate screen
    b"\x1b[?1000h": b"\x1b[?1000l",  # mouse reporting
    b"\x1b[?1003h": b"\x1b[?1003l",
    b"\x1b[?1006h": b"\x1b[?1006l",
    b"\x1b[?25l": b"\x1b[?25h",  # the cursor hidden / shown
    b"\x1b[?2004h": b"\x1b[?2004l",  # bracketed paste
    b"\x1b[?1004h": b"\x1b[?1004l",  # focus reports
}
"""What Textual's driver turns on at start (start_application_mode) and what turns each off
again (stop_application_mode)."""


def app_pid(term: Terminal, timeout: float = 20.0) -> int:
    """The app's process: the child of the tmux pane's shell (never a name search)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shell = term.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").stdout.strip()
        found = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, check=False
        ).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.05)
    raise AssertionError(f"the app is not running; the screen was:\n{term.screen()}")


def state(pid: int) -> str:
    """The process's state letter (R, S, T stopped, Z exited but not reaped; "" gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return ""


def running(pid: int) -> bool:
    """Whether `pid` is still running (a process that has exited but not been reaped yet, a
    zombie, is not)."""
    return state(pid) not in ("", "Z", "X")


def wait_state(pid: int, letter: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while state(pid) != letter:
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} is {state(pid)!r}, never {letter!r}")
        time.sleep(0.02)


def wait_ended(pid: int, timeout: float) -> float:
    """Seconds until process `pid` has ended; fail after `timeout`."""
    started = time.monotonic()
    while running(pid):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"process {pid} still running after {timeout} s")
        time.sleep(0.02)
    return time.monotonic() - started


def signal_mid_write(directory: Path, pid: int, sig: int) -> Callable[[], bool]:
    """Send `sig` to `pid` the moment it has a temporary file in `directory` (it is writing
    there), watching from now on, in a thread; returns a call that waits and says whether
    the signal went mid-write (False: no write within 20 s, no signal sent)."""
    hit: list[bool] = []

    def watch() -> None:
        hit.append(wait_for_temp([directory], pid, timeout=20))
        if hit[0]:
            os.kill(pid, sig)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()

    def result() -> bool:
        watcher.join(30)
        return bool(hit and hit[0])

    return result


def type_steadily(term: Terminal, text: str, every: float) -> list[tuple[float, str]]:
    """Send `text` one key at a time, a key every `every` seconds (the deliberate cadence of
    an analyst typing without a pause); returns (when it was sent, text typed so far)."""
    sent: list[tuple[float, str]] = []
    start = time.monotonic()
    for index, char in enumerate(text):
        pause = start + index * every - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        term.literal(char)
        sent.append((time.monotonic(), text[: index + 1]))
    return sent


def typed_before(sent: list[tuple[float, str]], moment: float) -> str:
    """What had been typed by `moment`."""
    return max((typed for when, typed in sent if when <= moment), key=len, default="")


def notes_dir() -> Path:
    return paths.user_dirs().data / "briefings" / BRIEFING_ID


def stored_notes() -> dict[str, str]:
    """The notes in notes.json as the app wrote it ({} when there is none)."""
    path = notes_dir() / "notes.json"
    if not path.exists():
        return {}
    notes = json.loads(path.read_bytes())["notes"]
    return {key: str(note["text"]) for key, note in notes.items()}


def refuse_notes() -> Path:
    """A notebook the disk refuses whoever asks (root included): a file where the briefing's
    directory must be. The data dir itself still takes files (the unsaved-notes file)."""
    blocker = notes_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    blocker.write_text("not a directory")
    return blocker


def rescue_files() -> list[Path]:
    return sorted(paths.user_dirs().data.glob("unsaved-notes-*.json"))


def rescued() -> dict[str, str]:
    """The notes in the one unsaved-notes file, by key."""
    files = rescue_files()
    assert len(files) == 1, files
    notes = json.loads(files[0].read_text())["unsaved_notes"]
    assert {note["briefing"] for note in notes} == {BRIEFING_ID}
    return {note["key"]: note["text"] for note in notes}


def assert_terminal_restored(raw: bytes, since: int) -> None:
    """Every mode the app turned on is turned off again after it was last turned on, and
    after byte `since` of the stream (where it stood when the signal was sent)."""
    problems = []
    for enable, restore in ENABLE_RESTORE.items():
        on = raw.rfind(enable)
        if on < 0:
            continue
        off = raw.rfind(restore)
        if off < max(on, since):
            problems.append(f"{enable!r} (last at {on}) never undone by {restore!r} after it")
    assert raw.rfind(b"\x1b[?1049h") >= 0, "the stream was not recorded"
    assert not problems, f"{problems}; the stream ends {raw[-300:]!r}"


class Pty:
    """`python -m briefing ARGS` on a pseudo-terminal of our own, in a session of its own
    of which the pty is not the controlling terminal (as under `setsid`, or a non-interactive
    shell's child): closing our end hangs the terminal up, and no SIGHUP is sent."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never came; the output ends {self.output[-300:]!r}")
            time.sleep(0.05)

    def send(self, data: str) -> None:
        os.write(self.master, data.encode())

    def hang_up(self) -> None:
        """Close our end (nothing else holds it open: the reader has stopped)."""
        self._stop.set()
        self._reader.join()
        os.close(self.master)
        self.master = -1

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.master >= 0:
            self.hang_up()


def work_app(doc: Any) -> BriefingApp:
    session = Session(doc, Origin("file", "sample.json"), clock=lambda: FIXED_NOW)
    return BriefingApp(session, dirs=paths.user_dirs())


def slow_writes(monkeypatch: pytest.MonkeyPatch, seconds: float) -> threading.Event:
    """Every notebook write takes `seconds` longer (in its worker thread); the event is set
    when one has begun."""
    real = Notebook._write
    begun = threading.Event()

    def slow(self: Notebook, data: Any, **options: Any) -> None:
        begun.set()
        time.sleep(seconds)
        real(self, data, **options)

    monkeypatch.setattr(Notebook, "_write", slow)
    return begun
