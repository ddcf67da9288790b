"""The App's global keys (`BriefingApp.BINDINGS`), declared here, below the screens: a
screen that takes some of them in the App's stead (the desk) reads their keys, actions,
descriptions and ids from this one list rather than typing them again."""

from __future__ import annotations

from typing import Final

from textual.binding import Binding

APP_BINDINGS: Final = (
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("slash", "search", "Search", id="app.search"),
    Binding("m", "matrix", "Matrix", id="app.matrix"),
    Binding("a", "as_of", "As of", id="app.as_of"),
    Binding("o", "overview", "Overview", show=False, id="app.overview"),
    Binding("r", "refresh", "Refresh", id="app.refresh"),
    Binding("n", "next_change(1)", "Next change", show=False, id="app.next_change"),
    Binding("N", "next_change(-1)", "Previous change", show=False, id="app.previous_change"),
    Binding("c", "changes", "Changes", show=False, id="app.changes"),
    Binding("b", "feeds", "Desk", show=False, id="app.feeds"),
    Binding("t", "timeline", "Timeline", show=False, id="app.timeline"),
    Binding("e", "export", "Export", show=False, id="app.export"),
)

BY_ID: Final = {binding.id: binding for binding in APP_BINDINGS}
"""The App's bindings by id."""
