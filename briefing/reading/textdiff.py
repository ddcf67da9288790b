"""Word-level differences between two wordings of a clause."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

_TOKEN: Final = re.compile(r"\s+|\w+(?:[^\w\s]+\w+)*|[^\w\s]")
"""Blanks; words, with the punctuation inside them (600,000, pre-war, it's); any other
mark on its own, so 'personnel.' and 'personnel in' share their word."""

Op = Literal["same", "removed", "added"]


@dataclass(frozen=True, slots=True)
class Piece:
    op: Op
    text: str


MAX_WORK: Final = 1_000_000
"""Largest product of the two middles' token counts compared word by word.

`difflib.SequenceMatcher` takes time in proportion to that product at worst: two
different texts of 1,000 words took 0.4 s (a product of 4 million), of 4,000 words 9 s, of 16,000
words nearly two minutes. Beyond a million (about 500 words against 500, blanks and
marks counting as tokens; a fifth of a second at worst) the texts are shown whole, not
compared.
"""


def word_diff(old: str, new: str, max_work: int = MAX_WORK) -> list[Piece] | None:
    """Pieces that turn `old` into `new`, word by word (whitespace kept with its word);
    None when the texts differ over too long a stretch to compare in good time.

    The words both share at the start and at the end are set aside first, so two long
    wordings that differ in one paragraph are still compared.
    """
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a = a[head : len(a) - tail]
    middle_b = b[head : len(b) - tail]
    if len(middle_a) * len(middle_b) > max_work:
        return None
    pieces: list[Piece] = []

    def emit(op: Op, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    emit("same", a[:head])
    matcher = difflib.SequenceMatcher(a=middle_a, b=middle_b, autojunk=False)
    for same, removed, added in _runs(matcher.get_opcodes(), middle_a, middle_b):
        emit("same", same)
        emit("removed", removed)
        emit("added", added)
    emit("same", a[len(a) - tail :])
    return pieces


Run = tuple[list[str], list[str], list[str]]


def _runs(
    opcodes: Sequence[tuple[str, int, int, int, int]], a: list[str], b: list[str]
) -> list[Run]:
    """(same, removed, added) token runs. A change that only a blank keeps apart from the
    next one is read as one change: `[-Fears the cap-]{+Said so+}`, not
    `[-Fears-]{+Said+} [-the cap-]{+so+}`."""
    runs: list[Run] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            tokens = a[i1:i2]
            changed = bool(runs) and bool(runs[-1][1] or runs[-1][2])
            between = changed and index < len(opcodes) - 1  # opcodes alternate: a change next
            if between and all(token.isspace() for token in tokens):
                runs[-1][1].extend(tokens)
                runs[-1][2].extend(b[j1:j2])
            else:
                runs.append((tokens, [], []))
            continue
        if not runs:
            runs.append(([], [], []))
        _same, removed, added = runs[-1]  # after its words in common, or a blank joined
        removed.extend(a[i1:i2])
        added.extend(b[j1:j2])
    return runs


def as_markers(pieces: list[Piece]) -> str:
    """Plain-text form in git's word-diff style: [-removed-] {+added+}."""
    out = []
    for piece in pieces:
        if piece.op == "same":
            out.append(piece.text)
        elif piece.op == "removed":
            out.append(f"[-{piece.text}-]")
        else:
            out.append(f"{{+{piece.text}+}}")
    return "".join(out)
