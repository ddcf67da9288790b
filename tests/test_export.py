"""Markdown and JSON export: every element the issue asks for, with as-of applied."""

from __future__ import annotations

import json
import re

from briefing.format.dates import parse_as_of
from briefing.format.load import load_bytes
from briefing.reading.asof import as_of
from briefing.reading.export import md, to_json, to_markdown
from tests.conftest import FIXED_NOW


def test_markdown_has_every_part_of_the_brief(sample_doc):
    text = to_markdown(sample_doc, origin="file sample.json", now=FIXED_NOW, as_of=None)
    assert text.startswith("# Sample accord between Northland and Southland (test fixture)\n")
    assert "Updated 23 Nov 2025 20:00 UTC · from file sample.json" in text
    # Clauses with status, wording of every version, positions with stance/since/sources.
    assert "### 1 Ceasefire along the line of contact" in text
    assert "**contested** · security" in text
    assert (
        "_Southland counter-proposal, 21 Nov 2025:_ Both sides stop firing along the pre-war line"
        in text
    )
    assert "  - note: Southland wants the pre-war line." in text
    assert "_Joint framework, 23 Nov 2025:_ _dropped in this document_" in text
    assert (
        "| Southland | opposes | 21 Nov 2025 | Rejects the current line; wants the pre-war line. "
        "| Southland answers (21 Nov 2025) \\[s2\\] |"  # Markdown: the brackets escaped
    ) in text
    # Quotes verbatim with a full citation (speaker, role, party, date, source, URL).
    assert "> “We will not give up the line our soldiers hold.”" in text
    assert (
        "> — Ana Lind, Foreign minister (Northland), 19 Nov 2025; source: Draft plan circulated "
        "(Test Wire, 19 Nov 2025) \\[s1\\] <https://example.org/s1>"
    ) in text
    assert "> “The current line is not peace, it is surrender \\[of territory\\].”" in text
    # Deadlines with their history and who changed them.
    assert "### Southland's reply to the draft" in text
    assert "- 23 Nov 2025 **softened** by Cy Mediator: Not firm; may slip to next week." in text
    assert "- 18 Nov 2025 **set** → 27 Nov 2025" in text
    # Overall positions, quotes on no clause, events and sources.
    assert "## Positions on the text as a whole" in text
    assert "## Other quotes" in text and "Talks will go on for as long as it takes." in text
    assert (
        "- 21 Nov 2025 10:00 UTC **Southland counter-proposal** — Southland answers with its own text."
        in text
    )
    assert "- `s1` Draft plan circulated, Test Wire, 19 Nov 2025 <https://example.org/s1>" in text


def test_markdown_as_of_shows_what_was_known_then(sample_doc):
    moment = parse_as_of("2025-11-19")
    text = to_markdown(as_of(sample_doc, moment), origin="x", now=moment, as_of=moment)
    assert "as of Wed 19 Nov 2025 23:59 UTC" in text
    assert "pre-war" not in text  # the counter-proposal came on the 21st
    assert "Talks will go on" not in text
    assert "| Southland | concerned | 19 Nov 2025 |" in text
    assert "7d 23h 00m left" in text  # end of 27 Nov in Zurich is 23:00 UTC on the 27th
    assert "**firm**" in text


def test_feed_text_cannot_inject_markdown():
    assert md("[click](javascript:x) *bold* <b>|pipe|`code`") == (
        "\\[click\\](javascript:x) \\*bold\\* \\<b\\>\\|pipe\\|\\`code\\`"
    )
    assert md("# not a heading\n- not a list\n1. nor this") == (
        "\\# not a heading\n\\- not a list\n1\\. nor this"
    )


def test_json_export_is_a_valid_briefing_with_as_of_applied(sample_doc):
    moment = parse_as_of("2025-11-21")
    text = to_json(as_of(sample_doc, moment))
    again = load_bytes(text.encode())
    assert again.format == "briefing/1"
    assert [d.id for d in again.documents] == ["draft", "counter"]
    assert "q3" not in {q.id for q in again.quotes}
    data = json.loads(text)
    assert list(data)[:4] == ["format", "id", "title", "updated"]
    assert not re.search(r'"(note|outlet|url)": null', text)  # absent optional keys stay absent


def test_a_url_that_could_break_out_of_an_autolink_is_escaped(sample_raw, write_json):
    from briefing.disk.documents import load_path
    from briefing.reading.export import link

    assert link("https://example.org/a?b=1") == "<https://example.org/a?b=1>"
    assert link("https://x.org/>[click](javascript:alert(1))") == (
        "https://x.org/\\>\\[click\\](javascript:alert(1))"
    )
    sample_raw["sources"][0]["url"] = "https://x.org/a>b"
    text = to_markdown(load_path(write_json(sample_raw)), origin="x", now=FIXED_NOW, as_of=None)
    assert "https://x.org/a\\>b" in text and "<https://x.org/a>b>" not in text


def test_markdown_names_the_people_with_their_other_spellings_and_notes(sample_raw):
    """The overview lists each person's role, party, other spellings and the publisher's
    note on them; the export of the whole brief left them out (only a quote's attribution
    named its speaker)."""
    people = sample_raw["people"]
    people[0]["aliases"] = ["Anna Lind"]
    people[0]["note"] = "Spelled *Anna* in one report;\nthe other two say Ana."
    people[2].pop("role")
    doc = load_bytes(json.dumps(sample_raw).encode())
    text = to_markdown(doc, origin="file sample.json", now=FIXED_NOW, as_of=None)
    section = text.split("## People\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section == [
        "- **Ana Lind** (Northland) — Foreign minister. Also written Anna Lind. "
        "Spelled \\*Anna\\* in one report; the other two say Ana.",
        "- **Bo Sand** (Southland) — President.",
        "- **Cy Mediator** (Mediating Republic)",
    ]
