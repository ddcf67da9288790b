"""Test helpers that read what the app shows, or run the `briefing` command."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

from rich.console import Console
from textual.app import App
from textual.widgets import Static


def screen_text(app: App[Any]) -> str:
    """The current screen as plain text, rendered the way `App.export_screenshot` renders it."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def plain(widget: Static) -> str:
    """The text of a Static (its Content), without styles."""
    return str(widget.render())


def blocks_text(app: App[Any], selector: str) -> str:
    """The text of every Static matching `selector` on the current screen, one per line."""
    return "\n".join(plain(widget) for widget in app.screen.query(selector).results(Static))


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


async def settle(app: App[Any], pilot: Any) -> None:
    """Wait until the app has started its workers and every one of them has finished."""
    await pilot.pause()
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return
    raise AssertionError("workers did not finish")
