"""Paragraph building blocks for the reading screens (clause detail, overview).

A screen is a column of paragraphs, each built from `Content` (never markup) and tagged
with CSS classes that indent it under its heading: the lines of one `BlockColumn` on a
clause page and on the overview, spaced by `spacing` and framed by `frame` as the CSS
spaced and framed a `Static` each.
"""

from __future__ import annotations

from textual.content import Content

from briefing.format.model import Position
from briefing.format.stance import TONE

Block = tuple[Content, str]
"""A paragraph and its CSS classes."""

TONE_STYLE = {
    "agree": "$text-success",
    "mixed": "$text-warning",
    "refuse": "$text-error",
    "neutral": "$text-muted",
}
STATUS_STYLE = {
    "proposed": "$text-primary",
    "contested": "$text-warning",
    "agreed": "$text-success",
    "dropped": "$text-muted strike",
    "unclear": "$text-muted",
}


def heading(text: str) -> Content:
    return Content.assemble((text, "bold $text-accent"))


def muted(text: str) -> Content:
    return Content.assemble((text, "$text-muted"))


def stance_content(position: Position, glyphs: dict[str, str], account: str = "") -> Content:
    """The stance as glyph + word, coloured by its tone (readable without the colour);
    `account` ('according to United States') when it is another party's account of it."""
    style = TONE_STYLE[TONE[position.stance]]
    return Content.assemble(
        (f"{glyphs[position.stance]} {position.stance}", f"bold {style}"),
        (f" ({account})" if account else "", "italic"),
    )


_SPACED: frozenset[str] = frozenset({"summary", "stands", "events"})
"""Classes whose block has a blank line above it unless also `indent` (the overview's
items' second lines: `stands indent`, `events indent`)."""

_ALWAYS_SPACED: frozenset[str] = frozenset(
    {"heading", "note", "version-head", "stand-head", "legend", "change", "quote"}
)
"""Classes whose block has a blank line above it, indented or not (a clause page's
headings and note, each wording's and each party's first line, the diff legend, each
change and each quote)."""


def spacing(classes: str) -> tuple[int, int]:
    """(blank lines above, cells of indent) of a block with these classes, for
    `BlockColumn`: what the CSS gave such a paragraph of `#detail-body` as a `Static`
    (the `.heading`, `.indent`, `.quote`… rules app.tcss had, now only in the references
    of tests/test_block_column.py and tests/test_detail_column.py)."""
    names = classes.split()
    indent = 4 if "indent2" in names else 2 if "indent" in names else 0
    spaced = not _ALWAYS_SPACED.isdisjoint(names) or (not indent and not _SPACED.isdisjoint(names))
    return (1 if spaced else 0), indent


def frame(classes: str) -> str | None:
    """The frame a block with these classes is drawn in, or None: a quote's ("quote": a
    bar down its left side, a cell of padding either side of its text), the quote a page
    was opened at ("target": the same, the bar in the accent colour on a lighter ground)."""
    names = classes.split()
    if "quote" not in names:
        return None
    return "target" if "target" in names else "quote"
