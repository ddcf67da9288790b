"""Fitting feed text into cells: the fast wrap cuts lines exactly where Textual's does."""

from __future__ import annotations

import random

import pytest
from textual.content import Content

from widgets.cells import clip, fit, wrap


def textual_wrap(text: str, width: int) -> list[str]:
    """The reference: Textual's own wrapping of the same text."""
    return [line.plain for line in Content(text.replace("\t", " ")).wrap(width)] or [""]


PIECES = [
    *"abcdefghij",
    " ",
    " ",
    "  ",
    "\n",
    "\t",
    "“",
    "”",
    "—",
    "é",
    "\u00a0",  # no-break space: one cell, not a break in rich's word split
    "\u2003",  # em space: whitespace
    "supercalifragilistic",
    "x" * 40,  # longer than any width below: folded
    "漢字",  # wide: two cells each (the slow path)
    "e\u0301",  # a combining mark: zero cells (the slow path)
    "😀",
]


@pytest.mark.parametrize("seed", range(4))
def test_wrap_matches_textual_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60)))
        width = rng.randint(1, 32)
        assert wrap(text, width) == textual_wrap(text, width), (text, width)


def test_wrap_keeps_words_whole_and_folds_long_ones() -> None:
    assert wrap("the quick brown fox", 9) == ["the quick", "brown fox"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("one\n\ntwo", 10) == ["one", "", "two"]
    assert wrap("", 10) == [""]
    assert wrap("anything", 0) == []


def test_fit_and_clip_count_cells_not_characters() -> None:
    assert fit("漢字漢字", 5) == "漢字…"
    assert clip("abc", 5) == "abc"
    assert fit("abc", 5) == "abc  "
