"""A column of paragraphs drawn as lines: a reading screen's blocks in one widget.

The reading screens were columns of `Static` paragraphs. At 10k clauses the synthetic
overview held ~640 of them (events, sources, people…); Textual composes, styles and lays
out each one as a widget, and the overview took ~560–660 ms to open. A clause page held
~50 (its wordings, positions and their history, quotes, sources), laid out three times as
it opened: Enter on a clause at 10k clauses settled at 107–113 ms (p50) in tmux, ~65 as
one column. `BlockColumn` holds
the same blocks and draws them the way a `Static` draws its `Content`: the same wrapping
(Textual's `Content._wrap_and_format`, which `Content.render_strips` calls) and the same
styles, read by name as each line is drawn (a new theme needs no new layout). It lays
the blocks out once for each width, and draws only the lines the compositor asks for, as
the lists do.

Each block's spacing comes from its classes, as the CSS gave a `Static` in `#detail-body`
its margin and padding (`prose.spacing`), and a quote's frame too (`prose.frame`: the
bar of Textual's `outer` left border, a cell of padding either side, the target's
lighter ground), in the colours of the column's component classes.
`tests/test_block_column.py` (the overview) and `tests/test_detail_column.py` (clause
pages) compare the screen with a column of `Static`s, cell for cell.

The mouse selects text as in the `Static`s: each character carries its place in the
column's text (`offset` meta, as `Content` writes it, in the column's lines), a blank
line and an indent carry the nearest place, and a double click selects the paragraph
under it. One difference is Textual's: a drag that ends in the widget it began in takes
in the character under the pointer, which was so within a paragraph and is now so across
paragraphs too.

Uses Textual's private `Content._wrap_and_format`, its `_FormattedLine` and
`Widget._get_style` (textual is pinned to 8.2.x in pyproject.toml for this, among others).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.content import _FormattedLine
from textual.events import Click, Resize
from textual.geometry import Offset, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from briefing.widgets.cells import bounded_content
from briefing.widgets.prose import Block, frame, spacing

_FRAME_LEFT, _FRAME_RIGHT = 2, 1
"""A framed block's cells left of its text (the bar and a cell of padding) and right of it
(a cell of padding): `border-left` and `padding: 0 1`, as the CSS framed a quote."""

_BAR = "▌"
"""The left edge of Textual's `outer` border, which framed a quote."""

_BLANK = -1
"""A row's block number for a blank line (a block's margin above it); its second number
is then the block above (-1: none)."""


class BlockColumn(Widget):
    """Paragraphs (`Block`s) one under another, each spaced as its classes say."""

    DEFAULT_CSS = """
    BlockColumn {
        height: auto;
    }
    BlockColumn > .block-column--quote-bar { color: $border-blurred; }
    BlockColumn > .block-column--target-bar { color: $accent; }
    BlockColumn > .block-column--target { background: $boost; }
    """
    # What app.tcss gave a quote's `Static` (`border-left: outer $border-blurred`), and the
    # one a clause page was opened at (`border-left: outer $accent; background: $boost`).

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "block-column--quote-bar",
        "block-column--target-bar",
        "block-column--target",
    }

    def __init__(self, blocks: Sequence[Block], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = [
            (bounded_content(content), classes) for content, classes in blocks
        ]
        self._spacing = [spacing(classes) for _content, classes in self.blocks]
        self._frames = [frame(classes) for _content, classes in self.blocks]
        """Each block's frame (`prose.frame`): a quote's bar and padding, or None."""
        lines = [content.plain.split("\n") for content, _classes in self.blocks]
        self._base = [0, *accumulate(map(len, lines))][:-1]
        """Each block's first line of text in the column's text (what a selection counts)."""
        self._ends = [
            (len(text[-1]), base + len(text) - 1)
            for text, base in zip(lines, self._base, strict=True)
        ]
        """Where each block's text ends: (x, y) in the column's text."""
        self._laid_out_for: tuple[object, ...] | None = None
        self._rows: list[tuple[int, int]] = []
        """For each line drawn: (block, line of the block's wrapped lines), or for a blank
        line (-1, the block above it)."""
        self._tops: list[int] = []
        """Each block's first line drawn (below its margin)."""
        self._wrapped: list[list[_FormattedLine] | None] = []
        """Each block's lines at the width laid out (Textual's formatted lines), or None
        while not yet wrapped (a block of one line that fits)."""
        self._frame_look: Style | None = None
        self._frame_looks: dict[str, tuple[Style, Color, Color]] = {}
        """`_frame_styles` by frame, for the column's look `_frame_look`."""
        self._first: int | None = None
        """The block kept at the top of the pane as the column is laid out (`show_first`)."""
        self._first_at: float | None = None
        """Where that put the pane (a pane scrolled elsewhere since lets the block go)."""
        self._selected: dict[int, list[_FormattedLine]] = {}
        """The lines of the blocks the selection reaches, wrapped with it (until it changes)."""

    # -- layout ----------------------------------------------------------------------

    def _inset(self, number: int) -> tuple[int, int]:
        """Cells left and right of block `number`'s text: its indent, or a quote's bar and
        padding (`_FRAME_LEFT`, `_FRAME_RIGHT`)."""
        if self._frames[number] is not None:
            return _FRAME_LEFT, _FRAME_RIGHT
        return self._spacing[number][1], 0

    def _wrap(
        self, number: int, width: int, selection: Selection | None = None
    ) -> list[_FormattedLine]:
        """Block `number`'s lines at `width` (less its indent), as a `Static` wraps and
        styles its `Content`, with the part of `selection` in it."""
        content = self.blocks[number][0]
        left, right = self._inset(number)
        rules = self.styles
        base = self._base[number]
        style = None
        if selection is not None:
            selection = _shifted(selection, base)
            style = Style.from_styles(self.screen.get_component_styles("screen--selection"))
        lines = content._wrap_and_format(
            max(width - left - right, 1),
            align=rules.text_align,
            overflow=rules.text_overflow,
            no_wrap=rules.text_wrap == "nowrap",
            line_pad=rules.line_pad,
            tab_size=8,
            selection=selection,
            selection_style=style,
            get_style=self._get_style,
        )
        for line in lines:
            line.y += base  # the offsets a selection is made of count in the column's text
        return lines

    def _lay_out(self, width: int) -> None:
        """Where each block's lines go at `width`. A block of one line that fits is one
        line without being wrapped (most of them: a document, a person, a source); the
        others are wrapped here, as their height needs, and kept for drawing. The lines
        keep their styles by name (`$text-muted`), read as they are drawn: a new theme
        draws them again, but only a new width or a new rule of wrapping lays them out
        again."""
        rules = self.styles
        key = (width, rules.text_align, rules.text_overflow, rules.text_wrap, rules.line_pad)
        if key == self._laid_out_for:
            return
        self._laid_out_for = key
        self._selected.clear()
        simple = rules.text_wrap == "wrap" and not rules.line_pad
        rows: list[tuple[int, int]] = []
        tops: list[int] = []
        wrapped: list[list[_FormattedLine] | None] = []
        for number, ((content, _classes), (above, _indent)) in enumerate(
            zip(self.blocks, self._spacing, strict=True)
        ):
            rows.extend([(_BLANK, number - 1)] * above)
            tops.append(len(rows))
            text = content.plain
            lines = None
            left, right = self._inset(number)
            # A tab counts no cells in `cell_length` but takes up to eight when wrapped.
            if (
                not simple
                or "\n" in text
                or "\t" in text
                or content.cell_length > width - left - right
            ):
                lines = self._wrap(number, width)
            rows.extend((number, index) for index in range(len(lines) if lines else 1))
            wrapped.append(lines)
        self._rows, self._tops, self._wrapped = rows, tops, wrapped

    def _lines(self, number: int) -> list[_FormattedLine]:
        """Block `number`'s lines at the width laid out (wrapped on first use)."""
        lines = self._wrapped[number]
        if lines is None:
            lines = self._wrapped[number] = self._wrap(number, self.size.width)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._lay_out(width)
        return len(self._rows)

    def block_top(self, number: int, *, margin: bool = False) -> int:
        """The first line drawn of block `number`: its text, below its margin (with
        `margin`, the margin's first line); 0 before the column has a width."""
        if not self.size.width:
            return 0
        self._lay_out(self.size.width)
        return self._tops[number] - (self._spacing[number][0] if margin else 0)

    def show_first(self, number: int) -> None:
        """Scroll the pane holding the column so that block `number` is at its top, the
        blank line above it first (as Textual scrolls to a widget with its margin): now
        if the column is laid out, and again as each new layout moves it (the first is
        often without the pane's scrollbar, the next one cell narrower, and wrapped
        anew), until something else scrolls the pane."""
        self._first = number
        self._first_at = None
        if self.size.width:
            self._to_first()

    @property
    def showing_first(self) -> bool:
        """Whether a block is still kept at the top (`show_first`): set, and the pane not
        scrolled since (by anything but the column's own layout)."""
        if self._first is None:
            return False
        pane = self.parent
        at = self._first_at
        if at is None or not isinstance(pane, Widget):
            return True  # not laid out yet
        # The pane pulling its scroll back to a new, lower end as the column got shorter
        # (a wider terminal) is not a scroll of the analyst's.
        return pane.scroll_y == at or pane.scroll_y == pane.max_scroll_y < at

    def on_resize(self, _event: Resize) -> None:
        if not self.showing_first:
            self._first = None  # scrolled since: that scroll stands
        elif self.size.width:
            self._to_first()

    def _to_first(self) -> None:
        pane = self.parent
        if self._first is None or not isinstance(pane, Widget):
            return
        top = self.virtual_region.y + self.block_top(self._first, margin=True)
        pane.scroll_to(y=top, animate=False, immediate=True)  # the layout is done: now
        self._first_at = pane.scroll_y

    def _block_at(self, y: int) -> int | None:
        """The block drawn on line `y`, None for a blank line or none."""
        if 0 <= y < len(self._rows) and (number := self._rows[y][0]) != _BLANK:
            return number
        return None

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        self._lay_out(width)
        style = self.visual_style
        # Blank lines and indents in the background alone, as a margin and a padding are.
        blank = RichStyle(bgcolor=style.rich_style.bgcolor)
        if not 0 <= y < len(self._rows):
            return Strip.blank(width, blank)
        number, index = self._rows[y]
        if number == _BLANK:
            # Where a selection dragged here starts or ends: the end of the block above.
            at = self._ends[index] if index >= 0 else (0, 0)
            return Strip([Segment(" " * width, blank + RichStyle.from_meta({"offset": at}))], width)
        line = self._selected_lines(number)[index]
        framed = self._frames[number]
        if framed is not None:
            return self._framed(line, framed, width)
        segments, length = line.to_strip(style)
        _above, indent = self._spacing[number]
        if indent:  # a cell each, where a selection starts or ends: the line's first
            pad = Segment(" ", blank + RichStyle.from_meta({"offset": (line.x, line.y)}))
            segments = [pad] * indent + segments
            length += indent
        return Strip(segments, length)

    def _frame_styles(self, framed: str) -> tuple[Style, Color, Color]:
        """(the block's style, its bar's colour, the column's ground) for a frame: read
        from the component classes once for each look of the column (its `visual_style`,
        which Textual makes anew when a style changes), not for each line drawn."""
        look = self.visual_style
        if look is not self._frame_look:
            self._frame_look, self._frame_looks = look, {}
        kept = self._frame_looks.get(framed)
        if kept is None:
            target = framed == "target"
            style = self.get_visual_style("block-column--target") if target else look
            name = "block-column--target-bar" if target else "block-column--quote-bar"
            bar = self.get_component_styles(name).color
            # What a `Static` in the pane was drawn over: the column's ground.
            under = look.background if look.background is not None else Color(0, 0, 0, 0)
            kept = self._frame_looks[framed] = (style, bar, under)
        return kept

    def _framed(self, line: _FormattedLine, framed: str, width: int) -> Strip:
        """A line of a quote's block, as Textual drew its `Static`: the bar in the border's
        colour over the column's ground, then the text with a cell of padding either side,
        on the block's own ground (the column's, or lighter for the target)."""
        style, bar, under = self._frame_styles(framed)
        ground = style.background
        inner = Style(background=ground).rich_style
        here = RichStyle.from_meta({"offset": (line.x, line.y)})
        edge = Style(background=ground, foreground=under + bar).rich_style
        segments, length = line.to_strip(style)
        text = Strip(segments, length).adjust_cell_length(
            max(width - _FRAME_LEFT - _FRAME_RIGHT, 1), inner
        )
        return Strip(
            [
                Segment(_BAR, edge + here),
                Segment(" ", inner + here),
                *text,
                Segment(" ", inner),
            ]
        ).crop(0, width)

    def _selected_lines(self, number: int) -> list[_FormattedLine]:
        """Block `number`'s lines, with the selection's style where it reaches them."""
        selection = self.text_selection
        if selection is None or not self._reaches(selection, number):
            return self._lines(number)
        lines = self._selected.get(number)
        if lines is None:
            lines = self._selected[number] = self._wrap(number, self.size.width, selection)
        return lines

    def _reaches(self, selection: Selection, number: int) -> bool:
        start, end = selection
        first, last = self._base[number], self._ends[number][1]
        return (start is None or start.y <= last) and (end is None or end.y >= first)

    def selection_updated(self, selection: Selection | None) -> None:
        self._selected.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        text = "\n".join(content.plain for content, _classes in self.blocks)
        start, end = selection
        if start is not None:
            # Begun at a line's end (past its last character, or on the blank line below
            # it): from the start of the next, without the line break between.
            lines = text.splitlines()
            if start.y + 1 < len(lines) and start.x >= len(lines[start.y]):
                selection = Selection(Offset(0, start.y + 1), end)
        return selection.extract(text), "\n"

    def on_click(self, event: Click) -> None:
        """A double click selects the paragraph under it, as it selected a `Static`, not
        the whole column (Textual's way: the widget clicked). A triple click still selects
        the whole pane."""
        if event.chain != 2 or not (
            self.allow_select and self.screen.allow_select and self.app.ALLOW_SELECT
        ):
            return
        event.prevent_default()  # not Textual's `_on_click`, which would select it all
        number = self._block_at(event.y)
        if number is None:
            return
        x, y = self._ends[number]
        self.screen.selections = {self: Selection(Offset(0, self._base[number]), Offset(x, y))}


def _shifted(selection: Selection, base: int) -> Selection:
    """`selection` (in the column's lines of text) in a block's own, which start at `base`."""
    start, end = selection
    up = Offset(0, base)
    return Selection(None if start is None else start - up, None if end is None else end - up)
