"""Fetching against a real HTTP(S) server on 127.0.0.1: every fault of reliability.md N1–N11."""

from __future__ import annotations

import base64
import gzip
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from briefing import __version__
from briefing.disk.cache import Validators
from briefing.feed.fetch import fetch, make_client, proxy_for
from briefing.feed.types import FeedError
from tests.feedserver import FeedServer, Request, Route, free_port, gzip_bomb, unanswered_port

MIB = 1024 * 1024
BODY = b'{"format": "briefing/1"}'
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def set_proxies(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    """Set (or, when not given, remove) every proxy variable, in both cases."""
    for name in PROXY_VARIABLES:
        for variable in (name, name.lower()):
            if name in values:
                monkeypatch.setenv(variable, values[name])
            else:
                monkeypatch.delenv(variable, raising=False)


async def get(url: str, validators: Validators | None = None, **options):
    options.setdefault("max_bytes", 8 * MIB)
    options.setdefault("deadline", 10.0)
    async with make_client(
        connect=options.pop("connect", 2.0), read=options.pop("read", 2.0)
    ) as client:
        return await fetch(client, url, validators, **options)


async def fails(url: str, **options) -> tuple[FeedError, float]:
    started = time.monotonic()
    with pytest.raises(FeedError) as caught:
        await get(url, **options)
    return caught.value, time.monotonic() - started


async def test_200_then_304_with_validators(server: FeedServer):
    url = server.route(
        "/f", Route(body=BODY, etag='"v1"', last_modified="Sun, 23 Nov 2025 10:00:00 GMT")
    )
    first = await get(url)
    assert first.status == "updated" and first.body == BODY
    assert first.validators == Validators('"v1"', "Sun, 23 Nov 2025 10:00:00 GMT")
    assert server.requests[0].headers["user-agent"] == f"briefing/{__version__}"
    second = await get(url, first.validators)
    assert second.status == "not-modified" and second.body == b""
    sent = server.requests[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sun, 23 Nov 2025 10:00:00 GMT"
    assert second.validators == first.validators  # the 304 carried the same


async def test_a_changed_etag_downloads_again(server: FeedServer):
    url = server.route("/f", Route(body=BODY, etag='"v2"'))
    result = await get(url, Validators('"v1"', None))
    assert result.status == "updated" and result.validators.etag == '"v2"'


async def test_a_304_without_validators_keeps_the_old_ones(server: FeedServer):
    url = server.route("/f", Route(status=304))
    result = await get(url, Validators('"v1"', "Sat, 22 Nov 2025 10:00:00 GMT"))
    assert result.status == "not-modified"
    assert result.validators == Validators('"v1"', "Sat, 22 Nov 2025 10:00:00 GMT")


async def test_cache_control_max_age(server: FeedServer):
    url = server.route("/f", Route(body=BODY, headers={"Cache-Control": "public, max-age=120"}))
    assert (await get(url)).max_age == 120


@pytest.mark.parametrize(
    ("status", "words"), [(404, "answered 404 Not Found"), (500, "answered 500")]
)
async def test_http_errors_are_not_retried_and_bodies_not_parsed(server: FeedServer, status, words):
    url = server.route("/f", Route(status=status, body=b"<html>oops</html>"))
    error, _ = await fails(url)
    assert words in error.message and "127.0.0.1" in error.message
    assert len(server.hits("/f")) == 1


async def test_503_with_retry_after_is_retried_after_waiting(server: FeedServer):
    answers = iter([Route(status=503, headers={"Retry-After": "1"}), Route(body=BODY)])
    url = server.route("/f", Route(handler=lambda request: next(answers)))
    started = time.monotonic()
    result = await get(url)
    assert result.status == "updated" and result.attempts == 2
    first, second = server.hits("/f")
    assert second.at - first.at >= 0.95  # it waited as asked
    assert time.monotonic() - started < 5


async def test_429_asking_for_longer_than_the_deadline_is_reported_with_retry_after(
    server: FeedServer,
):
    url = server.route("/f", Route(status=429, headers={"Retry-After": "120"}))
    error, took = await fails(url, deadline=3)
    assert error.retry_after == 120 and "asked to retry after 120 s" in error.message
    assert len(server.hits("/f")) == 1 and took < 2


@pytest.mark.real_backoff  # it measures the real backoff
async def test_retries_are_bounded_and_jittered(server: FeedServer):
    url = server.route("/f", Route(status=502))
    error, took = await fails(url, retries=2, deadline=20)
    assert len(server.hits("/f")) == 3  # one try and two retries, no more
    gaps = [b.at - a.at for a, b in zip(server.hits("/f"), server.hits("/f")[1:], strict=False)]
    assert all(0.2 <= gap <= 3.5 for gap in gaps), gaps
    assert "answered 502" in error.message and took < 8


async def test_html_instead_of_json(server: FeedServer):
    url = server.route(
        "/f", Route(body=b"<html></html>", headers={"Content-Type": "text/html; charset=utf-8"})
    )
    error, _ = await fails(url)
    assert error.message.endswith("answered a web page (text/html), not a JSON feed")


async def test_connection_refused():
    port = free_port()
    error, took = await fails(f"http://127.0.0.1:{port}/f", retries=0)
    assert error.message.startswith(f"cannot reach feed server 127.0.0.1:{port}")
    assert took < 2


async def test_a_connect_timeout_names_the_server_and_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
):
    set_proxies(monkeypatch)
    with unanswered_port() as port:
        error, took = await fails(f"http://127.0.0.1:{port}/f", connect=0.5, retries=0)
    assert error.message == f"no answer from 127.0.0.1:{port} (connect timeout)"
    assert error.kind == "transient"  # worth another try
    assert 0.4 <= took < 1.5


async def test_connect_timeouts_retried_stay_within_the_deadline(monkeypatch: pytest.MonkeyPatch):
    set_proxies(monkeypatch)
    with unanswered_port() as port:
        error, took = await fails(f"http://127.0.0.1:{port}/f", connect=0.5, deadline=2.0)
    assert error.message in (
        f"no answer from 127.0.0.1:{port} (connect timeout)",  # too little time left to retry
        f"127.0.0.1:{port} did not deliver the feed within the 2 s limit",
    )
    assert took < 2.5


async def test_a_server_that_never_answers_times_out(server: FeedServer):
    url = server.route("/f", Route(idle=True))
    error, took = await fails(url, read=0.5, retries=0)
    assert "stopped sending (read timeout)" in error.message
    assert took < 2


async def test_a_trickling_server_fails_at_the_total_deadline(server: FeedServer):
    url = server.route("/f", Route(body=b"x" * 10_000, trickle=0.2))
    error, took = await fails(url, read=5, deadline=1.0)
    assert "did not deliver the feed within the 1 s limit" in error.message
    assert 0.9 <= took < 2.0


@pytest.mark.parametrize(
    ("cap_mib", "peak_limit"),
    [
        (1, 2 * MIB + 512 * 1024),  # a small cap: a fixed overhead over it
        (8, 2 * 8 * MIB),  # reliability.md N4: peak < 2x the cap
    ],
)
async def test_an_endless_body_stops_at_the_cap(server: FeedServer, cap_mib: int, peak_limit: int):
    url = server.route("/f", Route(endless=True))
    await fails(url, max_bytes=64 * 1024)  # first use imports modules: not the fetch's memory
    tracemalloc.start()
    try:
        error, _ = await fails(url, max_bytes=cap_mib * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"is larger than the {cap_mib} MiB limit" in error.message
    assert peak < peak_limit, peak


async def test_a_huge_content_length_is_refused_before_reading(server: FeedServer):
    url = server.route("/f", Route(body=b"{}", declared_length=10**9))
    error, took = await fails(url)
    assert "announced 953.7 MiB, over the 8 MiB limit" in error.message
    assert took < 1


async def test_a_gzip_bomb_is_capped_while_inflating(server: FeedServer):
    bomb = gzip_bomb(200 * MIB)
    assert len(bomb) < 1 * MIB
    url = server.route("/f", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        error, _ = await fails(url, max_bytes=8 * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "decompresses to more than the 8 MiB limit" in error.message
    assert peak < 2 * 8 * MIB, peak  # reliability.md N5: peak < 2x cap (httpx alone: ~257 MiB)


async def test_gzip_within_the_cap_is_accepted(server: FeedServer):
    url = server.route("/f", Route(body=BODY * 100, gzip=True))
    result = await get(url)
    assert result.body == BODY * 100


@pytest.mark.parametrize("layers", [2, 50])
async def test_stacked_gzip_is_refused_unread(server: FeedServer, layers: int):
    body = gzip_bomb(200 * MIB)  # each layer inflated in turn: 200 MiB at the core
    for _ in range(layers - 1):
        body = gzip.compress(body)
    coding = ", ".join(["gzip"] * layers)
    url = server.route("/f", Route(body=body, headers={"Content-Encoding": coding}))
    await fails(url, max_bytes=64 * 1024)  # first use imports modules: not the fetch's memory
    tracemalloc.start()
    try:
        error, took = await fails(url, max_bytes=8 * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.message.startswith(f"127.0.0.1:{server.port} sent the feed with {layers} stacked")
    assert "only one gzip layer is accepted" in error.message
    assert len(error.message) < 120 and "\n" not in error.message  # one readable line
    assert peak < 2 * 8 * MIB, peak  # reliability.md N5: peak < 2x cap
    assert took < 1


async def test_gzip_named_in_two_header_lines_is_stacked_and_refused(server: FeedServer):
    packed = gzip.compress(gzip.compress(BODY))
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        f"Content-Encoding: gzip\r\nContent-Length: {len(packed)}\r\nConnection: close\r\n\r\n"
    )
    url = server.route("/f", Route(raw=head.encode() + packed))
    error, _ = await fails(url)
    assert "sent the feed with 2 stacked encodings (gzip, gzip)" in error.message


@pytest.mark.parametrize("coding", ["br", "deflate", "zstd"])
async def test_other_encodings_are_refused(server: FeedServer, coding: str):
    body = b"\x1b\x17\x00\xf8" + b"\x00" * 1000  # never decoded, so any bytes will do
    url = server.route("/f", Route(body=body, headers={"Content-Encoding": coding}))
    error, _ = await fails(url)
    assert error.message == (
        f"127.0.0.1:{server.port} sent the feed compressed as '{coding}', which is not accepted"
    )
    assert server.requests[0].headers["accept-encoding"] == "gzip, identity"  # br never asked


async def test_a_connection_closed_half_way(server: FeedServer):
    url = server.route("/f", Route(body=b"x" * 100_000, close_after=50_000))
    error, _ = await fails(url, retries=0)
    assert "broke off the answer" in error.message


async def test_a_reset_connection(server: FeedServer):
    url = server.route("/f", Route(reset=True))
    error, _ = await fails(url, retries=0)
    assert "127.0.0.1" in error.message


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
)
BAD_CHUNKING = {
    "invalid chunk-size line": (
        CHUNKED + b"zz\r\n" + BODY + b"\r\n0\r\n\r\n",
        "sent a malformed answer",
    ),
    "long invalid chunk-size line": (
        CHUNKED + b"z" * 5000 + b"\r\n0\r\n\r\n",
        "sent a malformed answer",
    ),
    "chunk shorter than announced": (CHUNKED + b"400\r\n" + BODY, "broke off the answer"),
    "missing final chunk": (CHUNKED + b"%x\r\n%s\r\n" % (len(BODY), BODY), "broke off the answer"),
}


async def test_well_formed_chunking_is_read(server: FeedServer):
    """The control for the bad cases: the same raw answer, chunked correctly, is read."""
    raw = CHUNKED + b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY)
    url = server.route("/f", Route(raw=raw))
    assert (await get(url)).body == BODY


@pytest.mark.parametrize("case", sorted(BAD_CHUNKING))
async def test_bad_chunked_encoding_is_one_clear_line(server: FeedServer, case: str):
    raw, words = BAD_CHUNKING[case]
    url = server.route("/f", Route(raw=raw))
    error, _ = await fails(url, retries=0)
    assert error.message.startswith(f"127.0.0.1:{server.port} ")
    assert words in error.message
    assert len(error.message) < 200 and "\n" not in error.message, error.message


async def test_redirects_followed_limited_and_relative(server: FeedServer):
    server.route("/final", Route(body=BODY))
    url = server.route("/start", Route(redirect="/final"))
    result = await get(url)
    assert result.url.endswith("/final") and result.body == BODY
    loop = server.route("/loop", Route(redirect="/loop"))
    error, _ = await fails(loop)
    assert "redirected more than 3 times" in error.message
    assert len(server.hits("/loop")) == 4


# -- credentials in the feed URL and redirects ------------------------------------------

USER, PASSWORD = "desk-user", "s3cret-pass-9"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def leaked(requests: list[Request]) -> list[str]:
    """Every trace of the credentials in what a server received: any Authorization, the
    user, the password or their Basic encoding anywhere in the request line or headers."""
    found = []
    for request in requests:
        seen = f"{request.method} {request.path} " + " ".join(
            f"{name}: {value}" for name, value in request.headers.items()
        )
        if "authorization" in request.headers:
            found.append(f"Authorization on {request.path}")
        for secret in (USER, PASSWORD, BASIC.removeprefix("Basic ")):
            if secret in seen:
                found.append(f"{secret!r} on {request.path}")
    return found


def guarded(target: Route) -> Route:
    """A route that answers `target` only to a request carrying the credentials, else 401."""
    return Route(
        handler=lambda request: (
            target
            if request.headers.get("authorization") == BASIC
            else Route(status=401, body=b"who are you?")
        )
    )


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{PASSWORD}@", 1)


@pytest.mark.parametrize(
    "hops", ["absolute", "scheme-relative", "carrying its own credentials", "there and back"]
)
async def test_credentials_never_follow_a_redirect_to_another_origin(hops: str):
    with FeedServer() as origin, FeedServer() as other:  # two ports: two origins
        other.route("/f", Route(body=BODY))
        location = {
            "absolute": other.url("/f"),
            "scheme-relative": f"//127.0.0.1:{other.port}/f",
            "carrying its own credentials": other.url("/f").replace("//", "//someone:else@"),
            "there and back": other.url("/back"),
        }[hops]
        other.route("/back", Route(redirect=origin.url("/final")))
        origin.route("/final", Route(body=BODY))
        origin.route("/f", guarded(Route(redirect=location)))
        result = await get(with_credentials(origin.url("/f")))
        assert result.body == BODY
        assert origin.hits("/f")[0].headers["authorization"] == BASIC  # the feed's origin had them
        assert other.requests and leaked(other.requests) == []
        if hops == "carrying its own credentials":
            assert "authorization" not in other.requests[0].headers
        if hops == "there and back":  # once off the origin, they are not sent again
            assert leaked(origin.hits("/final")) == []


@pytest.mark.parametrize("location", ["relative", "absolute"])
async def test_credentials_follow_a_redirect_on_the_same_origin(server: FeedServer, location):
    server.route("/moved", guarded(Route(body=BODY)))
    target = "/moved" if location == "relative" else server.url("/moved")
    url = server.route("/f", guarded(Route(redirect=target)))
    result = await get(with_credentials(url))
    assert result.body == BODY
    assert [r.headers.get("authorization") for r in server.requests] == [BASIC, BASIC]


# -- TLS ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[FeedServer]:
    context = __import__("ssl").create_default_context(__import__("ssl").Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with FeedServer(tls=context) as running:
        yield running


async def test_https_with_the_desk_ca_trusted_through_ssl_cert_file(
    tls_server: FeedServer, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    url = tls_server.route("/f", Route(body=BODY))
    assert (await get(url)).body == BODY


async def test_https_with_an_untrusted_certificate(tls_server: FeedServer, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    url = tls_server.route("/f", Route(body=BODY))
    error, _ = await fails(url, retries=0)
    assert "TLS certificate of 127.0.0.1" in error.message and "not trusted" in error.message
    assert "SSL_CERT_FILE" in error.message


@pytest.mark.parametrize("problem", ["wrong host", "expired"])
async def test_certificates_for_another_host_or_out_of_date_are_refused(
    ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
):
    import datetime as dt
    import ssl

    if problem == "wrong host":
        cert = ca.issue_cert("feeds.example.org")
    else:
        cert = ca.issue_cert("127.0.0.1", not_after=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv(
        "SSL_CERT_FILE", str(bundle)
    )  # the CA is trusted; the certificate is not right
    with FeedServer(tls=context) as secure:
        url = secure.route("/f", Route(body=BODY))
        error, _ = await fails(url, retries=0)
    if problem == "wrong host":
        assert (
            "TLS certificate of 127.0.0.1:" in error.message
            and "is for another host" in error.message
        )
        assert "mismatch" in error.message
    else:
        assert "is out of date (certificate has expired)" in error.message
    assert "SSL_CERT_FILE" not in error.message  # the CA was trusted: no misleading hint


def test_no_code_turns_certificate_checks_off():
    """reliability.md N9: nothing in the shipped code disables TLS verification."""
    unsafe = re.compile(
        r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
    )
    assert unsafe.search("httpx.AsyncClient(verify = False)")  # the pattern itself works
    assert unsafe.search("context.check_hostname=False; context.verify_mode = ssl.CERT_NONE")
    root = Path(__file__).resolve().parent.parent
    files = [
        path
        for folder in ("briefing", "screens", "widgets")
        for path in sorted((root / folder).rglob("*.py"))
    ]
    assert len(files) > 20, files  # the tree really was found
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe.search(line)
    ]
    assert found == []


async def test_a_redirect_from_https_to_http_is_refused(
    tls_server: FeedServer, server: FeedServer, ca: trustme.CA, tmp_path: Path, monkeypatch
):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    plain = server.route("/f", Route(body=BODY))
    url = tls_server.route("/f", Route(redirect=plain))
    error, _ = await fails(url)
    assert "redirected from https to plain http" in error.message
    assert server.hits("/f") == []  # the plain server was never asked


# -- proxies from the environment -----------------------------------------------------


async def test_a_dead_proxy_is_named(server: FeedServer, monkeypatch: pytest.MonkeyPatch):
    dead = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("http_proxy", dead)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    url = server.route("/f", Route(body=BODY))
    error, _ = await fails(url, retries=0)
    assert dead in error.message
    assert server.hits("/f") == []


async def test_no_proxy_is_honoured(server: FeedServer, monkeypatch: pytest.MonkeyPatch):
    dead = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("http_proxy", dead)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    url = server.route("/f", Route(body=BODY))
    assert (await get(url)).body == BODY


async def test_a_dead_https_proxy_is_named_for_an_https_feed(
    tls_server: FeedServer, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    dead = f"http://127.0.0.1:{free_port()}"
    set_proxies(monkeypatch, HTTPS_PROXY=dead)
    url = tls_server.route("/f", Route(body=BODY))
    error, _ = await fails(url, retries=0)
    assert error.message.startswith(
        f"cannot reach the proxy {dead} for 127.0.0.1:{tls_server.port}"
    )
    assert tls_server.hits("/f") == []
    set_proxies(monkeypatch)  # the control: without the proxy the same feed is fetched
    assert (await get(url)).body == BODY


async def test_no_proxy_star_turns_environment_proxies_off(
    tls_server: FeedServer,
    server: FeedServer,
    ca: trustme.CA,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    dead = f"http://127.0.0.1:{free_port()}"
    set_proxies(monkeypatch, HTTP_PROXY=dead, HTTPS_PROXY=dead, ALL_PROXY=dead, NO_PROXY="*")
    for running in (tls_server, server):
        url = running.route("/f", Route(body=BODY))
        assert (await get(url)).body == BODY
        assert len(running.hits("/f")) == 1  # asked directly
        assert proxy_for(url) is None
    gone = f"http://127.0.0.1:{free_port()}/f"
    error, _ = await fails(gone, retries=0)
    assert error.message.startswith("cannot reach feed server 127.0.0.1:")
    assert dead not in error.message


@pytest.mark.parametrize(
    "no_proxy", ["*", " * ", "localhost, *", "127.0.0.1", "example.org", "127.0.0.0/8", ""]
)
async def test_the_proxy_named_is_the_proxy_used(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch, no_proxy: str
):
    """`proxy_for` (which messages use) agrees with where httpx really sent the request."""
    dead = f"http://127.0.0.1:{free_port()}"
    set_proxies(monkeypatch, HTTP_PROXY=dead, NO_PROXY=no_proxy)
    url = server.route("/f", Route(body=BODY))
    try:
        await get(url, retries=0)
    except FeedError as error:
        assert server.hits("/f") == [] and dead in error.message
        assert proxy_for(url) == dead
    else:
        assert len(server.hits("/f")) == 1
        assert proxy_for(url) is None


async def test_progress_is_reported_while_downloading(server: FeedServer):
    url = server.route("/f", Route(body=b"{" + b" " * 300_000 + b"}"))
    seen: list[tuple[int, int | None]] = []
    await get(url, progress=lambda received, expected: seen.append((received, expected)))
    assert seen and seen[-1] == (300_002, 300_002)
    assert [received for received, _ in seen] == sorted(received for received, _ in seen)


def test_the_status_line_draws_a_progress_bar(make_session, sample_doc):
    from briefing.feed.targets import FeedRef
    from briefing.widgets.feed_status import FeedStatus

    session = make_session(sample_doc)
    session.show_feed(FeedRef("desk", "http://127.0.0.1:9/f", 0), None)
    status = FeedStatus(session)
    assert str(status.render()) == session.feed_status()
    assert str(status.render()).startswith("desk: ")
    session.refresh_started()
    assert str(status.render()) == "refreshing…"
    session.refresh_progress(3 * MIB, 12 * MIB)
    assert str(status.render()) == "refreshing… █████░░░░░░░░░░░░░░░ 3.0 of 12.0 MiB"
    session.refresh_progress(5 * MIB, None)
    assert str(status.render()) == "refreshing… 5.0 MiB received"
    session.refreshed("failed")
    assert str(status.render()) == session.feed_status()
