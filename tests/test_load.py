"""Loading and validating briefing/1 documents: every rule of format.md, every bad input."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest

from briefing.disk.documents import load_path
from briefing.format.load import MAX_BYTES, load_bytes
from briefing.format.problems import SHOWN, BriefingError, CannotRead


def problems_of(data: Any) -> list[str]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(BriefingError) as caught:
        load_bytes(raw, "doc.json")
    return [str(problem) for problem in caught.value.problems]


def test_sample_loads_with_every_collection(sample_doc):
    assert sample_doc.id == "sample-accord"
    assert [c.id for c in sample_doc.clauses] == ["ceasefire", "army-cap", "sanctions", "monitors"]
    assert sample_doc.clauses[2].versions[1].text is None  # null: the framework drops it
    assert sample_doc.quotes[3].speaker_name == "An unnamed spokesperson"
    assert sample_doc.deadlines[0].history[1].by == "cy"


def test_unknown_keys_are_ignored(sample_raw):
    sample_raw["x-future"] = {"anything": [1, 2]}
    sample_raw["clauses"][0]["weight"] = 3
    sample_raw["parties"][0]["flag"] = "🇳"
    doc = load_bytes(json.dumps(sample_raw).encode())
    assert doc.clauses[0].id == "ceasefire"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["clauses"][0].__setitem__("title", 5),
            "$.clauses[0].title: expected text, got a number",
        ),
        (lambda d: d["clauses"][1].pop("status"), "$.clauses[1].status: required key is missing"),
        (
            lambda d: d["clauses"][0].__setitem__("status", "done"),
            "$.clauses[0].status: 'done' is not one of:",
        ),
        (
            lambda d: d["clauses"][0]["positions"][0].__setitem__("stance", "likes"),
            "$.clauses[0].positions[0].stance: 'likes' is not one of:",
        ),
        (
            lambda d: d["parties"][0].__setitem__("id", "North"),
            "$.parties[0].id: 'North' is not an id",
        ),
        (lambda d: d["parties"][0].__setitem__("id", "-x"), "$.parties[0].id: '-x' is not an id"),
        (lambda d: d["parties"][0].__setitem__("id", "a" * 65), "$.parties[0].id:"),
        (lambda d: d["parties"][0].__setitem__("short", "Northl"), None),  # 6 is fine
        (
            lambda d: d["parties"][0].__setitem__("short", "Northla"),
            "$.parties[0].short: 'Northla' is longer than 6 characters",
        ),
        (lambda d: d.__setitem__("parties", []), "$.parties: needs at least 1 item(s), has 0"),
        (lambda d: d.__setitem__("documents", []), "$.documents: needs at least 1 item(s), has 0"),
        (
            lambda d: d["clauses"][3].__setitem__("versions", []),
            "$.clauses[3].versions: needs at least 1",
        ),
        (
            lambda d: d["clauses"][0]["positions"][0].__setitem__("sources", []),
            "$.clauses[0].positions[0].sources: needs at least 1",
        ),
        (lambda d: d.__setitem__("clauses", {}), "$.clauses: expected a list, got an object"),
        (lambda d: d.pop("title"), "$.title: required key is missing"),
        (
            lambda d: d.__setitem__("updated", "2025-11-23T20:00:00"),
            "$.updated: '2025-11-23T20:00:00' has no UTC offset",
        ),
        (
            lambda d: d.__setitem__("updated", "2025-11-23"),
            "$.updated: '2025-11-23' needs a time and an offset",
        ),
        (
            lambda d: d["sources"][1].__setitem__("published", "2025-02-30"),
            "$.sources[1].published: '2025-02-30' is not a calendar date",
        ),
        (
            lambda d: d["events"][0].__setitem__("at", "23/11/2025"),
            "$.events[0].at: '23/11/2025' is not a date",
        ),
        (
            lambda d: d["quotes"][0].__setitem__("said", "2025-11-19T25:00:00Z"),
            "$.quotes[0].said: '2025-11-19T25:00:00Z' is not a valid date-time",
        ),
        (
            lambda d: d["sources"][0].__setitem__("url", "ftp://example.org/x"),
            "$.sources[0].url: 'ftp://example.org/x' is not an http or https URL",
        ),
        (
            lambda d: d["sources"][0].__setitem__("url", "javascript:alert(1)"),
            "$.sources[0].url: 'javascript:alert(1)' is not an http or https URL",
        ),
        (lambda d: d["sources"][0].__setitem__("url", "https://"), "$.sources[0].url:"),
        (
            lambda d: d["deadlines"][0].__setitem__("tz", "Mars/Olympus"),
            "$.deadlines[0].tz: unknown time zone 'Mars/Olympus'",
        ),
        (
            lambda d: d["deadlines"][0].__setitem__("tz", "../../etc/passwd"),
            "$.deadlines[0].tz: '../../etc/passwd' is not an IANA time zone name",
        ),
        (
            lambda d: d["deadlines"][0]["history"][0].__setitem__("kind", "moved"),
            "$.deadlines[0].history[0].kind: the first change must be 'set', not 'moved'",
        ),
        (
            lambda d: d["deadlines"][0]["history"][2].pop("due"),
            "$.deadlines[0].history[2].due: a 'moved' change needs a 'due' date",
        ),
        (
            lambda d: d["deadlines"][0]["history"][1].__setitem__("at", "2025-11-01"),
            "$.deadlines[0].history[1].at: '2025-11-01' is before the first change",
        ),
        (
            lambda d: d["deadlines"][0].__setitem__("history", []),
            "$.deadlines[0].history: needs at least 1",
        ),
        (
            lambda d: d["clauses"][0]["positions"][1].__setitem__("party", "nato2"),
            "$.clauses[0].positions[1].party: unknown party 'nato2'",
        ),
        (
            lambda d: d["clauses"][0]["positions"][2].__setitem__("quote", "q99"),
            "$.clauses[0].positions[2].quote: unknown quote 'q99'",
        ),
        (
            lambda d: d["clauses"][0]["versions"][1].__setitem__("document", "nope"),
            "$.clauses[0].versions[1].document: unknown document 'nope'",
        ),
        (
            lambda d: d["clauses"][0]["versions"][1].__setitem__("document", "draft"),
            "$.clauses[0].versions[1].document: document 'draft' already has a version",
        ),
        (
            lambda d: d["quotes"][0].__setitem__("speaker", "zed"),
            "$.quotes[0].speaker: unknown person 'zed'",
        ),
        (
            lambda d: d["quotes"][0].__setitem__("source", "s9"),
            "$.quotes[0].source: unknown source 's9'",
        ),
        (
            lambda d: d["quotes"][0].__setitem__("clauses", ["ceasefire", "gone"]),
            "$.quotes[0].clauses[1]: unknown clause 'gone'",
        ),
        (
            lambda d: d["quotes"][0].pop("speaker"),
            "$.quotes[0]: needs a 'speaker' (a person id) or a 'speaker_name'",
        ),
        (
            lambda d: d["quotes"][0].__setitem__("speaker_name", "Ana"),
            "$.quotes[0]: has both 'speaker' and 'speaker_name'",
        ),
        (
            lambda d: d["people"][0].__setitem__("party", "west"),
            "$.people[0].party: unknown party 'west'",
        ),
        (
            lambda d: d["documents"][1].__setitem__("author", "x"),
            "$.documents[1].author: unknown party 'x'",
        ),
        (
            lambda d: d["documents"][0].__setitem__("sources", ["s1", "s7"]),
            "$.documents[0].sources[1]: unknown source 's7'",
        ),
        (
            lambda d: d["deadlines"][0].__setitem__("set_by", "nobody"),
            "$.deadlines[0].set_by: unknown person or party 'nobody'",
        ),
        (
            lambda d: d["deadlines"][0]["history"][1].__setitem__("by", "ghost"),
            "$.deadlines[0].history[1].by: unknown person or party 'ghost'",
        ),
        (
            lambda d: d["events"][1].__setitem__("parties", ["mars"]),
            "$.events[1].parties[0]: unknown party 'mars'",
        ),
        (
            lambda d: d["parties"][3].__setitem__("members", ["bloc"]),
            "$.parties[3].members[0]: a party cannot be its own member",
        ),
        (
            lambda d: d["parties"].append({"id": "north", "name": "Again", "short": "NL2"}),
            "$.parties[4].id: duplicate id 'north' (also $.parties[0])",
        ),
        (
            lambda d: d["clauses"].append(copy.deepcopy(d["clauses"][0])),
            "$.clauses[4].id: duplicate id 'ceasefire' (also $.clauses[0])",
        ),
    ],
)
def test_each_rule_names_the_path_and_the_problem(sample_raw, mutate, expected):
    mutate(sample_raw)
    if expected is None:
        load_bytes(json.dumps(sample_raw).encode())
        return
    found = problems_of(sample_raw)
    assert any(p.startswith(expected) for p in found), found


def test_a_clause_and_a_quote_may_share_an_id(sample_raw):
    """Clauses and quotes have ids of their own kinds: one may reuse the other's, and each
    look-up still finds its own item."""
    from briefing.reading.index import BriefingIndex

    sample_raw["quotes"][0]["id"] = "ceasefire"
    sample_raw["clauses"][0]["positions"][2]["quote"] = "q2"
    index = BriefingIndex(load_bytes(json.dumps(sample_raw).encode()))
    assert index.clauses["ceasefire"].title == sample_raw["clauses"][0]["title"]
    assert index.quotes["ceasefire"].text == sample_raw["quotes"][0]["text"]
    position = index.clauses["ceasefire"].positions[2]
    assert position.quote == "q2" and index.quotes["q2"].id == "q2"


def test_every_problem_is_listed_structural_and_semantic_together(sample_raw):
    sample_raw["clauses"][1]["title"] = 7
    sample_raw["clauses"][0]["positions"][0]["party"] = "nato2"
    sample_raw["deadlines"][0]["tz"] = "Nowhere/Town"
    sample_raw["sources"][2]["url"] = "file:///etc/passwd"
    found = problems_of(sample_raw)
    assert "$.clauses[1].title: expected text, got a number" in found
    assert "$.clauses[0].positions[0].party: unknown party 'nato2'" in found
    assert any(p.startswith("$.deadlines[0].tz: unknown time zone") for p in found)
    assert any(p.startswith("$.sources[2].url:") for p in found)
    # The broken clause's id is still known: a quote pointing at it is not "dangling".
    assert not any("unknown clause 'army-cap'" in p for p in found)


def test_report_lists_the_first_50_and_counts_the_rest(sample_raw):
    sample_raw["quotes"] += [
        {"id": f"x{i}", "text": "t", "speaker": f"nobody{i}", "said": "2025-11-20", "source": "s1"}
        for i in range(120)  # 120 different problems (the same unknown id is one line)
    ]
    with pytest.raises(BriefingError) as caught:
        load_bytes(json.dumps(sample_raw).encode(), "big.json")
    report = caught.value.report().splitlines()
    assert report[0] == "big.json is not a valid briefing:"
    assert len(report) == 1 + SHOWN + 1
    assert report[1] == "  $.quotes[4].speaker: unknown person 'nobody0'"
    assert report[-1] == "  … and 70 more"


def test_problem_collection_is_capped_for_huge_broken_documents(sample_raw):
    sample_raw["events"] = [{"id": "BAD"} for _ in range(20_000)]
    with pytest.raises(BriefingError) as caught:
        load_bytes(json.dumps(sample_raw).encode())
    assert caught.value.truncated
    assert len(caught.value.problems) <= 1001
    assert "more than" in caught.value.report()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "$: the document is empty"),
        (b"   \n\t ", "$: the document is empty"),
        (
            b'{"format": "briefing/1", "id": "x"',
            "$: the JSON ends too early (is the file truncated?)",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "$: not valid JSON: invalid character at line 1, column 1",
        ),
        (b'{"a": 1}\n{"b": 2}', "$: not valid JSON: trailing characters at line 2"),
        (b"[" * 100_000, "$: the JSON is nested too deeply to be a briefing"),
        (b'{"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "$: the JSON is nested too deeply"),
        (b"[1, 2, 3]", "$: expected an object, got a list"),
        (b'"just text"', "$: expected an object, got text"),
        (b"null", "$: expected an object, got null"),
        (b'{"format": NaN}', "$: not valid JSON: invalid character at line 1, column 12"),
        (b'{"format": "briefing/1", "id": "\\ud800x"}', "$: "),
        (b'{"format": 1e99999}', "$: a number in the document is too large"),
        (b'{"format": "briefing/2", "clauses": 5}', "$.format: this is a briefing/2 document"),
        (b'{"format": "other/1"}', "$.format: 'other/1' is not one of: briefing/1"),
    ],
)
def test_bad_bytes_give_one_clear_problem(raw, expected):
    found = problems_of(raw)
    assert any(p.startswith(expected) for p in found), found


def test_a_newer_major_version_says_the_app_is_too_old():
    with pytest.raises(BriefingError) as caught:
        load_bytes(json.dumps({"format": "briefing/2", "id": "x"}).encode(), "new.json")
    assert len(caught.value.problems) == 1
    assert "install a newer briefing" in caught.value.report()


def test_a_leading_byte_order_mark_is_accepted(sample_raw):
    raw = b"\xef\xbb\xbf" + json.dumps(sample_raw).encode()
    assert load_bytes(raw).id == "sample-accord"


def test_control_characters_in_text_are_neutralised_at_load(sample_raw):
    sample_raw["title"] = "Title\x1b[2J\x1b]0;owned\x07"
    sample_raw["clauses"][0]["title"] = "Ceasefire\u202eenil\u202c"
    sample_raw["quotes"][0]["text"] = "line one\r\nline two\x9b31m"
    doc = load_bytes(json.dumps(sample_raw).encode())
    assert doc.title == "Title\ufffd[2J\ufffd]0;owned\ufffd"
    assert doc.clauses[0].title == "Ceasefire\ufffdenil\ufffd"
    assert doc.quotes[0].text == "line one\nline two\ufffd31m"


def test_control_characters_written_as_raw_utf8_are_neutralised(sample_raw):
    sample_raw["summary"] = "a\u2066b\u2069c\u0085d"
    doc = load_bytes(json.dumps(sample_raw, ensure_ascii=False).encode())
    assert doc.summary == "a\ufffdb\ufffdc\ufffdd"


def test_error_messages_never_carry_terminal_controls(sample_raw):
    sample_raw["deadlines"][0]["tz"] = "Evil/\x1b]52;c;AAAA\x07Zone"
    found = problems_of(sample_raw)
    assert not any("\x1b" in p or "\x07" in p for p in found)


def test_file_errors_are_one_clear_message(tmp_path: Path):
    with pytest.raises(CannotRead, match="No such file or directory"):
        load_path(tmp_path / "missing.json")
    with pytest.raises(CannotRead, match="it is a directory"):
        load_path(tmp_path)
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    secret.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(CannotRead, match="Permission denied"):
            load_path(secret)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk, no memory
    with pytest.raises(CannotRead) as caught:
        load_path(huge)
    assert "the limit is 128 MiB" in caught.value.report()


def test_oversized_bytes_are_refused():
    with pytest.raises(CannotRead, match="limit is 128 MiB"):
        load_bytes(b" " * (MAX_BYTES + 1))


def test_text_that_is_not_utf8_is_one_clear_problem():
    found = problems_of(b'{"format": "briefing/1", "title": "caf\xe9"}')
    assert found == ["$: not UTF-8 text: byte 0xe9 at line 1, column 39 (save the file as UTF-8)"]


@pytest.mark.parametrize(
    ("extra", "bad"),
    [
        (b'"deadlines\xff": [], ', b"\xff"),  # an unknown key (found by the fuzz test)
        (b'"x": "caf\xe9", ', b"\xe9"),  # an unknown key's text
        (b'"x": {"y": ["ok", "\xc3"]}, ', b"\xc3"),  # deep in an unknown key's value
    ],
)
def test_bytes_that_are_not_utf8_where_the_model_reads_nothing_are_refused(sample_raw, extra, bad):
    """msgspec skips a key the model does not know, and its value, without reading their
    text: a document with a byte that is not UTF-8 there was accepted."""
    raw = b"{" + extra + json.dumps(sample_raw).encode()[1:]  # all on line 1
    column = raw.index(bad) + 1
    assert problems_of(raw) == [
        f"$: not UTF-8 text: byte 0x{bad.hex()} at line 1, column {column} (save the file as UTF-8)"
    ]


def test_a_lone_surrogate_is_named_as_such():
    found = problems_of(b'{"format": "briefing/1",\n "id": "\\ud800x"}')
    assert found == [
        "$: a text holds a lone UTF-16 surrogate escape at line 2, column 9, which is not a character"
    ]


def test_an_id_with_a_trailing_newline_is_not_an_id(sample_raw):
    sample_raw["parties"][0]["id"] = "north\n"
    found = problems_of(sample_raw)
    assert any(p.startswith("$.parties[0].id: 'north\\n' is not an id") for p in found), found


@pytest.mark.parametrize("field", ["9999-12-31", "9999-01-01T00:00:00Z"])
def test_dates_past_9998_are_refused_not_crashed_on(sample_raw, field):
    sample_raw["deadlines"][0]["history"][0]["due"] = field
    found = problems_of(sample_raw)
    assert any("after the last date the app handles" in p for p in found), found


def test_duplicate_keys_are_refused(sample_raw):
    raw = json.dumps(sample_raw).encode()
    doubled = raw.replace(b'"id": "north"', b'"id": "south", "id": "north"', 1)
    found = problems_of(doubled)
    assert found == [
        "$: the key 'id' appears twice in one object (JSON readers disagree on which value wins); keep one"
    ]
    assert (
        load_bytes(doubled, checked=True).parties[0].id == "north"
    )  # the cache's bytes were checked


def test_a_duplicate_key_is_refused_when_an_escaped_colon_evens_the_count(sample_raw):
    """The cheap signal counts colons; `\\u003a` decodes to one that the bytes do not
    hold, which would hide the dropped key's colon: such bytes get the full scan."""
    sample_raw["title"] = "Accord\\u003a draft"  # written as an escape, not a colon
    raw = json.dumps(sample_raw).encode().replace(b"\\\\u003a", b"\\u003a")
    assert b'"Accord\\u003a draft"' in raw
    doubled = raw.replace(b'"id": "north"', b'"id": "south", "id": "north"', 1)
    assert doubled.count(b":") == msgspec.json.encode(load_bytes(doubled, checked=True)).count(
        b":"
    )  # the colons alone cannot tell
    assert problems_of(doubled) == [
        "$: the key 'id' appears twice in one object (JSON readers disagree on which value wins); keep one"
    ]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["parties"][0].update(members=[]),  # an explicit default
        lambda d: d["parties"][0].update(flag="x:y"),  # an unknown field
    ],
)
def test_a_duplicate_key_is_refused_beside_keys_the_model_drops(sample_raw, change):
    change(sample_raw)
    raw = json.dumps(sample_raw).encode()
    load_bytes(raw)  # valid as it stands
    doubled = raw.replace(b'"id": "north"', b'"id": "north", "id": "north"', 1)
    assert problems_of(doubled) == [
        "$: the key 'id' appears twice in one object (JSON readers disagree on which value wins); keep one"
    ]


def test_a_document_without_duplicates_is_not_scanned_twice(sample_raw, monkeypatch):
    """The bundled briefing and a clean document pass on the cheap signal alone; the
    signal's soundness rests on every Struct of the model omitting its defaults."""
    from briefing.disk import paths
    from briefing.format import load, model

    def scanned(raw: bytes, limit: int = 20) -> list[str]:
        raise AssertionError("the full duplicate-key scan ran")

    monkeypatch.setattr(load, "_duplicate_keys", scanned)
    load_bytes(json.dumps(sample_raw).encode())
    load_bytes(paths.bundled_briefing().read_bytes())
    structs = [
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, msgspec.Struct)
    ]
    assert model.Briefing in structs
    for struct in structs:
        assert struct.__struct_config__.omit_defaults, struct


@pytest.mark.parametrize("batch", [1, 2, 3, 1000])
def test_the_colons_of_the_encoding_are_counted_in_batches_as_in_one_piece(sample_raw, batch):
    """Long collections are encoded a batch at a time (a required one, `clauses`, whose
    key an empty list keeps, and defaulted ones, whose key it drops), and the count is the
    whole encoding's."""
    from briefing.disk import paths
    from briefing.format.load import encoded_colons

    for raw in (json.dumps(sample_raw).encode(), paths.bundled_briefing().read_bytes()):
        doc = load_bytes(raw)
        assert len(doc.clauses) > 3 and len(doc.quotes) > 3
        assert encoded_colons(doc, batch) == msgspec.json.encode(doc).count(b":")


def test_a_duplicate_key_in_an_item_of_a_long_collection_is_refused(sample_raw, monkeypatch):
    from briefing.format import load

    monkeypatch.setattr(load, "_BATCH", 1)  # every collection of the sample is long
    raw = json.dumps(sample_raw).encode()
    quote = sample_raw["quotes"][-1]["id"]
    doubled = raw.replace(
        f'"id": "{quote}"'.encode(), f'"id": "{quote}", "id": "{quote}"'.encode(), 1
    )
    assert doubled != raw
    assert problems_of(doubled) == [
        "$: the key 'id' appears twice in one object (JSON readers disagree on which value wins); keep one"
    ]


def test_a_5000_digit_number_is_one_clear_problem():
    assert problems_of(b'{"format": ' + b"9" * 5000 + b"}") == [
        "$: a number in the document is too large to represent"
    ]


def test_one_bad_id_is_one_line_not_one_per_place_that_names_it(sample_raw):
    sample_raw["parties"][0]["id"] = "North Land"  # not an id: every reference is unknown
    with pytest.raises(BriefingError) as caught:
        load_bytes(json.dumps(sample_raw).encode(), "doc.json")
    unknown = [p for p in caught.value.problems if p.message == "unknown party 'north'"]
    assert len(unknown) >= 3  # every place is still found…
    report = caught.value.report().splitlines()
    assert report[1].startswith("  $.parties[0].id: 'North Land' is not an id")
    follow = [line for line in report if "unknown party 'north'" in line]
    assert follow == [  # …and reported once, with how many more places name it
        f"  {unknown[0]} (and {len(unknown) - 1} more places name it)"
    ]
