"""Textual's per-line styling (`StylesCache.render_line`: padding, border, tint, opacity,
outline, around the line a widget draws), made cheap for the lists' rows.

Every line a list changes goes through it: ~50–100 µs a line, which reads eight style
properties, builds two border `Style`s from colour arithmetic and makes three `Strip`s,
for results that only change when the styles do. A `j` in the clause list changes ~26
lines, a search keystroke ~21: a third of the frame.

`RowStylesCache` works the parts out once for as long as the inputs are the same (sizes,
padding, backgrounds, opacity and Textual's count of style changes; Textual also clears a
widget's cache whenever its styles change, which drops them), and then puts each content
row together from them: the row, fitted to the content width, padded, between its
border's side pieces, in one `Strip`. The
result is Textual's own, segment for segment (tests/test_row_styles.py compares them on
every list at several sizes, themes and with and without focus). Anything else takes
Textual's way: the border's top and bottom rows, padding rows, and any widget with a
tint, an opacity, a text opacity, a hatch or an outline.

Uses Textual's private `_styles_cache`, `_border` and `_segment_tools` (textual is pinned
to 8.2.x in pyproject.toml for this, among others).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.terminal_theme import TerminalTheme
from textual._border import get_box
from textual._segment_tools import line_pad
from textual._styles_cache import StylesCache
from textual.color import Color
from textual.content import Content
from textual.css.styles import RenderStyles, Styles
from textual.geometry import Size, Spacing
from textual.strip import Strip
from textual.style import Style

if TYPE_CHECKING:
    from textual.css.styles import StylesBase


class _RowParts(NamedTuple):
    top: int
    """First content row (the border's and padding's rows above it)."""
    bottom: int
    """Rows below the content (padding and border)."""
    pad_left: int
    pad_right: int
    inner: RichStyle
    """The widget's background, which pads the rows."""
    left: Segment | None
    right: Segment | None


_Key = tuple[Size, Size, Spacing, Color, Color, float, int]


class RowStylesCache(StylesCache):
    """A widget's `StylesCache` that puts its content rows together from parts worked out
    once (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self._parts_for: _Key | None = None
        self._parts: _RowParts | None = None

    def clear(self) -> None:
        super().clear()
        self._parts_for = None

    def render_line(
        self,
        styles: StylesBase,
        y: int,
        size: Size,
        content_size: Size,
        padding: Spacing,
        base_background: Color,
        background: Color,
        render_content_line: Callable[[int], Strip],
        border_title: tuple[Content, Color, Color, Style] | None,
        border_subtitle: tuple[Content, Color, Color, Style] | None,
        opacity: float,
        ansi_theme: TerminalTheme,
        native_ansi: bool,
    ) -> Strip:
        key = (
            size,
            content_size,
            padding,
            base_background,
            background,
            opacity,
            # Textual's count of style changes: a change that does not clear the cache
            # (one border edge set to "none" in code; a style set before the widget is
            # mounted) is seen too.
            styles._cache_key if isinstance(styles, RenderStyles) else _updates(styles),
        )
        if key != self._parts_for:
            self._parts = self._row_parts(styles, padding, base_background, background, opacity)
            self._parts_for = key
        parts = self._parts
        if parts is not None and parts.top <= y < size.height - parts.bottom:
            content_y = y - parts.top
            width = content_size.width
            if content_y < content_size.height:
                line = render_content_line(content_y).adjust_cell_length(width, parts.inner)
            else:
                line = Strip.blank(width, parts.inner)
            segments: list[Segment] = (
                line_pad(line, parts.pad_left, parts.pad_right, parts.inner)
                if parts.pad_left or parts.pad_right
                else list(line)
            )
            if parts.left is not None:
                segments.insert(0, parts.left)
            if parts.right is not None:
                segments.append(parts.right)
            return Strip(segments, size.width)
        return super().render_line(
            styles,
            y,
            size,
            content_size,
            padding,
            base_background,
            background,
            render_content_line,
            border_title,
            border_subtitle,
            opacity,
            ansi_theme,
            native_ansi,
        )

    def _row_parts(
        self,
        styles: StylesBase,
        padding: Spacing,
        base_background: Color,
        background: Color,
        opacity: float,
    ) -> _RowParts | None:
        """The parts of a content row as `StylesCache.render_line` makes them, or None
        when the styles ask for more than padding and a border (Textual's way then)."""
        if (
            opacity != 1.0
            or styles.tint.a
            or styles.text_opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
            or any(edge for edge, _color in styles.outline)
        ):
            return None
        inner, outer = self.get_inner_outer(base_background, background)
        (
            (_border_top, _top_color),
            (border_right, border_right_color),
            (_border_bottom, _bottom_color),
            (border_left, border_left_color),
        ) = styles.border
        left = right = None
        if border_left or border_right:
            left_style = Style(
                foreground=base_background + border_left_color.multiply_alpha(opacity)
            )
            right_style = Style(
                foreground=base_background + border_right_color.multiply_alpha(opacity)
            )
            if border_left:
                left = get_box(border_left, inner, outer, left_style)[1][0]
            if border_right:
                right = get_box(border_right, inner, outer, right_style)[1][2]
        gutter = styles.gutter
        _pad_top, pad_right, _pad_bottom, pad_left = padding
        return _RowParts(
            top=gutter.top,
            bottom=gutter.bottom,
            pad_left=pad_left,
            pad_right=pad_right,
            inner=inner.rich_style,
            left=left,
            right=right,
        )


def _updates(styles: StylesBase) -> int:
    """A plain `Styles`' count of changes (a widget's are `RenderStyles`, whose
    `_cache_key` sums its own and its two `Styles`')."""
    return styles._updates if isinstance(styles, Styles) else 0
