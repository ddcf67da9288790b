"""Helpers for the disk-fault and shared-server tests: the real `briefing` command in a
child process with its own environment, umask, file-size limit or user id."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

WORKTREE = Path(__file__).resolve().parent.parent
NOBODY = 65534
IS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")

needs_second_uid = pytest.mark.skipif(
    not (IS_ROOT and SETPRIV),
    reason="needs root and setpriv to run the command as a second user (uid 65534)",
)


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """A minimal environment: PATH, HOME and the XDG dirs under `home` (no inherited secrets)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(WORKTREE),
    }
    env.update(extra)
    return env


def as_nobody_command(command: list[str]) -> list[str]:
    """`command` run as uid and gid 65534 with no supplementary groups (setpriv)."""
    assert SETPRIV is not None
    return [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def briefing(
    *args: str,
    env: dict[str, str],
    cwd: Path,
    as_nobody: bool = False,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` in a child: as uid 65534 (setpriv) when `as_nobody`."""
    command = [sys.executable, "-m", "briefing", *args]
    if as_nobody:
        command = as_nobody_command(command)
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec,
    )


def one_clean_line(text: str) -> str:
    """The one line a failure prints: no traceback, no second line."""
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under `root` and the bytes of every file (None for directories)."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        found[rel] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return found


@pytest.fixture
def traversable() -> Iterator[Path]:
    """A directory of its own that a second uid can reach (the search bit for others, no
    listing), removed afterwards. It lies outside pytest's temporary tree: opening that
    tree's ancestors to others and closing them again raced with the tests that other
    workers run side by side in the same tree."""
    root = Path(tempfile.mkdtemp(prefix="briefing-test-"))
    try:
        root.chmod(0o711)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def owned_by_nobody(path: Path, mode: int = 0o700) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(mode)
    return path


def app_child(
    feed: str,
    steps: list[object],
    *,
    env: dict[str, str],
    cwd: Path,
    as_nobody: bool = False,
    strace: Path | None = None,
) -> tuple[list[dict[str, Any]], subprocess.CompletedProcess[str]]:
    """The real app (as `briefing --feed FEED` builds it) under Textual's pilot in a child
    process (see `tests/pilot_child.py`): what it showed at each "look" step, and the run.
    With `strace`, every file-name system call of the child (and its threads) goes there."""
    command = [sys.executable, "-m", "tests.pilot_child", feed, json.dumps(steps)]
    if as_nobody:
        command = as_nobody_command(command)
    if strace is not None:
        command = ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(strace), *command]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    looks: list[dict[str, Any]] = json.loads(done.stdout)["looks"]
    return looks, done
