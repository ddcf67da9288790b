"""Fetching a briefing feed over HTTP with httpx, defensively.

- Conditional GET from the stored validators (`If-None-Match`, `If-Modified-Since`).
- Connect/read timeouts **and** a total deadline: a server trickling a byte a
  second fails within it (httpx alone has no total deadline).
- A size cap enforced while streaming, on the raw bytes and after gzip
  decompression, so neither a huge body nor a gzip bomb can take memory beyond it.
- Only identity or a single gzip layer is accepted; stacked encodings (`gzip, gzip`) and
  any other coding (`br`, `deflate`) are refused before the body is read.
- Redirects followed by hand: at most `MAX_REDIRECTS`, never from https to http.
- Credentials in the feed URL (`https://user:pass@host/…`, sent as Basic auth by httpx)
  go only to the feed's origin (scheme, host and port). A redirect keeps them while it
  stays on the origin, relative or absolute Location alike, as httpx's own redirects do;
  a hop to another origin drops them, and a later hop back does not regain them.
  Credentials a Location carries itself are never used. Unlike httpx, an http→https
  upgrade of the same host is another origin too: put https in the feed URL.
- Bounded retries with jittered backoff for transient failures, honouring `Retry-After`.
- An honest User-Agent; proxies and CA bundles from the environment, as httpx does
  (`NO_PROXY=*` turns environment proxies off altogether, and messages then name none).

Every failure is a `FeedError` whose message is one line saying what happened.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import logging
import os
import random
import ssl
import time
import weakref
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import httpx
from httpx._utils import URLPattern, get_environment_proxies

from briefing import __version__
from briefing.disk import storage
from briefing.disk.cache import Validators
from briefing.disk.config import is_url, redact_url, shown_url, url_problem
from briefing.feed.types import (
    MAX_WAIT,
    FeedError,
    Fetched,
    Progress,
    delta_seconds,
    http_date,
    usable_date,
    usable_etag,
    usable_validators,
)
from briefing.format.cells import clip, quoted

log = logging.getLogger(__name__)
"""Status codes of every answer, with the URL redacted (redact_url)."""

USER_AGENT: Final = f"briefing/{__version__}"
MAX_REDIRECTS: Final = 3
CHUNK: Final = 64 * 1024
RETRY_STATUSES: Final = {429, 502, 503, 504}
REDIRECTS: Final = {301, 302, 303, 307, 308}
_GZIP: Final = {"gzip", "x-gzip"}
SERVER_WORDS: Final = 120
"""Cells of a server's (or the network library's) words quoted in a message: long enough
to read, short enough to keep the message one line."""


def make_client(*, connect: float = 10.0, read: float = 15.0) -> httpx.AsyncClient:
    """The client the app and the CLI use: environment proxies and CA bundle, no auto-redirects.
    When the environment's proxy or certificate settings cannot be used, the client is built
    without them (httpx would raise, or wait on a FIFO) and `fetch` says what is wrong."""
    problem = environment_problem()
    if problem is None:
        try:
            return _client(connect, read, trust_env=True)
        except ssl.SSLError as error:  # SSL_CERT_FILE that holds no certificate
            reason = clip(str(error.reason or error), SERVER_WORDS)
            problem = (
                f"SSL_CERT_FILE or SSL_CERT_DIR holds no certificate that can be read ({reason})"
            )
        except (httpx.InvalidURL, OSError, ValueError, ImportError) as error:
            what = "the environment's proxy or certificate settings cannot be used"
            problem = f"{what} ({clip(str(error), SERVER_WORDS)})"
    client = _client(connect, read, trust_env=False)
    _UNUSABLE[client] = problem
    return client


def _client(connect: float, read: float, *, trust_env: bool) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(connect=connect, read=read, write=read, pool=connect),
        follow_redirects=False,
        trust_env=trust_env,
        headers={"User-Agent": USER_AGENT},
    )


_UNUSABLE: weakref.WeakKeyDictionary[httpx.AsyncClient, str] = weakref.WeakKeyDictionary()
"""Clients built without the environment, and why (what every fetch with them says)."""

_PROXY_SCHEMES: Final = ("http", "https", "socks5", "socks5h")
_ENVIRONMENT: Final = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUEST_METHOD")
"""What else the settings depend on (urllib ignores HTTP_PROXY under CGI: REQUEST_METHOD)."""
_MAX_CA_BYTES: Final = 64 << 20


def environment_problem() -> str | None:
    """What makes the environment's proxy or certificate settings unusable, in one line; None
    when they are usable or absent. httpx reads them while building a client: some it
    refuses with a traceback (a proxy URL with an IPv6 address left open or a CR, an unknown
    scheme, SOCKS without socksio, a NO_PROXY pattern it cannot parse; an SSL_CERT_FILE that
    is missing or a directory), one it waits on forever (an SSL_CERT_FILE that is a FIFO),
    one it takes and cannot use (a proxy on port 99999). Certificates that do not parse are
    found when the client is built (`make_client`), not parsed twice here."""
    names = sorted(name for name in os.environ if name.lower().endswith("_proxy"))
    key = tuple((name, os.environ[name]) for name in (*names, *_ENVIRONMENT) if name in os.environ)
    return _environment_problem(key)


@functools.lru_cache(maxsize=8)
def _environment_problem(_key: tuple[tuple[str, str], ...]) -> str | None:
    """`environment_problem` for one set of values."""
    return _proxy_problem() or _certificates_problem()


def _proxy_problem() -> str | None:
    variables = "HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY"
    try:
        mounts = get_environment_proxies()
        for pattern, proxy in mounts.items():
            URLPattern(pattern)  # NO_PROXY entries with a scheme are parsed as URLs
            if proxy is None:
                continue
            scheme, _, rest = proxy.partition("://")
            if scheme.lower() not in _PROXY_SCHEMES:
                what = f"its scheme {scheme[:20]!r} is not http, https or socks5"
            elif scheme.lower().startswith("socks") and importlib.util.find_spec("socksio") is None:
                what = "a SOCKS proxy needs the socksio package (pip install 'httpx[socks]')"
            else:
                what = url_problem(f"http://{rest}") or ""
            if what:
                where = f"set in the environment ({variables})"
                return f"the proxy {shown_url(proxy)} {where} is not usable: {what}"
    except (httpx.InvalidURL, ValueError) as error:
        what = clip(str(error), SERVER_WORDS)
        return f"the proxy settings of the environment ({variables}) are not usable: {what}"
    return None


def _certificates_problem() -> str | None:
    """SSL_CERT_FILE (else SSL_CERT_DIR), as httpx reads them: a regular file (never a FIFO,
    a device or a directory: looked at before it is opened), a directory."""
    cafile = os.environ.get("SSL_CERT_FILE")
    if cafile:
        try:
            storage.read_file(cafile, _MAX_CA_BYTES)
        except storage.Refused as refused:
            return f"SSL_CERT_FILE ({cafile!r}) cannot be used: {refused.reason}"
        except OSError as error:
            return f"SSL_CERT_FILE ({cafile!r}) cannot be used: {error.strerror or error}"
        return None
    capath = os.environ.get("SSL_CERT_DIR")
    if capath and not Path(capath).is_dir():
        return f"SSL_CERT_DIR ({capath!r}) cannot be used: it is not a directory"
    return None


def where(url: str | httpx.URL) -> str:
    """'host:port' of a URL, for messages."""
    parsed = httpx.URL(str(url))
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return f"{parsed.host}:{port}"


def proxy_for(url: str) -> str | None:
    """The proxy the environment routes `url` through, if any (for messages: without the
    credentials a proxy URL may carry).

    Decided by httpx's own reading of the environment, as `make_client`'s `trust_env=True`
    client does, so a message never names a proxy the fetch did not use: `NO_PROXY=*` (or a
    `*` anywhere in its list) means no proxy at all, and its host patterns match as httpx
    matches them, not as urllib does."""
    target = httpx.URL(url)
    mounts = sorted(
        ((URLPattern(key), proxy) for key, proxy in get_environment_proxies().items()),
        key=lambda mount: mount[0],
    )
    for pattern, proxy in mounts:  # most specific first, as httpx picks a transport
        if pattern.matches(target):
            return redact_url(proxy) if proxy else None
    return None


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    validators: Validators | None,
    *,
    max_bytes: int,
    deadline: float,
    retries: int = 2,
    progress: Progress | None = None,
) -> Fetched:
    """GET `url` conditionally; all attempts together take at most `deadline` seconds."""
    problem = url_problem(url)  # checked where it was given; this is the last line of defence
    if problem:
        raise FeedError(f"{shown_url(url)} is not a usable feed URL: {problem}")
    problem = _UNUSABLE.get(client)
    if problem:
        raise FeedError(problem)
    started = time.monotonic()
    try:
        async with asyncio.timeout(deadline):
            return await _with_retries(
                client, url, validators, max_bytes, started + deadline, retries, progress
            )
    except TimeoutError:
        raise FeedError(
            f"{where(url)} did not deliver the feed within the {deadline:.0f} s limit",
            kind="deadline",
        ) from None


async def _with_retries(
    client: httpx.AsyncClient,
    url: str,
    validators: Validators | None,
    max_bytes: int,
    ends: float,
    retries: int,
    progress: Progress | None,
) -> Fetched:
    attempt = 0
    while True:
        attempt += 1
        try:
            result = await _attempt(client, url, validators, max_bytes, progress)
        except FeedError as error:
            error.attempts = attempt
            if error.kind != "transient" or attempt > retries:
                raise
            wait = error.retry_after if error.retry_after is not None else _backoff(attempt)
            if time.monotonic() + wait >= ends:
                raise  # waiting would break the deadline: report it, with Retry-After
            await asyncio.sleep(wait)
            continue
        return Fetched(
            result.status, result.url, result.validators, result.body, result.max_age, attempt
        )


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … times 0.5–1.5, capped at 8 s."""
    return min(8.0, 0.5 * 2.0 ** (attempt - 1)) * random.uniform(0.5, 1.5)


async def _attempt(
    client: httpx.AsyncClient,
    url: str,
    validators: Validators | None,
    max_bytes: int,
    progress: Progress | None,
) -> Fetched:
    headers = {"Accept": "application/json", "Accept-Encoding": "gzip, identity"}
    validators = usable_validators(validators)  # stored by an older version, perhaps
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    current = httpx.URL(url)
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            async with client.stream("GET", current, headers=headers) as response:
                if response.status_code in REDIRECTS:
                    log.info(
                        "GET %s: %s (redirect)", redact_url(str(current)), response.status_code
                    )
                    current = _next_hop(response)
                    continue
                return await _answer(response, validators, max_bytes, progress)
        except httpx.HTTPError as error:
            raise _transport_error(error, str(current)) from None
    raise FeedError(f"{where(url)} redirected more than {MAX_REDIRECTS} times; gave up")


def _next_hop(response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location")
    if not location:
        raise FeedError(f"{where(response.url)} answered {response.status_code} without a Location")
    try:
        target = response.url.join(location)
    except (httpx.InvalidURL, ValueError) as error:
        problem = str(error)
    else:
        if target.scheme not in ("http", "https"):
            raise FeedError(f"{where(response.url)} redirected to a {target.scheme}: URL; refused")
        # The Location as written, not as httpx normalised it (`:٣` became port 3).
        written = f"{response.url.scheme}:{location}" if location.startswith("//") else location
        problem = url_problem(written if is_url(written) else str(target)) or ""
    if problem:
        raise FeedError(
            f"{where(response.url)} redirected to an unusable address "
            f"({clip(problem, SERVER_WORDS)}); refused"
        )
    if response.url.scheme == "https" and target.scheme != "https":
        shown = redact_url(str(target))
        raise FeedError(
            f"{where(response.url)} redirected from https to plain http ({shown}); refused",
            kind="redirect",
        )
    # Credentials only ever come from the feed URL and stay on its origin: httpx sends a
    # URL's user:password as Basic auth to whatever host that URL names.
    target = target.copy_with(userinfo=b"")
    if response.url.userinfo and _origin(target) == _origin(response.url):
        target = target.copy_with(userinfo=response.url.userinfo)
    return target


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def _max_age(response: httpx.Response) -> int | None:
    """Cache-Control's max-age (no-cache and no-store: 0), clamped to `MAX_WAIT`; a value that
    is not delta-seconds (`²`, `-5`, `1e9`, 5,000 digits) is ignored."""
    for directive in response.headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() in ("no-cache", "no-store"):
            return 0
        if name.lower() == "max-age":
            seconds = delta_seconds(value)
            if seconds is not None:
                return seconds
    return None


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After as seconds from now (delta-seconds or an HTTP date), clamped to
    `MAX_WAIT`; None when the value is neither (it is then ignored: the usual backoff)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    seconds = delta_seconds(value, quoted=False)
    if seconds is not None:
        return float(seconds)
    when = http_date(value)
    if when is None:
        return None
    return min(float(MAX_WAIT), max(0.0, (when - datetime.now(UTC)).total_seconds()))


def _validators(response: httpx.Response, old: Validators | None) -> Validators:
    """Validators from an answer; a 304 may omit them, so keep the old ones then. Values that
    could not be sent back as they are (not visible ASCII, too long, a Last-Modified that
    is not a date) are not kept."""
    old = usable_validators(old)
    return Validators(
        etag=usable_etag(response.headers.get("etag")) or old.etag,
        last_modified=usable_date(response.headers.get("last-modified")) or old.last_modified,
    )


def _content_length(response: httpx.Response) -> int | None:
    """Content-Length when it is a plain number (ASCII digits, at most 18 of them)."""
    value = response.headers.get("content-length", "").strip()
    if not value or len(value) > 18 or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


async def _answer(
    response: httpx.Response,
    validators: Validators | None,
    max_bytes: int,
    progress: Progress | None,
) -> Fetched:
    status = response.status_code
    place = where(response.url)
    log.info("GET %s: %s %s", redact_url(str(response.url)), status, response.reason_phrase)
    if status == 304:
        return Fetched(
            "not-modified",
            str(response.url),
            _validators(response, validators),
            max_age=_max_age(response),
        )
    if status != 200:
        transient = status in RETRY_STATUSES
        retry = _retry_after(response) if transient else None
        hint = f"; asked to retry after {retry:.0f} s" if retry is not None else ""
        raise FeedError(
            f"{place} answered {status} {response.reason_phrase}{hint}",
            retry_after=retry,
            kind="transient" if transient else "http",
        )
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        raise FeedError(f"{place} answered a web page ({kind}), not a JSON feed", kind="body")
    encoding = _content_encoding(response, place)
    expected = _content_length(response)
    if expected is not None and encoding == "identity" and expected > max_bytes:
        raise FeedError(
            f"{place} announced {expected / 1048576:.1f} MiB, over the "
            f"{max_bytes / 1048576:.0f} MiB limit",
            kind="size",
        )
    body = await _read_capped(
        response,
        place,
        gzip=encoding == "gzip",
        max_bytes=max_bytes,
        expected=expected,
        progress=progress,
    )
    return Fetched(
        "updated", str(response.url), _validators(response, None), body, _max_age(response)
    )


def _content_encoding(response: httpx.Response, place: str) -> str:
    """Either "identity" or "gzip"; anything else (another coding, or gzip stacked on gzip, which
    would need a cap per layer) is refused before a byte of the body is read."""
    value = response.headers.get("content-encoding", "")  # repeated headers joined by ", "
    layers = [layer.strip().lower() for layer in value.split(",")]
    layers = [layer for layer in layers if layer not in ("", "identity")]
    if not layers:
        return "identity"
    if len(layers) == 1 and layers[0] in _GZIP:
        return "gzip"
    if len(layers) > 1:
        shown = ", ".join(layer[:20] for layer in layers[:2]) + (", …" if len(layers) > 2 else "")
        raise FeedError(
            f"{place} sent the feed with {len(layers)} stacked encodings ({shown}); "
            "only one gzip layer is accepted"
        )
    raise FeedError(
        f"{place} sent the feed compressed as {quoted(layers[0], 40)}, which is not accepted"
    )


async def _read_capped(
    response: httpx.Response,
    place: str,
    *,
    gzip: bool,
    max_bytes: int,
    expected: int | None,
    progress: Progress | None,
) -> bytes:
    """The body, decompressed if gzip, never holding more than `max_bytes` (+ one chunk).

    Pieces are kept in a list and joined once at the end, so growing the body never
    copies it (a growing bytearray can briefly hold two copies while it reallocates).
    """
    pieces: list[bytes] = []
    size = 0
    received = 0
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None

    def too_big() -> FeedError:
        what = "decompresses to more than" if gzip else "is larger than"
        limit = f"{max_bytes / 1048576:.0f} MiB"
        return FeedError(f"the feed from {place} {what} the {limit} limit", kind="size")

    def bad_gzip(error: zlib.error) -> FeedError:
        return FeedError(f"the feed from {place} is not valid gzip ({error})")

    async for raw in response.aiter_raw(CHUNK):
        received += len(raw)
        if progress is not None:
            progress(received, expected)
        if inflater is None:
            pieces.append(raw)
            size += len(raw)
        else:
            data = raw
            while data:
                try:
                    piece = inflater.decompress(data, min(max_bytes - size + 1, 4 * CHUNK))
                except zlib.error as error:
                    raise bad_gzip(error) from None
                pieces.append(piece)
                size += len(piece)
                if size > max_bytes:
                    raise too_big()
                data = inflater.unconsumed_tail
        if size > max_bytes:
            raise too_big()
    if inflater is not None:
        try:
            tail = inflater.flush()
        except zlib.error as error:
            raise bad_gzip(error) from None
        if not inflater.eof:
            raise FeedError(f"the gzip feed from {place} ended early (truncated)")
        pieces.append(tail)
        size += len(tail)
        if size > max_bytes:
            raise too_big()
    return b"".join(pieces)


def _transport_error(error: httpx.HTTPError, url: str) -> FeedError:
    """One line for what went wrong on the wire, and whether trying again may help."""
    place = where(url)
    proxy = proxy_for(url)
    via = f" through the proxy {proxy}" if proxy else ""
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectTimeout):
        return FeedError(f"no answer from {place}{via} (connect timeout)", kind="transient")
    if isinstance(error, httpx.ReadTimeout):
        return FeedError(f"{place} stopped sending (read timeout)", kind="transient")
    if isinstance(error, httpx.TimeoutException):
        return FeedError(f"{place} timed out ({type(error).__name__})", kind="transient")
    if isinstance(error, httpx.ProxyError):
        return FeedError(f"the proxy {proxy or ''} failed for {place}: {detail}", kind="transient")
    cause = error.__context__ or error.__cause__
    while cause is not None and not isinstance(cause, ssl.SSLError):
        cause = cause.__context__ or cause.__cause__
    if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in detail:
        reason = str(getattr(cause, "verify_message", None) or detail).rstrip(".")
        if "mismatch" in reason:
            return FeedError(
                f"the TLS certificate of {place} is for another host ({reason})", kind="tls"
            )
        if "expired" in reason or "not yet valid" in reason:
            return FeedError(
                f"the TLS certificate of {place} is out of date ({reason})", kind="tls"
            )
        return FeedError(
            f"the TLS certificate of {place} is not trusted ({reason}); if your desk uses its "
            "own certificate authority, point SSL_CERT_FILE at its bundle",
            kind="tls",
        )
    if isinstance(cause, ssl.SSLError):
        return FeedError(f"TLS failed with {place}: {cause.reason or cause}", kind="tls")
    if isinstance(error, httpx.ConnectError):
        if proxy:
            message = f"cannot reach the proxy {proxy} for {place}: {detail}"
            return FeedError(message, kind="transient")
        return FeedError(f"cannot reach feed server {place} ({detail})", kind="transient")
    if isinstance(error, httpx.RemoteProtocolError):
        if "closed" in detail or "disconnected" in detail or "incomplete" in detail:
            cut = clip(detail, SERVER_WORDS)
            return FeedError(f"{place} broke off the answer ({cut})", kind="transient")
        # A garbled answer (a bad chunk-size line …): h11 quotes the server's bytes.
        cut = clip(detail, SERVER_WORDS)
        return FeedError(f"{place} sent a malformed answer ({cut})", kind="transient")
    if isinstance(error, httpx.NetworkError):
        return FeedError(f"network error with {place}: {detail}", kind="transient")
    return FeedError(f"{place}: {detail}")
