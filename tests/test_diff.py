"""What changed between two snapshots of a briefing: the clause wordings.

The other kinds of change are in tests/test_diff_kinds.py.
"""

from __future__ import annotations

import json

from briefing.format.load import load_bytes
from briefing.reading.diff import differences, old_new_lines
from tests.conftest import SAMPLE

ARMY = "2 Cap on Southland's army at 600,000"
SANCTIONS = "3 Sanctions relief for Northland"
ARMY_DRAFT = "Southland's armed forces are limited to 600,000 personnel."
UPDATED = "2025-11-26T09:00:00+00:00"
SAMPLE_UPDATED = json.loads(SAMPLE.read_bytes())["updated"]


def test_wordings_new_reworded_and_dropped_are_told_apart():
    old = json.loads(SAMPLE.read_bytes())
    new = json.loads(SAMPLE.read_bytes())
    army = next(c for c in new["clauses"] if c["id"] == "army-cap")
    army["versions"][0]["text"] = "Southland's armed forces are limited to 800,000 personnel."
    army["versions"].append({"document": "counter", "text": "No cap."})
    sanctions = next(c for c in new["clauses"] if c["id"] == "sanctions")
    sanctions["versions"].append({"document": "counter", "text": None})
    new["updated"] = UPDATED
    found = differences(load_bytes(json.dumps(old).encode()), load_bytes(json.dumps(new).encode()))
    # Which clause, which verdict, in which document, the wording before and after; filed
    # under the snapshot that brought it (`updated`), not its document's date (18, 21 Nov).
    assert sorted((d.kind, d.clause_id, d.text, d.when, d.ref, d.before, d.after)
                  for d in found) == [
        ("clause-reworded", "army-cap", f"{ARMY}: new wording in Southland counter-proposal",
         UPDATED, "counter", None, "No cap."),
        ("clause-reworded", "army-cap", f"{ARMY}: re-worded in Mediator's draft", UPDATED,
         "draft", ARMY_DRAFT, "Southland's armed forces are limited to 800,000 personnel."),
        ("clause-reworded", "sanctions", f"{SANCTIONS}: dropped in Southland counter-proposal",
         UPDATED, "counter", None, None),
    ]  # fmt: skip
    keys = [d.key for d in found]
    assert len(set(keys)) == 3  # each wording change is its own entry
    assert all(
        key.startswith(f"clause-reworded:{d.clause_id}:")
        for key, d in zip(keys, found, strict=True)
    )


def test_a_wording_that_goes_unlisted_is_not_a_change_and_one_that_returns_is():
    """A document that drops a clause says so with `text: null`; a document that stops
    listing the clause says nothing, and nothing is reported."""
    old = json.loads(SAMPLE.read_bytes())
    new = json.loads(SAMPLE.read_bytes())
    sanctions = next(c for c in new["clauses"] if c["id"] == "sanctions")
    assert sanctions["versions"][1] == {"document": "framework", "text": None}
    del sanctions["versions"][1]
    before, after = load_bytes(json.dumps(old).encode()), load_bytes(json.dumps(new).encode())
    assert differences(before, after) == []
    assert [(d.kind, d.clause_id, d.text, d.when) for d in differences(after, before)] == [
        ("clause-reworded", "sanctions", f"{SANCTIONS}: dropped in Joint framework", SAMPLE_UPDATED)
    ]


def test_old_and_new_wording_are_printed_under_the_change():
    """`briefing diff` (and anything that prints a change as text) puts the wording before and
    after under the sentence, then the words that changed, marked without colour."""
    old = json.loads(SAMPLE.read_bytes())
    new = json.loads(SAMPLE.read_bytes())
    army = next(c for c in new["clauses"] if c["id"] == "army-cap")
    army["versions"][0]["text"] = (
        "Southland's armed forces are limited to 800,000 personnel\nin peacetime."
    )
    army["versions"].append({"document": "counter", "text": "No cap."})
    sanctions = next(c for c in new["clauses"] if c["id"] == "sanctions")
    sanctions["versions"].append({"document": "counter", "text": None})
    found = differences(load_bytes(json.dumps(old).encode()), load_bytes(json.dumps(new).encode()))
    told = {d.text: old_new_lines(d) for d in found}
    assert told == {
        f"{ARMY}: re-worded in Mediator's draft": [
            "    was: Southland's armed forces are limited to 600,000 personnel.",
            "    now: Southland's armed forces are limited to 800,000 personnel",
            "         in peacetime.",  # a second line of the wording, under the first
            "    words: Southland's armed forces are limited to [-600,000-]{+800,000+} personnel{+",
            "           in peacetime+}.",
        ],
        f"{ARMY}: new wording in Southland counter-proposal": ["    now: No cap."],
        f"{SANCTIONS}: dropped in Southland counter-proposal": [],
    }
