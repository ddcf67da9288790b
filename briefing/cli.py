"""The `briefing` command line.

Exit codes a script can rely on: 0 success, 1 the document (or the action on
it) failed, 2 a usage error. Errors are one clear message, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import msgspec.structs

from briefing import __version__
from briefing.disk import paths, preread
from briefing.disk.documents import load_path
from briefing.disk.storage import StorageError, lock_warning
from briefing.feed.targets import UnknownFeed
from briefing.format import dates
from briefing.format.collector import release_start
from briefing.format.problems import BriefingError
from briefing.format.textclean import clean_display_text
from briefing.services.startup import open_target
from briefing.tui.terminal import default_theme, glyphs_for

if TYPE_CHECKING:
    from briefing.format.model import Briefing
    from briefing.tui.app import BriefingApp

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

DESCRIPTION = """\
A live terminal briefing on a negotiation: its clauses, each party's position
and since when, what the principals said word for word, and the countdown to
the next deadline. Without a command, opens the briefing in the terminal.
"""

EPILOG = """\
dates:
  WHEN is a date (2025-11-22, meaning the end of that day, UTC) or an RFC 3339
  date-time with offset (2025-11-22T18:00:00+01:00).

exit status:
  0 success; 1 the briefing is invalid or the action failed; 2 usage error.

files:
  Feeds are configured in config.toml ([[feeds]] name/url/refresh, default_feed);
  in the app, b shows the desk: every feed's briefing, deadline, unseen changes
  and freshness at a glance. --config PATH or BRIEFING_CONFIG picks another
  file, and `briefing schema --config` prints its JSON Schema.
  `briefing paths` prints where config, notes and the feed cache live, and
  where the format's description (format.md) and JSON Schema are installed;
  `briefing schema` prints the schema.
"""


# What a shell completes for an argument (shtab reads `action.complete`); written out here
# so that building the parser does not import shtab: only `briefing completion` does.
FILE = {"bash": "_shtab_compgen_files", "zsh": "_files"}
DIRECTORY = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/"}


def _completes(action: argparse.Action, what: dict[str, str]) -> argparse.Action:
    action.complete = what  # type: ignore[attr-defined]
    return action


def _when(value: str) -> datetime:
    try:
        return dates.parse_as_of(value)
    except dates.BadDate as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def version_text() -> str:
    """The installed package's version (its metadata: what pip installed), then what it
    runs on; the first line stays `briefing VERSION` for scripts."""
    import platform
    from importlib import metadata

    def installed(name: str, fallback: str = "not installed") -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return fallback

    return "\n".join(
        (
            f"briefing {installed('negotiation-briefing', f'{__version__} (not installed)')}",
            f"Textual {installed('textual')}",
            f"httpx {installed('httpx')}",
            f"Python {platform.python_version()} ({platform.python_implementation()})",
        )
    )


class _VersionAction(argparse.Action):
    """`--version`: the versions are looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _completes(
        common.add_argument(
            "--feed",
            metavar="NAME|URL|PATH",
            default=argparse.SUPPRESS,
            help="a feed named in config.toml, a feed URL (kept in the cache), a briefing file, "
            "or - for a document on standard input "
            "(default: the config's default feed, else the bundled briefing)",
        ),
        FILE,
    )
    common.add_argument(
        "--as-of",
        metavar="WHEN",
        type=_when,
        default=argparse.SUPPRESS,
        help="show the briefing as it could be known at WHEN; the countdown counts from then",
    )
    parser = argparse.ArgumentParser(
        prog="briefing",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help="print the version of briefing, and of Textual, httpx and Python it runs on",
    )
    _completes(
        parser.add_argument(
            "--log",
            metavar="FILE",
            default=argparse.SUPPRESS,
            help="append what refreshes do (start, status codes, cache writes, result) to FILE; "
            "credentials are never written",
        ),
        FILE,
    )
    _completes(
        parser.add_argument(
            "--config",
            metavar="PATH",
            dest="config_file",
            default=argparse.SUPPRESS,
            help="read the configuration from PATH (default: BRIEFING_CONFIG, else "
            "config.toml in the config directory: see `briefing paths`)",
        ),
        FILE,
    )
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="leave the mouse to the terminal (select and copy text as usual)",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme (e.g. textual-dark, textual-light, ansi-dark for 16-colour "
        "terminals); else TEXTUAL_THEME, else config.toml's theme, else picked from TERM/COLORTERM",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check a briefing file against the format; list every problem",
        description="Check a briefing/1 file; print every problem as `JSON-path: what is wrong`.",
    )
    _completes(
        validate.add_argument(
            "path", metavar="PATH", help="the file to check (- reads it from standard input)"
        ),
        FILE,
    )
    export = commands.add_parser(
        "export",
        help="print the briefing as Markdown, JSON, an Atom or JSON feed, or CSV",
        description="Print the briefing (with --as-of applied) to standard output.",
        parents=[common],
    )
    export.add_argument(
        "--format",
        choices=("markdown", "json", "atom", "jsonfeed", "csv"),
        default="markdown",
        help="markdown: a brief with citations; json: a briefing/1 document; atom, jsonfeed: "
        "a feed (Atom 1.0, JSON Feed 1.1) of the timeline and the changes found by refreshes, "
        "each entry with its citation; csv: one row per position (default: markdown)",
    )
    export.add_argument(
        "--matrix", action="store_true", help="CSV of clauses × parties, a stance per cell (csv)"
    )
    export.add_argument(
        "--filter",
        metavar="TEXT",
        help='narrow the clauses, e.g. "united kingdom concerned" (markdown, csv)',
    )
    export.add_argument(
        "--clause", metavar="ID", help="one clause only (markdown: its brief; csv: its rows)"
    )
    export.add_argument(
        "--no-notes", action="store_true", help="leave out your notes and flags (markdown)"
    )
    _completes(
        export.add_argument(
            "-o", "--output", metavar="PATH", help="write to PATH instead of standard output"
        ),
        FILE,
    )
    export.add_argument(
        "--force", action="store_true", help="replace PATH if it exists (never done otherwise)"
    )
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema (draft 2020-12) of the format, or of config.toml",
        description="Print the JSON Schema of briefing/1 (also shipped in data/), or with "
        "--config the JSON Schema of config.toml (for editors that check TOML by schema).",
    )
    schema.add_argument(
        "--config",
        dest="config_schema",
        action="store_true",
        help="the schema of config.toml instead, each setting described",
    )
    commands.add_parser(
        "paths",
        help="print every directory and file the app uses",
        description="Print where the app reads and writes its files.",
    )
    refresh = commands.add_parser(
        "refresh",
        help="fetch the feed into the local cache (for cron); exit 1 when it fails",
        description=(
            "Refresh the cached copy of a feed: exit 0 when updated or not modified "
            "(saying which, and what changed, old → new, as `briefing diff` prints it), 1 when"
            " the refresh failed (the cache is kept), 2 on usage errors."
        ),
    )
    refresh.add_argument(
        "--feed",
        metavar="NAME|URL",
        help="a feed named in config.toml, or a URL (default: the default feed)",
    )
    refresh.add_argument(
        "--force", action="store_true", help="ask the feed even if it said the copy is still fresh"
    )
    refresh.add_argument("-q", "--quiet", action="store_true", help="print nothing unless it fails")
    _completes(
        refresh.add_argument(
            "--log",
            metavar="FILE",
            default=argparse.SUPPRESS,
            help="append what the refresh does to FILE (as the global --log)",
        ),
        FILE,
    )
    diff = commands.add_parser(
        "diff",
        help="print what changed between two briefing files",
        description=(
            "Print the changes from OLD to NEW, newest first, one per line; under a"
            " re-worded clause its old and new wording (was:, now:) and the words that"
            " changed ([-removed-] {+added+}); under a changed stance or a moved deadline,"
            " what it was and since when."
        ),
    )
    _completes(diff.add_argument("old", metavar="OLD", help="the older briefing file"), FILE)
    _completes(diff.add_argument("new", metavar="NEW", help="the newer briefing file"), FILE)
    serve = commands.add_parser(
        "serve",
        help="open the briefing in a web browser (textual-serve; no authentication)",
        description=(
            "Serve the app at http://HOST:PORT/ for a web browser; each browser tab runs its "
            "own copy of the app, with your notes. There is no authentication: whoever reaches "
            "the port drives the app. From another machine, forward the port over SSH "
            "(ssh -L 8000:127.0.0.1:8000 HOST) rather than binding to a public address. "
            "Needs the serve extra (pip install 'negotiation-briefing[serve]')."
        ),
        parents=[common],
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="the port to listen on (default: 8000)"
    )
    serve.add_argument("--theme", metavar="NAME", help="colour theme, as for the terminal")
    completion = commands.add_parser(
        "completion",
        help="print the shell completion script for bash or zsh",
        description=(
            "Print a script that makes the shell complete briefing's commands and options. "
            "bash: add `source <(briefing completion bash)` to ~/.bashrc; zsh: "
            "`briefing completion zsh > ~/.zfunc/_briefing` with ~/.zfunc in $fpath."
        ),
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete for")
    return parser


SHELLS = ("bash", "zsh")


def completion_script(shell: str) -> str:
    """The completion script for `shell`, generated from the parser by shtab."""
    import shtab

    return str(shtab.complete(build_parser(), shell=shell))


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return port


def theme_choices(
    cli: str | None, env: Mapping[str, str], config: str | None
) -> list[tuple[str | None, str]]:
    """Themes in order of precedence, each with where it came from; the App takes the
    first it knows and reports an unknown one."""
    return [
        (cli, "--theme"),
        (env.get("TEXTUAL_THEME"), "TEXTUAL_THEME"),
        (config, "theme in config.toml"),
        (default_theme(env), "the terminal's colours"),
    ]


class OutputError(Exception):
    """Standard output cannot be written (closed, a full disk, an I/O error)."""


class _Output(io.TextIOBase):
    """Standard output as the commands write it: a failure to write is one `OutputError`
    (named in one line by `main`), not a traceback; a closed stdout (`>&-`) fails only if
    something is written to it, so `briefing refresh -q >&-` still works."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputError("it is closed")
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(error.strerror or str(error)) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(error.strerror or str(error)) from None


def carry_any_text() -> None:
    """Make stdout and stderr write what their encoding can carry and replace the rest
    (`?`), instead of raising UnicodeEncodeError half-way through a line: an ASCII or
    Latin-1 locale (`PYTHONIOENCODING=ascii`, `LC_ALL=C` without UTF-8 mode), or a file name
    that is not UTF-8 (a lone surrogate) in a message. Files the app writes are UTF-8
    whatever the locale."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
                reconfigure(errors="replace")


def _discard_stdout() -> None:
    """Point fd 1 at /dev/null, so that the interpreter's last flush of what could not be
    written does not fail again (a second, untidy message) at exit."""
    if sys.stdout is None:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    global kept
    kept = None  # set again only by a validate that passes in this call
    carry_any_text()
    out = cast(TextIO, _Output(stdout or sys.stdout))
    parser = build_parser()
    args = parser.parse_args(argv)
    paths.choose_config(getattr(args, "config_file", None))
    log_file: str | None = getattr(args, "log", None)
    handler: logging.StreamHandler[TextIO] | None = None
    if log_file is not None:
        try:
            handler = log_to_file(log_file)
        except OSError as error:
            why = error.strerror or str(error)
            print(
                f"briefing: cannot write the log {clean_display_text(log_file)!r}: {why}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        code = _run(args, out)
        out.flush()
        return code
    except BriefingError as error:
        print(error.report(), file=sys.stderr)
        return EXIT_FAILED
    except UnknownFeed as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StorageError as error:  # a directory refused (unsafe, unreadable, disk full)
        print(f"briefing: {clean_display_text(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    except OutputError as error:  # `> /dev/full`, `>&-`: say so once, exit 1
        _discard_stdout()
        print(f"briefing: cannot write to standard output: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing export | head`: the reader went away; not an error worth a traceback.
        _discard_stdout()
        return EXIT_OK
    finally:
        paths.choose_config(None)
        if handler is not None:
            logging.getLogger("briefing").removeHandler(handler)
            handler.close()
            handler.stream.close()
        warning = lock_warning()  # once, after the command's own output
        if warning:
            print(f"briefing: warning: {clean_display_text(warning)}", file=sys.stderr)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_to_file(path: str) -> logging.StreamHandler[TextIO]:
    """Send the `briefing` loggers (INFO and up) to `path`, appended; created 0600 (a log
    names feeds). Only briefing's own loggers: httpx logs whole request URLs, credentials
    and all, so its loggers are never routed here."""
    # O_NONBLOCK: a named pipe nobody reads is refused (ENXIO) instead of waited on.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, 0o600)
    os.set_blocking(descriptor, True)
    stream = os.fdopen(descriptor, "a", encoding="utf-8", errors="replace")
    handler: logging.StreamHandler[TextIO] = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger = logging.getLogger("briefing")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def _run(args: argparse.Namespace, out: TextIO) -> int:
    feed: str | None = getattr(args, "feed", None)
    moment: datetime | None = getattr(args, "as_of", None)
    if args.command is not None:  # not the app: the collector runs again (`briefing.entry`)
        release_start()
    if args.command not in (None, "export", "serve", "validate"):
        preread.forget()  # a --feed file read early (`briefing.entry`) that none will load
    if args.command == "validate":
        return _validate(args.path, out)
    if args.command == "schema" and args.config_schema:
        import json

        from briefing.disk.config import config_schema

        out.write(json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if args.command == "schema":
        from briefing.format.schema import schema_text

        out.write(schema_text())
        return EXIT_OK
    if args.command == "paths":
        return _paths(out)
    if args.command == "completion":
        out.write(completion_script(args.shell))
        return EXIT_OK
    if args.command == "export":
        from briefing.services.commands import export_command

        return export_command(args, feed, moment, out)
    if args.command == "refresh":
        from briefing.services.commands import refresh_command

        return refresh_command(args.feed, force=args.force, quiet=args.quiet, out=out)
    if args.command == "diff":
        from briefing.services.commands import diff_command

        return diff_command(args.old, args.new, out)
    if args.command == "serve":
        return _serve(args, feed, moment)
    return _tui(feed, moment, args.theme, mouse=not args.no_mouse)


def _validate(path: str, out: TextIO) -> int:
    from briefing.disk.documents import STDIN, STDIN_NAME, load_stream

    global kept
    try:
        if path == STDIN:
            if sys.stdin.isatty():
                print(_STDIN_IS_A_TERMINAL, file=sys.stderr)
                return EXIT_USAGE
            doc = load_stream(sys.stdin.buffer)
            path = STDIN_NAME
        else:
            doc = load_path(path)
    except BriefingError as error:
        print(error.report(), file=out)
        return EXIT_FAILED
    finally:
        preread.forget()  # a `--feed` file read early, of no use to this command
    counts = ", ".join(
        f"{len(items)} {one if len(items) == 1 else many}"
        for one, many, items in (
            ("clause", "clauses", doc.clauses),
            ("party", "parties", doc.parties),
            ("quote", "quotes", doc.quotes),
            ("deadline", "deadlines", doc.deadlines),
            ("event", "events", doc.events),
        )
    )
    print(f"{clean_display_text(path)}: valid {doc.format} — {counts}", file=out)
    kept = doc
    return EXIT_OK


kept: Briefing | None = None
"""The document `briefing validate` checked last, not freed on return: the console script
(`briefing.entry.main`) ends the process without taking it apart (~60 ms at 100k quotes).
One at a time, so a test that runs the command many times holds one."""


def _paths(out: TextIO) -> int:
    dirs = paths.user_dirs()
    rows = [
        ("config", dirs.config_file),
        ("data (notes, seen-state)", dirs.data),
        ("cache (feed snapshots)", dirs.cache),
        ("bundled briefing", paths.bundled_briefing()),
        ("bundled schema", paths.bundled_schema()),
        ("format description", paths.format_description()),
    ]
    width = max(len(name) for name, _ in rows)
    for name, path in rows:
        print(f"{name:<{width}}  {clean_display_text(str(path))}", file=out)
    return EXIT_OK


def make_app(feed: str | None, moment: datetime | None, theme: str | None) -> BriefingApp:
    """The app as `briefing` starts it (tests drive this one with Textual's pilot). The
    start-up copy is not kept here: a refresh can free the first snapshot."""
    start = open_target(feed)
    from briefing.services.session import Session
    from briefing.tui.app import BriefingApp

    if start.config.keys:  # checked here, before Textual takes any string as a key
        from briefing.screens.keymap import binding_ids, binding_owners, check_keymap

        checked = check_keymap(
            start.config.keys,
            known=binding_ids(BriefingApp),
            owners=binding_owners(),
            where=start.config.key_lines,
            source=start.config.source,
        )
        start.config = msgspec.structs.replace(start.config, keys=checked.keymap)
        start.notes += [clean_display_text(note) for note in checked.notes]
    session = Session(start.doc, start.origin, as_of_moment=moment, glyphs=glyphs_for(os.environ))
    return BriefingApp(
        session,
        theme=theme_choices(theme, os.environ, start.config.theme),
        startup=start,
        dirs=paths.user_dirs(),
    )


def _serve(args: argparse.Namespace, feed: str | None, moment: datetime | None) -> int:
    from briefing.tui.serve import ServeUnavailable, serve

    app_argv: list[str] = []
    if feed is not None:
        if feed == "-":
            print("briefing serve: --feed - (standard input) cannot be served", file=sys.stderr)
            return EXIT_USAGE
        local = Path(feed).expanduser()
        app_argv += ["--feed", str(local.resolve()) if local.exists() else feed]
    if moment is not None:
        app_argv += ["--as-of", moment.isoformat()]
    config_file = getattr(args, "config_file", None)
    if config_file is not None:
        app_argv = ["--config", str(Path(config_file).expanduser().resolve()), *app_argv]
    if args.theme:
        app_argv += ["--theme", args.theme]
    open_target(feed)  # a feed that cannot be opened: say so here, not in every browser tab
    try:
        serve(host=args.host, port=args.port, app_argv=app_argv)
    except ServeUnavailable as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # the port is taken, the address is not this machine's
        print(f"briefing serve: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _in_browser(env: Mapping[str, str]) -> bool:
    """Whether textual-serve (or `textual serve`) runs the app: it talks to the browser over
    pipes, through the driver it names in TEXTUAL_DRIVER."""
    return "web_driver" in env.get("TEXTUAL_DRIVER", "")


_STDIN_IS_A_TERMINAL = (
    "briefing: - reads the briefing from standard input, which is the terminal here; "
    "pipe a document in (… | briefing --feed -) or give its path"
)


def _keys_from_terminal() -> str | None:
    """Once the document has been read from standard input, make the terminal (/dev/tty)
    standard input, where Textual's driver reads keys (fd 0). Why not, or None."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError as error:
        return f"there is no terminal to read keys from (/dev/tty: {error.strerror or error})"
    try:
        os.dup2(tty, 0)
    except OSError as error:
        return f"cannot read keys from /dev/tty: {error.strerror or error}"
    finally:
        os.close(tty)
    return None


def _tui(feed: str | None, moment: datetime | None, theme: str | None, *, mouse: bool) -> int:
    from briefing.disk.documents import STDIN

    piped = feed == STDIN and not _in_browser(os.environ)
    if piped and sys.stdin.isatty():
        print(_STDIN_IS_A_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    stdin_ok = piped or sys.stdin.isatty()
    if not (stdin_ok and sys.stdout.isatty()) and not _in_browser(os.environ):
        print(
            "briefing: the interactive view needs a terminal; "
            "use `briefing export` for text output",
            file=sys.stderr,
        )
        return EXIT_USAGE
    # The cyclic collector waits until the briefing is loaded and the app built, and then
    # what they hold is frozen out of its way: the model's lists would set off collections
    # that walk everything the process holds, for nothing (the model has no cycles), and
    # a collection merely put off would walk it all at the next allocation.
    from briefing.format.collector import collector_paused

    with collector_paused():
        app = make_app(feed, moment, theme)  # with --feed -, reads standard input to its end
        if piped and (problem := _keys_from_terminal()):
            print(
                f"briefing: --feed - took standard input for the briefing, and {problem}",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if theme and theme not in app.available_themes:
            names = ", ".join(sorted(app.available_themes))
            print(f"briefing: unknown theme {theme!r}; choose one of: {names}", file=sys.stderr)
            return EXIT_USAGE
        # The briefing and its index live as long as they are shown: out of the cyclic
        # collector's way, whose full passes would otherwise walk every quote (a pause of a
        # tenth of a second at 100k quotes, now and then, under a key press). Reference
        # counting still frees them when a refresh replaces them (the model has no cycles).
        # Each view's look-ups are frozen again once built (`freeze_lookups`, the main
        # screen), which first gives everything frozen back to the collector.
        gc.freeze()
    app.run(mouse=mouse)
    return app.return_code or EXIT_OK
