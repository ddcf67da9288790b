"""`briefing refresh` and `briefing diff` as cron and editors use them: exit codes,
messages, several processes at once, and SIGKILL at any moment of a refresh."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from briefing.disk import paths
from briefing.disk.cache import FeedCache
from briefing.disk.storage import clean_orphans
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2, padded, run_cli

KILL_ITERATIONS = int(os.environ.get("BRIEFING_KILL_ITERATIONS", "12"))
"""SIGKILL rounds; CI runs a few, `BRIEFING_KILL_ITERATIONS=200 pytest -k kill` runs many."""


def briefing(*args: str, **options) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, **options)


def write_config(text: str) -> Path:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)
    return config


def test_refresh_says_updated_then_not_modified(server: FeedServer):
    url = server.route("/f", Route(body=V1, etag='"v1"'))
    first = briefing("refresh", "--feed", url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("127.0.0.1:") and "feed ok · updated" in first.stdout
    again = briefing("refresh", "--feed", url)
    assert again.returncode == 0 and "not modified" in again.stdout
    quiet = briefing("refresh", "--feed", url, "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_a_failed_refresh_exits_1_and_keeps_the_cache(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    assert briefing("refresh", "--feed", url).returncode == 0
    document = FeedCache(paths.user_dirs().cache, url).document
    before = document.read_bytes()
    server.route("/f", Route(status=500))
    failed = briefing("refresh", "--feed", url, "--quiet")
    assert failed.returncode == 1
    assert "answered 500" in failed.stderr and "showing the copy from" in failed.stderr
    assert "Traceback" not in failed.stderr and failed.stdout == ""
    assert document.read_bytes() == before


def test_refresh_lists_what_changed(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    briefing("refresh", "--feed", url)
    server.route("/f", Route(body=V2))
    result = briefing("refresh", "--feed", url)
    assert result.returncode == 0
    assert "  2 Cap on Southland's army at 600,000: status contested → agreed" in result.stdout
    assert "  New quote: Bo Sand: “We can live with this.”" in result.stdout
    # Under a change, what it was and what it is now, as `briefing diff` prints it.
    lines = result.stdout.splitlines()
    shifted = lines.index("  2 Cap on Southland's army at 600,000: Southland rejects → accepts")
    assert lines[shifted + 1] == "      rejects (since 20 Nov 2025) → accepts (as of 25 Nov 2025)"


def test_refresh_usage_errors_exit_2():
    assert briefing("refresh").returncode == 2  # no feed configured
    assert "no feed is configured" in briefing("refresh").stderr
    assert briefing("refresh", "--feed", "ftp://example.org/x").returncode == 2
    assert briefing("refresh", "--feed", "some/file.json").returncode == 2
    assert briefing("refresh", "--bogus").returncode == 2


def test_refresh_uses_the_configured_default_feed(server: FeedServer):
    url = server.route("/desk.json", Route(body=V1))
    write_config(
        f'default_feed = "desk"\n\n[[feeds]]\nname = "desk"\nurl = "{url}"\nrefresh = 60\n'
    )
    result = briefing("refresh")
    assert result.returncode == 0 and result.stdout.startswith("desk: feed ok · updated")
    named = briefing("refresh", "--feed", "desk")
    assert named.returncode == 0


def test_an_invalid_config_is_named_with_its_line_and_defaults_are_used(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    config = write_config('theme = "nord"\n[[feeds]]\nname = "desk"\nurl = 42\n')
    result = briefing("refresh", "--feed", url)
    assert result.returncode == 0  # the ad-hoc feed still works on defaults
    assert (
        f"{config}, line 4: feed 'desk': url must be an http or https URL; using the defaults"
        in result.stderr
    )
    broken = write_config("feeds = [\n")
    result = briefing("refresh", "--feed", url)
    assert f"{broken}, line 1 (the end of the file):" in result.stderr and result.returncode == 0
    write_config('theme = "nord"\ntimeout = "soon"\n')
    result = briefing("refresh", "--feed", url)
    assert "config.toml, line 2: timeout must be a number of seconds" in result.stderr


def test_four_processes_refreshing_at_once_take_turns(server: FeedServer):
    url = server.route("/f", Route(body=V1, delay=0.3))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "briefing", "refresh", "--feed", url, "--force", "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0, 0], outcomes
    assert len(server.hits("/f")) == 4
    assert server.max_active == 1  # the lock serialised them: one download at a time
    found, _notes = FeedCache(paths.user_dirs().cache, url).read(1 << 27)
    assert found is not None and found.doc.id == "sample-accord"


def test_sigkill_at_any_moment_of_a_refresh_never_breaks_the_cache(server: FeedServer):
    versions = [padded(V1, "one"), padded(V2, "two")]
    digests = {hashlib.sha256(v).hexdigest() for v in versions}
    turn = [0]

    def alternate(_request):
        turn[0] += 1
        return Route(body=versions[turn[0] % 2])

    url = server.route("/f", Route(handler=alternate))
    started = time.monotonic()
    assert briefing("refresh", "--feed", url, "--force", "-q").returncode == 0
    one_run = time.monotonic() - started
    cache = FeedCache(paths.user_dirs().cache, url)
    rng = random.Random(20251127)
    # Not measured under `--cov`: a child killed while it writes its coverage data at exit
    # leaves a corrupt data file ("Couldn't use data file … SQLITE_CORRUPT" in CI's log).
    unmeasured = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}
    for _ in range(KILL_ITERATIONS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing", "refresh", "--feed", url, "--force", "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=unmeasured,
        )
        time.sleep(rng.uniform(0.0, one_run * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        raw = cache.document.read_bytes()
        assert hashlib.sha256(raw).hexdigest() in digests  # one whole version, never a mix
        found, notes = cache.read(1 << 27)
        assert found is not None and not found.from_previous and notes == []
    # Temporary files of killed writers are cleaned; the lock of a dead holder is free.
    clean_orphans(cache.dir, older_than=0)
    assert not [p for p in cache.dir.iterdir() if p.name.startswith(".tmp-")]
    final = briefing("refresh", "--feed", url, "--force")
    assert final.returncode == 0, final.stderr


def test_diff_prints_the_changes_between_two_files(tmp_path: Path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_bytes(V1)
    new.write_bytes(V2)
    result = briefing("diff", str(old), str(new))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "2 Cap on Southland's army at 600,000: status contested → agreed" in lines
    assert "2 Cap on Southland's army at 600,000: Southland rejects → accepts" in lines
    # Newest first: the status change (dated by `updated`, 25 Nov 09:00) before the quote
    # (said on 25 Nov, a bare date: the start of that day).
    assert lines.index(
        "2 Cap on Southland's army at 600,000: status contested → agreed"
    ) < lines.index("New quote: Bo Sand: “We can live with this.”")
    same = briefing("diff", str(old), str(old))
    assert same.stdout.strip() == "no change"
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    broken = briefing("diff", str(old), str(bad))
    assert broken.returncode == 1 and "ends too early" in broken.stderr
