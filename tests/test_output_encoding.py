"""Every command that prints feed text, on an output that cannot carry all of it: an ASCII
or Latin-1 stdout (`PYTHONIOENCODING`, or the C locale without UTF-8 mode). What the
encoding can carry is written and the rest replaced — never a UnicodeEncodeError, never a
half-written file: `export -o` writes UTF-8 whatever the locale. A stdout that is closed or
full is one line too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.feedserver import FeedServer, Route
from tests.helpers import V1, V2

ENCODINGS = {
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
    "c-locale-no-utf8-mode": (
        {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
        "ascii",
    ),
    "lang-c": ({"LANG": "C", "LC_ALL": ""}, "utf-8"),  # coerced to UTF-8 by Python itself
}


def briefing(
    *args: str, env: dict[str, str], encoding: str, cwd: Path | None = None
) -> tuple[int, str, str]:
    """`python -m briefing ARGS` with `env` on top of this one (no PYTHONIOENCODING of its
    own), its output decoded as `encoding` — strictly: a byte it cannot carry fails."""
    full = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    full.update(env)
    full["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        timeout=60,
        env=full,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )
    return result.returncode, result.stdout.decode(encoding), result.stderr.decode(encoding)


def written_whole(encoding: str, text: str, stderr: str) -> None:
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    if encoding == "utf-8":
        assert "?" not in text.replace("? ", "")  # nothing replaced where all can be carried


@pytest.fixture(params=list(ENCODINGS))
def output(request: pytest.FixtureRequest) -> tuple[dict[str, str], str]:
    return ENCODINGS[request.param]


def test_export_writes_what_the_encoding_carries(output: tuple[dict[str, str], str]):
    env, encoding = output
    code, stdout, stderr = briefing("export", env=env, encoding=encoding)
    assert code == 0, stderr
    assert stdout.startswith("# US 28-point peace plan for Russia")
    assert "## " in stdout and len(stdout) > 5000  # the whole brief, not a first line
    if encoding == "utf-8":
        assert stderr == "" and "Russia–Ukraine" in stdout
    else:
        assert "Russia?Ukraine" in stdout
        assert stderr.strip() == (
            f"briefing export: standard output is {'iso8859-1' if encoding == 'latin-1' else encoding}"
            ", which cannot carry every character: those were written as '?'; "
            "-o PATH writes the whole text in UTF-8"
        )


def test_export_json_and_help_and_paths(output: tuple[dict[str, str], str], tmp_path: Path):
    env, encoding = output
    code, stdout, stderr = briefing("export", "--format", "json", env=env, encoding=encoding)
    assert code == 0 and "Traceback" not in stderr
    code, stdout, stderr = briefing("--help", env=env, encoding=encoding)
    assert code == 0 and "exit status" in stdout and stderr == ""
    code, stdout, stderr = briefing("schema", env=env, encoding=encoding)
    assert code == 0 and '"$schema"' in stdout and stderr == ""
    home = tmp_path / "hôme—ü"
    code, stdout, stderr = briefing(
        "paths", env={**env, "XDG_CONFIG_HOME": str(home)}, encoding=encoding
    )
    assert code == 0 and stderr == "" and "config" in stdout


def test_validate_diff_and_errors_with_feed_text(
    output: tuple[dict[str, str], str], tmp_path: Path
):
    env, encoding = output
    broken = json.loads(SAMPLE.read_text())
    broken["clauses"][1]["status"] = "peut-être — ☃"
    bad = tmp_path / "brief—é.json"
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    code, stdout, stderr = briefing("validate", str(bad), env=env, encoding=encoding)
    assert code == 1 and "is not a valid briefing:" in stdout and "Traceback" not in stderr
    good = tmp_path / "naïve—ok.json"
    good.write_bytes(SAMPLE.read_bytes())
    code, stdout, stderr = briefing("validate", str(good), env=env, encoding=encoding)
    assert code == 0 and "valid briefing/1" in stdout and stderr == ""
    new = tmp_path / "new.json"
    new.write_bytes(V2)
    code, stdout, stderr = briefing("diff", str(SAMPLE), str(new), env=env, encoding=encoding)
    assert code == 0 and "status contested" in stdout and stderr == "", stderr
    code, stdout, stderr = briefing(
        "validate", str(tmp_path / "nö—file.json"), env=env, encoding=encoding
    )
    assert code == 1 and "No such file or directory" in stdout and "Traceback" not in stderr


def test_refresh_messages_and_the_changes_they_list(
    output: tuple[dict[str, str], str], server: FeedServer
):
    env, encoding = output
    url = server.route("/f", Route(body=V1))
    code, stdout, stderr = briefing("refresh", "--feed", url, env=env, encoding=encoding)
    assert code == 0 and "feed ok · updated" in stdout.replace("?", "·"), stderr
    server.route("/f", Route(body=V2))
    code, stdout, stderr = briefing("refresh", "--feed", url, env=env, encoding=encoding)
    assert code == 0, stderr
    assert "New quote: Bo Sand:" in stdout and stderr == ""
    server.route("/f", Route(status=500))
    code, stdout, stderr = briefing("refresh", "--feed", url, env=env, encoding=encoding)
    assert code == 1 and "answered 500" in stderr and "Traceback" not in stderr


def test_an_export_to_a_file_is_utf8_whatever_the_locale(
    output: tuple[dict[str, str], str], tmp_path: Path
):
    env, encoding = output
    # At a fixed moment: the brief says when it was made, and two runs can straddle a minute.
    when = ("--as-of", "2025-11-25")
    code, reference, _ = briefing("export", *when, env={}, encoding="utf-8")
    assert code == 0
    target = tmp_path / "brief—ü.md"
    code, stdout, stderr = briefing("export", *when, "-o", str(target), env=env, encoding=encoding)
    assert code == 0, stderr
    assert stdout.startswith("wrote ") and stderr == ""
    assert target.read_text(encoding="utf-8") == reference


def closed_stdout(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m briefing ARGS >&-`: started with its standard output closed."""
    return subprocess.run(
        ["sh", "-c", 'exec "$0" -m briefing "$@" >&-', sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        # validate ends its process without freeing the document (`entry.end_now`), once
        # its output is out: output that cannot go out is still one line and exit 1.
        ["validate", str(SAMPLE)],
    ],
)
def test_a_closed_or_full_stdout_is_one_line(command: list[str]):
    closed = closed_stdout(*command)
    assert closed.returncode == 1
    assert closed.stderr.strip() == "briefing: cannot write to standard output: it is closed"
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "briefing", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "briefing: cannot write to standard output: No space left on device"
    )


def test_a_quiet_refresh_needs_no_stdout(server: FeedServer):
    """cron may close stdout: `refresh -q` writes nothing there, so that is no failure."""
    url = server.route("/f", Route(body=V1))
    quiet = closed_stdout("refresh", "-q", "--feed", url)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_words_given_on_the_command_line_are_echoed_without_their_controls():
    """`export --filter` quotes the words it did not understand: an ESC among them (an OSC
    title sequence here) reached the terminal as it was."""
    code, stdout, stderr = briefing(
        "export", "--filter", "party:\x1b]0;owned\x07", env={}, encoding="utf-8"
    )
    assert code == 2 and stdout == ""
    assert "\x1b" not in stderr and "\x07" not in stderr
    assert stderr.strip() == "briefing export: no party '\ufffd]0;owned\ufffd' in this briefing"
