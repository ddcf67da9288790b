"""Every kind of change `briefing.reading.diff` reports, one mutation of the sample at a time.

Each test changes one thing in a copy of the sample document and asserts the whole list of
changes found: which item, what kind, the date it is filed under, and the sentence the
analyst reads. Anything else found (or nothing found) fails the test.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from briefing.disk import paths
from briefing.disk.changelog import ChangeLog
from briefing.disk.documents import load_path
from briefing.reading.diff import Difference, differences
from tests.helpers import run_cli

NEW_UPDATED = "2025-11-26T09:00:00+00:00"
"""The `updated` of every new snapshot here: the date of clause additions, removals, statuses."""

ARMY = "2 Cap on Southland's army at 600,000"
SANCTIONS = "3 Sanctions relief for Northland"
MONITORS = "3a International monitors"
WHOLE = "the text as a whole"
REPLY = "Deadline “Southland's reply to the draft”"
SUMMIT = "Deadline “Leaders' summit”"


class Found(NamedTuple):
    kind: str
    clause_id: str | None
    text: str
    when: str | None
    ref: str | None = None


Raw = dict[str, Any]


def _by_id(items: list[Raw], ident: str) -> Raw:
    return next(item for item in items if item["id"] == ident)


@pytest.fixture
def pair(sample_raw: Raw) -> tuple[Raw, Raw]:
    """(old, new): two copies of the sample; the new one published later."""
    new = copy.deepcopy(sample_raw)
    new["updated"] = NEW_UPDATED
    return sample_raw, new


@pytest.fixture
def diff(write_json: Callable[[Any], Path]) -> Callable[[Raw, Raw], list[Difference]]:
    def run(old: Raw, new: Raw) -> list[Difference]:
        return differences(load_path(write_json(old)), load_path(write_json(new)))

    return run


def said(found: list[Difference]) -> list[Found]:
    return [Found(d.kind, d.clause_id, d.text, d.when, d.ref) for d in found]


# -- nothing ------------------------------------------------------------------------------


def test_a_later_copy_with_nothing_else_changed_has_no_changes(pair, diff):
    old, new = pair
    assert diff(old, new) == []
    assert diff(old, old) == []


# -- documents ----------------------------------------------------------------------------


def test_a_document_added(pair, diff):
    old, new = pair
    new["documents"].append(
        {"id": "final", "title": "Final text", "date": "2025-12-02", "sources": ["s3"]}
    )
    found = diff(old, new)
    assert said(found) == [
        Found("document-added", None, "New document: Final text (2 Dec 2025)", "2025-12-02")
    ]
    assert found[0].key == "document-added:final"


# -- clauses ------------------------------------------------------------------------------


def _prisoners(number: str) -> Raw:
    return {
        "id": "prisoners",
        "number": number,
        "title": "Exchange of prisoners",
        "status": "proposed",
        "versions": [{"document": "framework", "text": "All prisoners are exchanged."}],
        "positions": [
            {
                "party": "north",
                "stance": "supports",
                "summary": "Wants it done first.",
                "as_of": "2025-11-24",
                "sources": ["s3"],
            }
        ],
    }


def test_a_clause_added_is_one_change_with_its_number_and_status(pair, diff):
    """Its wordings and positions are part of it, not changes of their own."""
    old, new = pair
    new["clauses"].append(_prisoners("4"))
    found = diff(old, new)
    assert said(found) == [
        Found(
            "clause-added",
            "prisoners",
            "New clause: 4 Exchange of prisoners (proposed)",
            NEW_UPDATED,
        )
    ]
    assert found[0].key.startswith("clause-added:prisoners")


def test_an_unnumbered_clause_added_is_named_by_its_title_alone(pair, diff):
    old, new = pair
    new["clauses"].append(_prisoners("—"))
    assert said(diff(old, new)) == [
        Found(
            "clause-added", "prisoners", "New clause: Exchange of prisoners (proposed)", NEW_UPDATED
        )
    ]


def test_a_clause_status_changed(pair, diff):
    old, new = pair
    _by_id(new["clauses"], "sanctions")["status"] = "agreed"
    assert said(diff(old, new)) == [
        Found("clause-status", "sanctions", f"{SANCTIONS}: status proposed → agreed", NEW_UPDATED)
    ]


def test_a_clause_removed(pair, diff):
    old, new = pair
    new["clauses"].remove(_by_id(new["clauses"], "monitors"))
    found = diff(old, new)
    assert said(found) == [
        Found("clause-removed", None, f"Clause removed: {MONITORS}", NEW_UPDATED)
    ]
    assert found[0].key.startswith("clause-removed:monitors")


# -- positions ----------------------------------------------------------------------------


def _position(party: str, stance: str, as_of: str, summary: str = "Said so.") -> Raw:
    return {"party": party, "stance": stance, "summary": summary, "as_of": as_of, "sources": ["s3"]}


def test_a_position_added_on_a_clause(pair, diff):
    old, new = pair
    _by_id(new["clauses"], "monitors")["positions"] = [_position("north", "supports", "2025-11-24")]
    found = diff(old, new)
    assert said(found) == [
        Found("position-added", "monitors", f"{MONITORS}: Northland supports (new position)",
              "2025-11-24", "north")
    ]  # fmt: skip
    assert found[0].key.startswith("position:monitors:north:")


def test_a_position_shifted_on_a_clause(pair, diff):
    old, new = pair
    _by_id(new["clauses"], "army-cap")["positions"].append(
        _position("south", "accepts", "2025-11-24")
    )
    assert said(diff(old, new)) == [
        Found("position-changed", "army-cap", f"{ARMY}: Southland rejects → accepts", "2025-11-24",
              "south")
    ]  # fmt: skip


def test_a_position_restated_later_with_the_same_stance(pair, diff):
    old, new = pair
    _by_id(new["clauses"], "army-cap")["positions"].append(
        _position("bloc", "concerned", "2025-11-24", "Fears the cap invites another attack.")
    )
    assert said(diff(old, new)) == [
        Found("position-updated", "army-cap", f"{ARMY}: Western Bloc still concerned, restated",
              "2025-11-24", "bloc")
    ]  # fmt: skip


def test_a_position_whose_summary_is_rewritten_on_the_same_day_is_restated(pair, diff):
    old, new = pair
    bloc = _by_id(new["clauses"], "army-cap")["positions"][1]
    assert bloc["party"] == "bloc" and bloc["as_of"] == "2025-11-22"
    bloc["summary"] = "Fears the cap leaves Southland open to attack."
    assert said(diff(old, new)) == [
        Found("position-updated", "army-cap", f"{ARMY}: Western Bloc still concerned, restated",
              "2025-11-22", "bloc")
    ]  # fmt: skip


def test_an_older_position_added_to_a_history_does_not_change_the_current_one(pair, diff):
    old, new = pair
    _by_id(new["clauses"], "army-cap")["positions"].append(
        _position("south", "opposes", "2025-11-19")
    )
    assert diff(old, new) == []


def test_positions_on_the_whole_text_added_shifted_and_restated(pair, diff):
    old, new = pair
    new["positions"] += [
        _position("mediator", "proposes", "2025-11-24"),  # added
        _position("south", "opposes", "2025-11-25"),  # conditional → opposes
        _position("north", "accepts", "2025-11-23", "Still accepts the draft as a basis."),
    ]
    found = diff(old, new)
    assert said(found) == [
        Found("position-changed", None, f"{WHOLE}: Southland conditional → opposes",
              "2025-11-25", "south"),
        Found("position-added", None, f"{WHOLE}: Mediating Republic proposes (new position)",
              "2025-11-24", "mediator"),
        Found("position-updated", None, f"{WHOLE}: Northland still accepts, restated",
              "2025-11-23", "north"),
    ]  # fmt: skip
    assert [d.key.split(":")[:3] for d in found] == [
        ["position", "*", "south"],
        ["position", "*", "mediator"],
        ["position", "*", "north"],
    ]


# -- quotes -------------------------------------------------------------------------------


def _quote(ident: str, text: str, **more: Any) -> Raw:
    return {"id": ident, "text": text, "said": "2025-11-25", "source": "s3", **more}


def test_a_quote_added_is_filed_under_its_first_clause(pair, diff):
    old, new = pair
    new["quotes"].append(
        _quote("q5", "We can live with 800,000.", speaker="bo", clauses=["army-cap", "ceasefire"])
    )
    found = diff(old, new)
    assert said(found) == [
        Found("quote-added", "army-cap", "New quote: Bo Sand: “We can live with 800,000.”",
              "2025-11-25", "q5")
    ]  # fmt: skip
    assert found[0].key == "quote-added:q5"


def test_a_quote_added_is_cut_after_60_characters(pair, diff):
    old, new = pair
    sixty = "Monitors must come from states that have no army nearby now."
    longer = "Monitors must come from states with no army on either border."
    assert (len(sixty), len(longer)) == (60, 61)
    new["quotes"] += [
        _quote("q5", sixty, speaker_name="A Northland official", party="north"),
        _quote("q6", longer, speaker_name="A Southland official", said="2025-11-24"),
    ]
    assert said(diff(old, new)) == [
        Found("quote-added", None, f"New quote: A Northland official: “{sixty}”", "2025-11-25",
              "q5"),
        Found("quote-added", None,
              "New quote: A Southland official: “Monitors must come from states with no army on "
              "either borde…”", "2025-11-24", "q6"),
    ]  # fmt: skip


def test_a_quote_added_is_one_line_cut_at_60_cells(pair, diff):
    """A quote of several lines is one line of change; a wide character takes two cells (cut
    by characters, a Chinese excerpt was twice as wide as a Latin one)."""
    old, new = pair
    new["quotes"] += [
        _quote("q5", "First line.\nSecond line.", speaker_name="A Northland official",
               party="north"),
        _quote("q6", "我们" * 20, speaker_name="A Southland official", said="2025-11-24"),
    ]  # fmt: skip
    assert said(diff(old, new)) == [
        Found("quote-added", None, "New quote: A Northland official: “First line. Second line.”",
              "2025-11-25", "q5"),
        Found("quote-added", None, f"New quote: A Southland official: “{'我们' * 14}我…”",
              "2025-11-24", "q6"),
    ]  # fmt: skip


# -- deadlines ----------------------------------------------------------------------------


def test_a_deadline_set(pair, diff):
    old, new = pair
    new["deadlines"].append(
        {
            "id": "ratify",
            "label": "Ratification vote",
            "tz": "Europe/Zurich",
            "history": [
                {
                    "at": "2025-11-24",
                    "kind": "set",
                    "due": "2025-12-15",
                    "precision": "day",
                    "by": "north",
                    "sources": ["s3"],
                },
                {
                    "at": "2025-11-25",
                    "kind": "set",
                    "due": "2025-12-16T10:00:00+01:00",
                    "precision": "exact",
                    "sources": ["s3"],
                },
            ],
        }
    )
    found = diff(old, new)
    assert said(found) == [
        Found("deadline-set", None,
              "Deadline “Ratification vote”: set for 16 Dec 2025 10:00 +01:00", "2025-11-25"),
        Found("deadline-set", None, "Deadline “Ratification vote”: set for 15 Dec 2025 by Northland",
              "2025-11-24"),
    ]  # fmt: skip
    assert [d.key.split(":")[:2] for d in found] == [["deadline", "ratify"]] * 2


def test_a_due_date_corrected_in_place_is_reported_as_set_again(pair, diff):
    old, new = pair
    _by_id(new["deadlines"], "summit")["history"][0]["due"] = "2025-11-22"
    assert said(diff(old, new)) == [
        Found("deadline-set", None, f"{SUMMIT}: set for 22 Nov 2025", "2025-11-20")
    ]


def test_a_deadline_moved(pair, diff):
    """The sample's reply deadline was moved on 25 Nov: compared with the copy before."""
    old, new = pair
    _by_id(old["deadlines"], "reply")["history"].pop()  # the copy before the move
    assert said(diff(old, new)) == [
        Found("deadline-moved", None,
              f"{REPLY}: moved to 4 Dec 2025 17:00 +01:00 by Mediating Republic", "2025-11-25")
    ]  # fmt: skip


def test_a_deadline_softened(pair, diff):
    old, new = pair
    history = _by_id(old["deadlines"], "reply")["history"]
    del history[1:]  # the copy before it was softened (and moved)
    _by_id(new["deadlines"], "reply")["history"].pop()  # softened, not yet moved
    assert said(diff(old, new)) == [
        Found("deadline-softened", None, f"{REPLY}: softened by Cy Mediator", "2025-11-23")
    ]


@pytest.mark.parametrize(
    ("kind", "by", "due", "words"),
    [
        ("moved", None, "2025-11-28", "moved to 28 Nov 2025"),
        ("softened", "bo", None, "softened by Bo Sand"),
        ("firmed", "cy", None, "firmed by Cy Mediator"),
        ("met", None, None, "met"),
        ("lapsed", "south", None, "lapsed by Southland"),
        ("withdrawn", "mediator", None, "withdrawn by Mediating Republic"),
    ],
)
def test_each_later_deadline_change(pair, diff, kind, by, due, words):
    old, new = pair
    change: Raw = {"at": "2025-11-22", "kind": kind, "sources": ["s3"]}
    if by is not None:
        change["by"] = by
    if due is not None:
        change["due"], change["precision"] = due, "day"
    _by_id(new["deadlines"], "summit")["history"].append(change)
    found = diff(old, new)
    assert said(found) == [Found(f"deadline-{kind}", None, f"{SUMMIT}: {words}", "2025-11-22")]
    assert found[0].key.split(":")[:2] == ["deadline", "summit"]


# -- events -------------------------------------------------------------------------------


def test_events_added(pair, diff):
    old, new = pair
    new["events"] += [
        {"id": "e4", "at": "2025-11-26T14:00:00+00:00", "title": "Talks resume", "sources": ["s3"]},
        {"id": "e5", "at": "2025-11-27", "title": "Leaders meet", "sources": ["s3"]},
    ]
    found = diff(old, new)
    assert said(found) == [
        Found("event-added", None, "New event: Leaders meet (27 Nov 2025)", "2025-11-27"),
        Found("event-added", None, "New event: Talks resume (26 Nov 2025 14:00 UTC)",
              "2025-11-26T14:00:00+00:00"),
    ]  # fmt: skip
    assert [d.key for d in found] == ["event-added:e5", "event-added:e4"]


# -- all at once: order, keys, and the `briefing diff` command -----------------------------


def _every_kind(old: Raw, new: Raw) -> list[str]:
    """Make one change of every kind from `old` to `new`; the lines `briefing diff` should print."""
    new["documents"].append(
        {"id": "final", "title": "Final text", "date": "2025-12-02", "sources": ["s3"]}
    )
    new["clauses"].append(_prisoners("4"))
    _by_id(new["clauses"], "sanctions")["status"] = "agreed"
    _by_id(new["clauses"], "ceasefire")["versions"][2]["text"] = "Both sides stop firing at once."
    new["clauses"].remove(_by_id(new["clauses"], "monitors"))
    army = _by_id(new["clauses"], "army-cap")["positions"]
    army += [
        _position("south", "accepts", "2025-11-24"),
        _position("bloc", "concerned", "2025-11-26"),
    ]
    new["positions"].append(_position("mediator", "proposes", "2025-11-22"))
    new["quotes"].append(
        _quote("q5", "We can live with 800,000.", speaker="bo", said="2025-11-24T12:00:00+00:00")
    )
    _by_id(old["deadlines"], "reply")["history"].pop()
    _by_id(new["deadlines"], "summit")["history"].append(
        {"at": "2025-11-21", "kind": "lapsed", "sources": ["s3"]}
    )
    new["events"].append(
        {"id": "e4", "at": "2025-11-27", "title": "Leaders meet", "sources": ["s3"]}
    )
    return [
        "New document: Final text (2 Dec 2025)",  # 2 Dec
        "New event: Leaders meet (27 Nov 2025)",  # 27 Nov
        "New clause: 4 Exchange of prisoners (proposed)",  # these four: `updated`, 26 Nov 09:00
        f"{SANCTIONS}: status proposed → agreed",
        f"Clause removed: {MONITORS}",
        # A wording is news when the snapshot brings it, not on its document's date (23 Nov).
        "1 Ceasefire along the line of contact: re-worded in Joint framework",
        f"{ARMY}: Western Bloc still concerned, restated",  # 26 Nov
        f"{REPLY}: moved to 4 Dec 2025 17:00 +01:00 by Mediating Republic",  # 25 Nov
        "New quote: Bo Sand: “We can live with 800,000.”",  # 24 Nov 12:00
        f"{ARMY}: Southland rejects → accepts",  # 24 Nov
        f"{WHOLE}: Mediating Republic proposes (new position)",  # 22 Nov
        f"{SUMMIT}: lapsed",  # 21 Nov
    ]


def test_every_kind_at_once_newest_first_each_with_its_own_stable_key(pair, diff):
    old, new = pair
    expected = _every_kind(old, new)
    found = diff(old, new)
    texts = [d.text for d in found]
    # The four changes filed under `updated` (26 Nov 09:00) share a date; any order among them.
    assert texts[:2] == expected[:2] and texts[6:] == expected[6:]
    assert sorted(texts[2:6]) == sorted(expected[2:6])
    keys = [d.key for d in found]
    assert len(set(keys)) == len(keys)
    assert [d.key for d in diff(old, new)] == keys  # the same change, found again, same key


def test_the_diff_command_prints_every_kind(pair, tmp_path: Path):
    old, new = pair
    expected = _every_kind(old, new)
    before, after = tmp_path / "old.json", tmp_path / "new.json"
    before.write_text(json_text(old), encoding="utf-8")
    after.write_text(json_text(new), encoding="utf-8")
    result = run_cli("diff", str(before), str(after))
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    sentences = [line for line in lines if not line.startswith("    ")]
    assert sentences[:2] == expected[:2] and sentences[6:] == expected[6:]
    assert sorted(sentences[2:6]) == sorted(expected[2:6])
    # Under a sentence, what it was and what it is now.
    ceasefire = lines.index("1 Ceasefire along the line of contact: re-worded in Joint framework")
    assert lines[ceasefire + 1 : ceasefire + 4] == [
        "    was: Both sides stop firing along the current line of contact within 48 hours.",
        "    now: Both sides stop firing at once.",
        "    words: Both sides stop firing [-along the current line of contact within 48 hours-]"
        "{+at once+}.",
    ]
    assert not lines[ceasefire + 4].startswith("    ")
    moved = lines.index(expected[7])
    assert lines[moved + 1] == "    was due 27 Nov 2025, now 4 Dec 2025 17:00 +01:00"
    shifted = lines.index(expected[9])
    assert lines[shifted + 1] == "    rejects (since 20 Nov 2025) → accepts (as of 24 Nov 2025)"
    restated = lines.index(expected[6])
    assert lines[restated + 1 : restated + 4] == [
        "    was (as of 22 Nov 2025): Fears the cap invites another attack.",
        "    now (as of 26 Nov 2025): Said so.",
        "    words: [-Fears the cap invites another attack-]{+Said so+}.",
    ]
    # The sentences that say it all have nothing under them.
    for sentence in (expected[0], expected[1], expected[10], expected[11]):
        at = lines.index(sentence)
        assert at + 1 == len(lines) or not lines[at + 1].startswith("    ")


def test_the_diff_command_notes_two_different_briefings(pair, tmp_path: Path):
    old, new = pair
    new["id"] = "another-accord"
    before, after = tmp_path / "old.json", tmp_path / "new.json"
    before.write_text(json_text(old), encoding="utf-8")
    after.write_text(json_text(new), encoding="utf-8")
    result = run_cli("diff", str(before), str(after))
    assert result.returncode == 0 and result.stdout == "no change\n"
    assert result.stderr == (
        "note: the two files are different briefings ('sample-accord', 'another-accord')\n"
    )


def json_text(data: Raw) -> str:
    return json.dumps(data, ensure_ascii=False)


# -- the same clause changing the same way twice ------------------------------------------


def _status(doc: Raw, status: str) -> None:
    _by_id(doc["clauses"], "sanctions")["status"] = status


def _without_monitors(doc: Raw, gone: bool) -> None:
    if gone:
        doc["clauses"].remove(_by_id(doc["clauses"], "monitors"))


def _counter_wording(doc: Raw, text: str | None) -> None:
    if text is not None:
        _by_id(doc["clauses"], "army-cap")["versions"].append({"document": "counter", "text": text})


@pytest.mark.parametrize(
    ("change", "states", "expected"),
    [
        (
            _status,
            ["proposed", "agreed", "proposed", "agreed"],
            [
                f"{SANCTIONS}: status proposed → agreed",
                f"{SANCTIONS}: status agreed → proposed",
                f"{SANCTIONS}: status proposed → agreed",
            ],
        ),
        (
            _without_monitors,
            [False, True, False, True, False],
            [
                f"Clause removed: {MONITORS}",
                "New clause: 3a International monitors (unclear)",
                f"Clause removed: {MONITORS}",
                "New clause: 3a International monitors (unclear)",
            ],
        ),
        (
            _counter_wording,
            [None, "No cap.", "A cap of 800,000.", "No cap."],
            [
                f"{ARMY}: new wording in Southland counter-proposal",
                f"{ARMY}: re-worded in Southland counter-proposal",
                f"{ARMY}: re-worded in Southland counter-proposal",
            ],
        ),
    ],
    ids=["status", "removed-and-added", "wording"],
)
def test_a_clause_that_changes_back_is_recorded_each_time(
    sample_raw, diff, change, states, expected
):
    """A status back to 'agreed', a clause removed again, a wording put back: each is a new
    change in the change log, not taken for the one recorded before (which the analyst may
    have seen long ago)."""
    snapshots = []
    for n, state in enumerate(states):
        doc = copy.deepcopy(sample_raw)
        doc["updated"] = f"2025-11-{24 + n}T09:00:00+00:00"
        change(doc, state)
        snapshots.append(doc)
    log = ChangeLog.for_briefing(paths.user_dirs().data, "sample-accord")
    recorded = []
    for old, new in itertools.pairwise(snapshots):
        recorded += [entry.text for entry in log.record(diff(old, new), new["updated"])]
    assert recorded == expected
