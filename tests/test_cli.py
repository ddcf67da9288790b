"""The command line as a script sees it: exit codes, stdout and stderr, no tracebacks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from briefing import __version__
from tests.conftest import SAMPLE
from tests.helpers import run_cli


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def test_version_and_help():
    lines = run("--version").stdout.splitlines()
    assert lines[0] == f"briefing {__version__}"
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


def test_version_names_the_package_and_what_it_runs_on():
    """The version is the installed package's (its metadata), then Textual, httpx, Python."""
    import platform
    from importlib import metadata

    import httpx
    import textual

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"briefing {metadata.version('negotiation-briefing')}",
        f"Textual {textual.__version__}",
        f"httpx {httpx.__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
    ]


def test_validate_exit_codes(tmp_path: Path):
    ok = run("validate", str(SAMPLE))
    assert ok.returncode == 0
    assert "valid briefing/1 — 4 clauses, 4 parties, 4 quotes, 2 deadlines, 3 events" in ok.stdout
    data = json.loads(SAMPLE.read_bytes())
    data.update(deadlines=data["deadlines"][:1], events=[])
    single = tmp_path / "one-deadline.json"
    single.write_text(json.dumps(data))
    assert "4 quotes, 1 deadline, 0 events" in run("validate", str(single)).stdout

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
    from briefing.format.stance import ASCII_GLYPH, GLYPH
    from briefing.tui.terminal import default_theme, glyphs_for

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


def test_export_markdown_carries_notes_flags_filter_and_one_clause(tmp_path: Path):
    from briefing.disk import paths
    from briefing.disk.notebook import Notebook, clause_key, quote_key

    book = Notebook.for_briefing(paths.user_dirs().data, "sample-accord")
    book.save(
        clause_key("ceasefire"),
        "Line of contact is the crux.\n- check the 72 h",
        "2025-11-24T10:00:00+00:00",
    )
    book.save(quote_key("q2"), "Bo Sand is posturing.", "2025-11-24T10:00:00+00:00")
    book.toggle_flag("ceasefire")
    whole = run("export", "--feed", str(SAMPLE))
    assert whole.returncode == 0
    text = whole.stdout
    assert "**contested** · security ⚑ flagged" in text
    assert "**Note:**\n\nLine of contact is the crux.\n- check the 72 h" in text
    assert (
        "> — Bo Sand, President (Southland), 21 Nov 2025; source: Southland answers (21 Nov 2025) \\[s2\\]\n\n**Note:**\n\nBo Sand is posturing."
        in text
    )
    assert "| Southland | opposes | 21 Nov 2025 |" in text  # positions with sources
    assert "- 23 Nov 2025 **softened** by Cy Mediator: Not firm; may slip to next week." in text
    narrowed = run("export", "--feed", str(SAMPLE), "--filter", "southland rejects")
    assert "Filter: Southland rejects (1 of 4 clauses)" in narrowed.stdout
    assert (
        "### 2 Cap on Southland's army" in narrowed.stdout
        and "### 1 Ceasefire" not in narrowed.stdout
    )
    one = run("export", "--feed", str(SAMPLE), "--clause", "ceasefire")
    assert (
        "### 1 Ceasefire" in one.stdout
        and "## Events" not in one.stdout
        and "Line of contact" in one.stdout
    )
    bare = run("export", "--feed", str(SAMPLE), "--no-notes")
    assert "Line of contact" not in bare.stdout and "⚑" not in bare.stdout


def test_export_to_a_file_never_overwrites_without_force(tmp_path: Path):
    target = tmp_path / "brief.md"
    first = run("export", "--feed", str(SAMPLE), "-o", str(target))
    assert first.returncode == 0 and first.stdout.strip() == f"wrote {target}"
    assert target.read_text().startswith("# Sample accord")
    target.write_text("precious")
    again = run("export", "--feed", str(SAMPLE), "-o", str(target))
    assert again.returncode == 1 and "exists; use --force" in again.stderr
    assert target.read_text() == "precious"
    forced = run("export", "--feed", str(SAMPLE), "-o", str(target), "--force")
    assert forced.returncode == 0 and target.read_text().startswith("# Sample accord")


def test_export_usage_errors():
    assert run("export", "--format", "json", "--filter", "x").returncode == 2
    assert run("export", "--feed", str(SAMPLE), "--clause", "nope").returncode == 2
    assert (
        "no party 'mars'" in run("export", "--feed", str(SAMPLE), "--filter", "party:mars").stderr
    )


@pytest.mark.parametrize(
    ("options", "filter_text", "clause_id"),
    [
        ((), None, None),
        (("--filter", "noted"), "noted", None),
        (("--filter", "southland rejects"), "southland rejects", None),
        (("--clause", "army-cap"), None, "army-cap"),
    ],
    ids=["whole", "noted", "party-stance", "one-clause"],
)
def test_the_command_line_and_the_app_export_a_view_alike(
    options: tuple[str, ...], filter_text: str | None, clause_id: str | None
):
    """`briefing export` and the app's export of the same view (as of a moment, the same
    notes and flags, the same filter or clause) are the same text."""
    from briefing.disk import paths
    from briefing.disk.notebook import Notebook, clause_key, quote_key
    from briefing.format.dates import parse_as_of
    from briefing.reading.filters import parse
    from briefing.services.analyst import Analyst
    from briefing.services.session import Session
    from briefing.services.startup import open_target

    dirs = paths.user_dirs()
    book = Notebook.for_briefing(dirs.data, "sample-accord")
    book.save(clause_key("army-cap"), "Watch the cap.", "2025-11-24T10:00:00+00:00")
    book.save(quote_key("q1"), "Said twice.", "2025-11-24T10:00:00+00:00")
    book.save(clause_key("gone"), "A clause the feed dropped.", "2025-11-24T10:00:00+00:00")
    book.toggle_flag("ceasefire")

    start = open_target(str(SAMPLE))
    session = Session(start.doc, start.origin, as_of_moment=parse_as_of("2025-11-22"))
    session.set_notebook(Notebook.for_briefing(dirs.data, session.doc.id))
    if filter_text is not None:
        session.set_filter(parse(filter_text, session.index))
    clause = session.index.clauses[clause_id] if clause_id is not None else None
    in_the_app = Analyst(session, dirs).export_text(clause)

    result = run("export", "--feed", str(SAMPLE), "--as-of", "2025-11-22", *options)
    assert result.returncode == 0, result.stderr
    assert result.stdout == in_the_app
    assert "Watch the cap." in in_the_app  # the notes are in both


@pytest.mark.parametrize(
    ("args", "code", "torn_down"),
    [
        (["validate", str(SAMPLE)], 0, False),  # its document is left for the OS to free
        (["validate", "/nonexistent/briefing.json"], 1, True),  # nothing kept: as always
        (["paths"], 0, True),
    ],
)
def test_validate_ends_without_taking_its_document_apart(
    args: list[str], code: int, torn_down: bool
):
    """The console script ends `briefing validate` with `os._exit` once its output is out
    (~60 ms of freeing at 100k quotes saved): the interpreter's exit, here an `atexit`
    hook, does not run; every other command exits as always."""
    import sys

    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('torn down', file=sys.stderr))\n"
        "from briefing.entry import main\n"
        "raise SystemExit(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == code, result.stderr
    assert ("torn down" in result.stderr) == torn_down
    if code == 0 and args[0] == "validate":
        assert result.stdout.startswith(f"{SAMPLE}: valid briefing/1 — 4 clauses")


def test_validate_with_stderr_closed_still_exits_0():
    """`2>&-`: Python has no `sys.stderr` then; ending the process without its teardown
    must not fail on it (it did: exit 1 for a valid file)."""
    import sys

    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m briefing validate "$1" 2>&-', sys.executable, str(SAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(f"{SAMPLE}: valid briefing/1")


def test_a_command_after_validate_in_the_same_process_exits_as_always(capsys):
    """The document a validate kept for the exit is let go by the next command (the
    console script would otherwise end that command without its teardown too)."""
    from briefing import cli

    assert cli.main(["validate", str(SAMPLE)]) == 0
    assert cli.kept is not None
    assert cli.main(["paths"]) == 0
    assert cli.kept is None
    capsys.readouterr()
