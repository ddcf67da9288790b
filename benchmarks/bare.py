"""The references the end-to-end benchmark divides by: the least a Textual app does for a key.

    python -m benchmarks.bare

One app, two references: on the first screen `j` / `k` change a line (a counter), as a
list move changes a line; Enter opens a screen of text (200 lines) and PgDn / PgUp page
it, without animation, as a reading screen should; Escape goes back. It paints
`BARE-READY` once composed, the marker the first-paint figure waits for.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

MARKER = "BARE-READY"
TEXT = "\n".join(
    f"{n:3}  The parties agree that the line of contact is frozen as of the signing date."
    for n in range(200)
)


class Page(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("pagedown", "page(1)", "Page down"),
        Binding("pageup", "page(-1)", "Page up"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(TEXT)

    def action_page(self, direction: int) -> None:
        scroll = self.query_one(VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)


class Bare(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Down"),
        Binding("k", "move(-1)", "Up"),
        Binding("enter", "open", "Open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static(MARKER)
        yield Static("line 0", id="line")

    def action_move(self, step: int) -> None:
        self.count += step
        self.query_one("#line", Static).update(f"line {self.count}")

    def action_open(self) -> None:
        self.push_screen(Page())


if __name__ == "__main__":
    Bare().run()
