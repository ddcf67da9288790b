"""clean_display_text: reliability.md rule 1, cases E1 and E2."""

from __future__ import annotations

import unicodedata

import pytest

from briefing.format.textclean import REPLACEMENT, clean_display_text, may_need_cleaning

R = REPLACEMENT


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain text", "plain text"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\x1b[2J", f"{R}[2J"),
        ("\x1b]0;title\x07", f"{R}]0;title{R}"),
        ("\x1b]52;c;SGVsbG8=\x07", f"{R}]52;c;SGVsbG8={R}"),
        (
            "\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\",
            f"{R}]8;;https://evil{R}\\link{R}]8;;{R}\\",
        ),
        ("\x9b31m red", f"{R}31m red"),
        ("\x1bPq#0;2;0;0;0\x1b\\", f"{R}Pq#0;2;0;0;0{R}\\"),
        ("\x1b]0;unterminated", f"{R}]0;unterminated"),
        ("bell\x07 del\x7f nul\x00", f"bell{R} del{R} nul{R}"),
        ("crlf\r\nlone\rcr", "crlf\nlone\ncr"),
        ("line\u2028para\u2029", "line\npara\n"),
        ("abc\u202edcba", f"abc{R}dcba"),
        ("\u2066isolate\u2069 \u2067r\u2068", f"{R}isolate{R} {R}r{R}"),
        ("lrm\u200e rlm\u200f alm\u061c", f"lrm{R} rlm{R} alm{R}"),
        ("zero\u200bwidth\ufeff", f"zero{R}width{R}"),
        ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),  # a single joiner is text
        ("run\u200d\u200d\u200dof joiners", f"run{R}of joiners"),
        ("wide 中文 and combining é", "wide 中文 and combining é"),
        ("lone \ud800 surrogate", f"lone {R} surrogate"),
    ],
)
def test_clean_display_text(raw, clean):
    assert clean_display_text(raw) == clean


def test_no_control_or_bidi_character_survives_in_any_plane():
    every = "".join(chr(c) for c in range(0x3000)) + "\ufeff\ufff9\ufffa\ufffb"
    cleaned = clean_display_text(every)
    for char in cleaned:
        category = unicodedata.category(char)
        if char in "\n\t":
            continue
        assert category not in ("Cc", "Cs"), hex(ord(char))
        assert unicodedata.bidirectional(char) not in (
            "LRE",
            "RLE",
            "LRO",
            "RLO",
            "PDF",
            "LRI",
            "RLI",
            "FSI",
            "PDI",
        ), hex(ord(char))


def test_clean_text_is_returned_unchanged_and_not_copied():
    text = "nothing to do here — “quotes” and ’apostrophes’"
    assert clean_display_text(text) is text


@pytest.mark.parametrize(
    "raw",
    [
        b'"\\u001b"',
        b'"\\r"',
        b'"\\b"',
        b'"\\f"',
        "\u202e".encode(),
        "\x85".encode(),
        b"\x7f",
        "\u200d".encode(),
        "\ufeff".encode(),
    ],
)
def test_raw_documents_that_may_need_cleaning_are_detected(raw):
    assert may_need_cleaning(raw)


def test_plain_utf8_documents_skip_the_cleaning_pass():
    assert not may_need_cleaning('{"title": "Geneva — “refined” ’framework’ 中文 é"}'.encode())


def test_every_character_cleaning_changes_is_caught_in_the_raw_bytes():
    """No false negatives: for every code point of the BMP and beyond (written raw, as
    UTF-8 in the JSON), if cleaning would change a text holding it — alone or doubled
    (joiners) — the raw document is flagged for the cleaning pass."""
    import json

    missed = []
    for code in range(0x30000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # lone surrogates cannot be raw UTF-8; as \u escapes they are caught
        for text in (f"a{chr(code)}b", f"a{chr(code) * 2}b"):
            if clean_display_text(text) == text:
                continue
            raw = json.dumps({"t": text}, ensure_ascii=False).encode("utf-8", "surrogatepass")
            if not may_need_cleaning(raw):
                missed.append(hex(code))
    assert missed == []


def test_documents_without_any_lead_byte_are_clean_fast_path():
    assert not may_need_cleaning(b'{"t": "plain ascii, no escapes at all"}')
    assert may_need_cleaning(b'{"t": "an escaped \\u0007 bell"}')
    assert not may_need_cleaning(b'{"t": "an escaped \\" quote and \\n newline"}')
