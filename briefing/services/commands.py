"""`briefing refresh`, `briefing diff` and `briefing export` for the command line."""

from __future__ import annotations

import argparse
import asyncio
import codecs
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from briefing.disk import paths
from briefing.disk.config import load_config
from briefing.disk.documents import load_path
from briefing.feed.fetch import make_client
from briefing.feed.targets import FeedRef, resolve
from briefing.format.textclean import clean_display_text
from briefing.reading.diff import differences, old_new_lines
from briefing.services.control import configured_refresh

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def refresh_command(feed: str | None, *, force: bool, quiet: bool, out: TextIO) -> int:
    dirs = paths.user_dirs()
    config, note = load_config(dirs.config_file, chosen=paths.config_chosen())
    if note:
        print(f"briefing: {note}", file=sys.stderr)
    target = resolve(feed, config)
    if not isinstance(target, FeedRef):
        what = "no feed is configured" if feed is None else f"{feed!r} is not a feed name or URL"
        hint = f"give --feed NAME|URL or add [[feeds]] to {dirs.config_file}"
        print(f"briefing refresh: {what}; {hint}", file=sys.stderr)
        return EXIT_USAGE

    async def run() -> int:
        async with make_client() as client:
            result = await configured_refresh(target.url, client, config, dirs, force=force)
        if not result.ok:
            print(f"briefing refresh {target.name}: {result.message}", file=sys.stderr)
            return EXIT_FAILED
        if not quiet:
            print(f"{target.name}: {result.message}", file=out)
            for found in result.differences:
                print(f"  {found.text}", file=out)
                for line in old_new_lines(found, indent="      "):
                    print(line, file=out)
        return EXIT_OK

    return asyncio.run(run())


def diff_command(old: str, new: str, out: TextIO) -> int:
    """Changes from OLD to NEW (both validated), newest first."""
    before, after = load_path(old), load_path(new)
    if before.id != after.id:
        print(
            f"note: the two files are different briefings ({before.id!r}, {after.id!r})",
            file=sys.stderr,
        )
    found = differences(before, after)
    for item in found:
        print(item.text, file=out)
        for line in old_new_lines(item):
            print(line, file=out)
    if not found:
        print("no change", file=out)
    return EXIT_OK


_OPTION_FORMATS = {
    "filter": ("markdown", "csv"),
    "clause": ("markdown", "csv"),
    "no_notes": ("markdown",),
    "matrix": ("csv",),
}


def export_command(
    args: argparse.Namespace, feed: str | None, moment: datetime | None, out: TextIO
) -> int:
    """Markdown (with notes and flags, a filter, one clause), JSON, an Atom or JSON feed
    (timeline and remembered changes), or CSV (positions, or --matrix; a filter, one
    clause), to stdout or a file."""
    from briefing.disk import storage
    from briefing.disk.changelog import ChangeLog
    from briefing.disk.notebook import Notebook
    from briefing.reading import export
    from briefing.reading.asof import as_of
    from briefing.reading.filters import ClauseFilter, FilterError, parse
    from briefing.reading.index import BriefingIndex
    from briefing.services.analyst import notebook_brief
    from briefing.services.session import system_now
    from briefing.services.startup import open_target

    for name, formats in _OPTION_FORMATS.items():
        if getattr(args, name) and args.format not in formats:
            option = "--" + name.replace("_", "-")
            print(
                f"briefing export: {option} is for --format {' and '.join(formats)}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    target = Path(args.output).expanduser() if args.output else None
    if target is not None and target.exists() and not args.force:
        print(f"briefing export: {target} exists; use --force to replace it", file=sys.stderr)
        return EXIT_FAILED
    start = open_target(feed, require_copy=True)
    now = moment or system_now()
    view = as_of(start.doc, now)
    if args.format != "markdown" and not view.documents:
        when = now.isoformat()
        print(
            f"nothing to export: no document of this briefing is dated before {when}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    index = BriefingIndex(view)
    brief = export.Brief()
    # Notes and flags: in a Markdown brief, and to apply a `flagged` or `noted` filter to CSV.
    wants_notes = not args.no_notes if args.format == "markdown" else bool(args.filter)
    if wants_notes:
        book = Notebook.for_briefing(paths.user_dirs().data, start.doc.id)
        if book.note:  # notes that cannot be read: say so rather than export without them
            print(f"briefing export: {book.note}", file=sys.stderr)
        brief = notebook_brief(book, start.doc)
    clause = None
    wanted: ClauseFilter | None = None
    if args.clause:  # (one clause: a filter given too is not used)
        clause = index.clauses.get(args.clause)
        if clause is None:
            print(f"briefing export: no clause {args.clause!r} in this view", file=sys.stderr)
            return EXIT_USAGE
    elif args.filter:
        try:
            wanted = parse(args.filter, index)
        except FilterError as error:
            # It quotes the words given: no control may reach the terminal.
            print(f"briefing export: {clean_display_text(str(error))}", file=sys.stderr)
            return EXIT_USAGE
    if args.format == "json":
        text = export.to_json(view)
    elif args.format in ("atom", "jsonfeed"):
        changes: list[export.LoggedChange] = []
        if isinstance(start.target, FeedRef):  # what refreshes found (as the app shows it)
            log = ChangeLog.for_briefing(paths.user_dirs().data, start.doc.id)
            if log.note:
                print(f"briefing export: {log.note}", file=sys.stderr)
            changes = list(log.changes)
        items = export.feed_items(index, changes, now=moment)
        origin = start.origin.label()
        if args.format == "atom":
            text = export.to_atom(view, items, origin=origin)
        else:
            text = export.to_jsonfeed(view, items, index, origin=origin, as_of=moment)
    elif args.format == "csv":
        shown = view.clauses
        if clause is not None:
            shown = [clause]
        elif wanted is not None and not wanted.empty:
            noted = {key.partition(":")[2] for key in brief.notes if key.startswith("clause:")}
            shown = wanted.apply(view.clauses, index, set(brief.flags), noted)
        whole = clause is None and (wanted is None or wanted.empty)
        make = export.matrix_csv if args.matrix else export.positions_csv
        text = make(index, shown, whole=whole)
    else:
        text = export.brief_markdown(
            view,
            origin=start.origin.label(),
            now=now,
            as_of=moment,
            brief=brief,
            clause_filter=wanted,
            clause=clause,
            index=index,
        )
    if target is None:
        out.write(text)
        if not _carries(out, text):
            print(
                f"briefing export: standard output is {out.encoding}, which cannot carry every "
                "character: those were written as '?'; -o PATH writes the whole text in UTF-8",
                file=sys.stderr,
            )
        return EXIT_OK
    try:
        storage.write_atomic(target, text.encode(), shared=True)
    except storage.StorageError as error:
        print(f"briefing export: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {target}", file=out)
    return EXIT_OK


def _carries(out: TextIO, text: str) -> bool:
    """Whether `out`'s encoding can carry every character of `text` (stdout replaces what it
    cannot: see `cli.carry_any_text`)."""
    try:
        encoding = codecs.lookup(getattr(out, "encoding", None) or "utf-8").name
    except LookupError:
        return True
    if encoding.startswith("utf"):
        return True
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
