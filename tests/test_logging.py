"""Logging: `briefing --log FILE refresh` (cron) and the app's Textual log, against a real
server on 127.0.0.1 with a feed URL that carries credentials. The log says what each refresh
did (start, status codes, cache writes, result) and never carries the user or password."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import textual.constants
from textual.logging import TextualHandler

from briefing.disk import paths
from briefing.services.session import Session
from briefing.services.startup import open_target
from briefing.tui.app import BriefingApp
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2, run_cli, settle

USER, SECRET = "analyst7", "Canary-pw-93f1"


def credentialed_config(server: FeedServer) -> str:
    url = f"http://{USER}:{SECRET}@127.0.0.1:{server.port}/f"
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'default_feed = "desk"\n[[feeds]]\nname = "desk"\nurl = "{url}"\n')
    return url


def test_a_cron_refresh_logs_what_it_did_and_never_the_credentials(
    server: FeedServer, tmp_path: Path
):
    credentialed_config(server)
    log = tmp_path / "refresh.log"
    shown = f"http://***@127.0.0.1:{server.port}/f"
    server.route("/f", Route(body=V1, etag='"v1"'))
    assert run_cli("--log", str(log), "refresh", "--quiet").returncode == 0
    assert server.requests[-1].headers["authorization"].startswith("Basic ")  # sent, not logged
    first = log.read_text()
    assert f"refresh {shown}: start" in first
    assert f"GET {shown}: 200 OK" in first
    assert f"cache {shown}: stored" in first and "meta" in first
    assert f"refresh {shown}: updated: feed ok · updated" in first
    assert stat.S_IMODE(log.stat().st_mode) == 0o600

    # Not modified, then a failure; the option also goes after the command.
    assert run_cli("refresh", "--quiet", "--log", str(log)).returncode == 0
    server.route("/f", Route(body=V2, status=500))
    assert run_cli("refresh", "--force", "--log", str(log)).returncode == 1
    text = log.read_text()
    assert text.startswith(first)  # appended
    assert f"GET {shown}: 304 Not Modified" in text
    assert f"refresh {shown}: not-modified" in text
    assert f"GET {shown}: 500 Internal Server Error" in text
    assert f"WARNING briefing.feed.refresh: refresh {shown}: failed: " in text
    for secret in (USER, SECRET):
        assert secret not in text


def test_a_log_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path):
    done = run_cli("--log", str(tmp_path / "no-such-dir" / "x.log"), "paths")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("briefing: cannot write the log ")
    assert "No such file or directory" in done.stderr


def test_a_log_that_is_a_pipe_nobody_reads_is_refused_not_waited_on(tmp_path: Path):
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    done = run_cli("--log", str(fifo), "paths", timeout=30)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("briefing: cannot write the log ")
    assert done.stderr.count("\n") == 1


async def test_the_app_sends_refresh_logs_to_textuals_log(
    server: FeedServer, tmp_path: Path, monkeypatch
):
    """What `textual console` shows under `textual run --dev`: the records reach Textual's
    own log, here through its TEXTUAL_LOG file (read at each call: patched), by the
    TextualHandler the app installs while it runs and takes away when it ends."""
    url = credentialed_config(server)
    server.route("/f", Route(body=V1))
    textual_log = tmp_path / "textual.log"
    monkeypatch.setattr(textual.constants, "LOG_FILE", str(textual_log))
    start = open_target(None)
    app = BriefingApp(Session(start.doc, start.origin), startup=start, dirs=paths.user_dirs())
    domain = logging.getLogger("briefing")
    async with app.run_test(size=(100, 30)) as pilot:
        assert any(isinstance(handler, TextualHandler) for handler in domain.handlers)
        await settle(app, pilot)
        assert app.session.doc.id == "sample-accord"
    assert not any(isinstance(handler, TextualHandler) for handler in domain.handlers)
    logged = textual_log.read_text()
    shown = url.replace(f"{USER}:{SECRET}", "***")
    assert f"refresh {shown}: start" in logged
    assert f"GET {shown}: 200 OK" in logged
    assert f"refresh {shown}: updated" in logged
    assert USER not in logged and SECRET not in logged
