"""A crash-loop harness: the real `briefing` app in tmux, SIGKILLed at seeded random
moments, restarted, and the files on disk checked after every kill.

Two kinds of kill moment, alternating:
- "timed": a random moment in a window calibrated on this machine (the whole refresh,
  or the whole note save, from its start to well after its end);
- "in-write": the moment the app's own temporary file appears in the cache or data
  directory, plus a random 0-15 ms (so the kill lands between `mkstemp` and `os.replace`
  far more often than chance would, and the orphan clean-up is really exercised).

After each kill the files are checked through copies (the app's readers clean up as they
read, and proving that the *next start* cleans is part of the test), and at the next
start the harness waits for the kill's temporary files to disappear before it goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from briefing.disk import paths
from briefing.disk.cache import CacheMeta, FeedCache
from briefing.disk.notebook import Notebook
from briefing.disk.storage import TEMP_PREFIX
from tests.feedserver import FeedServer, Request, Route
from tests.terminal import Terminal

ITERATIONS = int(os.environ.get("BRIEFING_CRASH_ITERATIONS", "6"))
"""Kills per crash loop; CI runs 6, `BRIEFING_CRASH_ITERATIONS=200` is the long run."""
SEED = int(os.environ.get("BRIEFING_CRASH_SEED", "20251127"))
MAX_BYTES = 128 << 20
BRIEFING_ID = "sample-accord"


def write_desk_config(url: str, settings: str = "") -> Path:
    """config.toml naming the desk feed as the default (refreshed at start and on r)."""
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'default_feed = "desk"\n{settings}\n[[feeds]]\nname = "desk"\nurl = "{url}"\n'
    )
    return config


def temps(directory: Path) -> set[Path]:
    try:
        return {p for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX)}
    except FileNotFoundError:
        return set()


def pid_in(name: str, pid: int) -> bool:
    """Whether a temporary file's name says process `pid` made it."""
    return any(mark in name for mark in (f".{pid}.", f".{pid}@")) or name.endswith(f".{pid}")


class Desk:
    """The desk feed's versions and its cached copy."""

    def __init__(self, url: str, versions: list[bytes]) -> None:
        self.url = url
        self.versions = versions
        self.digests = {hashlib.sha256(v).hexdigest(): i for i, v in enumerate(versions)}
        self.cache = FeedCache(paths.user_dirs().cache, url)

    def stamp(self) -> tuple[int, int] | None:
        """The cached document's inode and mtime: cheap to poll (a replace changes both)."""
        try:
            info = self.cache.document.stat()
        except FileNotFoundError:
            return None
        return info.st_ino, info.st_mtime_ns

    def cached_version(self) -> int | None:
        """Which version the cached copy is (-1: none of them; None: no copy)."""
        try:
            raw = self.cache.document.read_bytes()
        except FileNotFoundError:
            return None
        return self.digests.get(hashlib.sha256(raw).hexdigest(), -1)


def alternating_desk(server: FeedServer, versions: list[bytes]) -> Desk:
    """A desk feed that always serves the version the cache does not hold, so every
    refresh downloads, validates, diffs and installs a whole new copy."""
    desk = Desk(server.url("/desk.json"), versions)

    def serve(_request: Request) -> Route:
        return Route(body=versions[1 if desk.cached_version() == 0 else 0])

    server.route("/desk.json", Route(handler=serve))
    return desk


@dataclass
class Kill:
    """What one iteration did and found."""

    mode: str
    delay: float
    """Seconds from the start of the window (timed) or from the temporary file (in-write)."""
    hit_write: bool = False
    """In-write mode: the app's temporary file was seen before the kill."""
    orphans: list[str] = field(default_factory=list)
    """Temporary files the kill left behind."""
    outcome: str = ""


@dataclass
class Loop:
    """The kills of one crash loop and what they found."""

    name: str
    kills: list[Kill] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    window: float = 0.0

    def summary(self) -> str:
        outcomes = Counter(k.outcome for k in self.kills)
        left = [k for k in self.kills if k.orphans]
        hits = sum(k.hit_write for k in self.kills if k.mode == "in-write")
        in_write = sum(k.mode == "in-write" for k in self.kills)
        return (
            f"{self.name}: {len(self.kills)} kills in {time.monotonic() - self.started:.0f} s "
            f"(window {self.window:.2f} s); outcomes {dict(outcomes)}; "
            f"in-write kills that saw the temp file {hits}/{in_write}; "
            f"kills that left temporary files {len(left)} "
            f"({sum(len(k.orphans) for k in left)} files), all removed at the next start"
        )


class App:
    """One run of the real `briefing` command (this checkout's code) in a tmux of its own.

    Not measured by coverage under `--cov`: a SIGKILLed process never writes its coverage
    data, and the clean runs (calibration, the last start) must run as fast as the killed
    ones for the calibrated window to fit them (under `--cov` on 2 cores the two loops took
    129 s and 105 s measured, 80 s and 67 s not)."""

    def __init__(self, workdir: Path) -> None:
        self.term = Terminal(workdir)

    def __enter__(self) -> App:
        self.term.start([], measured=False)
        return self

    def __exit__(self, *exc: object) -> None:
        self.term.close()

    def pid(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shell = self.term.tmux("display-message", "-p", "-t", "t", "#{pane_pid}")
            found = subprocess.run(
                ["pgrep", "-P", shell.stdout.strip()], capture_output=True, text=True
            ).stdout.split()
            if found:
                return int(found[0])
            time.sleep(0.05)
        raise AssertionError(f"the app is not running; the screen was:\n{self.term.screen()}")

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)
        screen = self.term.wait_text("EXITED=")
        assert "EXITED=137" in screen, screen  # killed by us, not exited on its own
        assert "Traceback" not in screen, screen

    def quit(self) -> None:
        self.term.keys("q")
        screen = self.term.wait_text("EXITED=")
        assert "EXITED=0" in screen and "Traceback" not in screen, screen


def wait_gone(files: set[Path], timeout: float = 15.0) -> None:
    """The next start removes what the last kill left (fail naming what is still there)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(p.exists() for p in files):
            return
        time.sleep(0.05)
    raise AssertionError(f"not cleaned at start: {sorted(p.name for p in files if p.exists())}")


def wait_for_temp(dirs: list[Path], pid: int, timeout: float) -> bool:
    """Poll (every ~0.5 ms) until process `pid` has a temporary file in one of `dirs`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for directory in dirs:
            try:
                with os.scandir(directory) as entries:
                    if any(e.name.startswith(TEMP_PREFIX) and pid_in(e.name, pid) for e in entries):
                        return True
            except FileNotFoundError:
                pass
        time.sleep(0.0005)
    return False


def kill_at_random(
    app: App, rng: random.Random, index: int, window: float, watch: list[Path]
) -> Kill:
    """SIGKILL the app: even iterations at a timed moment (stratified over the window so
    a short run still covers all of it), odd ones as soon as a write has begun."""
    pid = app.pid()
    if index % 2 == 0:
        strata = max(1, ITERATIONS // 2)
        slot = (index // 2) % strata
        delay = window * (slot + rng.random()) / strata
        if index >= ITERATIONS:  # an extra round (the machine is slow): past the window
            delay = window * (1 + rng.random())
        kill = Kill("timed", delay)
        time.sleep(delay)
    else:
        kill = Kill("in-write", rng.uniform(0.0, 0.015))
        kill.hit_write = wait_for_temp(watch, pid, timeout=max(20.0, 3 * window))
        time.sleep(kill.delay)
    app.kill(pid)
    return kill


def scratch_copy(source: Path, scratch: Path) -> Path:
    """A copy of a directory tree to read with the app's readers (which clean as they read)."""
    if scratch.exists():
        shutil.rmtree(scratch)
    if source.exists():
        shutil.copytree(source, scratch, symlinks=True)
    else:
        scratch.mkdir(parents=True)
    return scratch


def check_cache(desk: Desk, scratch: Path) -> int:
    """The cached copy is one whole version and the app's reader loads it as the current
    copy, with nothing set aside; returns which version it is."""
    raw = desk.cache.document.read_bytes()
    version = desk.digests.get(hashlib.sha256(raw).hexdigest())
    assert version is not None, f"the cached copy is no version the feed served ({len(raw)} B)"
    if desk.cache.meta_path.exists():  # the metadata always parses (it may be the old one)
        msgspec.json.decode(desk.cache.meta_path.read_bytes(), type=CacheMeta)
    root = scratch_copy(paths.user_dirs().cache, scratch)
    found, notes = FeedCache(root, desk.url).read(MAX_BYTES)
    assert found is not None and not found.from_previous and notes == [], notes
    assert found.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert len(found.doc.quotes) > 10_000  # the padded document, whole
    return version


def notes_dir() -> Path:
    return paths.user_dirs().data / "briefings" / BRIEFING_ID


def check_notes(scratch: Path) -> dict[str, str]:
    """notes.json (and its backup) parse as JSON, and the app's reader loads them without
    setting anything aside; returns every note's text."""
    for name in ("notes.json", "notes.json.bak"):
        path = notes_dir() / name
        if path.exists():
            json.loads(path.read_bytes())  # strict: a torn file raises here
    root = scratch_copy(paths.user_dirs().data, scratch)
    book = Notebook.for_briefing(root, BRIEFING_ID)
    assert book.note is None, book.note
    return {key: note.text for key, note in book.notes.items()}


def seed_notes(count: int, size: int) -> dict[str, str]:
    """A notes.json of about count × size bytes (notes on quotes), written as the app's
    format and read back through the app's reader."""
    texts = {
        f"quote:seed-{i}": f"seed note {i} " + hashlib.sha256(str(i).encode()).hexdigest() * 16
        for i in range(count)
    }
    texts = {k: (v * (size // len(v) + 1))[:size] for k, v in texts.items()}
    data = {
        "version": 1,
        "notes": {k: {"text": v, "updated": "2025-11-24T12:00:00+00:00"} for k, v in texts.items()},
        "flags": [],
    }
    notes_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    (notes_dir() / "notes.json").write_text(json.dumps(data))
    book = Notebook.for_briefing(paths.user_dirs().data, BRIEFING_ID)
    assert {k: n.text for k, n in book.notes.items()} == texts
    return texts


def timed(action: Callable[[], object]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started
