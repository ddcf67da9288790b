"""Shell completion and the manual page, both generated from the command line's parser.

Completion is tried in a real bash: the script `briefing completion bash` prints is sourced,
then the completion function bash registered is called with COMP_WORDS as bash sets them
on a Tab. The man page is checked against the parser, rendered by man, and found in the
sdist the build backend makes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from briefing.cli import SHELLS, build_parser, main
from briefing.manpage import manpage

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = f"{sys.executable} -m briefing"


def subcommands(parser: argparse.ArgumentParser) -> set[str]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(action.choices)


def bash(script: str) -> subprocess.CompletedProcess[str]:
    assert shutil.which("bash"), "bash is needed"
    return subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def complete(line: str) -> set[str]:
    """What bash offers on a Tab at the end of `line` (words split as bash splits them)."""
    words = line.split(" ")
    script = (
        f"source <({BRIEFING} completion bash) || exit 3\n"
        "function=$(complete -p briefing | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n"
        f"COMP_WORDS=({' '.join(repr(word) for word in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={line!r}\n"
        f"COMP_POINT={len(line)}\n"
        '"$function" briefing "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = bash(script)
    assert done.returncode == 0, done.stderr
    return {word.strip() for word in done.stdout.splitlines() if word.strip()}


def test_bash_registers_a_completion_for_briefing():
    done = bash(f"source <({BRIEFING} completion bash); complete -p briefing")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("complete ") and done.stdout.split()[-1] == "briefing"
    assert " -F " in done.stdout


def test_tab_after_briefing_offers_every_command():
    offered = complete("briefing ")
    assert subcommands(build_parser()) <= offered
    assert {"completion", "export", "refresh", "serve"} <= offered


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("briefing ex", {"export"}),
        ("briefing completion ", set(SHELLS)),
        ("briefing export --format ", {"markdown", "json", "atom", "jsonfeed", "csv"}),
        ("briefing refresh --f", {"--feed", "--force"}),
        ("briefing --v", {"--version"}),
    ],
)
def test_tab_completes_commands_options_and_choices(line, expected):
    assert complete(line) == expected


def test_a_path_argument_completes_file_names(tmp_path: Path):
    (tmp_path / "desk-feed.json").write_text("{}")
    offered = complete(f"briefing validate {tmp_path}/desk")
    assert offered == {f"{tmp_path}/desk-feed.json"}


def test_zsh_gets_a_compdef_script(capsys):
    assert main(["completion", "zsh"]) == 0
    script = capsys.readouterr().out
    assert script.startswith("#compdef briefing")
    for command in subcommands(build_parser()):
        assert f"\n    {command}:" in script


@pytest.mark.skipif(not shutil.which("zsh"), reason="zsh is not installed (.ci/run installs it)")
def test_zsh_compinit_takes_the_script_for_briefing(tmp_path: Path):
    """As the README says: the script saved as _briefing in a folder of $fpath."""
    functions = tmp_path / "zfunc"
    functions.mkdir()
    done = subprocess.run(
        [*BRIEFING.split(), "completion", "zsh"], capture_output=True, text=True, check=True
    )
    (functions / "_briefing").write_text(done.stdout)
    checked = subprocess.run(["zsh", "-n", str(functions / "_briefing")], capture_output=True)
    assert checked.returncode == 0, checked.stderr
    loaded = subprocess.run(
        [
            "zsh",
            "-fc",
            f"fpath=({functions} $fpath); autoload -U compinit; "
            f"compinit -u -d {tmp_path / 'zcompdump'}; print -r -- ${{_comps[briefing]}}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "_briefing"


def test_an_unknown_shell_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["completion", "fish"])
    assert exited.value.code == 2
    assert "invalid choice: 'fish'" in capsys.readouterr().err


# -- the manual page ----------------------------------------------------------------------


def test_the_committed_man_page_is_the_one_the_parser_gives():
    """After changing an option or a help text: `python -m briefing.manpage docs/briefing.1`."""
    committed = (ROOT / "docs" / "briefing.1").read_text(encoding="utf-8")
    assert committed == manpage(build_parser())


def test_the_man_page_names_every_command_and_option():
    page = manpage(build_parser())
    parser = build_parser()
    for command in subcommands(parser):
        assert f".SS briefing {command}\n" in page
    for action in parser._actions:
        for option in action.option_strings:
            assert option.replace("-", "\\-") in page


@pytest.mark.skipif(not shutil.which("man"), reason="man is not installed")
def test_man_renders_the_page_without_warnings(tmp_path: Path):
    page = tmp_path / "briefing.1"
    page.write_text(manpage(build_parser()), encoding="utf-8")
    shown = subprocess.run(
        ["man", "--warnings", "-l", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MANPAGER": "cat", "MANWIDTH": "80", "LC_ALL": "C.UTF-8"},
    )
    assert shown.returncode == 0 and shown.stderr == ""
    text = shown.stdout
    assert "briefing - a live terminal briefing on a negotiation" in text
    assert "briefing completion [-h] {bash,zsh}" in text
    assert "EXIT STATUS" in text


def test_the_sdist_carries_the_man_page(tmp_path: Path):
    """Built by the project's own backend, as `python -m build --sdist` would."""
    built = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, hatchling.build as b; print(b.build_sdist(sys.argv[1]))",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    sdist = tmp_path / built.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as archive:
        (member,) = [m for m in archive.getmembers() if m.name.endswith("/docs/briefing.1")]
        extracted = archive.extractfile(member)
        assert extracted is not None
        assert extracted.read().decode() == manpage(build_parser())
