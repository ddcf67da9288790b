"""Drive the real `briefing` command in a real pseudo-terminal, inside tmux."""

from __future__ import annotations

import array
import fcntl
import os
import shlex
import shutil
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ESCAPE_DELAY = 0.1
"""Textual's default escape delay (textual.constants.ESCAPE_DELAY; no ESCDELAY is set)."""

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """One tmux server (its own socket) running one command in a window of a fixed size."""

    def __init__(self, workdir: Path) -> None:
        self.socket = f"briefing-test-{uuid.uuid4().hex[:10]}"
        self.workdir = workdir
        self.raw = workdir / f"{self.socket}.raw"
        self._tty: int | None = None

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )

    def start(
        self,
        args: list[str],
        *,
        size: tuple[int, int] = (80, 24),
        env: Mapping[str, str] | None = None,
        record: bool = False,
        pipe_from: Path | None = None,
        measured: bool = True,
    ) -> None:
        """Run `python -m briefing ARGS` with `env` (on top of a small clean environment);
        `pipe_from`: with that file piped to its standard input (`cat FILE | …`);
        `measured=False`: not measured by coverage under `--cov` (for a process the test
        SIGKILLs: its coverage data is never written, and measuring it only slows it)."""
        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", str(self.workdir)),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "PYTHONPATH": str(ROOT),
        }
        # COVERAGE_PROCESS_CONFIG: set under `--cov`, so the app in the terminal is measured.
        passed = ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"]
        if measured:
            passed.append("COVERAGE_PROCESS_CONFIG")
        for name in passed:
            if name in os.environ:
                base[name] = os.environ[name]
        base.update(env or {})
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in base.items())
        pipe = f"cat {shlex.quote(str(pipe_from))} | " if pipe_from is not None else ""
        command = (
            f"cd {shlex.quote(str(ROOT))} && {pipe}env -i {exports} "
            f"{shlex.quote(sys.executable)} -m briefing {' '.join(map(shlex.quote, args))}; "
            "echo EXITED=$?; sleep 60"
        )
        width, height = size
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), command)
        if record:
            self.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {shlex.quote(str(self.raw))}")

    def screen(self, *, escapes: bool = False, joined: bool = False) -> str:
        """The visible screen. `joined`: lines the terminal wrapped are joined back into
        the one line the program wrote (tmux knows which breaks were wraps)."""
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        return self.tmux(*args, *(["-J"] if joined else [])).stdout

    def open_note(self, marker: str = "Note on", timeout: float = 20.0) -> str:
        """Press n until the note editor opens: the app refuses it (and says so) until the
        briefing's notes have been read, which a loaded machine may not have done yet."""
        deadline = time.monotonic() + timeout
        while True:
            self.keys("n")
            screen = self.wait_for(
                lambda text: marker in text or "notes are still being read" in text,
                timeout=max(deadline - time.monotonic(), 0.1),
            )
            if marker in screen:
                return screen
            self.wait_for(lambda text: "notes are still being read" not in text, timeout=10)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> str:
        """Poll the screen until `predicate(screen)` holds; fail with the last screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting; the screen was:\n{screen}")

    def wait_text(self, text: str, timeout: float = 20.0) -> str:
        return self.wait_for(lambda screen: text in screen, timeout)

    def keys(self, *keys: str) -> None:
        """Send each key and wait until the app has read it off the terminal. After Escape,
        also let the app's escape delay pass (ESCDELAY, 0.1 s by default): an empty input
        queue does not prove the app has read the ESC (the terminal may not have passed it
        on yet), and an ESC read together with the next key is Alt and that key; a key in
        a read of its own after it is Escape and the key (briefing/tui/driver.py
        `typed_apart`; tests/test_terminal.py sends them that way without this wait)."""
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            self.wait_read()
            if key == "Escape":
                time.sleep(ESCAPE_DELAY + 0.05)

    def wait_read(self, timeout: float = 2.0) -> None:
        """Until the terminal's input queue is empty (the app has read what was sent), or
        `timeout` (no failure: a program that reads nothing, e.g. after it has exited)."""
        if self._tty is None:
            path = self.tmux("display-message", "-p", "-t", "t", "#{pane_tty}").stdout.strip()
            self._tty = os.open(path, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        deadline = time.monotonic() + timeout
        pending = array.array("i", [0])
        while time.monotonic() < deadline:
            fcntl.ioctl(self._tty, termios.FIONREAD, pending)
            if pending[0] == 0:
                return
            time.sleep(0.002)

    def literal(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))

    def raw_output(self) -> bytes:
        return self.raw.read_bytes() if self.raw.exists() else b""

    def close(self) -> None:
        if self._tty is not None:
            os.close(self._tty)
            self._tty = None
        self.tmux("kill-server", check=False)
