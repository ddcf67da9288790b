"""Disk faults (reliability matrix F2, F3-adjacent start-up, F5; issue 6 item 3): a disk that is
full or refuses a file size, a read-only data or cache directory, fsync or rename failing,
HOME unset and XDG variables pointing at missing places. Each gives one clear line, no
traceback, leaves the old files as they were and creates nothing in the working directory;
a note the disk refuses is kept in memory, flagged, and saved as soon as the disk allows."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static, TextArea

from briefing import cli
from briefing.disk import paths, storage
from briefing.disk.cache import FeedCache
from briefing.disk.notebook import Notebook, clause_key
from briefing.feed.origin import Origin
from briefing.screens import note as note_module
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.main import MainScreen
from briefing.screens.note import NoteScreen
from briefing.screens.notes import NotesScreen
from briefing.services import analyst as analyst_module
from briefing.services.session import UNSAVED_MARK, Session
from briefing.tui import keeper as keeper_module
from briefing.tui.app import BriefingApp
from tests import disk_helpers
from tests.disk_helpers import briefing, one_clean_line, owned_by_nobody, tree, user_env
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2, blocks_text, plain, screen_text, wait_until

NOW = datetime(2025, 11, 24, 12, 0, tzinfo=UTC)
RETRY = 0.3
"""The retry period in these tests (the app's is 5 s): the same timers, just sooner."""

traversable = disk_helpers.traversable


# -- the app: a note the disk refuses --------------------------------------------------


def work_app(doc) -> BriefingApp:
    session = Session(doc, Origin("file", "sample.json"), clock=lambda: NOW)
    return BriefingApp(session, dirs=paths.user_dirs())


def notes_file() -> Path:
    return paths.user_dirs().data / "briefings" / "sample-accord" / "notes.json"


def saved(key: str) -> str:
    return Notebook.for_briefing(paths.user_dirs().data, "sample-accord").text(key)


async def settle(app: BriefingApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def marked(app: BriefingApp, mark: str, number: str, title: str) -> bool:
    """The clause list shows `mark` in the note column of the row of clause `number`."""
    return re.search(rf"│\s+{re.escape(mark)}\s+{number}\s+{title}", screen_text(app)) is not None


def messages(app: BriefingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture
def fast_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keeper_module, "RETRY_AFTER", RETRY)
    monkeypatch.setattr(note_module, "RETRY_AFTER", RETRY)


async def test_closing_the_editor_on_a_refused_note_keeps_it_flagged_until_the_disk_allows(
    sample_doc, monkeypatch: pytest.MonkeyPatch, fast_retry: None
):
    """F2 through the app: the rename of notes.json fails with ENOSPC. The old file stays
    byte-identical with no temporary file beside it; the editor closes without losing the
    text; the clause is marked ✱ (not ✎) in the list, NOT SAVED in its detail and on the
    Notes screen; reopening the editor gives the text back; once the disk allows, the note
    is saved in the background, the flag goes and a message says so."""
    key = clause_key("ceasefire")
    Notebook.for_briefing(paths.user_dirs().data, "sample-accord").save(key, "Old text.", "t0")
    before = notes_file().read_bytes()
    real_replace = os.replace

    def full(source, target, *args, **kwargs):
        if str(target).endswith("notes.json"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(source, target, *args, **kwargs)

    app = work_app(sample_doc)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert marked(app, "✎", "1", "Ceasefire")
        with monkeypatch.context() as patched:
            patched.setattr(os, "replace", full)
            await pilot.press("j", "enter", "n")
            await pilot.pause()
            assert app.screen.query_one(TextArea).text == "Old text."
            await pilot.press("end", *" Line held.")
            note_status = app.screen.query_one("#note-status", Static)
            await wait_until(pilot, lambda: "NOT SAVED" in plain(note_status), "the save to fail")
            await settle(app, pilot)
            status = plain(note_status)
            assert status.startswith(f"NOT SAVED — could not save {notes_file()}: No space left")
            assert "kept in memory" in status
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, ClauseDetailScreen)  # closed, text not lost
            assert app.session.unsaved == {("sample-accord", key): "Old text. Line held."}
            assert "NOT SAVED" in blocks_text(app, "note")
            assert "Old text. Line held." in blocks_text(app, "note")
            assert any("kept in memory" in m and UNSAVED_MARK in m for m in messages(app))
            assert notes_file().read_bytes() == before
            assert sorted(p.name for p in notes_file().parent.iterdir()) == [
                "notes.json",
                "notes.json.bak",
                "notes.lock",
            ]
            await pilot.press("escape")
            await settle(app, pilot)
            assert marked(app, UNSAVED_MARK, "1", "Ceasefire")
            assert not marked(app, "✎", "1", "Ceasefire")
            assert not marked(app, UNSAVED_MARK, "2", "Cap on Southland")  # only that clause
            app.action_notes()
            await settle(app, pilot)
            assert isinstance(app.screen, NotesScreen)
            notes_text = screen_text(app)
            assert (
                f"{UNSAVED_MARK} NOT SAVED" in notes_text and "Old text. Line held." in notes_text
            )
            await pilot.press("escape")
            await settle(app, pilot)
            await pilot.press("enter", "n")  # the editor again: the unsaved text is back
            await pilot.pause()
            assert isinstance(app.screen, NoteScreen)
            assert app.screen.query_one(TextArea).text == "Old text. Line held."
            assert "NOT SAVED" in plain(app.screen.query_one("#note-status", Static))
            await pilot.press("escape")
            await settle(app, pilot)
            await pilot.press("escape")
            await pilot.pause(RETRY * 3)  # still refused: retried, still kept
            await settle(app, pilot)
            assert notes_file().read_bytes() == before
            assert app.session.unsaved
        # The disk allows again: saved in the background, with no key pressed.
        await pilot.pause(RETRY * 3)
        await settle(app, pilot)
        assert saved(key) == "Old text. Line held."
        assert app.session.unsaved == {}
        assert any("Saved 1 note that the disk had refused" in m for m in messages(app))
        assert marked(app, "✎", "1", "Ceasefire")
        assert not marked(app, UNSAVED_MARK, "1", "Ceasefire")


async def test_quitting_with_a_refused_note_writes_it_to_a_named_file(
    sample_doc, monkeypatch: pytest.MonkeyPatch
):
    """Only the notebook refuses (its write raises OSError EIO): q tries once more, then
    writes the note to a new 0600 file in the data dir and names it on exit (exit code 1)."""

    def refuse(_self, _data, **_options):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    exits: list[tuple[int, str]] = []
    app = work_app(sample_doc)
    real_exit = app.exit

    def record_exit(result=None, return_code=0, message=None):
        exits.append((return_code, str(message)))
        real_exit(result, return_code, message)

    monkeypatch.setattr(app, "exit", record_exit)
    monkeypatch.setattr(Notebook, "_write", refuse)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"Do not lose me.", "escape")
        await settle(app, pilot)
        assert app.session.unsaved
        await pilot.press("escape", "q")
        await settle(app, pilot)
    assert app.return_code == 1
    [(_code, message)] = exits
    found = re.search(r"they are in (\S+)$|it is in (\S+)$", message)
    assert found, message
    rescue = Path(found.group(1) or found.group(2))
    assert rescue.parent == paths.user_dirs().data
    assert stat.S_IMODE(rescue.stat().st_mode) == 0o600
    assert json.loads(rescue.read_text())["unsaved_notes"] == [
        {"briefing": "sample-accord", "key": "clause:ceasefire", "text": "Do not lose me."}
    ]
    assert not notes_file().exists()


async def test_quitting_when_nothing_can_be_written_warns_and_needs_a_second_q(
    sample_doc, monkeypatch: pytest.MonkeyPatch
):
    """Every write fails (StorageError): the first q does not quit but says the note would be
    lost; a second q quits with exit code 1 and says so."""

    def refuse(path, *_args, **_kwargs):
        raise storage.StorageError(f"could not save {path}: No space left on device")

    app = work_app(sample_doc)
    monkeypatch.setattr(storage, "write_atomic", refuse)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "enter", "n", *"Nowhere to go.", "escape")
        await settle(app, pilot)
        await pilot.press("escape", "q")
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert any("press q again to quit and lose it" in m for m in messages(app)), messages(app)
        assert app.session.unsaved == {("sample-accord", "clause:ceasefire"): "Nowhere to go."}
        await pilot.press("q")
        await settle(app, pilot)
    assert app.return_code == 1
    assert not list(paths.user_dirs().data.rglob("unsaved-notes-*"))


def test_the_emergency_file_name_is_new_each_time(make_session, sample_doc):
    """Two sessions quitting in the same second never write over each other's rescue file."""
    one = analyst_module.Analyst(make_session(sample_doc), paths.user_dirs())
    assert one.emergency_path().parent == paths.user_dirs().data
    assert str(os.getpid()) in one.emergency_path().name


# -- the command line: file too large, fsync and rename failing ------------------------


def assert_cache_intact(directory: Path, before: dict[str, bytes | None]) -> None:
    """Every file as it was, no temporary file; `previous.json` may now hold the same copy
    (it is made, as a hard link, before the new copy is written)."""
    after = tree(directory)
    if "previous.json" not in before and "previous.json" in after:
        assert after.pop("previous.json") == before["document.json"]
    assert after == before


def set_file_limit(limit: int):
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_a_refresh_over_the_file_size_limit_keeps_the_cache(server: FeedServer, tmp_path: Path):
    """F2: RLIMIT_FSIZE (EFBIG) in the child running `briefing refresh`: one line naming the
    file, exit 1, the cached copy byte-identical, no temporary file, nothing in the cwd."""
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    env = user_env(home)
    url = server.route("/f", Route(body=V1))
    assert briefing("refresh", "--feed", url, env=env, cwd=work).returncode == 0
    cache = FeedCache(home / "cache" / "briefing", url)
    before = tree(cache.dir)
    server.route("/f", Route(body=V2 + b" " * 4000))
    result = briefing(
        "refresh", "--feed", url, "--force", env=env, cwd=work, preexec=set_file_limit(2000)
    )
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert f"could not save {cache.document}: File too large" in line
    assert "showing the copy from" in line
    assert_cache_intact(cache.dir, before)
    assert list(work.iterdir()) == []


def test_an_export_over_the_file_size_limit_leaves_nothing(tmp_path: Path):
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    target = work / "brief.md"
    result = briefing(
        "export", "-o", str(target), env=user_env(home), cwd=work, preexec=set_file_limit(1000)
    )
    assert result.returncode == 1
    assert one_clean_line(result.stderr) == (
        f"briefing export: could not save {target}: File too large"
    )
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(
    ("call", "error"),
    [("fsync", errno.EIO), ("replace", errno.EXDEV), ("replace", errno.ENOSPC)],
)
def test_fsync_or_rename_failing_during_a_refresh(
    server: FeedServer, capsys: pytest.CaptureFixture[str], call: str, error: int
):
    """F2 in-process (a failing fsync cannot be produced for real): `briefing refresh` says
    which file could not be saved and why, exit 1; the old copy and its metadata stay."""
    url = server.route("/f", Route(body=V1))
    assert cli.main(["refresh", "--feed", url, "--quiet"]) == 0
    cache = FeedCache(paths.user_dirs().cache, url)
    before = tree(cache.dir)
    server.route("/f", Route(body=V2))

    def fail(*_args, **_kwargs):
        raise OSError(error, os.strerror(error))

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(os, call, fail)
        assert cli.main(["refresh", "--feed", url, "--force"]) == 1
    err = capsys.readouterr().err
    assert one_clean_line(err).startswith(f"briefing refresh 127.0.0.1:{server.port}: ")
    assert f"could not save {cache.document}: {os.strerror(error)}" in err
    assert_cache_intact(cache.dir, before)


def test_fsync_failing_during_an_export_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "brief.md"
    target.write_text("the analyst's old brief")

    def fail(*_args, **_kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(os, "fsync", fail)
        assert cli.main(["export", "-o", str(target), "--force"]) == 1
    assert one_clean_line(capsys.readouterr().err) == (
        f"briefing export: could not save {target}: Input/output error"
    )
    assert target.read_text() == "the analyst's old brief"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


# -- read-only directories (a second uid: root ignores permissions) --------------------


def nobody_with_a_copy(
    server: FeedServer, traversable: Path
) -> tuple[Path, Path, dict[str, str], str]:
    """uid 65534's home and working directory, and the URL of a feed (V1) it has
    refreshed once into its cache."""
    home = owned_by_nobody(traversable / "home")
    work = owned_by_nobody(traversable / "cwd")
    env = user_env(home)
    url = server.route("/f", Route(body=V1))
    first = briefing("refresh", "--feed", url, env=env, cwd=work, as_nobody=True)
    assert first.returncode == 0, first.stderr
    return home, work, env, url


@disk_helpers.needs_second_uid
def test_a_read_only_cache_dir_is_reported_and_kept(server: FeedServer, traversable: Path):
    """F5: the cache dir, owned by the user (uid 65534) and made read-only (0500). The app
    does not make it writable again: one line, exit 1, the copy intact."""
    home, work, env, url = nobody_with_a_copy(server, traversable)
    cache = FeedCache(home / "cache" / "briefing", url)
    before = tree(home / "cache")
    cache.dir.chmod(0o500)
    server.route("/f", Route(body=V2))
    result = briefing("refresh", "--feed", url, "--force", env=env, cwd=work, as_nobody=True)
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert f"could not save {cache.document}: Permission denied" in line, line
    assert "showing the copy from" in line
    assert stat.S_IMODE(cache.dir.stat().st_mode) == 0o500  # left as the user set it
    assert tree(home / "cache") == before
    assert list(work.iterdir()) == []


@disk_helpers.needs_second_uid
def test_a_read_only_data_dir_loses_no_refresh_and_says_what_was_not_kept(
    server: FeedServer, traversable: Path
):
    """F5: the data dir (change log, notes) read-only: the refresh still installs the copy,
    and says in the same line that the changes could not be remembered."""
    home, work, env, url = nobody_with_a_copy(server, traversable)
    data = owned_by_nobody(home / "data" / "briefing", 0o500)
    server.route("/f", Route(body=V2))
    result = briefing("refresh", "--feed", url, "--force", env=env, cwd=work, as_nobody=True)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "feed ok · updated" in first and "changes not remembered" in first
    assert "Permission denied" in first and "Traceback" not in result.stdout + result.stderr
    assert list(data.iterdir()) == []
    assert list(work.iterdir()) == []


# -- HOME unset, XDG variables pointing at missing places ------------------------------


@disk_helpers.needs_second_uid
def test_without_home_nothing_is_created_in_the_working_directory(
    server: FeedServer, traversable: Path
):
    """F5: `env -i` (no HOME, no XDG): uid 65534's home (/nonexistent) cannot be created, so
    a refresh fails in one line naming the directory, export and paths still work, and the
    (writable) working directory stays empty: no `~` or `.cache` made there."""
    work = owned_by_nobody(traversable / "cwd")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    env["PYTHONPATH"] = str(disk_helpers.WORKTREE)
    url = server.route("/f", Route(body=V1))
    refresh = briefing("refresh", "--feed", url, env=env, cwd=work, as_nobody=True)
    assert refresh.returncode == 1
    line = one_clean_line(refresh.stderr)
    assert re.search(r"cannot create the directory /\S+/briefing\S*: Permission denied", line)
    assert "no copy of this feed yet" in line
    export = briefing("export", env=env, cwd=work, as_nobody=True)
    assert export.returncode == 0 and export.stdout.startswith("# "), export.stderr
    assert export.stderr == ""
    shown = briefing("paths", env=env, cwd=work, as_nobody=True)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert all(line.split()[-1].startswith("/") for line in shown.stdout.splitlines())
    assert list(work.iterdir()) == []


def test_xdg_dirs_that_do_not_exist_yet_are_created_private(server: FeedServer, tmp_path: Path):
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    deep = tmp_path / "not" / "there" / "yet"
    env = user_env(home, XDG_CACHE_HOME=str(deep))
    url = server.route("/f", Route(body=V1))
    result = briefing("refresh", "--feed", url, env=env, cwd=work)
    assert result.returncode == 0, result.stderr
    for directory in (tmp_path / "not", tmp_path / "not" / "there", deep, deep / "briefing"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    assert list(work.iterdir()) == []


def test_xdg_dirs_that_cannot_exist_give_one_line_and_relative_ones_are_ignored(
    server: FeedServer, tmp_path: Path
):
    """F5: XDG_CACHE_HOME under a regular file: one line naming the directory, exit 1.
    Relative XDG values are ignored (as the XDG spec says), so nothing lands in the cwd."""
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    url = server.route("/f", Route(body=V1))
    env = user_env(home, XDG_CACHE_HOME=str(blocker / "cache"))
    result = briefing("refresh", "--feed", url, env=env, cwd=work)
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert re.search(
        rf"cannot (use|create) the directory {blocker}/cache\S*: Not a directory", line
    )
    assert blocker.read_text() == "not a directory"
    relative = user_env(home, XDG_CACHE_HOME="rel/cache", XDG_DATA_HOME="rel/data")
    assert briefing("refresh", "--feed", url, env=relative, cwd=work).returncode == 0
    assert briefing("export", env=relative, cwd=work).returncode == 0
    assert list(work.iterdir()) == []


# -- F5 in the app: data or cache dir unusable from the start ---------------------------

NOTE_STEPS: list[object] = [
    ["keys", "j", "enter", "n"],
    ["type", "Kept in memory."],
    ["keys", "escape"],
    "settle",
    ["keys", "escape"],
    "settle",
    "look",
]
"""Write a note on the first clause, close the editor and go back to the main screen."""


def said(look: dict[str, Any], *parts: str) -> bool:
    """One message on screen says every one of `parts`."""
    return any(all(part in message for part in parts) for message in look["messages"])


def no_notes_warning(look: dict[str, Any]) -> bool:
    return not any("Notes cannot be saved" in m for m in look["messages"])


@disk_helpers.needs_second_uid
def test_the_app_with_a_read_only_data_dir_keeps_notes_in_memory_and_says_so(
    server: FeedServer, traversable: Path
):
    """F5 in the TUI (uid 65534, so the mode counts): the data dir is read-only (0500) from
    the start. The app starts on the cached copy and says at once, in one message, that notes
    cannot be saved and what happens to them; a note written anyway is kept in memory and
    marked ✱ NOT SAVED; nothing is written in the data dir or the working directory."""
    home, work, env, url = nobody_with_a_copy(server, traversable)
    data = owned_by_nobody(home / "data" / "briefing", 0o500)
    looks, _run = disk_helpers.app_child(
        url, ["settle", "look", *NOTE_STEPS], env=env, cwd=work, as_nobody=True
    )
    start, after = looks
    assert start["doc"] == "sample-accord" and start["origin"] == "feed"
    notes_dir = data / "briefings" / "sample-accord"
    assert said(
        start,
        f"Notes cannot be saved (cannot create the directory {notes_dir}: Permission denied)",
        f"kept in memory only, marked {UNSAVED_MARK} NOT SAVED",
    ), start["messages"]
    assert sum("Notes cannot be saved" in m for m in start["messages"]) == 1
    assert not any("Refreshes cannot be cached" in m for m in start["messages"])
    assert "feed ok" in start["status"]
    assert after["unsaved"] == {"sample-accord/clause:ceasefire": "Kept in memory."}
    assert re.search(rf"│\s+{UNSAVED_MARK}\s+1\s+Ceasefire", after["screen"]), after["screen"]
    assert said(after, "1 note not saved", "kept in memory")
    assert list(data.iterdir()) == []
    assert list(work.iterdir()) == []


@disk_helpers.needs_second_uid
def test_the_app_with_a_read_only_cache_dir_shows_a_refresh_it_cannot_keep(
    server: FeedServer, traversable: Path
):
    """F5 and no-cache mode in the TUI (uid 65534): the feed's cache dir is read-only with the
    last good copy G in it. The app starts on G and says refreshes cannot be cached; a refresh
    brings V2, which is shown, marked "not kept" (and why) on the status line; G stays
    byte-identical, so the next start shows G again."""
    home, work, env, url = nobody_with_a_copy(server, traversable)
    cache = FeedCache(home / "cache" / "briefing", url)
    cache.dir.chmod(0o500)
    before = tree(home / "cache")
    held = threading.Event()  # the refresh in flight until the first look is taken
    server.route("/f", Route(body=V2, hold=held))
    try:
        looks, _run = disk_helpers.app_child(
            url,
            ["refreshing", "look", ["get", server.releaser(held)], "settle", "look"],
            env=env,
            cwd=work,
            as_nobody=True,
        )
    finally:
        held.set()
    start, refreshed = looks
    why = f"could not save {cache.document}: Permission denied"
    assert start["doc"] == "sample-accord" and start["origin"] == "feed"
    assert "25 Nov 2025 09:00" not in start["screen"]  # G (V1), not V2 yet
    assert said(
        start,
        f"Refreshes cannot be cached (cannot write in {cache.dir}: Permission denied)",
        "a refreshed briefing is shown, not kept once you quit",
    ), start["messages"]
    assert "25 Nov 2025 09:00" in refreshed["screen"]  # V2's "updated"
    assert re.fullmatch(
        rf"127\.0\.0\.1:{server.port}: feed ok · \d\d:\d\d \(just now\) · not kept: {re.escape(why)}",
        refreshed["status"],
    ), refreshed["status"]
    assert "not kept: could not save" in refreshed["screen"]
    assert no_notes_warning(refreshed)
    assert not any("failed" in m.lower() or "Traceback" in m for m in refreshed["messages"]), (
        refreshed["messages"]
    )
    assert tree(home / "cache") == before
    assert stat.S_IMODE(cache.dir.stat().st_mode) == 0o500
    held = threading.Event()
    server.route("/f", Route(body=V2, hold=held))
    try:
        again, _run = disk_helpers.app_child(
            url,
            ["refreshing", "look", ["get", server.releaser(held)], "settle"],
            env=env,
            cwd=work,
            as_nobody=True,
        )
    finally:
        held.set()
    assert "25 Nov 2025 09:00" not in again[0]["screen"]  # V2 was not kept: G again
    assert list(work.iterdir()) == []


async def test_the_app_with_xdg_dirs_that_cannot_exist_shows_what_it_fetched(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """F5 in the TUI: XDG_DATA_HOME and XDG_CACHE_HOME lie under a regular file. The app
    starts on the bundled briefing, says in one message each that notes cannot be saved and
    refreshes cannot be cached; the refresh is shown from memory, marked "not kept"; a note
    is kept in memory, marked ✱. No traceback; the file and the working directory untouched."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    answer = threading.Event()  # the feed answers once the first screen has been read
    url = server.route("/f", Route(body=V1, hold=answer))
    app = cli.make_app(url, None, None)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()  # the first screen, while the feed has not answered yet
            assert app.session.origin.kind == "bundled"
            assert "bundled" in screen_text(app).splitlines()[0]
            answer.set()
            await settle(app, pilot)
            assert app.session.origin.kind == "feed" and app.session.doc.id == "sample-accord"
            cache_dir = FeedCache(blocker / "cache" / "briefing", url).dir
            notes_dir = blocker / "data" / "briefing" / "briefings" / "us-peace-plan-2025-11"
            shown = messages(app)
            assert (
                f"Refreshes cannot be cached (cannot create the directory {cache_dir}: "
                in "".join(shown)
            )
            assert any(
                m.startswith("Refreshes cannot be cached (")
                and f": {blocker} is not a directory): a refreshed briefing is shown" in m
                for m in shown
            ), shown
            assert any(
                m.startswith(f"Notes cannot be saved (cannot create the directory {notes_dir}: ")
                and f"{blocker} is not a directory)" in m
                for m in shown
            ), shown
            assert sum("cannot be saved" in m for m in shown) == 1  # once, not per briefing
            assert not any("Not a directory" in m for m in shown), shown  # no raw read errors
            status = app.session.feed_status()
            assert "feed ok" in status and " · not kept: cannot create the directory" in status
            assert "not kept" in screen_text(app)
            await pilot.press("j", "enter", "n", *"In memory.", "escape")
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.session.unsaved == {("sample-accord", "clause:ceasefire"): "In memory."}
            assert marked(app, UNSAVED_MARK, "1", "Ceasefire")
    finally:
        answer.set()

    assert blocker.read_text() == "not a directory"
    assert list(work.iterdir()) == []


@disk_helpers.needs_second_uid
def test_the_app_without_home_starts_and_keeps_nothing_in_the_working_directory(
    server: FeedServer, traversable: Path
):
    """F5 in the TUI: `env -i` (no HOME, no XDG) as uid 65534, whose home (/nonexistent)
    cannot be created. The app starts on the bundled briefing, says notes cannot be saved
    and refreshes cannot be cached (naming the directory), shows the refresh from memory
    ("not kept") and keeps a note in memory (✱); the writable working directory stays
    empty: no `~`, `.cache` or `.local` made there."""
    work = owned_by_nobody(traversable / "cwd")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    env["PYTHONPATH"] = str(disk_helpers.WORKTREE)
    held = threading.Event()  # the refresh in flight until the first look is taken
    url = server.route("/f", Route(body=V1, hold=held))
    try:
        looks, _run = disk_helpers.app_child(
            url,
            ["refreshing", "look", ["get", server.releaser(held)], "settle", "look", *NOTE_STEPS],
            env=env,
            cwd=work,
            as_nobody=True,
        )
    finally:
        held.set()
    start, refreshed, noted = looks
    assert start["origin"] == "bundled" and start["doc"] == "us-peace-plan-2025-11"
    home_dirs = r"/nonexistent/\S+"
    assert any(
        re.fullmatch(
            rf"Notes cannot be saved \(cannot create the directory {home_dirs}: Permission "
            rf"denied\): notes you write are kept in memory only, marked {UNSAVED_MARK} NOT "
            r"SAVED, until the disk takes them\.",
            m,
        )
        for m in start["messages"]
    ), start["messages"]
    assert any(
        re.fullmatch(
            rf"Refreshes cannot be cached \(cannot create the directory {home_dirs}: Permission "
            r"denied\): a refreshed briefing is shown, not kept once you quit\.",
            m,
        )
        for m in start["messages"]
    ), start["messages"]
    assert refreshed["origin"] == "feed" and refreshed["doc"] == "sample-accord"
    assert " · not kept: cannot create the directory /nonexistent/" in refreshed["status"]
    assert noted["unsaved"] == {"sample-accord/clause:ceasefire": "Kept in memory."}
    assert re.search(rf"│\s+{UNSAVED_MARK}\s+1\s+Ceasefire", noted["screen"])
    assert list(work.iterdir()) == []


# -- S4: a file system without locks (flock → ENOLCK, simulated) -------------------------

LOCK_WARNING = re.compile(
    r"[Ff]ile locks do not work in (\S+) \(No locks available\): writes there are not locked "
    r"between machines \(or sessions\); notes are still protected by compare-and-swap "
    r"\(a note changed elsewhere keeps both texts\)"
)


def test_a_refresh_without_locks_works_and_warns_once_on_stderr(
    server: FeedServer, capsys: pytest.CaptureFixture[str], no_locks: list[int]
):
    """S4 on the command line: `briefing refresh` with changes takes two locks (cache and
    change log), both refused with ENOLCK. It does not wait, installs the copy, exits 0, and
    stderr has exactly one line: the warning."""
    url = server.route("/f", Route(body=V1))
    assert cli.main(["refresh", "--feed", url, "--quiet"]) == 0
    warned = capsys.readouterr().err
    line = one_clean_line(warned)
    assert line.startswith("briefing: warning: ")
    found = LOCK_WARNING.search(line)
    assert found and found.group(1) == str(FeedCache(paths.user_dirs().cache, url).dir)
    server.route("/f", Route(body=V2))
    storage._NO_LOCKS = storage._NoLocks()  # another run of the command: warned again, once
    assert cli.main(["refresh", "--feed", url]) == 0
    out, err = capsys.readouterr()
    assert "feed ok · updated" in out and "3 changes" in out
    assert LOCK_WARNING.search(one_clean_line(err))
    assert len(no_locks) >= 3  # cache twice, change log once: all refused, none waited for


async def test_the_app_without_locks_warns_once_and_still_saves_notes(
    server: FeedServer, no_locks: list[int]
):
    """S4 in the app: a refresh, a note save and a flag all find locks refused. One message,
    once, says writes are not locked between machines and notes are protected by
    compare-and-swap; the refresh and the note go through, nothing hangs."""
    url = server.route("/f", Route(body=V1))
    app = cli.make_app(url, None, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.session.origin.kind == "feed" and "feed ok" in app.session.feed_status()
        warnings = [m for m in messages(app) if LOCK_WARNING.search(m)]
        assert len(warnings) == 1 and warnings[0].startswith("File locks do not work in ")
        await pilot.press("j", "enter", "n", *"Saved without a lock.", "escape")
        await settle(app, pilot)
        await pilot.press("f", "escape")
        await settle(app, pilot)
        # The note is written as the editor closes, the flag in a worker on its screen:
        # waited for, not assumed done by the time the App's own workers are.
        await wait_until(pilot, lambda: app.session.unsaved == {}, "the note saved")
        await wait_until(
            pilot,
            lambda: saved(clause_key("ceasefire")) == "Saved without a lock.",
            "the note on disk",
        )
        await wait_until(pilot, lambda: len(no_locks) >= 3, "three writes without a lock")
        assert sum(bool(LOCK_WARNING.search(m)) for m in messages(app)) == 1
        assert not any("NOT SAVED" in m or "failed" in m for m in messages(app))
    assert len(no_locks) >= 3
