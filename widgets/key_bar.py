"""The keys of the screen in one line at the bottom: what Textual's Footer shows, as one widget.

Textual's Footer composes a widget per key and composes them again whenever the
bindings change (every focus change, every screen opened), and styling those
widgets cost about a tenth of a second per screen opened here. This bar draws the
same line itself; a click on a key presses it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """The screen's shown bindings: key, what it does; the command palette's key on the right."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled { text-style: dim; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spots: list[tuple[int, int, str]] = []
        """(first cell, end cell, key) of each key drawn: what a click presses."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def items(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key as shown, description, enabled) of each shown binding, one per action
        (as the Footer groups them), and the command palette's, if it shows."""
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        seen: set[str] = set()
        shown: list[tuple[str, str, str, bool]] = []
        palette: tuple[str, str, str, bool] | None = None
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if key == palette_key:
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled")
        shown, palette = self.items()
        line = Text(no_wrap=True, overflow="crop", end="")
        spots: list[tuple[int, int, str]] = []

        def add(key: str, display: str, description: str, enabled: bool) -> None:
            start = line.cell_len
            extra = dim if not enabled else None
            line.append(f" {display} ", key_style + extra if extra else key_style)
            if description:
                line.append(f"{description} ", text_style + extra if extra else text_style)
            spots.append((start, line.cell_len, key))

        for item in shown:
            add(*item)
        if palette is not None:
            key, display, description, enabled = palette
            right = cell_len(f" {display} {description} ")
            gap = self.size.width - line.cell_len - right
            if gap > 0:
                line.append(" " * gap)
                add(key, display, description, enabled)
        self._spots = spots
        line.stylize_before(self.rich_style)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spots:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
