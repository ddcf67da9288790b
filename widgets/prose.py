"""Paragraph building blocks for the reading screens (clause detail, overview).

A screen is a column of paragraphs, each built from `Content` (never markup) and tagged
with CSS classes that indent it under its heading: a `Static` each on a clause page, and
lines of one `BlockColumn` on the overview, spaced by `spacing` as the CSS spaces a
`Static`.
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


_SPACED: frozenset[str] = frozenset({"heading", "summary", "stands", "events"})
"""Classes whose block has a blank line above it (unless also `indent`, for the items'
second lines: `stands indent`, `events indent`)."""


def spacing(classes: str) -> tuple[int, int]:
    """(blank lines above, cells of indent) of an overview block with these classes, for
    `BlockColumn`: what the CSS gave such a paragraph of `#detail-body` as a `Static`
    (app.tcss's `.heading` and `.indent` rules, which the clause page's `Static`s still
    use, and the overview's own, now only in tests/test_block_column.py's reference)."""
    names = classes.split()
    indent = 4 if "indent2" in names else 2 if "indent" in names else 0
    spaced = "heading" in names or (not indent and not _SPACED.isdisjoint(names))
    return (1 if spaced else 0), indent
