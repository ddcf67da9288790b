"""Test helpers shared by the test modules: the feed's two sample versions, a refresh, and
ways to read what the app shows or run the `briefing` command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from textual.app import App
from textual.widgets import Static

from briefing.disk import paths
from briefing.feed.fetch import make_client
from briefing.feed.refresh import RefreshResult, refresh
from tests.conftest import SAMPLE

MIB = 1024 * 1024
V1 = SAMPLE.read_bytes()


def version_two() -> bytes:
    """The sample a day later: clause 2 agreed, a position and a quote added."""
    data = json.loads(V1)
    data["updated"] = "2025-11-25T09:00:00+00:00"
    data["clauses"][1]["status"] = "agreed"
    data["clauses"][1]["positions"].append(
        {
            "party": "south",
            "stance": "accepts",
            "summary": "Accepts a cap at 800,000.",
            "as_of": "2025-11-25",
            "sources": ["s3"],
        }
    )
    data["quotes"].append(
        {
            "id": "q5",
            "text": "We can live with this.",
            "speaker": "bo",
            "said": "2025-11-25",
            "source": "s3",
            "clauses": ["army-cap"],
        }
    )
    return json.dumps(data, ensure_ascii=False).encode()


V2 = version_two()


async def run_refresh(url: str, **options: Any) -> RefreshResult:
    dirs = paths.user_dirs()
    options.setdefault("deadline", 5.0)
    options.setdefault("max_bytes", 8 * MIB)
    async with make_client(
        connect=options.pop("connect", 2), read=options.pop("read", 2)
    ) as client:
        return await refresh(
            url, cache_root=dirs.cache, data_root=dirs.data, client=client, **options
        )


def padded(raw: bytes, label: str, size: int = 2_000_000) -> bytes:
    """A valid briefing of about `size` bytes (many quotes), distinct per label."""
    data = json.loads(raw)
    count = size // 200
    data["quotes"] += [
        {
            "id": f"{label}-{i}",
            "text": f"{label} padding quote number {i} " + "x" * 120,
            "speaker": "ana",
            "said": "2025-11-20",
            "source": "s1",
        }
        for i in range(count)
    ]
    return json.dumps(data).encode()


STATICS_CSS = """
#detail-body > .heading { margin: 1 0 0 0; }
#detail-body > .version-head, #detail-body > .stand-head { margin: 1 0 0 0; }
#detail-body > .indent { padding: 0 0 0 2; }
#detail-body > .indent2 { padding: 0 0 0 4; }
#detail-body > .legend { margin: 1 0 0 0; }
#detail-body > .change { margin: 1 0 0 0; }
#detail-body > .note { margin: 1 0 0 0; }
#detail-body > .quote {
    margin: 1 0 0 0;
    padding: 0 1;
    border-left: outer $border-blurred;
}
#detail-body > .quote.target {
    border-left: outer $accent;
    background: $boost;
}
"""
"""The rules app.tcss had for the reading screens' paragraphs while each was a `Static`:
the references that `BlockColumn` is compared with, cell for cell (tests/test_block_column.py,
tests/test_detail_column.py), are drawn with them."""


def _column_texts(app: App[Any], keep: Callable[[set[str]], bool]) -> list[str]:
    """The text of each block of the current screen's `BlockColumn` (a clause page's, the
    overview's) whose classes `keep` keeps, in order."""
    from briefing.widgets.block_column import BlockColumn

    column = app.screen.query_one(BlockColumn)
    return [content.plain for content, names in column.blocks if keep(set(names.split()))]


def column_blocks(app: App[Any], *classes: str) -> list[str]:
    """`_column_texts` of the blocks that have every one of `classes` (all without)."""
    return _column_texts(app, set(classes).issubset)


def screen_text(app: App[Any], *, styles: bool = False) -> str:
    """The current screen as plain text, rendered the way `App.export_screenshot` renders it
    (with `styles`, as the ANSI escapes of its colours and attributes too)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=styles)


def plain(widget: Static) -> str:
    """The text of a Static (its Content), without styles."""
    return str(widget.render())


def blocks_text(app: App[Any], *classes: str) -> str:
    """`column_blocks` one per line ("" while the screen has no `BlockColumn` yet)."""
    from briefing.widgets.block_column import BlockColumn

    if not app.screen.query(BlockColumn):
        return ""
    return "\n".join(column_blocks(app, *classes))


def overview_text(app: App[Any], *classes: str) -> str:
    """The text of the overview's blocks (those with any of `classes`, or all), one per line:
    the blocks its `BlockColumn` draws."""
    wanted = set(classes)
    return "\n".join(_column_texts(app, lambda names: not wanted or bool(wanted & names)))


def run_cli(*args: str, timeout: float = 60, **options: Any) -> subprocess.CompletedProcess[str]:
    """`python -m briefing ARGS` in a child, its output captured as text, no stdin."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        **options,
    )


async def wait_until(
    pilot: Any, holds: Callable[[], bool], what: str = "the condition", timeout: float = 15.0
) -> None:
    """Let the app run in short steps until `holds()`: returns as soon as it does. The
    timeout only bounds a test that would otherwise hang; it is never the thing waited for."""
    deadline = time.monotonic() + timeout
    while not holds():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.01)


def wait_for(holds: Callable[[], bool], what: str = "the condition", timeout: float = 60.0) -> None:
    """`wait_until` for a test without a pilot (a child process, a server): checks every
    5 ms; the timeout only bounds a test that would otherwise hang."""
    deadline = time.monotonic() + timeout
    while not holds():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


async def palette_search(pilot: Any, query: str) -> None:
    """Type `query` into the open command palette and wait until its search has finished and
    listed its hits."""
    from textual.command import CommandList

    await pilot.press(*query)
    palette = pilot.app.screen

    def listed() -> bool:
        searching = any(w.node is palette and not w.is_finished for w in pilot.app.workers)
        return not searching and palette.query_one(CommandList).option_count > 0

    await wait_until(pilot, listed, f"the palette's hits for {query!r}")


async def settle(app: App[Any], pilot: Any) -> None:
    """Wait until the app has started its workers and every one of them has finished."""
    await pilot.pause()
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return
    raise AssertionError("workers did not finish")


async def overview_at(app: App[Any], pilot: Any, item: str) -> Any:
    """Wait for the overview to be in front showing `item` (its anchor at the top of the
    page, or the page at its end when the item cannot come higher); return the page."""
    from briefing.screens.overview import OverviewScreen
    from briefing.widgets.block_column import BlockColumn

    await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), "the overview")
    await settle(app, pilot)
    overview = app.screen
    assert isinstance(overview, OverviewScreen) and overview.at == item
    body = overview.query_one("#detail-body")
    column = body.query_one(BlockColumn)

    def shown() -> bool:
        top = column.block_top(overview.anchors[item])
        at_top = round(body.scroll_y) == top
        at_end = body.scroll_y >= body.max_scroll_y > 0  # it cannot come higher
        in_view = body.scroll_y <= top < body.scroll_y + body.scrollable_content_region.height
        return in_view and (at_top or at_end)

    await wait_until(pilot, shown, f"{item} in view")
    return body
