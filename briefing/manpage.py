"""briefing.1, the manual page, written from the command line's own parser.

`python -m briefing.manpage docs/briefing.1` writes it; tests/test_completion.py checks that
the committed page is what the parser gives, so `--help` and `man briefing` cannot drift.
The sdist carries it in docs/, the wheel installs it as share/man/man1/briefing.1.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from briefing import __version__


def roff(text: str) -> str:
    """Plain text as roff: backslashes and hyphens escaped, a leading `.` or `'` defused."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        "\\&" + line if line.startswith((".", "'")) else line for line in text.splitlines()
    )


def _usage(parser: argparse.ArgumentParser) -> str:
    usage = parser.format_usage().removeprefix("usage: ").strip()
    return re.sub(r"\s+", " ", usage)


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(map(str, action.choices)) + "}"
    return action.dest.upper() if action.option_strings else action.dest


def _options(parser: argparse.ArgumentParser, *, with_help: bool = True) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:  # argparse's public formatters read the same list
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if isinstance(action, argparse._HelpAction) and not with_help:
            continue
        names = ", ".join(action.option_strings) or _metavar(action)
        if action.option_strings and action.nargs != 0:
            names += f" {_metavar(action)}"
        help_text = action.help or ""
        lines += [".TP", f"\\fB{roff(names)}\\fR", roff(help_text % vars(action))]
    return lines


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def manpage(parser: argparse.ArgumentParser) -> str:
    """The whole page: name, synopsis, description, options, one section per command,
    then the parser's epilog (dates, exit status, files) as sections of their own."""
    name = parser.prog
    summary = (parser.description or "").strip().split("\n\n")[0]
    headline = roff(re.sub(r"\s+", " ", summary.split(":")[0].split(".")[0])).lower()
    out = [
        f'.TH {name.upper()} 1 "" "{name} {__version__}" "User Commands"',
        ".SH NAME",
        f"{name} \\- {headline}",
        ".SH SYNOPSIS",
        f".B {name}",
        roff(_usage(parser).removeprefix(name).strip()),
    ]
    for command, sub in _subcommands(parser):
        out += [
            ".br",
            f".B {name} {command}",
            roff(_usage(sub).removeprefix(f"{name} {command}").strip()),
        ]
    out += [".SH DESCRIPTION", roff(re.sub(r"\s+", " ", summary))]
    out += [".SH OPTIONS", *_options(parser)]
    out += [".SH COMMANDS"]
    for command, sub in _subcommands(parser):
        out += [
            ".SS " + roff(f"{name} {command}"),
            roff(re.sub(r"\s+", " ", sub.description or "")),
        ]
        out += [".RS", *_options(sub, with_help=False), ".RE"]
    for block in (parser.epilog or "").strip().split("\n\n"):
        title, _, body = block.partition("\n")
        out += [f".SH {roff(title.rstrip(':').upper())}", roff(re.sub(r"\s+", " ", body.strip()))]
    out += [".SH SEE ALSO", "The README and docs/format.md of negotiation\\-briefing."]
    return "\n".join(line for line in out if line != "") + "\n"


def main(argv: list[str]) -> int:
    from briefing.cli import build_parser

    text = manpage(build_parser())
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
