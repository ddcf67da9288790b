"""Fitting feed text into cells: the fast wrap cuts lines exactly where Textual's does."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style
from textual.content import Content

from briefing.format.cells import clip, one_line, quoted
from briefing.widgets.cells import bounded, bounded_content, bounded_parts, fit, row, wrap


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
    # 40 wide characters are 80 cells: 29 of them (58 cells) and the mark fit in 60.
    assert clip("我们" * 20, 60) == "我们" * 14 + "我…"


def test_clip_leaves_no_blank_before_the_mark() -> None:
    # A cut through a wide character: rich pads the half cell with a space, which stays out.
    assert clip("漢字漢字", 4) == "漢…"
    assert fit("漢字漢字", 4) == "漢… "
    # A cut just after a space.
    assert clip("Draft plan circulated", 12) == "Draft plan…"


def test_clip_makes_one_line_unless_lines_are_kept() -> None:
    assert clip("one\ntwo\tthree", 20) == "one two three"
    assert clip("one\ntwo", 20, keep_lines=True) == "one\ntwo"
    # A value in a message: its newline shows (as repr writes it), the cut is marked.
    assert quoted("bad\nid") == "'bad\\nid'"
    assert quoted("x" * 100, 10) == "'" + "x" * 9 + "…'"


# -- bounded texts: what a screen lays out of a long text -----------------------------

TEXTS = st.text(alphabet=st.sampled_from(["a", "b", "é", "語", " ", "\n", "\u0301"]), max_size=600)


@given(TEXTS, st.integers(min_value=1, max_value=400))
def test_bounded_shows_a_head_and_counts_exactly_what_it_leaves_out(text: str, limit: int) -> None:
    shown, note = bounded(text, limit)
    if len(text) <= limit:
        assert (shown, note) == (text, None)
        return
    assert note is not None and len(shown) <= limit
    assert text.startswith(shown) and shown == shown.rstrip()
    hidden = int(note.removeprefix("[… ").split(" ")[0].replace(",", ""))
    assert len(shown) + hidden == len(text)
    assert note.endswith("more characters not shown here; `briefing export` prints them]")
    window = text[max(0, limit - 200) : limit]
    if any(char.isspace() for char in window):
        assert text[len(shown)].isspace()  # cut at whitespace: no word is split


def test_bounded_content_keeps_the_styles_and_mutes_the_note() -> None:
    content = Content.assemble(("bold head ", "bold"), "x " * 50)
    cut = bounded_content(content, 20)
    assert cut.plain.startswith("bold head x x x x x [… ")
    assert cut.spans[0].style == "bold" and cut.spans[0].end == len("bold head ")
    assert cut.spans[-1].style == "$text-muted"
    assert bounded_content(content, 1_000) is content


def test_bounded_parts_put_the_end_before_the_note() -> None:
    assert bounded_parts("short", "italic", ("”", "dim")) == [("short", "italic"), ("”", "dim")]
    parts = bounded_parts("word " * 10, end=("”", "dim"), limit=12, rest="read on")
    assert parts[:2] == [("word word", ""), ("”", "dim")]
    assert parts[2] == (" [… 41 more characters not shown here; read on]", "$text-muted")


@given(
    st.text(
        # (not U+200D: rich counts a joiner and the space after it as no cell at all)
        alphabet=st.sampled_from(["a", "語", "\u0301", "\t", "\n", " "]),
        max_size=300,
    ),
    st.integers(min_value=0, max_value=40),
)
def test_clip_never_overflows_and_marks_every_cut(text: str, width: int) -> None:
    """Only the head of a long text is measured now: still never wider than `width`, and
    a text that does not fit whole ends with the ellipsis."""
    clipped = clip(text, width)
    assert cell_len(clipped) <= width
    if clipped != one_line(text):
        assert clipped.endswith("…") or width == 0
    assert cell_len(fit(text, width)) == width


def test_a_row_joins_neighbours_of_one_style_and_keeps_text_and_width():
    """Textual writes a segment's escape codes again for each segment: a row of parts in
    one style is one segment, the cut mark and padding join it when they share its style."""
    plain, bold = Style(color="white"), Style(color="white", bold=True)
    segments = row([("   ", plain), ("12 ", plain), ("Title", bold), (" open", plain)], 20, plain)
    assert [(s.text, s.style) for s in segments] == [
        ("   12 ", plain),
        ("Title", bold),
        (" open" + " " * 4, plain),
    ]
    cut = row([("ab", plain), ("cdefgh", plain)], 5, plain)
    assert [(s.text, s.style) for s in cut] == [("abcd…", plain)]
    assert sum(cell_len(s.text) for s in cut) == 5
