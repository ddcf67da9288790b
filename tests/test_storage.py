"""Files on a shared server: atomic writes under faults, private directories, the lock."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.disk import storage
from briefing.disk.storage import StorageError, locked, private_dir, write_atomic

is_root = os.geteuid() == 0


def test_a_write_replaces_the_whole_file_privately(tmp_path: Path):
    target = tmp_path / "a" / "b" / "file.json"
    old_umask = os.umask(0)
    try:
        write_atomic(target, b"one")
        write_atomic(target, b"two")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for directory in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


@pytest.mark.parametrize(
    ("call", "error"),
    [("fsync", errno.EIO), ("replace", errno.EXDEV), ("write", errno.ENOSPC), ("close", errno.EIO)],
)
def test_a_failing_disk_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, error: int
):
    target = tmp_path / "file.json"
    write_atomic(target, b"old")
    real_close = os.close
    closed: list[int] = []

    def fail(*args, **_kwargs):
        if call == "close":  # as Linux does: the descriptor is released, then EIO reported
            closed.append(args[0])
            real_close(args[0])
        raise OSError(error, os.strerror(error))

    with monkeypatch.context() as patched, pytest.raises(StorageError) as caught:
        patched.setattr(os, call, fail)
        write_atomic(target, b"new")
    assert str(caught.value).startswith(f"could not save {target}: {os.strerror(error)}")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
    assert len(closed) <= 1  # a failed close is never retried on the same number


def test_a_file_size_limit_mid_write_keeps_the_old_file(tmp_path: Path):
    """RLIMIT_FSIZE in a child: the write fails with EFBIG, the old copy stays."""
    target = tmp_path / "file.json"
    write_atomic(target, b"old")
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from pathlib import Path\n"
        "from briefing.disk.storage import write_atomic, StorageError\n"
        "try:\n"
        f"    write_atomic(Path({str(target)!r}), b'x' * 100_000)\n"
        "except StorageError as error:\n"
        "    print(error)\n"
    )
    # Not measured under --cov: the limit holds for the child's coverage data too, which it
    # left cut at 1,000 bytes for the session's combine to warn about (SQLITE_CORRUPT).
    unmeasured = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=unmeasured
    )
    assert "could not save" in result.stdout and "File too large" in result.stdout, result
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_a_symlinked_app_directory_is_refused(tmp_path: Path):
    elsewhere = tmp_path / "victim"
    elsewhere.mkdir()
    link = tmp_path / "briefing"
    link.symlink_to(elsewhere)
    with pytest.raises(StorageError, match=f"unsafe directory {link}: it is a symbolic link"):
        private_dir(link)
    with pytest.raises(StorageError):
        write_atomic(link / "document.json", b"x")
    assert list(elsewhere.iterdir()) == []


def test_a_symlink_planted_at_a_file_is_not_followed(tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "cache").mkdir(mode=0o700)
    (tmp_path / "cache" / "document.json").symlink_to(victim)
    write_atomic(tmp_path / "cache" / "document.json", b"new")  # replaces the link itself
    assert victim.read_text() == "precious"
    (tmp_path / "cache" / "meta.json").symlink_to(victim)
    with pytest.raises(StorageError, match="cannot read"):
        storage.read_bytes(tmp_path / "cache" / "meta.json", 100)


@pytest.mark.skipif(not is_root, reason="needs root to create a directory owned by another uid")
def test_a_directory_owned_by_someone_else_is_refused(tmp_path: Path):
    squatted = tmp_path / "briefing"
    squatted.mkdir(mode=0o777)
    os.chown(squatted, 65534, 65534)
    with pytest.raises(StorageError, match=f"unsafe directory {squatted}: owned by uid 65534"):
        private_dir(squatted)


def test_an_app_path_that_is_a_file_gives_a_clear_message(tmp_path: Path):
    blocker = tmp_path / "cache"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match=f"cannot create the directory {blocker / 'v1'}"):
        write_atomic(blocker / "v1" / "document.json", b"x")


def test_the_lock_is_exclusive_and_freed_by_a_dead_holder(tmp_path: Path):
    lock = tmp_path / "lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom pathlib import Path\nfrom briefing.disk.storage import locked\n"
         f"with locked(Path({str(lock)!r}), 5):\n    print('held', flush=True)\n    time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(storage.LockTimeout, match="another briefing process"), locked(lock, 0.3):
        pass
    holder.kill()  # SIGKILL: no clean-up code runs
    holder.wait()
    with locked(lock, 2):
        pass  # the kernel released it


@pytest.mark.parametrize("code", [errno.ENOLCK, errno.EOPNOTSUPP])
def test_no_locks_on_the_file_system_means_carry_on_unlocked_and_say_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
):
    """S4 (simulated: no NFS here): flock fails with ENOLCK or EOPNOTSUPP. The lock is not
    waited for (no hang, even with another holder), and one warning line, given once per
    process, says writes are not locked between machines and notes are protected by
    compare-and-swap."""
    calls: list[int] = []

    def nolock(fd, _how):
        calls.append(fd)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fcntl, "flock", nolock)
    monkeypatch.setattr(storage, "_NO_LOCKS", storage._NoLocks())
    assert storage.lock_warning() is None
    started = time.monotonic()
    with locked(tmp_path / "lock", 30), locked(tmp_path / "lock", 30):
        pass  # two holders at once: nothing to wait for
    assert time.monotonic() - started < 1.0 and len(calls) == 2
    warning = storage.lock_warning()
    assert warning == (
        f"file locks do not work in {tmp_path} ({os.strerror(code)}): writes there are not "
        "locked between machines (or sessions); notes are still protected by "
        "compare-and-swap (a note changed elsewhere keeps both texts)"
    )
    assert "\n" not in warning
    with locked(tmp_path / "other" / "lock", 1):
        pass
    assert storage.lock_warning() is None  # once per process


def test_a_compare_and_swap_write_refuses_a_file_replaced_since_it_was_read(tmp_path: Path):
    target = tmp_path / "notes.json"
    write_atomic(target, b"one")
    seen = storage.file_id(target)
    write_atomic(target, b"two")  # another session, after our read
    with pytest.raises(storage.Changed, match="changed by another session"):
        write_atomic(target, b"mine", expect=seen)
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]
    write_atomic(target, b"mine", expect=storage.file_id(target))
    assert target.read_bytes() == b"mine"
    with pytest.raises(storage.Changed):
        write_atomic(tmp_path / "new.json", b"x", expect=seen)  # expected a file: none
    write_atomic(tmp_path / "new.json", b"x", expect=None)


def test_orphan_temporary_files_are_cleaned_when_old(tmp_path: Path):
    young = tmp_path / ".tmp-document.json.1.aa"
    old = tmp_path / ".tmp-document.json.2.bb"
    young.write_bytes(b"x")
    old.write_bytes(b"x")
    os.utime(old, (0, 0))
    assert storage.clean_orphans(tmp_path) == [old]
    assert young.exists() and not old.exists()


@pytest.mark.parametrize("bad", ["..", ".", "", "../x", "/etc", "a/b", "A B", "x" * 65])
def test_no_briefing_id_names_a_directory_outside_the_data_dir(tmp_path: Path, bad: str):
    """Ids are validated at load; the notes and seen-state paths refuse any other as well."""
    from briefing.disk.changelog import ChangeLog
    from briefing.disk.notebook import Notebook

    with pytest.raises(storage.StorageError, match="cannot name a directory"):
        storage.briefing_dir(tmp_path, bad)
    with pytest.raises(storage.StorageError):
        Notebook.for_briefing(tmp_path, bad)
    with pytest.raises(storage.StorageError):
        ChangeLog.for_briefing(tmp_path, bad)
    assert storage.briefing_dir(tmp_path, "peace-plan.2025_11") == (
        tmp_path / "briefings" / "peace-plan.2025_11"
    )


def test_why_a_directory_cannot_be_written_is_told_without_creating_it(tmp_path: Path):
    """The start-up check behind "notes cannot be saved" / "refreshes cannot be cached": a
    directory that can be created, or written, is fine; one under a regular file or behind a
    symlinked app directory is not, and says why. Nothing is created either way."""
    deep = tmp_path / "not" / "yet" / "there"
    assert storage.why_unwritable(deep) is None
    assert storage.why_unwritable(tmp_path) is None
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert storage.why_unwritable(blocker / "data" / "briefing") == (
        f"cannot create the directory {blocker}/data/briefing: {blocker} is not a directory"
    )
    assert storage.why_unwritable(blocker) == (
        f"cannot write in {blocker}: {blocker} is not a directory"
    )
    root = tmp_path / "app"
    root.symlink_to(tmp_path / "elsewhere")
    storage.register_app_roots(root)
    try:
        assert storage.why_unwritable(root / "briefings" / "x") == (
            f"unsafe directory {root}: it is a symbolic link or not a directory"
        )
    finally:
        storage._APP_ROOTS.discard(root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "app"]
