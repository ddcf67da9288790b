"""The references the end-to-end benchmark divides by: the least a Textual app does for a key.

    python -m benchmarks.bare

One app, two references: on the first screen `j` / `k` change a line (a counter), as a
list move changes a line; Enter opens a screen of text (200 lines) and PgDn / PgUp page
it, without animation, as a reading screen should; Escape goes back. It paints
`BARE-READY` once composed, the marker the first-paint figure waits for.

`benchmarks/bare_decoding.py PATH` runs it after reading and decoding a document: the
floor of our start at that document's scale.

A third, a diagnostic: `r` opens a screen of 20 styled rows that `j` / `k` all change,
each drawn by `render_line` from ready segments (the least Textual can do to change 20
rows, as a search keystroke changes its ~20 hits and a clause list move its panes).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
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


ROWS = 20
_ID, _TEXT, _MARK = Style(bold=True), Style(color="#d0d0d0"), Style(color="black", bgcolor="yellow")


class Rows(Widget):
    """20 rows, each a few styled segments, all of them different after each key."""

    DEFAULT_CSS = "Rows { height: 20; }"

    count = 0

    def render_line(self, y: int) -> Strip:
        if y >= ROWS:
            return Strip.blank(self.size.width)
        n = self.count + y
        return Strip(
            [
                Segment(f"{n:>5} ", _ID),
                Segment("The parties agree that the ", _TEXT),
                Segment(f"line {n % 97:<3}", _MARK),
                Segment(" of contact is frozen as of signing.", _TEXT),
            ]
        ).adjust_cell_length(self.size.width)


class RowsPage(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("j", "move(1)", "Down"),
        Binding("k", "move(-1)", "Up"),
    ]

    def compose(self) -> ComposeResult:
        yield Rows()

    def action_move(self, step: int) -> None:
        rows = self.query_one(Rows)
        rows.count += step
        rows.refresh()


class Bare(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Down"),
        Binding("k", "move(-1)", "Up"),
        Binding("enter", "open", "Open"),
        Binding("r", "rows", "Rows"),
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

    def action_rows(self) -> None:
        self.push_screen(RowsPage())


if __name__ == "__main__":
    Bare().run()
