"""What changed between two snapshots of a briefing: the clause wordings."""

from __future__ import annotations

import json

from briefing.diff import differences
from briefing.load import load_bytes
from tests.conftest import SAMPLE


def test_wordings_new_reworded_and_dropped_are_told_apart():
    old = json.loads(SAMPLE.read_bytes())
    new = json.loads(SAMPLE.read_bytes())
    army = next(c for c in new["clauses"] if c["id"] == "army-cap")
    army["versions"][0]["text"] = "Southland's armed forces are limited to 800,000 personnel."
    army["versions"].append({"document": "counter", "text": "No cap."})
    sanctions = next(c for c in new["clauses"] if c["id"] == "sanctions")
    sanctions["versions"].append({"document": "counter", "text": None})
    found = differences(load_bytes(json.dumps(old).encode()), load_bytes(json.dumps(new).encode()))
    said = sorted(d.text for d in found if d.kind == "clause-reworded")
    assert len(said) == 3, said
    assert any("re-worded in" in s for s in said)
    assert any("new wording in" in s for s in said)
    assert any("dropped in" in s for s in said)
    keys = [d.key for d in found if d.kind == "clause-reworded"]
    assert len(set(keys)) == 3  # each wording change is its own entry
