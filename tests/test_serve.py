"""`briefing serve`: the app in a real headless Chromium, through textual-serve.

The browser is driven over the DevTools protocol (aiohttp, which textual-serve brings, is
the websocket client). xterm.js draws the terminal on a canvas, and textual-serve keeps its
Terminal object private, so the page is read where its terminal is fed: a script added
before the page loads records every binary frame the page's websocket receives (what
textual-serve's page writes into xterm.js), and the page's own `-first-byte` class says
xterm.js got them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.tui.serve import app_command, is_loopback, request_allowed
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (the serve extra) is not installed")
pytest.importorskip("textual_serve", reason="textual-serve (the serve extra) is not installed")

TAP = """
(() => {
  window.__briefingFrames = [];
  const decoder = new TextDecoder();
  const Original = window.WebSocket;
  function Tapped(url, protocols) {
    const socket = protocols === undefined ? new Original(url) : new Original(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__briefingFrames.push(decoder.decode(new Uint8Array(event.data), {stream: true}));
      }
    });
    return socket;
  }
  Tapped.prototype = Original.prototype;
  window.WebSocket = Tapped;
})();
"""
ESCAPES = re.compile(
    r"\x1b(\[[0-9;:<=>?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_port(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"briefing serve exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port} within {timeout}s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def _serving(*extra: str) -> Iterator[int]:
    """`briefing serve` on a free loopback port (with `extra` arguments first), with the
    test's own home."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "briefing", *extra, "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--feed", str(SAMPLE), "--as-of", "2025-11-24"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_port(port, process, timeout=60)
        yield port
    finally:
        _stop(process)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[int]:
    with _serving() as port:
        yield port


class DevTools:
    """A page of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        mine = self.next_id
        await self.socket.send_str(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads((await self.socket.receive(timeout=60)).data)
            if message.get("id") == mine:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        found = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return found["result"].get("value")

    async def screen_text(self) -> str:
        frames = await self.evaluate("(window.__briefingFrames || []).join('')")
        return ESCAPES.sub("", frames or "")

    async def wait_text(self, text: str, *, after: int = 0, timeout: float = 90) -> str:
        """Wait until `text` is in what the terminal received past offset `after`."""
        deadline = time.monotonic() + timeout
        seen = ""
        while time.monotonic() < deadline:
            seen = await self.screen_text()
            if text in seen[after:]:
                return seen
            await asyncio.sleep(0.2)
        raise AssertionError(
            f"{text!r} never reached the page's terminal; it got:\n{seen[after:][-3000:]}"
        )


@contextlib.asynccontextmanager
async def chromium(tmp_path: Path) -> AsyncIterator[DevTools]:
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--remote-debugging-port=0",
            "--window-size=1200,900",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert browser.stderr is not None
        endpoint = None
        deadline = time.monotonic() + 60
        while endpoint is None and time.monotonic() < deadline:  # the line it prints when ready
            line = browser.stderr.readline().decode(errors="replace")
            if not line and browser.poll() is not None:
                break
            if match := re.search(r"DevTools listening on ws://([^/]+)/", line):
                endpoint = match.group(1)
        assert endpoint, "Chromium never opened its DevTools port"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{endpoint}/json/list") as answer:
                pages = [t for t in await answer.json() if t["type"] == "page"]
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                yield DevTools(ws)
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=20)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait()


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium here (.ci/run installs Debian's chromium)"
)
async def test_the_briefing_opens_in_a_browser_and_takes_keys(served: int, tmp_path: Path) -> None:
    async with chromium(tmp_path) as page:
        await page.call("Page.enable")
        await page.call("Page.addScriptToEvaluateOnNewDocument", source=TAP)
        await page.call("Page.navigate", url=f"http://127.0.0.1:{served}/")
        seen = await page.wait_text("Ceasefire along the line of contact")
        assert "International monitors" in seen
        assert await page.evaluate("document.body.classList.contains('-first-byte')")
        # A key typed into the page reaches the app: ? opens the help, which says so.
        await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        before = len(seen)
        await page.call("Input.insertText", text="?")
        await page.wait_text("Keys", after=before)


def test_serve_refuses_foreign_hosts_and_origins(served: int) -> None:
    """DNS rebinding: a page from elsewhere that resolves its name to 127.0.0.1 is refused."""
    import urllib.error
    import urllib.request

    def status(headers: dict[str, str]) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{served}/", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return error.code

    assert status({}) == 200
    assert status({"Host": f"localhost:{served}", "Origin": f"http://localhost:{served}"}) == 200
    assert status({"Host": f"evil.example:{served}"}) == 403
    assert status({"Origin": "http://evil.example"}) == 403


def test_host_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("[::1]") and is_loopback("localhost")
    assert not is_loopback("127.0.0.1.nip.io") and not is_loopback("0.0.0.0")
    assert request_allowed("127.0.0.1", "127.0.0.1:8000", None)
    assert request_allowed("127.0.0.1", "[::1]:8000", "http://[::1]:8000")
    assert not request_allowed("127.0.0.1", None, None)
    assert not request_allowed("127.0.0.1", "127.0.0.1:8000", "null")
    # Exposed on purpose (--host 0.0.0.0): a cross-site page is still refused.
    assert request_allowed("0.0.0.0", "briefing.lan:8000", "http://briefing.lan:8000")
    assert not request_allowed("0.0.0.0", "briefing.lan:8000", "http://evil.example")


def test_the_command_served_is_this_python_and_quoted() -> None:
    command = app_command(["--feed", "/tmp/a b;rm -rf x"])
    assert command.startswith(sys.executable.replace("'", "")) or "python" in command
    assert "'/tmp/a b;rm -rf x'" in command


def test_textual_serve_runs_the_app_without_a_terminal(tmp_path: Path) -> None:
    """textual-serve runs the app with pipes, naming its web driver in TEXTUAL_DRIVER: the
    app starts (and draws) instead of refusing for want of a terminal."""
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        COLUMNS="100",
        ROWS="30",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "--feed", str(SAMPLE), "--as-of", "2025-11-24"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        received = b""
        deadline = time.monotonic() + 60
        while b"Ceasefire" not in received and time.monotonic() < deadline:
            chunk = process.stdout.read1(65536)  # type: ignore[attr-defined]
            if not chunk:
                break
            received += chunk
        assert b"Ceasefire" in received, process.stderr.read() if process.stderr else ""
    finally:
        process.kill()
        process.wait()


def test_without_the_extra_serve_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "textual_serve").mkdir()
    (blocker / "textual_serve" / "__init__.py").write_text("raise ImportError('not here')\n")
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", "--port", str(_free_port())],
        env=dict(os.environ, PYTHONPATH=f"{blocker}{os.pathsep}{ROOT}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "negotiation-briefing[serve]" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium here (.ci/run installs Debian's chromium)"
)
async def test_serve_gives_each_browser_app_the_config_it_was_given(tmp_path: Path) -> None:
    """`briefing --config PATH serve`: the app started for each browser tab reads that
    file too (here its [keys] puts the help on `h`)."""
    config = tmp_path / "elsewhere.toml"
    config.write_text('[keys]\n"app.help" = "h"\n', encoding="utf-8")
    with _serving("--config", str(config)) as port:
        async with chromium(tmp_path) as page:
            await page.call("Page.enable")
            await page.call("Page.addScriptToEvaluateOnNewDocument", source=TAP)
            await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            seen = await page.wait_text("Ceasefire along the line of contact")
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await page.call("Input.insertText", text="h")
            await page.wait_text("Keys on the main screen", after=len(seen))
