"""Shared fixtures: every test runs with its own home and XDG dirs, and a fixed clock."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import textual._wait

from briefing.disk.documents import load_path
from briefing.feed.origin import Origin
from briefing.format.model import Briefing
from briefing.services.session import Session
from tests.feedserver import FeedServer
from tests.terminal import Terminal

# Textual's pilot waits for "idle" after every key, click and pause: it sleeps in slices of
# SLEEP_GRANULARITY (1/50 s) until a slice passes with under a twentieth of it spent on the
# CPU. Slices of 1/200 s keep that ratio and answer four times sooner (the pilot-heavy
# tests/test_safe_text.py: 46 s -> 25 s alone). Private names: textual is held to one
# minor series in pyproject.toml.
textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample.json"
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"

FIXED_NOW = datetime(2025, 11, 24, 12, 0, 0, tzinfo=UTC)
"""A moment inside the bundled briefing's story: after the last article, before 27 Nov."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers per core, at least four. Most tests wait rather than compute
    (a real terminal in tmux, a child process, a loopback server), so on this project's
    2-core machines four workers finish the suite in ~190 s where two took ~255 s (six:
    ~185 s)."""
    return max(4, 2 * (os.cpu_count() or 1))


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep every test away from the real home, config, data and cache directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_lookups_freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app freezes each view's look-ups out of the collector's way (`gc.freeze`:
    briefing.format.collector.freeze_lookups), and with them every object alive then: in a
    test worker, those of every test before. Switched off here;
    tests/test_collector_lookups.py switches it on."""
    from briefing.format import collector

    monkeypatch.setattr(collector, "freezing", False)


@pytest.fixture(autouse=True)
def quick_backoff(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries wait a twentieth of the real backoff (0.5 s, 1 s … with jitter) in this
    process: the same attempts, in the same order, without seconds of sleeping in every
    test whose feed is down (the desk's closed server, the hostile 503s). A test marked
    `real_backoff` keeps the real one. Child processes (`briefing refresh`) are not
    affected."""
    if request.node.get_closest_marker("real_backoff"):
        return
    from briefing.feed import fetch

    real = fetch._backoff
    monkeypatch.setattr(fetch, "_backoff", lambda attempt: real(attempt) / 20)


@pytest.fixture
def no_dwell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clause highlighted for `DWELL` seconds (1.5, on the wall clock) has its changes
    marked seen: on a loaded machine the snapshot was taken after that, with fewer marks
    (CI, 2026-12-07: "4, 2 unseen" for "4, 4 unseen"). The snapshots show the screen as
    laid out, before any dwell."""
    import briefing.screens.main

    monkeypatch.setattr(briefing.screens.main, "DWELL", 3600.0)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 (a free port) whose answers the test sets route by route."""
    with FeedServer() as running:
        yield running


@pytest.fixture
def sample_raw() -> dict[str, Any]:
    """The sample document as plain JSON data, to mutate in a test."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def sample_doc() -> Briefing:
    return load_path(SAMPLE)


@pytest.fixture
def fixed_clock() -> Callable[[], datetime]:
    return lambda: FIXED_NOW


@pytest.fixture
def make_session(fixed_clock: Callable[[], datetime]) -> Callable[..., Session]:
    def make(doc: Briefing, as_of: datetime | None = None, kind: str = "file") -> Session:
        origin = Origin("file", str(SAMPLE)) if kind == "file" else Origin("bundled", "bundled")
        return Session(doc, origin, as_of_moment=as_of, clock=fixed_clock)

    return make


@pytest.fixture
def write_json(tmp_path: Path) -> Iterator[Callable[[Any], Path]]:
    counter = iter(range(10_000))

    def write(data: Any) -> Path:
        path = tmp_path / f"doc-{next(counter)}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    yield write


@pytest.fixture
def no_locks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A file system without locks (NFS without lockd): every `flock` fails with ENOLCK, as
    the kernel says there (it cannot be made to here). The once-per-process warning starts
    afresh. Returns the list of flock calls made (their file descriptors)."""
    import errno
    import fcntl

    from briefing.disk import storage

    calls: list[int] = []

    def nolock(fd: int, _how: int) -> None:
        calls.append(fd)
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", nolock)
    monkeypatch.setattr(storage, "_NO_LOCKS", storage._NoLocks())
    return calls


SLOWEST_FIRST = (
    # The longest tests, longest first (from `pytest --durations=40` of a whole run on two
    # cores). pytest-xdist hands tests out in collection order and steals from the end of a
    # queue, so a long test collected late ends the run alone; run these first instead. A new
    # test that takes more than ~10 s belongs here.
    "tests/test_fuzz.py::test_every_accepted_document_renders_cleanly",
    "tests/test_crashloop.py::test_sigkill_at_random_moments_of_the_apps_refresh",
    "tests/test_crashloop.py::test_sigkill_at_random_moments_of_a_note_save",
    "tests/test_soak.py::test_soak_refreshes_in_one_process_under_random_faults",
    "tests/test_large_briefing.py::test_fifty_thousand_clauses_and_a_2mb_quote_stay_usable",
    "tests/test_safe_text.py::test_hostile_text_is_shown_literally_and_runs_nothing",
    "tests/test_search_incremental.py::test_interleaved_partial_searches_find_exactly_what_a_scan_finds",
    "tests/test_terminal_matrix.py::test_resize_storm_while_typing",
    "tests/test_disk_faults.py::test_the_app_with_a_read_only_cache_dir_shows_a_refresh_it_cannot_keep",
    "tests/test_shared_server.py::test_feed_credentials_never_leave_the_config",
    "tests/test_disk_faults.py::test_the_app_with_a_read_only_data_dir_keeps_notes_in_memory_and_says_so",
    "tests/test_disk_faults.py::test_the_app_without_home_starts_and_keeps_nothing_in_the_working_directory",
    "tests/test_snapshots.py::test_snapshot[note-editor-80x24]",
    "tests/test_disk_faults.py::test_the_app_with_xdg_dirs_that_cannot_exist_shows_what_it_fetched",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the tests in `SLOWEST_FIRST` to the front, in that order; the rest keep theirs."""
    rank = {nodeid: index for index, nodeid in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))  # stable: others in place


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Terminal]:
    """The app's terminal: a tmux server of its own (tests/terminal.py), closed after."""
    terminal = Terminal(tmp_path)
    yield terminal
    terminal.close()
