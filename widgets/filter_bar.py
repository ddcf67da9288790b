"""The filter bar: type what to keep ("ukraine opposes", "contested territory", "flagged");
while a filter is set it stays on screen, with how many clauses it keeps."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.css.scalar import Scalar
from textual.message import Message
from textual.widgets import Input, Static

from briefing.widgets.steady_input import SteadyInput


class FilterBar(Horizontal):
    """Hidden until a filter is typed or set; Enter keeps it, Escape drops the edit."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        display: none;
        background: $boost;
        &.-shown { display: block; }
        & > #filter-prompt { width: auto; padding: 0 1; color: $text-accent; }
        & > #filter-input { width: 1fr; border: none; height: 1; padding: 0; }
        & > #filter-label { width: 1fr; color: $text; }
        & > #filter-count { padding: 0 1; color: $text-muted; text-align: right; }
    }
    """

    class Done(Message):
        """Enter (keep) or Escape (cancel) in the filter field."""

        def __init__(self, filter_bar: FilterBar, text: str, keep: bool) -> None:
            super().__init__()
            self.filter_bar = filter_bar
            self.text = text
            self.keep = keep

        @property
        def control(self) -> FilterBar:
            """The bar that sent the message (what `@on(..., selector)` matches)."""
            return self.filter_bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = ""
        """The filter's label, shown once the field closes."""
        self._shown: dict[str, Content] = {}
        """What each part of the bar shows now, by selector."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Filter"), id="filter-prompt")
        field = SteadyInput(
            placeholder="united kingdom concerned · contested territory · flagged",
            id="filter-input",
            compact=True,
        )
        field.display = False  # hidden from the first frame (not styled, then hidden)
        yield field
        yield Static(id="filter-label")
        yield Static(id="filter-count")

    def edit(self, text: str) -> None:
        field = self.query_one("#filter-input", Input)
        self.set_class(True, "-shown")
        self.query_one("#filter-label").display = False
        field.display = True
        field.value = text
        field.focus()

    def show(
        self, label: str, shown: int, total: int, problem: str = "", clears: str | None = None
    ) -> None:
        """Show the active filter (or hide the bar when there is none and no edit); `clears`
        is the live key that clears it (None: no key does now, and none is offered)."""
        editing = self.query_one("#filter-input").display
        self.set_class(bool(label) or bool(editing), "-shown")
        # A Static's update lays the screen out again: each part is updated only when it
        # changes, and the label (hidden under the field while typing) once typing ends.
        self._label = label
        if not editing:
            self._update("#filter-label", Content(label))
        clears_part = f" · {clears} clears" if clears else ""
        count = problem or f"{shown} of {total} clauses" + clears_part
        # As wide as the widest count of this briefing (or the problem): a count of another
        # length as the filter is typed repaints the bar, without a layout of the screen.
        width = max(cell_len(count), cell_len(f"{total} of {total} clauses{clears_part}")) + 2
        count_field = self.query_one("#filter-count", Static)
        if count_field.styles.width != Scalar.from_number(width):
            count_field.styles.width = width
        self._update(
            "#filter-count", Content.assemble((count, "$text-error" if problem else "")), False
        )

    def _update(self, selector: str, content: Content, layout: bool = True) -> None:
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content, layout=layout)

    @property
    def field(self) -> Input:
        """The field the filter is typed in: its `value` is watched to narrow the list as
        it is typed (a watcher runs with the keystroke, so the list is narrowed in the
        same frame as the field's new text; a message arrived one frame, ~30 ms, later)."""
        return self.query_one("#filter-input", Input)

    def stop_editing(self) -> None:
        self.query_one("#filter-input").display = False
        self._update("#filter-label", Content(self._label))
        self.query_one("#filter-label").display = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self, event.value, keep=True))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#filter-input").display:
            event.stop()
            field = self.query_one("#filter-input", Input)
            self.post_message(self.Done(self, field.value, keep=False))
