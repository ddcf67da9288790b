"""Fitting feed text into terminal cells for line-API rows."""

from __future__ import annotations

import re

from rich.cells import _is_single_cell_widths, cell_len, get_character_cell_size, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content

ELLIPSIS = "…"

_ONE_CELL: set[str] = set()
"""Characters seen to take exactly one cell (beyond rich's own table of them)."""


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
    """`text` wrapped to `width` cells (words kept whole where they fit).

    Lines exactly as Textual's `Content.wrap` cuts them. Text whose every character
    takes one cell (most feed text) is cut here directly: the same word breaks,
    without building a styled line per piece — about a tenth of the time, which
    counts when the panes re-wrap on every move in the clause list.
    """
    if width <= 0:
        return []
    text = text.replace("\t", " ")
    if not _single_cells(text):
        return [line.plain for line in Content(text).wrap(width)] or [""]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        breaks = _breaks(paragraph, width)
        starts = [0, *breaks]
        ends = [*breaks, len(paragraph)]
        last = len(starts) - 1
        for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
            piece = paragraph[start:end]
            lines.append(piece[:width] if number == last else piece.rstrip()[:width])
    return lines


def _single_cells(text: str) -> bool:
    """Whether every character of `text` is one cell wide (no wide, no zero-width)."""
    if _is_single_cell_widths(text) or _ONE_CELL.issuperset(text):
        return True
    others = set(text).difference(_ONE_CELL)
    if all(get_character_cell_size(char) == 1 for char in others):
        _ONE_CELL.update(others)
        return True
    return False


_WORD = re.compile(r"\s*\S+\s*")


def _breaks(text: str, width: int) -> list[int]:
    """Rich's `divide_line` (fold=True) for text of one-cell characters: `len` is the width."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += end - start
        elif length > width:
            # Fold the word across lines of `width` cells (as rich's chop_cells does).
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for number, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if number == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = end - start
    return breaks
