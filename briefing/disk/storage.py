"""Files that survive crashes and shared servers: private directories, atomic
durable writes, an inter-process lock, and setting corrupt files aside.

Every write is: a temporary file in the same directory (0600) → write → flush →
fsync → close → `os.replace` → fsync the directory. A reader therefore sees the
old file or the complete new one, never a mix, whatever instant the writer is
killed at; a leftover temporary file is removed by `clean_orphans`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import socket
import stat
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Final

TEMP_PREFIX: Final = ".tmp-"
DIR_MODE: Final = 0o700
FILE_MODE: Final = 0o600


class StorageError(Exception):
    """A file operation failed; the message says which file and why, for the user."""


def _refuse_unsafe(path: Path, info: os.stat_result) -> None:
    """A directory another user could have planted: a link, not a directory, not ours."""
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise StorageError(f"unsafe directory {path}: it is a symbolic link or not a directory")
    if info.st_uid != os.geteuid():
        raise StorageError(f"unsafe directory {path}: owned by uid {info.st_uid}, not by you")


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) as needed; make sure it is a real directory we own, 0700
    (a directory made read-only stays so: only the group's and others' rights are removed)."""
    check_app_root(path)
    try:
        missing = [p for p in (path, *path.parents) if not os.path.lexists(p)]
        for directory in reversed(missing):  # each one we create is private, whatever the umask
            with contextlib.suppress(FileExistsError):
                os.mkdir(directory, DIR_MODE)
                os.chmod(directory, DIR_MODE)
        info = os.lstat(path)
    except OSError as error:
        raise StorageError(f"cannot create the directory {path}: {_why(error)}") from None
    _refuse_unsafe(path, info)
    if stat.S_IMODE(info.st_mode) & ~DIR_MODE:
        try:
            os.chmod(path, stat.S_IMODE(info.st_mode) & DIR_MODE)
        except OSError as error:
            raise StorageError(f"cannot make {path} private: {_why(error)}") from None
    return path


def why_unwritable(directory: Path) -> str | None:
    """Why no file could be written in `directory` (creating it as needed), or None when
    one could, as far as can be told without creating or writing anything: an unsafe app
    directory, a path through something that is not a directory, no write permission or a
    read-only file system. (The write itself may still fail: a full disk, say.)"""
    try:
        check_app_root(directory)
    except StorageError as error:
        return str(error)
    existing = directory
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    verb = "write in" if existing == directory else "create the directory"
    try:
        info = os.stat(existing)
    except OSError as error:
        return f"cannot {verb} {directory}: {_why(error)}"
    if not stat.S_ISDIR(info.st_mode):
        return f"cannot {verb} {directory}: {existing} is not a directory"
    if existing == directory:
        try:
            _refuse_unsafe(directory, os.lstat(directory))
        except StorageError as error:
            return str(error)
    if not os.access(existing, os.W_OK | os.X_OK, effective_ids=True):
        read_only = os.statvfs(existing).f_flag & os.ST_RDONLY
        return f"cannot {verb} {directory}: " + (
            "Read-only file system" if read_only else "Permission denied"
        )
    return None


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Changed(StorageError):
    """The file was replaced by someone else since it was read (compare-and-swap failed)."""


FileId = tuple[int, int, int]
"""What tells one version of a file from the next: inode, mtime (ns), size."""


def file_id(path: Path) -> FileId | None:
    """The version of `path` now (None when there is no file)."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise StorageError(f"cannot read {path}: {_why(error)}") from None
    return info.st_ino, info.st_mtime_ns, info.st_size


ANY_VERSION: Final[FileId] = (-1, -1, -1)
"""`write_atomic(expect=ANY_VERSION)`: replace whatever version is there (no compare)."""


def write_atomic(
    path: Path, data: bytes, *, shared: bool = False, expect: FileId | None = ANY_VERSION
) -> None:
    """Replace `path` with `data` atomically and durably, mode 0600.

    `shared` is for a file the analyst asked for (an export): its directory must
    exist and is left as it is, and the file gets the usual mode (0666 less the
    umask). `expect` (a `file_id`, or None for "no file") makes it a compare-and-swap:
    checked just before the rename, it raises `Changed` when the file is another
    version by then. On any failure the old file is left as it was, the temporary file
    is removed, and `StorageError` says what happened.
    """
    directory = path.parent
    if not shared:
        private_dir(directory)
    elif not directory.is_dir():
        raise StorageError(f"could not save {path}: {directory} is not a directory")
    fd = -1
    temp = ""
    try:
        fd, temp = _mkstemp(directory, path.name)
        if shared:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        # Never close twice: on Linux a failed close (EIO) has released the descriptor
        # already, and closing the number again could close another thread's file.
        closing, fd = fd, -1
        os.close(closing)
        if expect != ANY_VERSION and file_id(path) != expect:
            raise Changed(f"{path} was changed by another session while saving")
        os.replace(temp, path)
        temp = ""
        _fsync_dir(directory)
    except OSError as error:
        raise StorageError(f"could not save {path}: {_why(error)}") from None
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _mkstemp(directory: Path, name: str) -> tuple[int, str]:
    """A new private temporary file beside the target (never in /tmp)."""
    for _ in range(100):
        candidate = directory / f"{TEMP_PREFIX}{name}.{_writer()}.{os.urandom(4).hex()}"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            return os.open(candidate, flags, FILE_MODE), str(candidate)
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "no free temporary file name")


def keep_copy(source: Path, target: Path) -> None:
    """Make `target` the same file as `source` (a hard link, installed atomically), so the
    current copy survives as the previous one before `source` is replaced. Best effort."""
    link = source.with_name(f"{TEMP_PREFIX}{target.name}.{_writer()}")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.link(source, link)
        os.replace(link, target)
        # When `target` already is that file (a write the disk refused, or a writer killed
        # between keeping the copy and replacing the file), rename(2) does nothing and
        # leaves `link`: remove it.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
    except FileNotFoundError:
        return
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(link)


class Refused(Exception):
    """A file that is not read: not a regular file, or larger than the limit."""

    def __init__(self, reason: str, *, kind: str | None = None, size: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        """What the path is when it is not a regular file ("a named pipe (FIFO)", …)."""
        self.size = size
        """Its size in bytes when it is too large."""


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check_regular(info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = file_kind(info.st_mode)
        raise Refused(f"it is {kind}, not a file", kind=kind)
    if info.st_size > limit:
        raise Refused(f"it is {info.st_size} bytes, over the limit of {limit}", size=info.st_size)


def read_file(path: str | os.PathLike[str], limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them: the one way the app
    reads a file by its path (a briefing, the config, the cache, notes, the change log).

    Anything else is refused before a byte is read, and without blocking: a named pipe no
    one writes, a terminal, `/dev/zero`, a directory, a socket, and a file larger than
    `limit` (a 10 GB sparse file) — `Refused`, saying which. The path is looked at before
    it is opened (opening a FIFO or a device can block, or do something), then opened
    non-blocking and looked at again (it may have been swapped in between); a file that
    grows past `limit` while it is read is refused too. Raises `OSError` when the path
    cannot be opened or read (missing, no permission, a symbolic link when not
    `follow_symlinks`)."""
    info = os.stat(path, follow_symlinks=follow_symlinks)
    if not follow_symlinks and stat.S_ISLNK(info.st_mode):
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path))
    _check_regular(info, limit)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    fd = os.open(path, flags if follow_symlinks else flags | os.O_NOFOLLOW)
    try:
        info = os.fstat(fd)
        _check_regular(info, limit)
        pieces: list[bytes] = []
        size = 0
        want = info.st_size + 1  # one read for the whole file and one to see its end
        while size <= limit:
            piece = os.read(fd, max(1, min(want, limit + 1 - size)))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
            want = 1 << 20
        if size > limit:
            raise Refused(f"it grew past the limit of {limit} bytes while it was read", size=size)
        return b"".join(pieces)
    finally:
        os.close(fd)


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` (None when it does not exist), refusing symlinks, anything but a
    regular file (without blocking on a FIFO or a device) and big files."""
    check_app_root(path)
    try:
        return read_file(path, limit, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):  # a path through a file holds nothing
        return None
    except Refused as refused:
        raise StorageError(f"cannot read {path}: {refused.reason}") from None
    except OSError as error:
        raise StorageError(f"cannot read {path}: {_why(error)}") from None


def set_aside(path: Path) -> Path | None:
    """Rename a corrupt file to `<name>.corrupt-<timestamp>` (kept for inspection)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}")
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"cannot set aside {path}: {_why(error)}") from None
    with contextlib.suppress(OSError):
        _fsync_dir(path.parent)
    return target


_WRITER_PID: Final = re.compile(r"\.([0-9]+)(?:@([0-9a-f]{8}))?(?:\.[0-9a-f]{8})?$")
"""The writer's pid, and host, in a temporary file's name (`_mkstemp` and `keep_copy` put
them there; names from before the host was added have only the pid)."""

HOST: Final = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
"""This machine, as temporary files name it: a pid means something only on its own host
(a home dir shared over NFS sees writers of other machines, whose pids are not ours)."""


def _writer() -> str:
    return f"{os.getpid()}@{HOST}"


def _writer_gone(name: str) -> bool:
    """Whether the process whose pid is in the temporary file's name no longer runs (known
    only for a writer on this host: another machine's is left to the age rule)."""
    match = _WRITER_PID.search(name)
    if match is None or match.group(2) not in (None, HOST):
        return False
    pid = int(match.group(1))
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False  # alive (another user's) or not a pid: leave it to the age rule
    return False


def clean_orphans(directory: Path, older_than: float = 60.0) -> list[Path]:
    """Remove temporary files left by a writer that was killed: at once when the process
    named in the file's name is gone, else when older than `older_than` seconds (so a
    concurrent writer's live temporary file is left alone). Only in a real directory of
    ours: never through a symbolic link, never in another user's directory."""
    removed: list[Path] = []
    now = time.time()
    try:
        _refuse_unsafe(directory, os.lstat(directory))
        entries = list(directory.iterdir())
    except (OSError, StorageError):  # a link (to who knows where) or someone else's dir
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        with contextlib.suppress(OSError):
            if _writer_gone(entry.name) or now - os.lstat(entry).st_mtime >= older_than:
                os.unlink(entry)
                removed.append(entry)
    return removed


class LockTimeout(StorageError):
    """Another process held the lock for longer than we were willing to wait."""


def _open_lock(path: Path) -> int:
    private_dir(path.parent)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        raise StorageError(f"cannot open the lock {path}: {_why(error)}") from None


class _NoLocks:
    """Whether a lock was refused because its file system has none (NFS without lockd), and
    the warning about it, given once per process (`lock_warning`)."""

    def __init__(self) -> None:
        self.told = False
        self.pending: str | None = None

    def found(self, path: Path, error: OSError) -> None:
        if self.told:
            return
        self.told = True
        self.pending = (
            f"file locks do not work in {path.parent} ({_why(error)}): writes there are not "
            "locked between machines (or sessions); notes are still protected by "
            "compare-and-swap (a note changed elsewhere keeps both texts)"
        )


_NO_LOCKS = _NoLocks()


def lock_warning() -> str | None:
    """The warning that locks do not work where the app writes: the first time a lock was
    refused for that reason, once per process (None otherwise, and after it was taken)."""
    pending, _NO_LOCKS.pending = _NO_LOCKS.pending, None
    return pending


def _try_lock(fd: int, path: Path) -> bool:
    """Take the lock if it is free; True when held (or when the file system has no locks:
    then the writes go on unlocked, and `lock_warning` says so once)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP):
            _NO_LOCKS.found(path, error)  # no locking on this file system (NFS): unlocked
            return True
        raise StorageError(f"cannot lock {path}: {_why(error)}") from None
    return True


def _busy(path: Path, timeout: float) -> LockTimeout:
    return LockTimeout(
        f"another briefing process is updating {path.parent} (waited {timeout:.0f} s)"
    )


@contextlib.contextmanager
def locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on `path` (flock) between processes of this host.

    The kernel releases it when its holder exits, even by SIGKILL, so a dead
    holder never blocks anyone. Waits up to `timeout` seconds.
    """
    fd = _open_lock(path)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd, path):
            if time.monotonic() >= deadline:
                raise _busy(path, timeout)
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)


@contextlib.asynccontextmanager
async def alocked(path: Path, timeout: float) -> AsyncIterator[None]:
    """`locked` for coroutines: waits without blocking the event loop."""
    # Imported here: a coroutine's caller has it loaded already, and the commands that
    # never run one (`briefing validate`, `export`) need not pay its ~30 ms import.
    import asyncio

    fd = _open_lock(path)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd, path):
            if time.monotonic() >= deadline:
                raise _busy(path, timeout)
            await asyncio.sleep(0.05)
        yield
    finally:
        os.close(fd)


_NAME: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def briefing_dir(data_root: Path, briefing_id: str) -> Path:
    """The directory of one briefing's notes and seen-state. Ids are validated at load;
    this refuses anything else as well (`..`, `/`, empty), so no id can name a path
    outside the data directory."""
    if not _NAME.fullmatch(briefing_id) or briefing_id in (".", ".."):
        raise StorageError(f"the briefing id {briefing_id!r} cannot name a directory")
    return data_root / "briefings" / briefing_id


_APP_ROOTS: set[Path] = set()


def register_app_roots(*roots: Path) -> None:
    """The app's own top directories (data and cache: `…/briefing`). Before anything is
    created or read under one of them, `check_app_root` makes sure the top one is not a
    symbolic link and belongs to this user (another user could have planted either)."""
    _APP_ROOTS.update(roots)


def check_app_root(path: Path) -> None:
    """Refuse `path` when it lies under an app directory that is a symbolic link, not a
    directory, or owned by someone else (one that does not exist yet is fine: it will be
    created private)."""
    for root in _APP_ROOTS:
        if path != root and root not in path.parents:
            continue
        try:
            info = os.lstat(root)
        except (FileNotFoundError, NotADirectoryError):  # nothing there (yet): nothing planted
            continue
        except OSError as error:
            raise StorageError(f"cannot use the directory {root}: {_why(error)}") from None
        _refuse_unsafe(root, info)
