"""`--feed -` and `briefing validate -`: the document comes on standard input; the app's
keys then come from the terminal (/dev/tty), where Textual's driver reads them (fd 0)."""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import SAMPLE
from tests.helpers import run_cli
from tests.terminal import ROOT, Terminal, needs_tmux


@needs_tmux
def test_a_piped_briefing_opens_and_takes_keys_from_the_terminal(term: Terminal) -> None:
    term.start(["--feed", "-", "--as-of", "2025-11-24"], size=(100, 30), pipe_from=SAMPLE)
    screen = term.wait_text("Sanctions relief for Northland", timeout=60)
    assert "standard input" in screen.splitlines()[0]  # the header names where it came from
    # A key typed in the terminal reaches the app: the help opens. (Keys typed while
    # Textual is still setting the terminal up are flushed by it: press until it opens.)
    deadline = time.monotonic() + 60
    while "Keys on the main screen" not in term.screen():
        assert time.monotonic() < deadline, term.screen()
        term.keys("?")
        with contextlib.suppress(AssertionError):
            term.wait_text("Keys on the main screen", timeout=3)
    term.keys("Escape")
    term.wait_for(lambda text: "Keys on the main screen" not in text, timeout=30)
    term.keys("q")
    term.wait_text("EXITED=0", timeout=30)


@needs_tmux
def test_a_piped_invalid_briefing_is_one_clear_error(term: Terminal, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "briefing/1"', encoding="utf-8")
    term.start(["--feed", "-"], pipe_from=broken)
    screen = term.wait_text("EXITED=1", timeout=60)
    assert "standard input is not a valid briefing" in screen
    assert "Traceback" not in screen


def test_validate_and_export_read_standard_input() -> None:
    data = SAMPLE.read_bytes()
    ok = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", "-"],
        input=data,
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert ok.returncode == 0
    assert ok.stdout.decode().startswith("standard input: valid briefing/1 — 4 clauses")
    bad = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", "-"],
        input=data[:-20],
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert bad.returncode == 1
    assert b"standard input is not a valid briefing" in bad.stdout
    brief = subprocess.run(
        [sys.executable, "-m", "briefing", "export", "--feed", "-", "--as-of", "2025-11-24"],
        input=data,
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert brief.returncode == 0, brief.stderr
    assert "Ceasefire along the line of contact" in brief.stdout.decode()
    assert "from standard input" in brief.stdout.decode()


def test_dash_with_a_terminal_as_standard_input_is_refused() -> None:
    """`briefing validate -` typed at a prompt would wait for a document to be typed."""
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "briefing", "validate", "-"],
            stdin=follower,
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 2
    assert "pipe a document in" in result.stderr


def test_without_a_terminal_for_the_keys_it_says_so(tmp_path: Path) -> None:
    """Standard output a terminal, standard input the document, and no controlling terminal
    (a new session): no /dev/tty to read keys from, said in one line."""
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "briefing", "--feed", "-"],
            input=SAMPLE.read_bytes(),
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            start_new_session=True,
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "--feed - took standard input for the briefing" in message
    assert "/dev/tty" in message and "Traceback" not in message


def test_serve_refuses_standard_input() -> None:
    result = run_cli("serve", "--feed", "-")
    assert result.returncode == 2
    assert "cannot be served" in result.stderr
