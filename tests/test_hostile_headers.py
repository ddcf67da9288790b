"""Every response header the feed client reads, with values no server should send, from a
real loopback server: `Retry-After`, `Cache-Control`, `ETag`, `Last-Modified`,
`Content-Length`, `Content-Type`, `Content-Encoding`, `Location`, the reason phrase — and
`Date`, `Age`, `Set-Cookie`, which it does not read. Each refresh says one line (no
traceback, no control character), the cached copy stays byte-identical, a wait the server
asks for is clamped to a day, and a validator that could not be sent back is not kept, so
the next refresh works too."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from briefing.disk import paths
from briefing.disk.cache import FeedCache
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, run_cli, run_refresh

MAX_WAIT = 86_400
"""A day: the longest wait a server may ask for (`briefing.feed.types.MAX_WAIT`)."""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def answer(
    status: bytes, headers: list[tuple[bytes, bytes]], body: bytes = V1, *, length: bool = True
) -> bytes:
    """The raw bytes of an HTTP/1.1 answer: `headers` exactly as given (any bytes)."""
    lines = [b"HTTP/1.1 " + status, b"Connection: close"]
    if not any(name == b"Content-Type" for name, _ in headers):
        lines.append(b"Content-Type: application/json")
    lines += [name + b": " + value for name, value in headers]
    if length:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def ok(*headers: tuple[bytes, bytes]) -> bytes:
    return answer(b"200 OK", list(headers))


def unavailable(retry_after: bytes) -> bytes:
    return answer(b"503 Service Unavailable", [(b"Retry-After", retry_after)], b"")


def redirect(location: bytes) -> bytes:
    return answer(b"302 Found", [(b"Location", location)], b"")


@dataclass(frozen=True)
class Case:
    raw: bytes
    fails: bool
    """Whether the refresh fails (exit 1, the copy kept) or goes on without the header."""
    says: str = ""
    """Words the one line must hold."""


SUPERSCRIPT_TWO = "²".encode()
ARABIC_THREE = "٣".encode()

CASES: dict[str, Case] = {
    # Retry-After: str.isdigit() takes '²', float() does not; 14 digits overflow a timedelta.
    "retry-after-superscript": Case(unavailable(SUPERSCRIPT_TWO), True, "answered 503"),
    "retry-after-arabic-digit": Case(unavailable(ARABIC_THREE), True, "answered 503"),
    "retry-after-14-digits": Case(
        unavailable(b"99999999999999"), True, f"asked to retry after {MAX_WAIT} s"
    ),
    "retry-after-5000-digits": Case(
        unavailable(b"9" * 5000), True, f"asked to retry after {MAX_WAIT} s"
    ),
    "retry-after-year-9999": Case(
        unavailable(b"Fri, 31 Dec 9999 23:59:59 GMT"), True, f"asked to retry after {MAX_WAIT} s"
    ),
    "retry-after-year-99999": Case(unavailable(b"Mon, 01 Jan 99999 00:00:00 GMT"), True, "503"),
    "retry-after-negative": Case(unavailable(b"-5"), True, "answered 503"),
    "retry-after-latin-1": Case(unavailable(b"\xe9\x9b"), True, "answered 503"),
    # Cache-Control: max-age
    "max-age-superscript": Case(ok((b"Cache-Control", b"max-age=" + SUPERSCRIPT_TWO)), False),
    "max-age-20-digits": Case(ok((b"Cache-Control", b"max-age=99999999999999999999")), False),
    "max-age-5000-digits": Case(ok((b"Cache-Control", b"max-age=" + b"9" * 5000)), False),
    "max-age-arabic-digit": Case(ok((b"Cache-Control", b"max-age=" + ARABIC_THREE)), False),
    "max-age-negative": Case(ok((b"Cache-Control", b"max-age=-5")), False),
    "max-age-exponent": Case(ok((b"Cache-Control", b"max-age=1e9")), False),
    "max-age-10000-directives": Case(ok((b"Cache-Control", b"max-age=1," * 10000)), False),
    # Validators: sent back on the next request, so they must be sendable
    "etag-latin-1": Case(ok((b"ETag", b'"\xe9"')), False),
    "etag-c1-control": Case(ok((b"ETag", b'"\x9b2J"')), False),
    "etag-8000-characters": Case(ok((b"ETag", b'"' + b"e" * 8000 + b'"')), False),
    "last-modified-latin-1": Case(ok((b"Last-Modified", b"\xe9\x9b")), False),
    "last-modified-year-99999": Case(
        ok((b"Last-Modified", b"Mon, 01 Jan 99999 00:00:00 GMT")), False
    ),
    "last-modified-not-a-date": Case(ok((b"Last-Modified", b"yesterday")), False),
    # Content-Length (h11 checks it before the client does)
    "content-length-superscript": Case(
        answer(b"200 OK", [(b"Content-Length", SUPERSCRIPT_TWO)], length=False), True, "malformed"
    ),
    "content-length-5000-digits": Case(
        answer(b"200 OK", [(b"Content-Length", b"9" * 5000)], length=False), True, "malformed"
    ),
    "content-length-negative": Case(
        answer(b"200 OK", [(b"Content-Length", b"-1")], length=False), True, "malformed"
    ),
    # Content-Type and Content-Encoding
    "content-type-html-latin-1": Case(
        ok((b"Content-Type", b"text/html; charset=\xff\x9b")), True, "a web page (text/html)"
    ),
    "content-type-c1-control": Case(ok((b"Content-Type", b"application/\x9bjson")), False),
    "content-encoding-c1-control": Case(
        ok((b"Content-Encoding", b"\x9b[2J")), True, "which is not accepted"
    ),
    "content-encoding-1000-layers": Case(
        ok((b"Content-Encoding", b"gzip, " * 1000)), True, "stacked encodings"
    ),
    # Location
    "location-port-out-of-range": Case(
        redirect(b"http://127.0.0.1:99999/x"), True, "port 99999 is out of range"
    ),
    "location-open-ipv6": Case(redirect(b"http://[::1/x"), True, "127.0.0.1"),
    "location-latin-1-host": Case(redirect(b"http://\x80/"), True, "127.0.0.1"),
    "location-arabic-port": Case(
        redirect(b"http://127.0.0.1:" + ARABIC_THREE + b"/"), True, "port"
    ),
    "location-empty": Case(redirect(b""), True, "without a Location"),
    # The reason phrase
    "reason-with-controls": Case(answer(b"500 \x9b[2J\xe9 \x7f", [], b""), True, "answered 500"),
    # Headers the client does not read
    "date-and-age": Case(ok((b"Date", SUPERSCRIPT_TWO), (b"Age", b"9" * 5000)), False),
    "set-cookie": Case(
        ok((b"Set-Cookie", b"a=b; Max-Age=99999999999999999999; Expires=Fri, 31 Dec 99999")),
        False,
    ),
}


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output and not CONTROL.search(output), repr(output)
    return lines[0]


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_header_gives_one_line_and_keeps_the_copy(server: FeedServer, name: str):
    case = CASES[name]
    url = server.route(
        "/f", Route(body=V1, etag='"v1"', last_modified="Sat, 22 Nov 2025 10:00:00 GMT")
    )
    # The good copy is fetched in this process (the refresh `briefing refresh` runs): one
    # child fewer per case; the hostile answer and the refresh after it go through the CLI.
    assert asyncio.run(run_refresh(url)).ok
    cache = FeedCache(paths.user_dirs().cache, url)
    good = cache.document.read_bytes()

    server.route("/f", Route(raw=case.raw))
    result = run_cli("refresh", "--feed", url, "--force")
    if case.fails:
        assert result.returncode == 1, result.stderr
        line = one_line(result.stderr)
        assert result.stdout == ""
        assert "showing the copy from" in line
    else:
        assert result.returncode == 0, result.stderr
        line = one_line(result.stdout)
        assert result.stderr == ""
        assert "feed ok" in line
    assert case.says in line
    assert cache.document.read_bytes() == good  # the same bytes served, or none kept

    meta = json.loads(cache.meta_path.read_bytes())
    assert meta.get("max_age") is None or 0 <= meta["max_age"] <= MAX_WAIT
    if meta.get("retry_after_until"):
        until = datetime.fromisoformat(meta["retry_after_until"])
        assert until <= datetime.now(UTC) + timedelta(seconds=MAX_WAIT + 60)
    etag = meta.get("etag")
    assert etag is None or (etag.isascii() and etag.isprintable() and len(etag) <= 512)

    # The next refresh works, and sends back only validators a header can carry.
    server.route("/f", Route(body=V1))
    again = run_cli("refresh", "--feed", url, "--force")
    assert again.returncode == 0, again.stderr
    assert "feed ok" in one_line(again.stdout)
    sent = server.hits("/f")[-1].headers
    for header in ("if-none-match", "if-modified-since"):
        value = sent.get(header, "")
        assert value.isascii() and value.isprintable(), (header, value)
    assert cache.document.read_bytes() == good


def test_a_huge_max_age_is_clamped_to_a_day_and_the_next_timed_refresh_works(server: FeedServer):
    """max-age=10^20 used to be stored as it came; the next refresh then overflowed a
    timedelta (OverflowError) before asking anything."""
    url = server.route("/f", Route(raw=ok((b"Cache-Control", b"max-age=99999999999999999999"))))
    assert run_cli("refresh", "--feed", url).returncode == 0
    meta = json.loads(FeedCache(paths.user_dirs().cache, url).meta_path.read_bytes())
    assert meta["max_age"] == MAX_WAIT
    timed = run_cli("refresh", "--feed", url)  # not --force: the timer's way
    assert timed.returncode == 0 and one_line(timed.stdout).endswith("still fresh, not asked")


def test_a_cache_metadata_file_with_values_no_version_writes_is_survived(server: FeedServer):
    """meta.json edited by hand or left by another version: a max-age past any date, a
    moment that is not one, a Retry-After in the year 9999, validators no header can carry."""
    url = server.route("/f", Route(body=V1))
    assert run_cli("refresh", "--feed", url).returncode == 0
    cache = FeedCache(paths.user_dirs().cache, url)
    meta = json.loads(cache.meta_path.read_bytes())
    meta.update(
        max_age=10**18,
        checked_at="not a moment",
        retry_after_until="9999-12-31T23:59:59+00:00",
        etag='"\u00e9\u009b"',
        last_modified="\u0663 Jan 2020 00:00:00 GMT",
    )
    cache.meta_path.write_text(json.dumps(meta))
    result = run_cli("refresh", "--feed", url)
    assert result.returncode == 0, result.stderr
    assert "feed ok" in one_line(result.stdout)
    sent = server.hits("/f")[-1].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent
