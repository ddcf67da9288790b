"""Refreshing into the cache against a real server: the good copy survives every failure."""

from __future__ import annotations

import copy
import gzip
import json
import os
import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from briefing.disk import paths
from briefing.disk.cache import CHECKED_BY, FeedCache, sha256
from briefing.disk.changelog import ChangeLog
from tests.feedserver import FeedServer, Route, free_port, gzip_bomb, unanswered_port
from tests.helpers import MIB, V1, V2, run_refresh


def cache_of(url: str) -> FeedCache:
    return FeedCache(paths.user_dirs().cache, url)


def snapshot(path: Path) -> tuple[bytes, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns


async def test_first_refresh_installs_the_feed_privately(server: FeedServer):
    url = server.route(
        "/feed.json", Route(body=V1, etag='"v1"', headers={"Cache-Control": "max-age=60"})
    )
    old_umask = os.umask(0)  # the most permissive umask: files must still be private
    try:
        result = await run_refresh(url)
    finally:
        os.umask(old_umask)
    assert result.outcome == "updated" and result.ok
    assert result.message.startswith("feed ok · updated")
    cache = cache_of(url)
    assert cache.document.read_bytes() == V1  # exactly the bytes served
    meta = cache.read_meta()
    assert (meta.etag, meta.max_age, meta.bytes) == ('"v1"', 60, len(V1))
    assert meta.fetched_at and meta.checked_at
    for directory in (cache.dir, cache.dir.parent, paths.user_dirs().cache):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    for file in (cache.document, cache.meta_path, cache.lock):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert not any(p.name.startswith(".tmp-") for p in cache.dir.iterdir())


async def test_304_keeps_the_copy_byte_identical_and_updates_checked_at(server: FeedServer):
    url = server.route(
        "/f", Route(body=V1, etag='"v1"', last_modified="Sun, 23 Nov 2025 20:00:00 GMT")
    )
    clock = [datetime(2025, 11, 24, 12, 0, tzinfo=UTC)]
    await run_refresh(url, now=lambda: clock[0])
    cache = cache_of(url)
    before = snapshot(cache.document)
    clock[0] += timedelta(minutes=5)
    result = await run_refresh(url, now=lambda: clock[0])
    assert result.outcome == "not-modified" and "not modified" in result.message
    assert snapshot(cache.document) == before  # same bytes, same inode, not rewritten
    assert server.requests[-1].headers["if-none-match"] == '"v1"'
    assert server.requests[-1].headers["if-modified-since"] == "Sun, 23 Nov 2025 20:00:00 GMT"
    assert cache.read_meta().checked_at == "2025-11-24T12:05:00+00:00"
    assert cache.read_meta().fetched_at == "2025-11-24T12:00:00+00:00"


async def test_an_identical_200_does_not_rewrite_the_copy(server: FeedServer):
    url = server.route("/f", Route(body=V1))  # no validators: every answer is a full 200
    await run_refresh(url)
    before = snapshot(cache_of(url).document)
    result = await run_refresh(url)
    assert result.outcome == "unchanged" and "no change" in result.message
    assert snapshot(cache_of(url).document) == before


def gzipped(body: bytes, layers: int) -> bytes:
    for _ in range(layers):
        body = gzip.compress(body)
    return body


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
)

FAILURES = {
    "404": Route(status=404, body=b"gone"),
    "500": Route(status=500, body=b'{"format": "briefing/1"}'),
    "html": Route(body=b"<html>login</html>", headers={"Content-Type": "text/html"}),
    "truncated JSON": Route(body=V2[: len(V2) // 2]),
    "invalid briefing": Route(body=b'{"format": "briefing/1", "id": "x", "title": 5}'),
    "newer format": Route(body=b'{"format": "briefing/2"}'),
    "empty body": Route(body=b""),
    "huge Content-Length": Route(body=b"{}", declared_length=10**9),
    "endless body": Route(endless=True),
    "gzip bomb": Route(body=gzip_bomb(64 * MIB), headers={"Content-Encoding": "gzip"}),
    "trickle": Route(body=V2, trickle=0.2),
    "hang": Route(idle=True),
    "broken transfer": Route(body=V2, close_after=1000),
    "429 Retry-After": Route(status=429, headers={"Retry-After": "600"}),
    "gzip, gzip": Route(body=gzipped(V2, 2), headers={"Content-Encoding": "gzip, gzip"}),
    "gzip x50 bomb": Route(
        body=gzipped(gzip_bomb(64 * MIB), 49),
        headers={"Content-Encoding": ", ".join(["gzip"] * 50)},
    ),
    "br": Route(body=V2, headers={"Content-Encoding": "br"}),
    "invalid chunk-size line": Route(raw=CHUNKED + b"zz\r\n" + V2 + b"\r\n0\r\n\r\n"),
    "chunk shorter than announced": Route(raw=CHUNKED + b"%x\r\n" % (2 * len(V2)) + V2),
    "missing final chunk": Route(raw=CHUNKED + b"%x\r\n%s\r\n" % (len(V2), V2)),
}


@pytest.mark.parametrize("fault", sorted(FAILURES))
async def test_every_failure_leaves_the_good_copy_byte_identical(server: FeedServer, fault: str):
    url = server.route("/f", Route(body=V1, etag='"v1"'))
    assert (await run_refresh(url)).outcome == "updated"
    cache = cache_of(url)
    before = snapshot(cache.document)
    log_before = sorted(p.name for p in cache.dir.iterdir())
    server.route("/f", FAILURES[fault])
    result = await run_refresh(url, deadline=2.0, read=1.0, max_bytes=1 * MIB)
    assert result.outcome == "failed" and not result.ok
    assert "showing the copy from" in result.message, result.message
    assert "\n" not in result.message and "Traceback" not in result.message
    assert snapshot(cache.document) == before
    assert sorted(p.name for p in cache.dir.iterdir()) == log_before  # nothing left behind
    assert result.copy is not None and result.copy.doc.id == "sample-accord"


async def test_connection_refused_shows_the_cached_copy(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    await run_refresh(url)
    dead = url.replace(str(server.port), str(free_port()))
    meta = msgspec.structs.replace(cache_of(url).read_meta(), url=dead)
    FeedCache(paths.user_dirs().cache, dead).store(V1, meta)
    result = await run_refresh(dead, deadline=2.0)
    assert result.outcome == "failed"
    assert result.message.startswith("cannot reach feed server 127.0.0.1:")
    assert "showing the copy from" in result.message


async def test_a_connect_timeout_shows_the_cached_copy(server: FeedServer, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    url = server.route("/f", Route(body=V1))
    await run_refresh(url)
    with unanswered_port() as port:
        silent = url.replace(str(server.port), str(port))
        meta = msgspec.structs.replace(cache_of(url).read_meta(), url=silent)
        FeedCache(paths.user_dirs().cache, silent).store(V1, meta)
        before = snapshot(cache_of(silent).document)
        started = time.monotonic()
        result = await run_refresh(silent, connect=0.3, deadline=5.0)  # 3 tries, 2 backoffs
        took = time.monotonic() - started
    assert result.outcome == "failed" and took < 4
    assert result.message.startswith(f"no answer from 127.0.0.1:{port} (connect timeout);")
    assert "showing the copy from" in result.message
    assert snapshot(cache_of(silent).document) == before


async def test_a_new_copy_records_what_changed_and_keeps_the_previous(server: FeedServer):
    url = server.route("/f", Route(body=V1, etag='"v1"'))
    await run_refresh(url)
    server.route("/f", Route(body=V2, etag='"v2"'))
    result = await run_refresh(url)
    assert result.outcome == "updated"
    kinds = {d.kind for d in result.differences}
    assert {"clause-status", "position-changed", "quote-added"} <= kinds
    assert "· 3 changes" in result.message or "changes" in result.message
    cache = cache_of(url)
    assert cache.document.read_bytes() == V2 and cache.previous.read_bytes() == V1
    log = ChangeLog.for_briefing(paths.user_dirs().data, "sample-accord")
    assert {entry.kind for entry in log.changes} == kinds
    assert log.path.is_relative_to(paths.user_dirs().data)  # apart from the feed cache
    assert log.unseen() and log.unseen()[0].detected_at


async def test_a_corrupt_copy_is_set_aside_and_the_previous_one_used(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    await run_refresh(url)
    server.route("/f", Route(body=V2))
    await run_refresh(url)
    cache = cache_of(url)
    cache.document.write_bytes(b'{"format": "briefing/1", "id": "trunc')
    found, notes = cache.read(8 * MIB)
    assert (
        found is not None and found.from_previous and found.doc.updated == json.loads(V1)["updated"]
    )
    assert any("set aside as document.json.corrupt-" in note for note in notes), notes
    aside = [p for p in cache.dir.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b'{"format"')  # kept, not deleted
    cache.previous.write_bytes(b"\x00\x01garbage")
    none, notes = cache.read(8 * MIB)
    assert none is None and any("previous.json" in note for note in notes)


async def test_max_age_lets_a_timed_refresh_skip_the_network(server: FeedServer):
    url = server.route("/f", Route(body=V1, headers={"Cache-Control": "max-age=300"}))
    await run_refresh(url)
    result = await run_refresh(url, force=False)
    assert result.outcome == "fresh" and len(server.hits("/f")) == 1
    forced = await run_refresh(url, force=True)
    assert forced.ok and len(server.hits("/f")) == 2


async def test_retry_after_holds_timed_refreshes_back(server: FeedServer):
    url = server.route("/f", Route(body=V1))
    await run_refresh(url)
    server.route("/f", Route(status=503, headers={"Retry-After": "120"}))
    failed = await run_refresh(url, deadline=2.0)
    assert (
        failed.outcome == "failed" and failed.error is not None and failed.error.retry_after == 120
    )
    assert cache_of(url).read_meta().retry_after_until
    held = await run_refresh(url, force=False)
    assert held.outcome == "fresh"
    assert len(server.hits("/f")) == 2  # the timed refresh did not ask again


async def test_the_first_refresh_of_an_unreachable_feed_says_there_is_no_copy():
    url = f"http://127.0.0.1:{free_port()}/f"
    result = await run_refresh(url, deadline=2.0)
    assert result.outcome == "failed" and result.copy is None
    assert result.message.endswith("no copy of this feed yet")


def test_v2_is_a_valid_briefing():
    from briefing.format.load import load_bytes

    assert load_bytes(V2).clauses[1].status == "agreed"
    assert copy.deepcopy(V1) == V1


async def test_tls_failures_and_downgrades_leave_the_copy_untouched(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import ssl

    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "desk-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    with FeedServer(tls=context) as secure:
        url = secure.route("/f", Route(body=V1))
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        assert (await run_refresh(url)).outcome == "updated"  # the desk's CA, trusted
        before = snapshot(cache_of(url).document)
        secure.route("/f", Route(redirect=server.route("/plain", Route(body=V2))))
        downgraded = await run_refresh(url)
        assert downgraded.outcome == "failed" and "https to plain http" in downgraded.message
        monkeypatch.delenv("SSL_CERT_FILE")
        secure.route("/f", Route(body=V2))
        untrusted = await run_refresh(url)
        assert untrusted.outcome == "failed" and "not trusted" in untrusted.message
        assert snapshot(cache_of(url).document) == before
        assert server.hits("/plain") == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"format": "briefing/1", "id": "tr',
        b"\x00\xffgarbage",
        b'{"format": "briefing/2"}',
        b"[" * 100_000,
    ],
    ids=["empty", "truncated", "garbage", "future format", "depth bomb"],
)
async def test_an_unreadable_cache_file_is_quarantined(server: FeedServer, content: bytes):
    url = server.route("/f", Route(body=V1))
    await run_refresh(url)
    cache = cache_of(url)
    cache.document.write_bytes(content)
    found, notes = cache.read(8 * MIB)
    assert found is None  # there was no previous copy to fall back to
    assert len(notes) == 1 and "set aside as document.json.corrupt-" in notes[0]
    (aside,) = [p for p in cache.dir.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == content
    recovered = await run_refresh(url)  # and the next refresh installs a good copy again
    assert recovered.outcome == "updated" and cache.document.read_bytes() == V1


async def test_the_apps_copy_spares_reading_the_cache_on_a_304(server: FeedServer, monkeypatch):
    """With the copy the app holds, a 304 does not read and validate the cached file again;
    when another process has replaced the cache since, the cache is read as before."""
    url = server.route("/f", Route(body=V1, etag='"v1"'))
    first = await run_refresh(url)
    held = first.copy
    assert held is not None
    reads: list[str] = []
    real_read = FeedCache.read

    def counting_read(self: FeedCache, max_bytes: int) -> Any:
        reads.append(self.url)
        return real_read(self, max_bytes)

    monkeypatch.setattr(FeedCache, "read", counting_read)
    result = await run_refresh(url, current=held)
    assert result.outcome == "not-modified" and reads == []
    assert result.copy is not None and result.copy.doc is held.doc
    assert result.copy.meta.checked_at  # the cache's own metadata, updated
    # Another process (cron) installs version two behind the app's back.
    server.route("/f", Route(body=V2, etag='"v2"'))
    assert (await run_refresh(url)).outcome == "updated"
    reads.clear()
    result = await run_refresh(url, current=held)  # the app still holds version one
    assert reads == [url]  # its copy is stale: the cache is read
    assert result.outcome == "not-modified"
    assert result.copy is not None and result.copy.doc.updated == json.loads(V2)["updated"]
    # A cached file changed by hand (another size) is read again too.
    held = result.copy
    cache_of(url).document.write_bytes(V1)
    reads.clear()
    await run_refresh(url, current=held)
    assert reads == [url]


async def test_the_cached_copy_is_validated_once_not_at_every_start(
    server: FeedServer, monkeypatch
):
    """A copy this version validated when it arrived is only decoded at start; a copy whose
    bytes differ from the recorded digest, or one validated by another version, is checked
    in full again."""
    import briefing.format.load
    import briefing.format.validate

    url = server.route("/f", Route(body=V1, etag='"v1"'))
    await run_refresh(url)
    cache = cache_of(url)
    assert cache.read_meta().checked_by == CHECKED_BY
    assert CHECKED_BY.startswith(briefing.__version__ + "+rules")
    calls: list[int] = []
    real_validate = briefing.format.validate.validate

    def counting_validate(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        real_validate(*args, **kwargs)

    monkeypatch.setattr(briefing.format.load, "validate", counting_validate)  # the name load calls
    copy, _notes = cache.read(8 * MIB)
    assert copy is not None and calls == []
    assert copy.doc == briefing.format.load.load_bytes(V1)  # the same model as a full load
    calls.clear()
    # Another version validated it: check again.
    meta = cache.read_meta()
    meta.checked_by = "0.0.0-other"
    cache.write_meta(meta)
    copy, _notes = cache.read(8 * MIB)
    assert copy is not None and calls == [1]
    # This version validated it under earlier rules (before a rule was added): check again.
    calls.clear()
    meta.checked_by = briefing.__version__
    cache.write_meta(meta)
    copy, _notes = cache.read(8 * MIB)
    assert copy is not None and calls == [1]
    # The bytes on disk are not the ones recorded (edited by hand): checked in full,
    # and an invalid edit is set aside rather than shown.
    meta.checked_by = CHECKED_BY
    cache.write_meta(meta)
    broken = json.loads(V1)
    broken["clauses"][0]["positions"][0]["party"] = "nobody"
    cache.document.write_bytes(json.dumps(broken).encode())
    calls.clear()
    copy, notes = cache.read(8 * MIB)
    assert calls == [1]
    assert any("set aside" in note for note in notes), notes


async def test_a_trusted_cached_copy_is_still_cleaned_of_terminal_controls(server: FeedServer):
    hostile = json.loads(V1)
    hostile["title"] = "Accord \x1b[2J\x1b]52;c;cGF5bG9hZA==\x07 text"
    body = json.dumps(hostile).encode()
    url = server.route("/f", Route(body=body, etag='"h"'))
    await run_refresh(url)
    cache = cache_of(url)
    meta = cache.read_meta()
    assert meta.checked_by and meta.clean is False  # the cleaner has work to do at start
    copy, _notes = cache.read(8 * MIB)
    assert copy is not None
    assert "\x1b" not in copy.doc.title and "\x07" not in copy.doc.title
    assert copy.doc.title.startswith("Accord \ufffd[2J")
    clean_url = server.route("/g", Route(body=V1, etag='"v1"'))
    await run_refresh(clean_url)
    assert cache_of(clean_url).read_meta().clean is True


async def test_in_memory_mode_returns_a_copy_the_cache_cannot_take(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """F5 no-cache mode: the cache root lies under a regular file. `briefing refresh` (the
    default) fails in one line; the app's mode (`keep_in_memory`) returns the validated copy
    marked `unkept`, with the reason; a later 304 or identical body keeps that copy (asked
    with its validators, no change announced again), and a new version is compared with it.
    Nothing is created under the file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    cache_root = paths.user_dirs().cache
    assert cache_root == blocker / "cache" / "briefing"
    url = server.route("/f", Route(body=V1, etag='"v1"'))
    failed = await run_refresh(url)
    assert failed.outcome == "failed" and failed.copy is None
    assert failed.message.startswith(f"cannot create the directory {cache_root}/")
    assert failed.message.endswith(": Not a directory; no copy of this feed yet")
    first = await run_refresh(url, keep_in_memory=True)
    assert first.outcome == "updated" and first.ok and first.copy is not None
    assert first.copy.unkept is not None
    assert first.copy.unkept.startswith(f"cannot create the directory {cache_root}")
    assert first.message.endswith(f" · not kept: {first.copy.unkept}")
    assert first.copy.doc.id == "sample-accord" and first.copy.raw_sha256 == sha256(V1)
    again = await run_refresh(url, keep_in_memory=True, current=first.copy)
    assert server.requests[-1].headers.get("if-none-match") == '"v1"'
    assert again.outcome == "not-modified" and again.copy is first.copy and not again.differences
    server.route("/f", Route(body=V1))
    same = await run_refresh(url, keep_in_memory=True, current=first.copy)
    assert same.outcome == "unchanged" and same.copy is first.copy
    server.route("/f", Route(body=V2))
    newer = await run_refresh(url, keep_in_memory=True, current=first.copy)
    assert newer.outcome == "updated" and newer.copy is not None and newer.copy.unkept
    assert len(newer.differences) == 3  # compared with the copy in memory
    assert blocker.read_text() == "not a directory"
