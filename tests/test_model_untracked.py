"""A decoded document gives the cyclic collector nothing to walk once a pass has met it: an
item's own lists are tuples (of strings or of untracked Structs), which the collector stops
tracking, and a party's stance on a clause is an untracked Struct. At 10k clauses / 100k
quotes the lists were 165,000 objects, and the stances 32,000, walked by every full pass
(briefing/format/model.py, briefing/format/collector.py). Their text is cleaned as a list's
was."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import msgspec

from briefing.format.load import load_bytes
from briefing.format.model import Briefing
from briefing.reading.index import BriefingIndex


def item_sequences(doc: Briefing) -> Iterator[tuple[str, Any]]:
    """Every sequence field of every item of `doc`, nested items included, with its path."""

    def walk(value: msgspec.Struct, path: str) -> Iterator[tuple[str, Any]]:
        for name in value.__struct_fields__:
            field = getattr(value, name)
            if isinstance(field, list | tuple):
                yield f"{path}.{name}", field
                for index, item in enumerate(field):
                    if isinstance(item, msgspec.Struct):
                        yield from walk(item, f"{path}.{name}[{index}]")

    for name in doc.__struct_fields__:
        items = getattr(doc, name)
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield from walk(item, f"$.{name}[{index}]")


def test_a_pass_leaves_no_list_of_an_item_tracked(sample_raw: dict[str, Any]) -> None:
    sample_raw["people"][0]["aliases"] = ["A. N. Other"]
    doc = load_bytes(json.dumps(sample_raw).encode())
    sequences = list(item_sequences(doc))
    assert len(sequences) > 40  # versions, positions, sources, members, aliases, clauses…
    assert {path.rsplit(".", 1)[1] for path, _ in sequences} >= {
        "versions",
        "positions",
        "sources",
        "clauses",
        "history",
        "aliases",
    }
    gc.collect()
    assert [path for path, items in sequences if gc.is_tracked(items)] == []


def test_the_stances_are_not_tracked(sample_doc: Briefing) -> None:
    index = BriefingIndex(sample_doc)
    stances = [stand for clause in sample_doc.clauses for stand in index.stands_on(clause)]
    stances += index.overall_stands()
    assert stances
    assert not any(gc.is_tracked(stand) for stand in stances)


def test_text_in_an_items_tuples_is_cleaned(sample_raw: dict[str, Any]) -> None:
    """Control and bidi characters in an alias (a tuple of strings) and in a clause's
    version (a Struct in a tuple) are neutralised, as in any other text."""
    hostile = "\x1b[2J\x1b]0;owned\x07\u202eevil"
    sample_raw["people"][0]["aliases"] = ["Plain", f"Anna {hostile}"]
    sample_raw["clauses"][0]["versions"][0]["text"] = f"Text {hostile}"
    doc = load_bytes(json.dumps(sample_raw).encode())
    aliases = doc.people[0].aliases
    assert isinstance(aliases, tuple) and aliases[0] == "Plain"
    text = doc.clauses[0].versions[0].text
    assert text is not None
    for cleaned in (aliases[1], text):
        assert cleaned.startswith(("Anna ", "Text ")) and "evil" in cleaned
        assert not any(bad in cleaned for bad in ("\x1b", "\x07", "\u202e"))
