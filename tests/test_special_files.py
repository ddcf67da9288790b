"""Special files wherever a file is read by its path — a briefing (`validate`, `--feed`,
`export --feed`, `diff`), the config, the feed cache, the notes: a FIFO nobody writes, a
character device (`/dev/zero`, `/dev/tty`), a directory and a 10 GB sparse file each give
one line and an exit status within seconds, never a hang or a 10 GB read."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.disk import paths, storage
from briefing.disk.cache import FeedCache
from briefing.disk.documents import load_path
from briefing.format.problems import CannotRead
from tests.conftest import SAMPLE
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, run_cli
from tests.terminal import Terminal, needs_tmux

QUICK = 15.0
"""Seconds a refusal may take, Python's start included (a hang is stopped at 30 by run_cli's
timeout and fails the test)."""


def special(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A special file of `kind`, and the words its refusal must carry."""
    if kind == "fifo":
        fifo = tmp_path / "feed.json"
        os.mkfifo(fifo)
        return fifo, "it is a named pipe (FIFO), not a file"
    if kind == "zero":
        return Path("/dev/zero"), "it is a character device, not a file"
    if kind == "tty":
        if not Path("/dev/tty").exists():
            pytest.skip("no /dev/tty here")
        return Path("/dev/tty"), "it is a character device, not a file"
    if kind == "directory":
        return tmp_path, "it is a directory, not a file"
    sparse = tmp_path / "sparse.json"
    with sparse.open("wb") as handle:
        handle.truncate(10 * 1024**3)  # 10 GiB of nothing on disk
    return sparse, "it is 10240.0 MiB; the limit is 128 MiB"


KINDS = ["fifo", "zero", "tty", "directory", "sparse"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["validate", "export --feed", "diff"])
def test_a_special_file_is_refused_in_one_line_at_once(tmp_path: Path, kind: str, command: str):
    path, words = special(kind, tmp_path)
    args = {
        "validate": ["validate", str(path)],
        "export --feed": ["export", "--feed", str(path)],
        "diff": ["diff", str(path), str(SAMPLE)],
    }[command]
    started = time.monotonic()
    result = run_cli(*args, timeout=30)
    took = time.monotonic() - started
    said = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == 1, said
    size_note = " (format.md, Size)" if kind == "sparse" else ""
    assert said == [f"cannot read {path}: {words}{size_note}"]
    assert took < QUICK


def finishes(call: Callable[[], object], seconds: float, fifo: Path | None = None) -> object:
    """What `call()` returns or raises, run in a thread: the test fails if it is still
    running after `seconds` (a FIFO it waits on is then opened for writing and closed, so
    the thread can end)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if fifo is not None:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"still reading after {seconds} s")
    return outcome[0]


@pytest.mark.parametrize("kind", KINDS)
def test_load_path_refuses_without_opening_or_reading(tmp_path: Path, kind: str):
    path, words = special(kind, tmp_path)
    started = time.monotonic()
    refused = finishes(lambda: load_path(path), 5.0, path if kind == "fifo" else None)
    assert isinstance(refused, CannotRead), refused
    assert str(refused) == f"cannot read {path}: {words}" + (
        " (format.md, Size)" if kind == "sparse" else ""
    )
    assert time.monotonic() - started < 1.0


def test_a_fifo_with_a_silent_writer_is_refused_too(tmp_path: Path):
    """A writer holds the FIFO open and never writes: a blocking read would wait forever."""
    fifo = tmp_path / "f.json"
    os.mkfifo(fifo)
    opened, done = threading.Event(), threading.Event()

    def writer() -> None:
        fd = os.open(fifo, os.O_RDWR)  # O_RDWR: opens at once, a writer that never writes
        opened.set()
        done.wait(10)
        os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    assert opened.wait(5)
    refused = finishes(lambda: storage.read_file(fifo, 1 << 20), 2.0)
    done.set()
    assert isinstance(refused, storage.Refused) and "named pipe" in str(refused)


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path):
    path = tmp_path / "grows.json"
    path.write_bytes(b"x" * 100)
    with pytest.raises(storage.Refused, match="over the limit of 50"):
        storage.read_file(path, 50)
    assert storage.read_file(path, 100) == b"x" * 100


@pytest.fixture
def config_file() -> Iterator[Path]:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    yield config


@pytest.mark.parametrize("kind", ["fifo", "zero-link", "directory"])
def test_a_config_that_is_a_special_file_is_named_and_the_defaults_used(
    config_file: Path, kind: str
):
    if kind == "fifo":
        os.mkfifo(config_file)
        words = "it is a named pipe (FIFO), not a file"
    elif kind == "zero-link":
        config_file.symlink_to("/dev/zero")
        words = "it is a character device, not a file"
    else:
        config_file.mkdir()
        words = "it is a directory, not a file"
    started = time.monotonic()
    result = run_cli("refresh", timeout=30)
    assert time.monotonic() - started < QUICK
    assert result.returncode == 2  # no feed configured: the defaults
    lines = result.stderr.splitlines()
    assert (
        lines[0] == f"briefing: {config_file}: cannot read the config ({words}); using the defaults"
    )
    assert "Traceback" not in result.stderr


def test_a_fifo_in_place_of_the_cached_copy_is_named_and_refreshed_over(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    assert run_cli("refresh", "--feed", url).returncode == 0
    cache = FeedCache(paths.user_dirs().cache, url)
    for name in (cache.document, cache.previous, cache.meta_path):
        name.unlink(missing_ok=True)
        os.mkfifo(name)
    started = time.monotonic()
    export = run_cli("export", "--feed", url, timeout=30)
    assert export.returncode == 1 and "Traceback" not in export.stderr
    assert "no copy of it yet" in export.stderr
    refreshed = run_cli("refresh", "--feed", url, timeout=30)
    assert refreshed.returncode == 0, refreshed.stderr
    assert "feed ok · updated" in refreshed.stdout
    assert cache.document.read_bytes() == V1  # a regular file again
    assert time.monotonic() - started < 2 * QUICK


def test_a_fifo_in_place_of_the_notes_is_named_and_the_export_still_made():
    notes = storage.briefing_dir(paths.user_dirs().data, "sample-accord") / "notes.json"
    notes.parent.mkdir(parents=True)
    os.mkfifo(notes)
    started = time.monotonic()
    result = run_cli("export", "--feed", str(SAMPLE), timeout=30)
    assert time.monotonic() - started < QUICK
    assert result.returncode == 0 and result.stdout.startswith("# Sample accord")
    assert result.stderr.strip() == (
        f"briefing export: cannot read {notes}: it is a named pipe (FIFO), not a file"
    )


@needs_tmux
def test_the_tui_on_a_fifo_says_so_and_exits(tmp_path: Path):
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    term = Terminal(tmp_path)
    try:
        term.start(["--feed", str(fifo)], size=(200, 24))
        screen = " ".join(term.wait_text("EXITED=", timeout=QUICK).split())
        assert f"cannot read {fifo}: it is a named pipe (FIFO), not a file" in screen
        assert "EXITED=1" in screen and "Traceback" not in screen
    finally:
        term.close()
