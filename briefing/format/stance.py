"""How a stance reads: a glyph and a word, never colour alone (format.md, Position)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from briefing.format.model import STANCES, Stance

GLYPH: Final[dict[str, str]] = {
    "proposes": "★",
    "supports": "▲",
    "accepts": "✓",
    "conditional": "≈",
    "unclear": "?",
    "concerned": "!",
    "opposes": "▼",
    "rejects": "✗",
}
"""One cell per stance in the positions matrix; distinct shapes, so no colour is needed."""

ASCII_GLYPH: Final[dict[str, str]] = {
    "proposes": "P",
    "supports": "+",
    "accepts": "a",
    "conditional": "~",
    "unclear": "?",
    "concerned": "!",
    "opposes": "-",
    "rejects": "X",
}
"""For terminals without Unicode line glyphs (TERM=linux, vt100)."""

NO_POSITION: Final = "·"

TONE: Final[dict[Stance, str]] = {
    "proposes": "agree",
    "supports": "agree",
    "accepts": "agree",
    "conditional": "mixed",
    "unclear": "neutral",
    "concerned": "mixed",
    "opposes": "refuse",
    "rejects": "refuse",
}
"""Colour family of each stance; the UI maps a tone to a theme colour."""


def legend(glyphs: Mapping[str, str] = GLYPH) -> str:
    return "  ".join(f"{glyphs[stance]} {stance}" for stance in STANCES)


ACCOUNT_MARK: Final = "*"
"""Beside a stance glyph: the position is another party's account (format 1.2 `according_to`)."""
