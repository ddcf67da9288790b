"""Fitting feed text into terminal cells for line-API rows."""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content

from briefing.format.cells import clip

_ONE_CELL: set[str] = {
    chr(code)
    for start, end in ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC))
    for code in range(start, end + 1)
}
"""Characters known to take exactly one cell: printable ASCII, Latin, Greek, Cyrillic and box
drawing to start with (the ranges rich itself treats as one cell; its own table is private),
then every character seen to take one cell."""


def fit(text: str, width: int) -> str:
    """`text` truncated (with an ellipsis) or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    return set_cell_size(clip(text, width), width)


READ_LIMIT = 10_000
"""Characters of one text shown on a reading screen (about five pages).

Textual lays out a widget's whole text to know its height: a 2 MB quote took
five seconds to open. Real quotes and clauses are far shorter; longer ones are cut,
saying so, and `briefing export` prints them whole.
"""


PANE_LIMIT = 2_000
"""Characters of one text in a pane beside the list (about 35 lines at 60 cells): the
whole text is a key away, on the clause's page."""


EXPORT_HAS_IT = "`briefing export` prints them"


def bounded(
    text: str, limit: int = READ_LIMIT, rest: str = EXPORT_HAS_IT
) -> tuple[str, str | None]:
    """`text` as a reading screen shows it, and the note to add when it was cut: how many
    characters are not shown (exactly), and `rest`, where to read them.

    The cut falls at whitespace in the last 200 characters before `limit` where there is
    some, so no word is split.
    """
    if len(text) <= limit:
        return text, None
    window = text[max(0, limit - 200) : limit]
    space = next((i for i in range(len(window) - 1, -1, -1) if window[i].isspace()), None)
    shown = text[: limit - len(window) + space] if space is not None else text[:limit]
    shown = shown.rstrip()
    more = len(text) - len(shown)
    return shown, f"[… {more:,} more characters not shown here; {rest}]"


def bounded_parts(
    text: str,
    style: str = "",
    end: tuple[str, str] = ("", ""),
    *,
    limit: int = READ_LIMIT,
    rest: str = EXPORT_HAS_IT,
) -> list[tuple[str, str]]:
    """`text` as parts for `Content.assemble`, cut as `bounded` cuts it, then `end` (a
    closing quotation mark, say), then the note (muted) when it was cut."""
    shown, note = bounded(text, limit, rest)
    parts = [(shown, style), end]
    return parts if note is None else [*parts, (" " + note, "$text-muted")]


def bounded_content(content: Content, limit: int = 3 * READ_LIMIT) -> Content:
    """`content` cut as `bounded` cuts text, with the note muted: the guard on a whole
    block, which may join a few fields each already `bounded`."""
    plain = content.plain
    shown, note = bounded(plain, limit)
    if note is None:
        return content
    return Content.assemble(content[: len(shown)], (" " + note, "$text-muted"))


def row(parts: list[tuple[str, Style]], width: int, base: Style) -> list[Segment]:
    """Segments of one row: the parts in order, padded to `width` cells, or cut there with
    `…` as its last cell when what is cut off is more than blank space (nothing is cut
    without a mark, whichever list the row is in)."""
    lengths = [cell_len(text) for text, _style in parts]
    limit = width
    if sum(lengths) > width and cell_len("".join(t for t, _s in parts).rstrip()) > width:
        limit = width - 1  # the last cell: the mark
    segments: list[Segment] = []
    used = 0
    for (text, style), length in zip(parts, lengths, strict=True):
        if used >= limit:
            break
        if used + length > limit:
            text = set_cell_size(text, limit - used)
            length = limit - used
        segments.append(Segment(text, style))
        used += length
    if limit < width and width > 0:
        segments.append(Segment("…", segments[-1].style if segments else base))
        used += 1
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    # Neighbours of one style as one segment: Textual writes a style's escape codes again
    # for each segment, most of what a move in the list sends down an SSH link.
    return list(Segment.simplify(segments))


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
    if _ONE_CELL.issuperset(text):
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
