"""Word-level differences between two wordings of a clause."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Final, Literal

_TOKEN: Final = re.compile(r"\s+|[^\s]+")

Op = Literal["same", "removed", "added"]


@dataclass(frozen=True, slots=True)
class Piece:
    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces that turn `old` into `new`, word by word (whitespace kept with its word)."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pieces: list[Piece] = []

    def emit(op: Op, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("same", a[i1:i2])
        else:
            if i2 > i1:
                emit("removed", a[i1:i2])
            if j2 > j1:
                emit("added", b[j1:j2])
    return pieces


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
