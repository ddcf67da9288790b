"""Fitting feed text into terminal cells for line-API rows."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content

ELLIPSIS = "…"


def one_line(text: str) -> str:
    """Newlines and tabs as spaces: a row shows one line of text."""
    return text.replace("\n", " ").replace("\t", " ")


def fit(text: str, width: int) -> str:
    """`text` truncated (with an ellipsis) or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    text = one_line(text)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def clip(text: str, width: int) -> str:
    """`text` truncated (with an ellipsis) to at most `width` cells, not padded."""
    text = one_line(text)
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1) + ELLIPSIS


def row(parts: list[tuple[str, Style]], width: int, base: Style) -> list[Segment]:
    """Segments of one row: the parts in order, cut or padded to `width` cells."""
    segments: list[Segment] = []
    used = 0
    for text, style in parts:
        if used >= width:
            break
        length = cell_len(text)
        if used + length > width:
            text = set_cell_size(text, width - used)
            length = width - used
        segments.append(Segment(text, style))
        used += length
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return segments


def wrap(text: str, width: int) -> list[str]:
    """`text` wrapped to `width` cells (words kept whole where they fit)."""
    if width <= 0:
        return []
    return [line.plain for line in Content(text.replace("\t", " ")).wrap(width)] or [""]
