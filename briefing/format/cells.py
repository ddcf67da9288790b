"""Cutting a text to a width in terminal cells, marked where it was cut.

The one helper for every row, title, excerpt and message that shows the start of a
longer text: a wide character (漢, 😀) takes two cells, a combining mark none, so a
cut by characters would make a row of CJK text twice as wide as meant.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Final

ELLIPSIS: Final = "…"

_HEAD: Final = 8
"""Characters measured per cell of `width`: more than any text needs to fill it unless it
is mostly zero-width characters (then it is cut shorter, still marked …)."""


def one_line(text: str) -> str:
    """Newlines and tabs as spaces: a row shows one line of text."""
    return text.replace("\n", " ").replace("\t", " ")


def clip(text: str, width: int, *, keep_lines: bool = False) -> str:
    """`text` cut to at most `width` terminal cells, ending in an ellipsis where it was cut
    (never padded; no blank is left before the ellipsis). Newlines and tabs become spaces
    unless `keep_lines` (for a value shown with `repr`, where they are visible).

    Only the head of a long text is measured: a row shows a few dozen cells, and a
    feed may hold a quote of megabytes (measuring it all on every paint of its row
    cost milliseconds a row).
    """
    if width <= 0:
        return ""
    cell_len, set_cell_size = _rich_cells()
    longer = len(text) > _HEAD * width
    if longer:
        text = text[: _HEAD * width]
    if not keep_lines:
        text = one_line(text)
    if cell_len(text) <= (width - 1 if longer else width):
        return text.rstrip() + ELLIPSIS if longer else text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


@cache
def _rich_cells() -> tuple[Callable[[str], int], Callable[[str, int], str]]:
    """rich's `cell_len` and `set_cell_size`, imported on first use: its width tables take a
    few tens of milliseconds to load, which `briefing validate` would pay on every run for a
    message it seldom writes (and an import inside `clip` costs more than the cut)."""
    from rich.cells import cell_len, set_cell_size

    return cell_len, set_cell_size


def quoted(value: str, width: int = 60) -> str:
    """A feed value quoted for a message (`repr`, so controls and newlines show), cut if
    long."""
    return repr(clip(value, width, keep_lines=True))
