"""Shared servers (reliability matrix S1-S3; issue 6 item 4): private modes whatever the
umask, app directories that are symbolic links or belong to another user refused with a
message naming them, no temporary file in /tmp, and feed credentials never shown, logged,
stored or put on a command line."""

from __future__ import annotations

import base64
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.disk import paths
from briefing.disk.cache import FeedCache
from tests import disk_helpers
from tests.disk_helpers import (
    NOBODY,
    as_nobody_command,
    briefing,
    one_clean_line,
    owned_by_nobody,
    user_env,
)
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2, wait_for

ROOT = Path(__file__).resolve().parent.parent
traversable = disk_helpers.traversable


def with_umask(mask: int):
    def preexec() -> None:
        os.umask(mask)

    return preexec


SAVE_NOTE = """
import os, sys
os.umask(int(sys.argv[1], 8))
from briefing.disk import paths
from briefing.disk.notebook import Notebook
book = Notebook.for_briefing(paths.user_dirs().data, "sample-accord")
book.save("clause:ceasefire", "a note", "2025-11-24T12:00:00+00:00")
book.save("clause:ceasefire", "a second version", "2025-11-24T12:01:00+00:00")
book.toggle_flag("ceasefire")
"""


def save_note(env: dict[str, str], cwd: Path, umask: int) -> None:
    """A note saved (twice, so the backup exists) and a flag set by the notebook itself, in a
    child with that umask (the TUI's note editor calls exactly this)."""
    done = subprocess.run(
        [sys.executable, "-c", SAVE_NOTE, oct(umask)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_every_file_and_directory_is_private_whatever_the_umask(
    server: FeedServer, tmp_path: Path, umask: int
):
    """S1: a refresh (cache, lock, metadata, previous copy), a second one with changes (the
    change log and its lock) and a note save (notes, backup, lock): dirs 0700, files 0600.
    An export the analyst asks for follows the umask, like any file they write."""
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    env = user_env(home)
    url = server.route("/f", Route(body=V1))
    assert (
        briefing("refresh", "--feed", url, env=env, cwd=work, preexec=with_umask(umask)).returncode
        == 0
    )
    server.route("/f", Route(body=V2))
    again = briefing("refresh", "--feed", url, env=env, cwd=work, preexec=with_umask(umask))
    assert again.returncode == 0 and "3 changes" in again.stdout, again.stderr
    save_note(env, work, umask)
    created = sorted(home.rglob("*"))
    names = {p.name for p in created}
    assert {"document.json", "previous.json", "meta.json", "lock"} <= names
    assert {"changes.json", "changes.lock", "notes.json", "notes.json.bak", "notes.lock"} <= names
    for path in created:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (oct(mode), path)
    export = work / "brief.md"
    done = briefing("export", "-o", str(export), env=env, cwd=work, preexec=with_umask(umask))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(export.stat().st_mode) == 0o666 & ~umask


@disk_helpers.needs_second_uid
def test_another_user_cannot_read_the_cache_or_the_notes(server: FeedServer, traversable: Path):
    """S1: what a refresh and a note save wrote under umask 000 is refused to uid 65534: the
    app's directories cannot be listed, and the files themselves cannot be read even when
    the directories are opened up (by hand, for the test)."""
    home, work = traversable / "home", traversable / "cwd"
    work.mkdir()
    env = user_env(home)
    url = server.route("/f", Route(body=V1))
    refreshed = briefing("refresh", "--feed", url, env=env, cwd=work, preexec=with_umask(0))
    assert refreshed.returncode == 0
    save_note(env, work, 0)
    targets = [
        FeedCache(home / "cache" / "briefing", url).document,
        home / "data" / "briefing" / "briefings" / "sample-accord" / "notes.json",
    ]
    home.chmod(0o711)

    def as_nobody(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            as_nobody_command(list(command)), capture_output=True, text=True, timeout=30
        )

    for app_dir in (home / "cache" / "briefing", home / "data" / "briefing"):
        listed = as_nobody("ls", str(app_dir))
        assert listed.returncode != 0 and "Permission denied" in listed.stderr, listed
    for directory in [p for p in home.rglob("*") if p.is_dir()]:
        directory.chmod(0o711)
    for target in targets:
        assert target.is_file()
        read = as_nobody("cat", str(target))
        assert read.returncode != 0 and "Permission denied" in read.stderr, read


# -- app directories that are symbolic links or belong to someone else -----------------


def test_a_cache_dir_that_is_a_symlink_is_refused_and_not_followed(
    server: FeedServer, tmp_path: Path
):
    """S2: `…/cache/briefing` is a symbolic link (to a directory an attacker chose): one line
    naming it, exit 1, nothing written where it points."""
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (home / "cache").mkdir(parents=True)
    link = home / "cache" / "briefing"
    link.symlink_to(victim)
    url = server.route("/f", Route(body=V1))
    result = briefing("refresh", "--feed", url, env=user_env(home), cwd=work)
    assert result.returncode == 1
    assert f"unsafe directory {link}: it is a symbolic link" in one_clean_line(result.stderr)
    assert list(victim.iterdir()) == []


def test_a_data_dir_that_is_a_symlink_is_refused_for_notes(tmp_path: Path):
    """S2: `…/data/briefing` is a symbolic link: the export says the notes cannot be used
    (naming the directory) instead of reading or writing through it."""
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    victim = tmp_path / "victim"
    (victim / "briefings" / "peace-plan-2025-11").mkdir(parents=True)
    planted = victim / "briefings" / "peace-plan-2025-11" / "notes.json"
    planted.write_text('{"version": 1, "notes": {}, "flags": ["planted"]}')
    (home / "data").mkdir(parents=True)
    link = home / "data" / "briefing"
    link.symlink_to(victim)
    result = briefing("export", env=user_env(home), cwd=work)
    assert result.returncode == 0
    assert one_clean_line(result.stderr) == (
        f"briefing export: unsafe directory {link}: it is a symbolic link or not a directory"
    )
    assert "planted" not in result.stdout


@disk_helpers.needs_second_uid
@pytest.mark.parametrize("which", ["cache", "data"])
def test_an_app_dir_owned_by_another_user_is_refused(
    server: FeedServer, traversable: Path, which: str
):
    """S2: the user is uid 65534; root made their `…/<which>/briefing` (0777, as a squatter
    would). The refresh (cache) or the notes (data) refuse it, naming it and the owner."""
    home = owned_by_nobody(traversable / "home")
    work = owned_by_nobody(traversable / "cwd")
    owned_by_nobody(home / which)
    squatted = home / which / "briefing"
    squatted.mkdir(mode=0o777)
    squatted.chmod(0o777)
    env = user_env(home)
    url = server.route("/f", Route(body=V1))
    if which == "cache":
        result = briefing("refresh", "--feed", url, env=env, cwd=work, as_nobody=True)
        assert result.returncode == 1
    else:
        result = briefing("export", env=env, cwd=work, as_nobody=True)
        assert result.returncode == 0
    line = one_clean_line(result.stderr)
    assert f"unsafe directory {squatted}: owned by uid 0, not by you" in line
    assert list(squatted.iterdir()) == []


# -- no temporary files in /tmp ------------------------------------------------------------


def test_nothing_is_written_to_the_temporary_directory(server: FeedServer, tmp_path: Path):
    """S2: TMPDIR (and TMP, TEMP) point at an empty directory: a refresh with changes, a note
    save and an export leave it empty (every temporary file is made beside its target)."""
    home, work, temp = tmp_path / "home", tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    env = user_env(home, TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp))
    url = server.route("/f", Route(body=V1))
    assert briefing("refresh", "--feed", url, env=env, cwd=work).returncode == 0
    server.route("/f", Route(body=V2))
    assert briefing("refresh", "--feed", url, env=env, cwd=work).returncode == 0
    save_note(env, work, 0o022)
    assert briefing("export", "-o", str(work / "brief.md"), env=env, cwd=work).returncode == 0
    assert (work / "brief.md").is_file()
    assert list(temp.iterdir()) == []


def test_no_code_makes_temporary_files_outside_their_target_directory():
    """The source never uses `tempfile` without an explicit directory (it would be /tmp)."""
    offenders = []
    for package in ("briefing", "screens", "widgets"):
        for source in sorted((ROOT / package).rglob("*.py")):
            text = source.read_text(encoding="utf-8")
            for match in re.finditer(r"tempfile\.\w+\(([^)]*)\)", text):
                if "dir=" not in match.group(1):
                    offenders.append(f"{source.relative_to(ROOT)}: {match.group(0)}")
            if re.search(r"[\"']/tmp\b", text):
                offenders.append(f"{source.relative_to(ROOT)}: a literal /tmp path")
    assert offenders == []


# -- secrets: credentials in a feed URL ----------------------------------------------------

CANARY = "CANARY-7f3a9c"
USER = "desk-reader"


def write_config(home: Path, url: str) -> None:
    config = home / "config" / "briefing"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(
        f'default_feed = "desk"\n[[feeds]]\nname = "desk"\nurl = "{url}"\n'
    )
    (config / "config.toml").chmod(0o600)


def test_feed_credentials_never_leave_the_config(server: FeedServer, tmp_path: Path):
    """S3: a feed URL with user:password (the canary) in config.toml. The credentials are sent
    (the server sees them), but no output of any refresh — updated, failed with 500, invalid
    JSON, unreachable — nor any file the app writes, nor the running process's command line,
    carries the password or the user name."""
    home, work = tmp_path / "home", tmp_path / "cwd"
    work.mkdir()
    env = user_env(home)

    def url_for(port: int, path: str = "/f") -> str:
        return f"http://{USER}:{CANARY}@127.0.0.1:{port}{path}"

    server.route("/f", Route(body=V1))
    write_config(home, url_for(server.port))
    outputs: list[str] = []

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = briefing(*args, env=env, cwd=work)
        outputs.extend([result.stdout, result.stderr])
        return result

    assert run("refresh").returncode == 0
    assert (
        server.requests[-1].headers["authorization"]
        == "Basic " + base64.b64encode(f"{USER}:{CANARY}".encode()).decode()
    )
    server.route("/f", Route(body=V2))
    assert run("refresh").returncode == 0
    for route in (Route(status=500), Route(body=b"{not json"), Route(status=404)):
        server.route("/f", route)
        assert run("refresh", "--force").returncode == 1
    assert run("export").returncode == 0
    assert run("export", "--format", "json").returncode == 0
    with socket_closed() as port:
        write_config_again = home / "config" / "briefing" / "config.toml"
        write_config_again.write_text(
            f'default_feed = "desk"\n[[feeds]]\nname = "desk"\nurl = "{url_for(port)}"\n'
        )
        assert run("refresh").returncode == 1
    # While a refresh runs (the server holds the answer), its command line.
    held = threading.Event()
    server.route("/f", Route(body=V1, hold=held))
    asked = len(server.hits("/f"))
    write_config(home / "again", url_for(server.port))
    slow_env = user_env(home / "again")
    child = subprocess.Popen(
        [sys.executable, "-m", "briefing", "refresh"],
        env=slow_env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(
            lambda: len(server.hits("/f")) > asked or child.poll() is not None,
            "the child's request",
        )
        assert child.poll() is None, child.communicate(timeout=60)
        cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes()
    except BaseException:
        child.kill()
        raise
    finally:
        held.set()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    outputs.extend([out, err, cmdline.decode(errors="replace")])
    for text in outputs:
        assert CANARY not in text and USER not in text, text
    assert any("feed ok" in text for text in outputs)
    config_files = {home / "config" / "briefing" / "config.toml"}
    for path in [*home.rglob("*"), *work.rglob("*")]:
        if path.is_file() and path not in config_files and "again" not in path.parts:
            data = path.read_bytes()
            assert CANARY.encode() not in data and USER.encode() not in data, path


class socket_closed:
    """A local port with nothing listening (bound, then closed)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def __exit__(self, *_exc: object) -> None:
        return None


async def test_the_app_never_shows_feed_credentials(server: FeedServer, tmp_path: Path):
    """S3 in the app: header, status line and messages of a refresh that works and of one
    that fails show the feed by name and host, never its credentials."""
    from briefing.services.session import Session
    from briefing.services.startup import open_target
    from briefing.tui.app import BriefingApp
    from tests.helpers import screen_text

    server.route("/f", Route(body=V1))
    home = Path(os.environ["HOME"])
    write_config_url = f"http://{USER}:{CANARY}@127.0.0.1:{server.port}/f"
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'default_feed = "desk"\n[[feeds]]\nname = "desk"\nurl = "{write_config_url}"\n'
    )
    start = open_target(None)
    session = Session(start.doc, start.origin)
    app = BriefingApp(session, startup=start, dirs=paths.user_dirs())
    seen: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append(screen_text(app))
        server.route("/f", Route(body=b"{broken"))
        await pilot.press("r")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append(screen_text(app))
        seen.extend(str(n.message) for n in app._notifications)
        seen.append(session.feed_status())
        seen.append(session.origin.label())
    assert any("desk" in text for text in seen)
    for text in seen:
        assert CANARY not in text and USER not in text, text
    for path in home.rglob("*"):
        if path.is_file() and path != config:
            assert CANARY.encode() not in path.read_bytes(), path


# -- a squatted /tmp/runtime-<uid> ---------------------------------------------------------

SQUAT = Path("/tmp") / f"runtime-{NOBODY}"
"""Where platformdirs 4.x puts uid 65534's runtime dir when XDG_RUNTIME_DIR is unset and
/run/user/65534 does not exist: `gettempdir()/runtime-<uid>`, a name anyone can take first."""


@pytest.fixture
def squatted() -> Iterator[Path]:
    """Root takes uid 65534's runtime dir first (0777, with a bait file); removed afterwards."""
    if os.path.lexists(SQUAT):
        pytest.skip(f"{SQUAT} exists already and is not this test's")
    if Path(f"/run/user/{NOBODY}").is_dir():
        pytest.skip(f"/run/user/{NOBODY} exists: platformdirs would not use {SQUAT}")
    SQUAT.mkdir()
    SQUAT.chmod(0o777)
    (SQUAT / "bait").write_text("planted by another user")
    try:
        yield SQUAT
    finally:
        shutil.rmtree(SQUAT, ignore_errors=True)


def squat_state(path: Path) -> tuple[int, int, list[tuple[str, bytes]]]:
    info = path.lstat()
    return (
        info.st_uid,
        stat.S_IMODE(info.st_mode),
        [(p.name, p.read_bytes()) for p in path.iterdir()],
    )


@disk_helpers.needs_second_uid
def test_a_squatted_runtime_dir_is_never_used(
    server: FeedServer, traversable: Path, squatted: Path
):
    """S2: root owns uid 65534's `/tmp/runtime-65534` (0777) and XDG_RUNTIME_DIR is unset, so
    asking platformdirs for a runtime dir would fail or hand out the squatted dir (the control
    below). As 65534, a refresh
    (CLI), the app (a refresh, a note saved, an export from `e`) and a CLI export all work,
    and the squatted dir is left exactly as it was; under strace (when there is one) no
    process so much as looks it up."""
    home = owned_by_nobody(traversable / "home")
    work = owned_by_nobody(traversable / "cwd")
    env = user_env(home)
    assert "XDG_RUNTIME_DIR" not in env and "TMPDIR" not in env
    before = squat_state(squatted)
    control = briefing_python(
        "import platformdirs; print(platformdirs.user_runtime_dir('briefing'))", env=env, cwd=work
    )
    # What platformdirs makes of it depends on its version: recent ones fall back to the
    # squatted dir and refuse it, 4.3 names /run/user/<uid> without looking. Either way the
    # app must not care: it never asks for a runtime dir.
    assert (control.returncode != 0 and f"runtime directory {squatted}" in control.stderr) or (
        control.returncode == 0 and control.stdout.strip() == f"/run/user/{NOBODY}/briefing"
    ), control
    url = server.route("/f", Route(body=V1))
    trace = traversable / "strace.out"
    refreshed = briefing("refresh", "--feed", url, env=env, cwd=work, as_nobody=True)
    assert refreshed.returncode == 0 and "feed ok · updated" in refreshed.stdout
    server.route("/f", Route(body=V2))
    steps: list[object] = [
        "settle",
        ["keys", "j", "enter", "n"],
        ["type", "Noted as 65534."],
        ["keys", "escape"],
        "settle",
        ["keys", "escape", "e"],
        "settle",
        ["keys", "enter"],
        "settle",
        "look",
    ]
    looks, _run = disk_helpers.app_child(
        url, steps, env=env, cwd=work, as_nobody=True, strace=trace if STRACE else None
    )
    [after] = looks
    assert after["unsaved"] == {}
    assert "2025-11-25T09:00:00+00:00" in (
        FeedCache(home / "cache" / "briefing", url).document.read_text()
    )
    notes = home / "data" / "briefing" / "briefings" / "sample-accord" / "notes.json"
    assert "Noted as 65534." in notes.read_text()
    [exported] = [p for p in work.iterdir() if p.name.startswith("brief-sample-accord")]
    assert "Noted as 65534." in exported.read_text()
    assert any(m == f"Wrote {exported}" for m in after["messages"]), after["messages"]
    cli_export = briefing("export", "--feed", url, env=env, cwd=work, as_nobody=True)
    assert cli_export.returncode == 0 and "Noted as 65534." in cli_export.stdout
    assert squat_state(squatted) == before
    if STRACE:
        looked_up = trace.read_text()
        assert "openat(" in looked_up and str(home) in looked_up  # the trace works
        assert str(squatted) not in looked_up and "runtime-" not in looked_up


STRACE = shutil.which("strace")


def briefing_python(
    code: str, *, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """`python -c CODE` as uid 65534 with `env`."""
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=cwd,
    )


def test_no_code_asks_for_a_runtime_dir():
    """S2: nothing under briefing/, screens/ or widgets/ asks platformdirs (or the
    environment) for a runtime dir: the one predictable place another user could squat."""
    offenders = []
    pattern = re.compile(r"runtime_(dir|path)|XDG_RUNTIME_DIR|gettempdir|/run/user")
    for package in ("briefing", "screens", "widgets"):
        for source in sorted((ROOT / package).rglob("*.py")):
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{source.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
    assert pattern.search("platformdirs.user_runtime_dir('briefing')")  # the check can fail
