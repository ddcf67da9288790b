"""`briefing refresh` and `briefing diff`: the feed commands of the command line."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from briefing import paths
from briefing.config import load_config
from briefing.diff import differences
from briefing.feed import make_client
from briefing.feeds import FeedRef, resolve
from briefing.load import load_path
from briefing.refresh import refresh

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def refresh_command(feed: str | None, *, force: bool, quiet: bool, out: TextIO) -> int:
    dirs = paths.user_dirs()
    config, note = load_config(dirs.config_file)
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
            result = await refresh(
                target.url,
                cache_root=dirs.cache,
                data_root=dirs.data,
                client=client,
                deadline=config.timeout,
                max_bytes=config.max_bytes,
                force=force,
            )
        if not result.ok:
            print(f"briefing refresh {target.name}: {result.message}", file=sys.stderr)
            return EXIT_FAILED
        if not quiet:
            print(f"{target.name}: {result.message}", file=out)
            for found in result.differences:
                print(f"  {found.text}", file=out)
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
    if not found:
        print("no change", file=out)
    return EXIT_OK
