"""Feed URLs that httpx refuses, or would take and not mean, wherever a URL is given: the
command line (`--feed URL` of the app, `export` and `refresh`; `validate` and `diff`, which
read files), `[[feeds]] url` in config.toml, and the server's Location (tests/
test_hostile_headers.py). One line naming the URL — its credentials redacted — and what is
wrong; exit 2 for the command line; a config entry is named with its file and line and the
app still starts."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import make_app
from briefing.disk import paths
from briefing.feed.targets import UnknownFeed
from tests.helpers import run_cli, settle

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SECRET = "s3cretpw"

BAD_URLS = {
    "port-99999": ("http://127.0.0.1:99999/x", "the port 99999 is out of range"),
    "port-65536": ("http://127.0.0.1:65536/x", "the port 65536 is out of range"),
    "port-0": ("http://127.0.0.1:0/x", "the port 0 is out of range"),
    "port-arabic-digit": ("http://127.0.0.1:\u0663/x", "the port '\u0663' is not a number"),
    "port-plus": ("http://127.0.0.1:+80/x", "the port '+80' is not a number"),
    "ipv6-unclosed": ("http://[::1:1/x", "its IPv6 address is not closed with ]"),
    "ipv6-unbracketed": ("http://::1/x", "an IPv6 address goes in [ ]"),
    "ipv6-bad": ("http://[::g]/x", "[::g] is not an IPv6 address"),
    "crlf": ("http://127.0.0.1/a\r\nHost: evil", "a control character ('\\r')"),
    "tab": ("http://127.0.0.1/\tx", "a control character ('\\t')"),
    "space": ("http://a b/x", "a space (' ')"),
    "c1-control": ("http://\x80/", "a control character ('\\x80')"),
    "bidi-override": ("http://h/\u202ex", "an invisible character ('\\u202e')"),
    "idna-refused": ("http://xn--zz/", "is not a valid international name"),
    "idna-refused-unicode": ("http://a\u2488b/", "is not a valid international name"),
    "no-host": ("http:///x", "it names no host"),
    "nothing-after-scheme": ("https://", "it names no host"),
    "percent-in-host": ("http://%41/", "holds '%'"),
    "ipv4-out-of-range": ("http://1.2.3.456/", "1.2.3.456 is not an IPv4 address"),
    "too-long": ("http://h/" + "a" * 70_000, "longer than 8,000 characters"),
    "credentials": (f"https://user:{SECRET}@[::1/x", "its IPv6 address is not closed with ]"),
}


def one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output and not CONTROL.search(output), repr(output)
    assert SECRET not in output
    return lines[0]


@pytest.mark.parametrize("command", ["refresh", "export"])
@pytest.mark.parametrize("name", list(BAD_URLS))
def test_a_bad_feed_url_on_the_command_line_is_a_usage_error_in_one_line(name: str, command: str):
    url, words = BAD_URLS[name]
    result = run_cli(command, "--feed", url)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("briefing: '" + url[:5]) and "is not a usable feed URL: " in line
    assert words in line


def test_a_command_line_url_that_is_not_utf8_is_named_as_such():
    """A byte that is not UTF-8 in argv arrives as a lone surrogate, which no encoder takes."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "refresh", "--feed", os.fsencode("http://\udc80/x")],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "a byte that is not UTF-8 text (0x80)" in one_line(result.stderr)


@pytest.mark.parametrize("name", ["port-99999", "ipv6-unclosed", "crlf", "credentials"])
def test_the_app_with_a_bad_feed_url_is_a_usage_error_before_it_starts(name: str):
    url, words = BAD_URLS[name]
    with pytest.raises(UnknownFeed) as refused:
        make_app(url, None, None)  # what `briefing --feed URL` runs; main() maps it to exit 2
    assert words in str(refused.value) and SECRET not in str(refused.value)


@pytest.mark.parametrize("command", ["validate", "diff"])
def test_validate_and_diff_say_a_url_is_not_a_file(command: str):
    url = f"https://user:{SECRET}@127.0.0.1:99999/x"
    args = [url] if command == "validate" else [url, url]
    result = run_cli(command, *args)
    assert result.returncode == 1
    line = one_line(result.stdout + result.stderr)
    assert line == (
        "cannot read https://***@127.0.0.1:99999/x: it is a URL, not a file "
        "(a feed is given to --feed: briefing refresh --feed URL)"
    )


def write_config(text: str) -> Path:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


CONFIG_URLS = {
    "port-99999": ('"http://127.0.0.1:99999/x"', "the port 99999 is out of range"),
    "ipv6-unclosed": ('"http://[::1:1/x"', "its IPv6 address is not closed with ]"),
    "crlf-escape": ('"http://127.0.0.1/a\\r\\nb"', "a control character ('\\r')"),
    "nul-escape": ('"http://127.0.0.1/\\u0000"', "a control character ('\\x00')"),
    "c1-escape": ('"http://\\u0080/"', "a control character ('\\x80')"),
    "credentials": (
        f'"https://user:{SECRET}@127.0.0.1:99999/x"',
        "'https://***@127.0.0.1:99999/x'",
    ),
}


@pytest.mark.parametrize("name", list(CONFIG_URLS))
def test_a_bad_url_in_the_config_is_named_with_its_line(name: str):
    literal, words = CONFIG_URLS[name]
    config = write_config(f'default_feed = "desk"\n\n[[feeds]]\nname = "desk"\nurl = {literal}\n')
    result = run_cli("refresh")
    assert result.returncode == 2  # the defaults: no feed
    first, second = result.stderr.strip().splitlines()
    assert first.startswith(f"briefing: {config}, line 5: feed 'desk': url ")
    assert "is not a usable feed URL" in first and words in first
    assert first.endswith("; using the defaults")
    assert second.startswith("briefing refresh: no feed is configured")
    one_line(first)


async def test_the_app_starts_with_a_bad_url_in_the_config_and_names_it():
    config = write_config('[[feeds]]\nname = "desk"\nurl = "http://[::1:1/x"\n')
    app = make_app(None, None, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert app.session.doc.id == "us-peace-plan-2025-11"  # the bundled briefing
        messages = [str(n.message) for n in app._notifications]
        assert any(
            m.startswith(f"{config}, line 3: feed 'desk': url 'http://[::1:1/x' is not a usable")
            for m in messages
        ), messages


URLISH = st.text(
    alphabet=st.sampled_from(list("htps:/[]@%.-_~?#:0123456789abcxn\u0663\u00e9 \r\x80")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(rest=URLISH, scheme=st.sampled_from(["http://", "https://", "HTTP://"]))
def test_every_url_the_check_accepts_httpx_takes_as_meant(scheme: str, rest: str):
    from briefing.disk.config import url_problem

    url = scheme + rest
    if url_problem(url) is not None:
        return
    parsed = httpx.URL(url)  # no InvalidURL, no IDNAError
    assert parsed.host and parsed.scheme in ("http", "https")
    assert parsed.port is None or 1 <= parsed.port <= 65535
    assert str(parsed.port or "") in url  # the port written is the port used


def test_a_config_nested_too_deeply_is_one_line_and_the_defaults():
    """tomllib recurses once per level: 100,000 nested arrays were a RecursionError."""
    config = write_config("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run_cli("refresh")
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first == (
        f"briefing: {config}: arrays or tables are nested too deeply to read; using the defaults"
    )
    assert "Traceback" not in result.stderr


def test_a_feed_name_with_control_characters_is_named_not_printed():
    """A feed's name is printed by `briefing refresh` and shown on screen: it cannot carry
    a terminal control sequence."""
    config = write_config('[[feeds]]\nname = "desk\\u001b]0;owned\\u0007"\nurl = "http://h/f"\n')
    result = run_cli("refresh")
    assert result.returncode == 2
    first = one_line(result.stderr.splitlines()[0])
    assert first == (
        f"briefing: {config}, line 2: feed 'desk\\x1b]0;owned\\x07': a name cannot hold control "
        "or invisible characters; using the defaults"
    )


PROXIES = {
    "ipv6-unclosed": ({"HTTPS_PROXY": "http://[::1", "HTTP_PROXY": "http://[::1"}, "is not closed"),
    "port-99999": ({"HTTP_PROXY": "http://127.0.0.1:99999"}, "the port 99999 is out of range"),
    "crlf": ({"HTTP_PROXY": "http://proxy\r\n"}, "a control character ('\\r')"),
    "scheme": ({"HTTP_PROXY": "ftp://proxy"}, "its scheme 'ftp' is not http, https or socks5"),
    "socks": ({"HTTP_PROXY": "socks5://127.0.0.1:1"}, "needs the socksio package"),
    "credentials": ({"HTTP_PROXY": f"http://user:{SECRET}@[::1"}, "'http://***@[::1'"),
    "no-proxy-pattern": (
        {"HTTP_PROXY": "http://127.0.0.1:1", "NO_PROXY": "http://[::1"},
        "the proxy settings of the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are",
    ),
}


@pytest.mark.parametrize("name", list(PROXIES))
def test_a_proxy_url_the_environment_sets_that_cannot_be_used_is_one_line(name: str):
    """httpx builds its client from HTTP_PROXY and friends: a bad one was a traceback (or, with
    port 99999, an OverflowError from connect)."""
    settings_, words = PROXIES[name]
    if name == "socks" and importlib.util.find_spec("socksio") is not None:
        pytest.skip("socksio is installed: a SOCKS proxy can be used")
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    result = run_cli("refresh", "--feed", "http://127.0.0.1:9/f", env={**env, **settings_})
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith("briefing refresh 127.0.0.1:9: ") and words in line
    assert "(HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY)" in line
    assert line.endswith("; no copy of this feed yet")


@pytest.mark.parametrize(
    "kind", ["fifo", "directory", "missing", "device", "not-certificates", "dir"]
)
def test_certificate_settings_that_cannot_be_used_are_one_line(tmp_path: Path, kind: str):
    """httpx loads SSL_CERT_FILE while building its client: a FIFO there hung every refresh
    (http feeds too), a directory, a missing file or one without certificates were
    tracebacks."""
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    fifo = tmp_path / "ca.pem"
    if kind == "fifo":
        os.mkfifo(fifo)
        env["SSL_CERT_FILE"], words = str(fifo), "it is a named pipe (FIFO), not a file"
    elif kind == "directory":
        env["SSL_CERT_FILE"], words = str(tmp_path), "it is a directory, not a file"
    elif kind == "missing":
        env["SSL_CERT_FILE"], words = str(tmp_path / "none.pem"), "No such file or directory"
    elif kind == "device":
        env["SSL_CERT_FILE"], words = "/dev/zero", "it is a character device, not a file"
    elif kind == "not-certificates":
        fifo.write_text("not a certificate\n")
        env["SSL_CERT_FILE"], words = str(fifo), "holds no certificate that can be read"
    else:
        os.mkfifo(fifo)
        env["SSL_CERT_DIR"], words = str(fifo), "it is not a directory"
    result = run_cli("refresh", "--feed", "http://127.0.0.1:9/f", env=env, timeout=30)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith("briefing refresh 127.0.0.1:9: ") and words in line
