"""Paragraph building blocks for the reading screens (clause detail, overview).

A screen is a column of Static paragraphs, each built from `Content` (never
markup) and tagged with CSS classes that indent it under its heading.
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
