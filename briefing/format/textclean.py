"""Neutralise terminal controls and invisible formatting in feed text.

Feed text is data. Textual and Rich pass ESC, OSC and C1 controls straight to
the terminal even with markup off, and bidi overrides can make an attribution
read backwards, so every text field is cleaned once, at load:

- C0 controls except newline and tab, DEL and C1 controls become U+FFFD;
- bidi embeddings, overrides, isolates and marks become U+FFFD;
- invisible zero-width characters (other than a single joiner inside a word or
  emoji) become U+FFFD;
- CRLF, lone CR and the Unicode line/paragraph separators become newlines;
- lone surrogates (which cannot be written as UTF-8) become U+FFFD.
"""

from __future__ import annotations

import re
from typing import Final

REPLACEMENT: Final = "\ufffd"

_CONTROL = (
    "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 except \t \n (\r is handled as a newline)
    "\x7f-\x9f"  # DEL and C1
    "\u061c\u200e\u200f"  # Arabic letter mark, LRM, RLM
    "\u202a-\u202e"  # embeddings and overrides
    "\u2066-\u2069"  # isolates
    "\u200b\u2060-\u2064\ufeff"  # zero-width space, word joiner, invisible operators, BOM
    "\ufff9-\ufffb"  # interlinear annotation controls
    "\ud800-\udfff"  # lone surrogates
)
_BAD: Final = re.compile(f"[{_CONTROL}]|[\u200c\u200d]{{2,}}|\r\n?|[\u2028\u2029]")

# Raw UTF-8 byte sequences (or any JSON \u escape, or \r) that may decode to a
# character _BAD would change. A document without any of them needs no cleaning
# pass at all, which keeps loading large clean feeds fast. One pattern per lead byte:
# a lead byte the document lacks costs one memchr, not a regex pass over 60 MB.
_BAD_BYTES_AFTER: Final = {
    b"\\": re.compile(rb"\\[bfru]"),
    b"\xc2": re.compile(rb"\xc2[\x80-\x9f]"),
    b"\xd8": re.compile(rb"\xd8\x9c"),
    b"\xe2": re.compile(rb"\xe2(?:\x80[\x8b-\x8f\xa8-\xae]|\x81[\xa0-\xa4\xa6-\xa9])"),
    b"\xef": re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xb9-\xbb])"),
}


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found[0] in "\r\u2028\u2029":
        return "\n"
    return REPLACEMENT


def clean_display_text(text: str) -> str:
    """Return `text` with every control or invisible formatting character neutralised."""
    if _BAD.search(text) is None:
        return text
    return _BAD.sub(_replace, text)


def may_need_cleaning(raw: bytes) -> bool:
    """Whether a raw JSON document could contain text that `clean_display_text` changes."""
    if b"\x7f" in raw:
        return True
    ascii_only = raw.isascii()
    for lead, pattern in _BAD_BYTES_AFTER.items():
        if (lead == b"\\" or not ascii_only) and lead in raw and pattern.search(raw):
            return True
    return False
