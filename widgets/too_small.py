"""The message shown instead of any screen while the terminal is smaller than the app needs.

Below the minimum the panes would be cut to a few characters each (a garbled layout), so
the App hides the screen's widgets and shows this one: what size it is, what it needs.
It goes away by itself when the terminal grows back, with the screen as it was.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 18
"""Where the main screen stops being usable: below 60×18 the clause list shows fewer than
six rows, a position's text is cut to nothing and the deadline crowds out the panes."""


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


def message(width: int, height: int) -> Content:
    return Content(
        f"Terminal too small: {width}×{height}.\n"
        f"The briefing needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
        "Make the window larger (or the font smaller); q quits."
    )


class TooSmall(Static):
    """'Terminal too small: W×H' — shown (by the App's -too-small class) in any screen."""

    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 1fr;
        height: 1fr;
        padding: 1 1;
        content-align: center middle;
        text-align: center;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._focused: Widget | None = None

    def show_size(self, width: int, height: int) -> None:
        self.update(message(width, height))

    def remember_focus(self) -> None:
        """Note what had focus on this screen (hiding the widgets takes it away)."""
        focused = self.screen.focused
        if focused is not None and focused is not self:
            self._focused = focused

    def restore_focus(self) -> None:
        """Focus again what had focus before the terminal got too small, if it is still there."""
        widget, self._focused = self._focused, None
        screen = self.screen
        if widget is not None and widget.is_attached and screen.focused in (None, widget):
            screen.set_focus(widget)


def fit(app: App[Any], width: int, height: int) -> None:
    """Below the minimum size every screen shows only 'Terminal too small: W×H' (the App's
    -too-small class hides the rest); growing back restores the screen, and its focus."""
    small = too_small(width, height)
    app.set_class(small, "-too-small")
    if not small:
        # Hiding a screen's widgets takes their focus (when the layout is next refreshed,
        # which may come after a quick grow): give it back after that.
        app.call_after_refresh(_restore_focus, app)
        return
    found = app.screen.query_children(TooSmall)
    notice = found.first() if found else TooSmall()
    notice.show_size(width, height)
    if not found:
        app.screen.mount(notice)
    notice.remember_focus()


def _restore_focus(app: App[Any]) -> None:
    if too_small(*app.size):
        return
    for screen in app.screen_stack:
        for notice in screen.query_children(TooSmall):
            notice.restore_focus()
