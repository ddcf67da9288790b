"""The filter bar: type what to keep ("ukraine opposes", "contested territory", "flagged");
while a filter is set it stays on screen, with how many clauses it keeps."""

from __future__ import annotations

from collections.abc import Callable

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
        self._field: Input | None = None
        self._on_value: Callable[[str], None] | None = None
        self._shown: dict[str, Content] = {}
        """What each part of the bar shows now, by selector."""
        self._total: int | None = None
        """The clauses of the view, as last shown in the count."""
        self._count: tuple[str, bool] = ("", False)
        """The count last shown without the key that clears it, and whether a problem."""

    def compose(self) -> ComposeResult:
        # The field is made when the filter is first typed (`edit`): an Input and its
        # styles on the first screen cost the start some 5 ms, for a bar that is hidden.
        yield Static(Content("Filter"), id="filter-prompt")
        yield Static(id="filter-label")
        yield Static(id="filter-count")

    def on_value(self, callback: Callable[[str], None]) -> None:
        """Call `callback` with the field's text as it is typed (a watcher of its `value`,
        which runs with the keystroke: the list is narrowed in the same frame as the
        field's new text; a message arrived one frame, ~30 ms, later)."""
        self._on_value = callback
        if self._field is not None:
            self.watch(self._field, "value", callback, init=False)

    @property
    def field(self) -> Input:
        """The field the filter is typed in, made (hidden) when first asked for."""
        if self._field is None:
            field = SteadyInput(
                placeholder="united kingdom concerned · contested territory · flagged",
                id="filter-input",
                compact=True,
            )
            field.display = False  # hidden from its first frame (not styled, then hidden)
            self._field = field
            self.mount(field, before="#filter-label")
            if self._on_value is not None:
                self.watch(field, "value", self._on_value, init=False)
        return self._field

    def _editing(self) -> bool:
        return self._field is not None and bool(self._field.display)

    def edit(self, text: str) -> None:
        field = self.field
        if self._total is not None:
            # The count as typing shows it (no key clears the filter then), and its width,
            # set in the layout that opens the field: the first keystroke set them, and
            # laid the screen out again for it (~20 ms at 10,000 clauses); the same text
            # again (a filter kept, opened again) sets neither.
            count, problem = self._count
            self._count_width(max(cell_len(count) + 2, self._widest(self._total, "")))
            self._update("#filter-count", self._count_content(count, problem), False)
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
        editing = self._editing()
        self.set_class(label != "" or editing, "-shown")
        # A Static's update lays the screen out again: each part is updated only when it
        # changes, and the label (hidden under the field while typing) once typing ends.
        self._label = label
        if not editing:
            self._update("#filter-label", Content(label))
        clears_part = f" · {clears} clears" if clears else ""
        self._count = (problem or f"{shown} of {total} clauses", bool(problem))
        count = problem or self._count[0] + clears_part
        # As wide as the widest count of this briefing (or the problem): a count of another
        # length as the filter is typed repaints the bar, without a layout of the screen.
        self._total = total
        self._count_width(max(cell_len(count) + 2, self._widest(total, clears_part)))
        self._update("#filter-count", self._count_content(count, bool(problem)), False)

    @staticmethod
    def _count_content(count: str, problem: bool) -> Content:
        return Content.assemble((count, "$text-error" if problem else ""))

    @staticmethod
    def _widest(total: int, clears_part: str) -> int:
        """The cells of this briefing's widest count, with its padding."""
        return cell_len(f"{total} of {total} clauses{clears_part}") + 2

    def _count_width(self, width: int) -> None:
        count_field = self.query_one("#filter-count", Static)
        if count_field.styles.width != Scalar.from_number(width):
            count_field.styles.width = width

    def _update(self, selector: str, content: Content, layout: bool = True) -> None:
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content, layout=layout)

    def stop_editing(self) -> None:
        if self._field is not None:
            self._field.display = False
        self._update("#filter-label", Content(self._label))
        self.query_one("#filter-label").display = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self, event.value, keep=True))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self._field is not None and self._editing():
            event.stop()
            self.post_message(self.Done(self, self._field.value, keep=False))
