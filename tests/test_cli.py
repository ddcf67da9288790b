"""The command line as a script sees it: exit codes, stdout and stderr, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import __version__
from tests.conftest import SAMPLE


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def test_version_and_help():
    assert run("--version").stdout.strip() == f"briefing {__version__}"
    result = run("--help")
    assert result.returncode == 0
    for word in (
        "validate",
        "export",
        "schema",
        "paths",
        "--feed",
        "--as-of",
        "--theme",
        "exit status",
    ):
        assert word in result.stdout


def test_validate_exit_codes(tmp_path: Path):
    ok = run("validate", str(SAMPLE))
    assert ok.returncode == 0
    assert "valid briefing/1 — 4 clauses, 4 parties, 4 quotes, 2 deadlines, 3 events" in ok.stdout

    broken = json.loads(SAMPLE.read_text())
    broken["clauses"][0]["positions"][1]["party"] = "nato2"
    broken["clauses"][1]["status"] = "maybe"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"{bad} is not a valid briefing:"
    assert "  $.clauses[0].positions[1].party: unknown party 'nato2'" in result.stdout.splitlines()
    assert "Traceback" not in result.stdout + result.stderr

    assert run("validate").returncode == 2
    assert run("validate", str(tmp_path / "nope.json")).returncode == 1
    assert run("frobnicate").returncode == 2


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\x00\xff\xfe garbage", b"[" * 100_000, b"{}"],
    ids=["empty", "truncated", "binary", "deep", "empty-object"],
)
def test_validate_never_shows_a_traceback(tmp_path: Path, content: bytes):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{path} is not a valid briefing:")


def test_export_markdown_and_json(tmp_path: Path):
    md = run("export", "--feed", str(SAMPLE), "--as-of", "2025-11-22")
    assert md.returncode == 0
    assert md.stdout.startswith("# Sample accord")
    assert "as of Sat 22 Nov 2025 23:59 UTC" in md.stdout
    js = run("export", "--format", "json", "--feed", str(SAMPLE), "--as-of", "2025-11-20")
    assert js.returncode == 0
    exported = tmp_path / "exported.json"
    exported.write_text(js.stdout)
    assert run("validate", str(exported)).returncode == 0
    assert "counter" not in {d["id"] for d in json.loads(js.stdout)["documents"]}


def test_export_of_the_bundled_briefing_by_default():
    result = run("export")
    assert result.returncode == 0
    assert result.stdout.startswith("# ")
    assert "from bundled briefing" in result.stdout


def test_usage_errors_exit_2():
    bad_date = run("export", "--as-of", "22/11/2025")
    assert bad_date.returncode == 2
    assert "is not a date" in bad_date.stderr
    assert run("export", "--format", "pdf").returncode == 2
    assert (
        run("--theme", "no-such-theme", "export").returncode == 0
    )  # theme only matters to the TUI


def test_export_before_anything_was_known_fails_cleanly():
    result = run("export", "--format", "json", "--feed", str(SAMPLE), "--as-of", "2020-01-01")
    assert result.returncode == 1
    assert "nothing to export" in result.stderr


def test_the_tui_refuses_to_start_without_a_terminal():
    result = run()
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr


def test_schema_and_paths(isolated_home: Path):
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    result = run("paths")
    assert result.returncode == 0
    lines = dict(line.split("  ", 1) for line in result.stdout.splitlines())
    assert lines["config"].strip().startswith(str(isolated_home))
    assert lines["config"].strip().endswith("config.toml")
    assert Path(lines["bundled briefing"].strip()).is_file()
    assert not (isolated_home / "xdg_config_home" / "briefing").exists()  # printing creates nothing


def test_terminal_defaults():
    from briefing.cli import default_theme, glyphs_for
    from briefing.stance import ASCII_GLYPH, GLYPH

    assert default_theme({"TERM": "linux"}) == "ansi-dark"
    assert default_theme({"TERM": "xterm"}) == "ansi-dark"
    assert default_theme({"TERM": "xterm-256color"}) is None
    assert default_theme({"TERM": "xterm-kitty"}) is None  # a true-colour terminal
    assert default_theme({"TERM": "xterm", "COLORTERM": "truecolor"}) is None
    assert glyphs_for({"TERM": "linux"}) == ASCII_GLYPH
    assert glyphs_for({"TERM": "xterm-256color"}) == GLYPH
    assert len(set(ASCII_GLYPH.values())) == len(ASCII_GLYPH)  # still one mark per stance


def test_file_paths_with_controls_are_not_echoed_raw(tmp_path: Path):
    odd = tmp_path / "odd\x1b]0;title\x07.json"
    odd.write_text(SAMPLE.read_text())
    result = run("validate", str(odd))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
