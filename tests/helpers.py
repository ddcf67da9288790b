"""Test helpers that read what the app shows."""

from __future__ import annotations

import io
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
