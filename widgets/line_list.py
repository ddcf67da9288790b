"""A keyboard list that renders only its visible lines (Textual's line API).

`LineList` is the base of every list that can grow — clauses, search hits,
the positions matrix: one line per item, any number of items, cost per frame
proportional to the screen height. `CardList` extends it to items of several
lines (a wrapped quote and its attribution), for the short per-clause lists.

Subclasses describe a row as parts `(text, role)`: `role` names a component
class that colours the part (e.g. `stance--refuse`), or None for the row's own
style. The cursor row takes the cursor style underneath.
"""

from __future__ import annotations

from math import ceil
from typing import ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from briefing.widgets.cells import row, wrap
from briefing.widgets.row_styles import RowStylesCache

Part = tuple[str, str | None]

STANCE_CSS = """
    & > .stance--agree { color: $text-success; }
    & > .stance--mixed { color: $text-warning; }
    & > .stance--refuse { color: $text-error; }
    & > .stance--neutral { color: $text-muted; }
    & > .status--contested { color: $text-warning; }
    & > .status--agreed { color: $text-success; }
    & > .status--dropped { color: $text-muted; text-style: strike; }
    & > .status--proposed { color: $text-primary; }
    & > .status--unclear { color: $text-muted; }
"""

STANCE_CLASSES = {"stance--agree", "stance--mixed", "stance--refuse", "stance--neutral"}
"""Part roles of a stance's tone: lists that show stances add these to COMPONENT_CLASSES."""

STATUS_CLASSES = {
    "status--contested",
    "status--agreed",
    "status--dropped",
    "status--proposed",
    "status--unclear",
}
"""Part roles of a clause's status (the clause list)."""

MATCH_CLASS = "line-list--match"
"""The part role of a search match."""


def bar_look(bar: ScrollBar) -> tuple[int, ...]:
    """What a vertical scrollbar draws, as Textual's `ScrollBarRender.render_bar` computes it:
    the bar's length, then the thumb's first and last eighth of a cell along it, if it has a
    thumb (none when the content fits). Two states with the same look draw the same cells."""
    size = bar.size.height
    virtual = bar.window_virtual_size
    window = bar.window_size if bar.window_size < virtual else 0
    if not (window and size and virtual and size != virtual):
        return (size,)
    eighths = 8  # ScrollBarRender.VERTICAL_BARS
    thumb = max(1, window / (virtual / size))
    position = (size - thumb) * (bar.position / (virtual - window))
    start = int(position * eighths)
    return (size, start, start + ceil(thumb * eighths))


class ListScrollBar(ScrollBar):
    """Textual's vertical scrollbar, but placing it lays out nothing more: Textual gives a
    scrollbar its virtual size as it gives any widget, as a reactive that lays out the whole
    screen again when it changes; a scrollbar has no content to lay out. Placed for the
    first time (the clause list longer than its pane at start), that cost a layout and the
    screen drawn again after the first frame."""

    drawn = False
    """Whether the bar has been drawn (see `LineList._scroll_update`)."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def render(self) -> RenderableType:
        self.drawn = True
        return super().render()


class LineList(ScrollView, can_focus=True):
    """A cursor over items drawn one line each, only the visible ones."""

    DEFAULT_CSS = (
        """
    LineList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;  /* lines are cut to the width: never a horizontal scrollbar */
        & > .line-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .line-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .line-list--dim { color: $text-muted; }
        & > .line-list--accent { color: $text-accent; }
        & > .line-list--strong { text-style: bold; }
        & > .line-list--match { text-style: bold reverse; }
    """
        + STANCE_CSS
        + "}"
    )

    # Only the roles every list uses: Textual styles each component class of each list
    # (on every CSS update), so a subclass adds what it shows (STANCE_CLASSES, …).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--dim",
        "line-list--accent",
        "line-list--strong",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("enter", "choose", "Open", show=False, id="list.choose"),
    ]

    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    """Index of the highlighted item. Setting it repaints only the lines of the old and the
    new item (`watch_cursor`), not the whole list."""

    EMPTY_TEXT = "Nothing to show."

    header_lines = 0
    """Lines at the top that stay put while the items scroll (e.g. column headers)."""

    _setting = False
    """Within `set_count`, which says the content changed once it is all set."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._styles_cache = RowStylesCache()  # Textual's, cheaper per row (row_styles.py)
        self._count = 0
        self._style_cache: dict[tuple[bool, bool], dict[str | None, Style]] = {}
        """Row styles by (cursor row, focused), then by part role: computing a rich Style
        from CSS costs more than drawing the line, and every visible line needs one."""

    # -- what subclasses provide ------------------------------------------------

    def render_row(self, index: int, width: int) -> list[Part]:
        """The parts of item `index` at `width` cells."""
        raise NotImplementedError

    def render_header(self, y: int, width: int) -> list[Part]:
        """The parts of header line `y` (only when `header_lines` > 0)."""
        return []

    def on_highlight(self, index: int) -> None:
        """Called when the cursor lands on `index` (post a domain message here)."""

    def on_choose(self, index: int) -> None:
        """Called when Enter or a click chooses `index`."""

    # -- items and lines ---------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    def set_count(self, count: int, cursor: int = 0) -> None:
        """Show `count` items with the cursor on `cursor`."""
        self._count = count
        self._setting = True  # the lines are compared with those drawn once, below
        try:
            self._layout_changed()
        finally:
            self._setting = False
        self.set_reactive(LineList.cursor, self._clamp(cursor))
        self._scroll_to_cursor(center=True)
        self._content_changed()
        if count:
            self.on_highlight(self.cursor)

    def extend(self, count: int) -> None:
        """The same items with more after them: the cursor and the view stay put."""
        self._count = count
        self._layout_changed()
        self.refresh()

    def line_count(self) -> int:
        return self._count

    def item_lines(self, index: int) -> tuple[int, int]:
        """(first line, number of lines) of item `index`."""
        return index, 1

    def item_at_line(self, line: int) -> int | None:
        return line if 0 <= line < self._count else None

    _empty_wrapped: tuple[str, int, list[str]] = ("", 0, [])

    def _empty_lines(self, width: int) -> list[str]:
        """The empty list's message, wrapped to `width` (never cut); wrapped once for each
        message and width, not for each line drawn."""
        text, at, lines = self._empty_wrapped
        if (text, at) != (self.EMPTY_TEXT, width):
            lines = wrap(self.EMPTY_TEXT, width) if width > 0 else []
            self._empty_wrapped = (self.EMPTY_TEXT, width, lines)
        return lines

    def _layout_changed(self) -> None:
        if self._set_scroll_height():
            self._content_changed()

    def _set_scroll_height(self) -> bool:
        """The scroll height from the lines there are now; whether it changed in a list
        sized by its container (the lines then need drawing: `_layout_changed`)."""
        width = self.row_width()
        lines = self.line_count() or len(self._empty_lines(width))  # a list sized by its
        size = Size(width, max(lines, 1) + self.header_lines)  # lines shows all the message
        if size == self.virtual_size:
            return False
        height = self.styles.height
        if height is not None and height.is_auto:
            self.virtual_size = size  # the list's own height follows its lines: lay out again
            return False
        # A list sized by its container: new content changes the scrollbar, not the layout.
        # Setting `virtual_size` would lay out the whole screen again (and repaint every
        # widget on it) for each move in the clause list as the panes beside it change.
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        return True

    def _content_changed(self) -> None:
        """The lines may have changed (new items, a new size): draw them again."""
        self.refresh()

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's property, with a `ListScrollBar`."""
        if self._vertical_scrollbar is None:
            bar = ListScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def _scroll_update(self, virtual_size: Size) -> None:
        """Textual's, but the vertical scrollbar is drawn again only when what it shows
        changes: Textual redrew it on every new virtual size, so each move in the clause
        list redrew the bars of the panes beside it (their content fitting before and after:
        a bar with no thumb, the same)."""
        self._refresh_scrollbars()
        _width, height = self.container_size
        bar = self._vertical_scrollbar
        if bar is not None and self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
            before = bar_look(bar)
            bar.set_reactive(ScrollBar.window_virtual_size, virtual_size.height)
            bar.set_reactive(ScrollBar.window_size, height - self.scrollbar_size_horizontal)
            if bar_look(bar) != before:
                if not bar.is_mounted and getattr(bar, "drawn", True):
                    # Drawn already (the compositor draws a bar as it places it) but not
                    # mounted yet, as for a key pressed as the app starts.
                    # Its refresh would only be noted for later, with its old lines still
                    # cached: asked again once the screen has been drawn, mounted by then.
                    self.call_after_refresh(bar.refresh)
                bar.refresh()
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _get_scrollable_region(self, region: Region) -> Region:
        """Textual's hook as the compositor lays the list out (`region`: inside its border):
        whether it needs its scrollbar is known here, from its lines and its height, so the
        bar is placed in this layout. Left to Textual, the list learnt it from its new size
        after the layout, and a list longer than its pane at start laid out and drew the
        whole screen again just after the first frame."""
        if self.styles.overflow_y == "auto" and region.height and self._count:
            needed = self.line_count() + self.header_lines > region.height
            if needed != self.show_vertical_scrollbar:
                self.set_reactive(Widget.show_vertical_scrollbar, needed)
                if needed or self._vertical_scrollbar is not None:
                    bar = self.vertical_scrollbar
                    bar.display = needed
                    # Textual moves the thumb as the list scrolls only while the bar is
                    # shown: a scroll while it was hidden (the list clamped to the top as
                    # the terminal grew) left the thumb where it was when shown again.
                    bar.set_reactive(ScrollBar.position, self.scroll_y)
        return super()._get_scrollable_region(region)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Textual's hook as the compositor gives the list its size, before the frame is
        drawn: the lines are laid out for the new width here, so the first frame shows
        them (on the Resize event, a message, they came a frame later: the panes beside
        the clause list painted empty at start, then filled)."""
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed:
            self._layout_changed()
            self._scroll_to_cursor()
        return changed

    def on_resize(self, event: events.Resize) -> None:
        self._layout_changed()
        self._scroll_to_cursor()

    def _on_hide(self, event: events.Hide) -> None:
        """Before Textual's, which takes the focus from a hidden widget and gives it to the
        next one: not when the list is shown again by the time the hiding reaches it: the
        terminal too small for a moment, then large (a resize storm over SSH). Then the
        list keeps the focus, and `g` still moves it rather than the pane beside it."""
        screen = self.screen
        if self.has_focus and screen.is_active and self in screen.focus_chain:
            event.prevent_default()  # Textual's handler (Widget's) does not run

    def refresh_shown(self, first: int, count: int) -> None:
        """`refresh_lines` for those of the `count` lines from `first` (virtual lines) that
        are in view: Textual notes every line of a region as dirty, one by one, so "this line
        and all below it" in a list of 10,000 clauses cost a set of 10,000 lines at each
        key. A line scrolled into view later is drawn then anyway."""
        top = self.scroll_offset.y
        start, end = max(first, top), min(first + count, top + self.outer_size.height)
        if start < end:
            self.refresh_lines(start, end - start)

    def _clamp(self, index: int) -> int:
        return max(0, min(index, self._count - 1)) if self._count else 0

    def validate_cursor(self, index: int) -> int:
        return self._clamp(index)

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            if 0 <= index < self._count:
                first, lines = self.item_lines(index)
                self.refresh_shown(first + self.header_lines, lines)
        self._scroll_to_cursor()
        if self._count:
            self.on_highlight(new)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if not self._count:
            return
        first, lines = self.item_lines(self.cursor)
        height = self.scrollable_content_region.height - self.header_lines
        if height <= 0:
            return
        top = self.scroll_offset.y
        if center and not (top <= first and first + lines <= top + height):
            self.scroll_to(y=max(0, first - height // 3), animate=False, immediate=True)
        elif first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif first + lines > top + height:
            self.scroll_to(y=first + min(lines, height) - height, animate=False, immediate=True)

    # -- rendering ---------------------------------------------------------------

    SHOW_BLURRED_CURSOR = True
    """Whether the cursor row stays marked while another widget has focus."""

    def notify_style_update(self) -> None:
        """CSS changed (theme, focus, classes): styles are computed again."""
        self._style_cache.clear()
        super().notify_style_update()

    def _styles(self, cursor: bool) -> dict[str | None, Style]:
        """Styles by part role for a cursor row or another; `None` is the row's own."""
        key = (cursor and (self.has_focus or self.SHOW_BLURRED_CURSOR), self.has_focus)
        cache = self._style_cache.get(key)
        if cache is None:
            base = (
                self.get_visual_style("line-list--cursor").rich_style if key[0] else self.rich_style
            )
            cache = self._style_cache[key] = {None: base}
        return cache

    def style_parts(self, parts: list[Part], width: int, cursor: bool) -> list[Segment]:
        cache = self._styles(cursor)
        base = cache[None]
        styled: list[tuple[str, Style]] = []
        for text, role in parts:
            style = cache.get(role)
            if style is None and role is not None:
                style = cache[role] = base + self.get_component_rich_style(role, partial=True)
            assert style is not None  # role None is the row's own style, always there
            styled.append((text, style))
        return row(styled, width, base)

    def row_width(self) -> int:
        """The width of the rows (`scrollable_content_region`'s), from the size the layout
        gave the list: the region asks the screen where the list is, for every line drawn
        (a quarter of a row's drawing, twice over in the clause list)."""
        return max(
            0, self.outer_size.width - self.styles.gutter.width - self.scrollbar_gutter.width
        )

    def render_line(self, y: int) -> Strip:
        width = self.row_width()
        return self._strip(self.line_parts(y, width), width)

    def _strip(self, shown: tuple[list[Part], bool] | None, width: int) -> Strip:
        """A row's parts (`line_parts`) styled and drawn."""
        if shown is None:
            return Strip.blank(width, self.rich_style)
        parts, cursor = shown
        return Strip(self.style_parts(parts, width, cursor), width)

    def line_parts(self, y: int, width: int) -> tuple[list[Part], bool] | None:
        """What visible row `y` shows at `width` before it is styled: its parts, and
        whether it is (part of) the cursor's row; None for a blank row."""
        if y < self.header_lines:
            return self.render_header(y, width), False
        y -= self.header_lines
        line = self.scroll_offset.y + y
        if self._count == 0:  # the message wrapped, never cut
            lines = self._empty_lines(width)
            return ([(lines[y], "line-list--dim")], False) if y < len(lines) else None
        index = self.item_at_line(line)
        if index is None:
            return None
        return self.item_line_parts(index, line, width), index == self.cursor

    def item_line_parts(self, index: int, line: int, width: int) -> list[Part]:
        """The parts of list line `line`, one of item `index`'s lines."""
        return self.render_row(index, width)

    # -- keys and mouse ----------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._count - 1

    def _page_items(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_lines - 1)

    def action_page_up(self) -> None:
        self.cursor -= self._page_items()

    def action_page_down(self) -> None:
        self.cursor += self._page_items()

    def action_choose(self) -> None:
        if self._count:
            self.on_choose(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < self.header_lines:
            return
        index = self.item_at_line(offset.y - self.header_lines + self.scroll_offset.y)
        if index is None:
            return
        if index == self.cursor and event.chain >= 2:
            self.on_choose(index)
        self.cursor = index


class CardList(LineList):
    """A LineList whose items take several lines (wrapped text), laid out per width.

    Meant for per-clause lists (tens of items): the layout of every item is
    computed when the items or the width change.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._cards: list[list[list[Part]]] = []
        self._starts: list[int] = []
        self._owner: list[int] = []
        self._laid_out_width = -1
        self._drawn: dict[int, tuple[tuple[Part, ...], bool] | None] = {}
        """What was last drawn at each visible row (`_shown`): new items draw again only
        the rows that differ (the quotes pane of two clauses with none draws nothing),
        found without styling a line twice."""

    SHOW_BLURRED_CURSOR = False

    DEFAULT_CSS = """
    CardList {
        /* Always a scrollbar: the wrap width stays put as the items change, and moving in
           the list beside it never lays out the screen again. */
        overflow-y: scroll;
    }
    """

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render_card(self, index: int, width: int) -> list[list[Part]]:
        """The lines of item `index`, each a list of parts, at `width` cells."""
        raise NotImplementedError

    def _lay_out_cards(self) -> None:
        """Every item's lines at the present width (the scroll height is left as it is)."""
        width = self.row_width()
        self._cards = [self.render_card(i, width) for i in range(self._count)] if width else []
        self._laid_out_width = width
        self._starts = []
        self._owner = []
        for index, card in enumerate(self._cards):
            self._starts.append(len(self._owner))
            self._owner.extend([index] * len(card))

    def _layout_changed(self) -> None:
        self._lay_out_cards()
        super()._layout_changed()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """A new size: what was drawn at the old one is no guide to the screen now. (The
        outer size against the outer size: against the content size, which a border
        makes smaller, every layout looked like a new size.)"""
        if size != self.outer_size:
            self._drawn.clear()
        return super()._size_updated(size, virtual_size, container_size, layout)

    def retitle(self, title: str) -> None:
        """Give the card list its border title, as plain text (feed text is never markup),
        drawing again only the border's line, and nothing for the same title: Textual's
        `border_title` draws the whole list again for any title set (beside the clause
        list, the positions pane's title changes at each move, its cards often not)."""
        content = Content(title)
        if self.border_title == content.markup:
            return
        offset = self.content_offset
        if not self.is_mounted or not self.size or offset.y < 1:
            self.border_title = content
            return
        # What Textual's setter keeps (the title's first line, tabs expanded); the line
        # above the content is the top border.
        self._border_title = self.render_str(content).expand_tabs(4).split()[0]
        self.refresh(Region(-offset.x, -offset.y, self.outer_size.width, 1))

    def _content_changed(self) -> None:
        """Draw again the visible rows whose line is not the one on screen."""
        if self._setting:
            return
        region = self.scrollable_content_region
        if not self.is_mounted or not region or not self._drawn:
            self.refresh()
            return
        for y in range(region.height):
            if self._drawn.get(y) != self._shown(y, region.width):
                self.refresh(Region(0, y, region.width, 1))

    def _shown(self, y: int, width: int) -> tuple[tuple[Part, ...], bool] | None:
        """What row `y` shows, as compared with what was drawn there."""
        return _drawn_as(self.line_parts(y, width))

    def render_line(self, y: int) -> Strip:
        width = self.row_width()
        shown = self.line_parts(y, width)
        self._drawn[y] = _drawn_as(shown)
        return self._strip(shown, width)

    def line_count(self) -> int:
        return len(self._owner)

    def item_lines(self, index: int) -> tuple[int, int]:
        if not self._starts or index >= len(self._starts):
            return index, 1
        return self._starts[index], len(self._cards[index])

    def item_at_line(self, line: int) -> int | None:
        return self._owner[line] if 0 <= line < len(self._owner) else None

    def action_page_down(self) -> None:
        self.cursor = self._item_a_page_away(1)

    def action_page_up(self) -> None:
        self.cursor = self._item_a_page_away(-1)

    def _item_a_page_away(self, direction: int) -> int:
        """The item about one screen of lines from the cursor's (at least the next one)."""
        if not self._count:
            return 0
        first, _lines = self.item_lines(self.cursor)
        page = max(1, self.scrollable_content_region.height - 1)
        target = self.item_at_line(max(0, min(first + direction * page, self.line_count() - 1)))
        if target is None or target == self.cursor:
            return self._clamp(self.cursor + direction)
        return target

    def item_line_parts(self, index: int, line: int, width: int) -> list[Part]:
        if width != self._laid_out_width:
            self._layout_changed()
        card = self._cards[index]
        offset = line - self._starts[index]
        return card[offset] if 0 <= offset < len(card) else []


def _drawn_as(shown: tuple[list[Part], bool] | None) -> tuple[tuple[Part, ...], bool] | None:
    """A row as `CardList` remembers it drawn: its parts and its cursor (the styles are the
    same unless a refresh of the whole list says otherwise, and draws every row again)."""
    return None if shown is None else (tuple(shown[0]), shown[1])
