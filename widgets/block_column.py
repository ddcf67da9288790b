"""A column of paragraphs drawn as lines: the overview's hundreds of blocks in one widget.

The reading screens are columns of `Static` paragraphs. At 10k clauses the synthetic
overview holds ~640 of them (events, sources, people…). Textual composes, styles and lays
out each one as a widget, and the overview took ~560–660 ms to open. `BlockColumn` holds
the same blocks and draws them the way a `Static` draws its `Content`: the same wrapping
(Textual's `Content._wrap_and_format`, the function `Content.render_strips` calls), the
same styles, and the same selection with the mouse. It lays the blocks out once for each
width, and draws only the lines the compositor asks for, as the lists do.

Each block's spacing comes from its classes, as the CSS gives a `Static` in `#detail-body`
its margin and padding (`prose.spacing`). `tests/test_block_column.py` compares the screen
with a column of `Static`s, cell for cell, at several widths, with and without focus.

Uses Textual's private `Content._wrap_and_format`, its `_FormattedLine` and
`Widget._get_style` (textual is pinned to 8.2.x in pyproject.toml for this, among others).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import _FormattedLine
from textual.geometry import Offset, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from briefing.widgets.cells import bounded_content
from briefing.widgets.prose import Block, spacing

_BLANK = -1
"""A row's block number for a blank line (a block's margin above it)."""


class BlockColumn(Widget):
    """Paragraphs (`Block`s) one under another, each spaced as its classes say."""

    DEFAULT_CSS = """
    BlockColumn {
        height: auto;
    }
    """

    def __init__(self, blocks: Sequence[Block], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = [
            (bounded_content(content), classes) for content, classes in blocks
        ]
        self._spacing = [spacing(classes) for _content, classes in self.blocks]
        sizes = [content.plain.count("\n") + 1 for content, _classes in self.blocks]
        self._base = [0, *accumulate(sizes)][:-1]
        """Each block's first line of text in the column's text (what a selection counts)."""
        self._width = -1
        self._rows: list[tuple[int, int]] = []
        """For each line drawn: (block, line of the block's wrapped lines), or (-1, 0)."""
        self._tops: list[int] = []
        """Each block's first line drawn (below its margin)."""
        self._wrapped: list[list[_FormattedLine] | None] = []
        """Each block's lines at the width laid out (Textual's formatted lines), or None
        while not yet wrapped (a block of one line that fits)."""

    # -- layout ----------------------------------------------------------------------

    def _wrap(
        self, number: int, width: int, selection: Selection | None = None
    ) -> list[_FormattedLine]:
        """Block `number`'s lines at `width` (less its indent), as a `Static` wraps and
        styles its `Content`, with the part of `selection` in it."""
        content = self.blocks[number][0]
        _above, indent = self._spacing[number]
        rules = self.styles
        base = self._base[number]
        style = None
        if selection is not None:
            selection = _shifted(selection, base)
            style = Style.from_styles(self.screen.get_component_styles("screen--selection"))
        lines = content._wrap_and_format(
            max(width - indent, 1),
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
        others are wrapped here, as their height needs, and kept for drawing."""
        if width == self._width:
            return
        self._width = width
        rows: list[tuple[int, int]] = []
        tops: list[int] = []
        wrapped: list[list[_FormattedLine] | None] = []
        for number, ((content, _classes), (above, indent)) in enumerate(
            zip(self.blocks, self._spacing, strict=True)
        ):
            rows.extend([(_BLANK, 0)] * above)
            tops.append(len(rows))
            lines = None
            if "\n" in content.plain or content.cell_length > width - indent:
                lines = self._wrap(number, width)
            rows.extend((number, index) for index in range(len(lines) if lines else 1))
            wrapped.append(lines)
        self._rows, self._tops, self._wrapped = rows, tops, wrapped

    def _lines(self, number: int) -> list[_FormattedLine]:
        """Block `number`'s lines at the width laid out (wrapped on first use)."""
        lines = self._wrapped[number]
        if lines is None:
            lines = self._wrapped[number] = self._wrap(number, self._width)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._lay_out(width)
        return len(self._rows)

    def block_top(self, number: int) -> int:
        """The first line drawn of block `number` (its text, below its margin); 0 before
        the column has a width."""
        if self.size.width:
            self._lay_out(self.size.width)
        return self._tops[number] if number < len(self._tops) else 0

    def notify_style_update(self) -> None:
        self._width = -1  # lines styled anew
        super().notify_style_update()

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
            return Strip.blank(width, blank)
        selection = self.text_selection
        lines = self._wrap(number, width, selection) if selection else self._lines(number)
        segments, length = lines[index].to_strip(style)
        _above, indent = self._spacing[number]
        if indent:
            segments = [Segment(" " * indent, blank), *segments]
            length += indent
        return Strip(segments, length)

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        text = "\n".join(content.plain for content, _classes in self.blocks)
        return selection.extract(text), "\n"


def _shifted(selection: Selection, base: int) -> Selection:
    """`selection` (in the column's lines of text) in a block's own, which start at `base`."""
    start, end = selection
    up = Offset(0, base)
    return Selection(None if start is None else start - up, None if end is None else end - up)
