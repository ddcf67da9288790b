"""The bulk checks of the big collections accept exactly what the item-by-item rules accept:
for random broken documents, the problems found are the same whether or not the bulk
checks run first (they only decide whether to go item by item)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from benchmarks.synthetic import generate
from briefing.format import validate as rules
from briefing.format.model import Briefing
from briefing.format.problems import Problems


@pytest.fixture(scope="module")
def valid_doc() -> Briefing:
    return msgspec.json.decode(msgspec.json.encode(generate(30, 200, seed=3)), type=Briefing)


def problems_of(doc: Briefing) -> list[tuple[str, str]]:
    found = Problems(limit=10_000)
    rules.validate(doc, found)
    return [(p.path, p.message) for p in found.items]


def item_by_item(doc: Briefing, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    with monkeypatch.context() as patch:
        for name in ("_clauses_fine", "_positions_fine", "_quotes_fine"):
            patch.setattr(rules, name, lambda *_args: False)
        return problems_of(doc)


def replace_in(items: list[Any], rng: random.Random, change: Callable[[Any], Any]) -> list[Any]:
    at = rng.randrange(len(items))
    return [change(item) if n == at else item for n, item in enumerate(items)]


def mutate(doc: Briefing, rng: random.Random) -> Briefing:
    """One random break of a rule on a clause, a position or a quote."""
    r = msgspec.structs.replace
    kind = rng.randrange(17)
    if kind == 11:  # an empty speaker beside a name
        return r(
            doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, speaker="", speaker_name="X"))
        )
    if kind == 12:  # an empty name beside a speaker
        return r(
            doc,
            quotes=replace_in(doc.quotes, rng, lambda q: r(q, speaker="u0", speaker_name="")),
        )
    if kind == 13:  # a malformed id; then (14) an id given twice
        other = doc.quotes[rng.randrange(len(doc.quotes))].id
        return r(doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, id=other.upper() + " x")))
    if kind == 14:
        other = doc.quotes[0].id
        return r(doc, quotes=[doc.quotes[0], r(doc.quotes[1], id=other), *doc.quotes[2:]])
    if kind == 16:  # a quote by two, given as one string object (the same id and name)
        both = "u0"
        return r(
            doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, speaker=both, speaker_name=both))
        )
    if kind == 0:  # a quote by nobody
        return r(doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, speaker=None)))
    if kind == 1:  # a quote by two
        return r(
            doc,
            quotes=replace_in(doc.quotes, rng, lambda q: r(q, speaker_name="Someone")),
        )
    if kind == 2:
        return r(doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, source="no-such-src")))
    if kind == 3:
        return r(
            doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, clauses=["no-such-clause"]))
        )
    if kind == 4:
        return r(doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, said="2025-02-30")))
    if kind == 5:
        return r(doc, quotes=replace_in(doc.quotes, rng, lambda q: r(q, party="no-such-party")))

    def in_position(change: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda c: r(c, positions=replace_in(c.positions, rng, change))

    if kind == 6:
        change = in_position(lambda p: r(p, party="no-such-party"))
    elif kind == 7:
        change = in_position(lambda p: r(p, as_of="2025-13-01"))
    elif kind == 8:
        change = in_position(lambda p: r(p, quote="no-such-quote", sources=["no-such-src"]))
    elif kind == 15:  # the position's party as its own reporter
        change = in_position(lambda p: r(p, according_to=p.party))
    elif kind == 9:  # two versions for one document
        change = lambda c: r(c, versions=[*c.versions, c.versions[0]])  # noqa: E731
    else:
        change = lambda c: r(c, sources=["no-such-src"])  # noqa: E731
    return r(doc, clauses=replace_in(doc.clauses, rng, change))


def test_a_valid_document_passes_both_ways(valid_doc: Briefing, monkeypatch) -> None:
    assert problems_of(valid_doc) == [] == item_by_item(valid_doc, monkeypatch)


@pytest.mark.parametrize("seed", range(6))
def test_broken_documents_get_the_same_problems_with_or_without_bulk_checks(
    valid_doc: Briefing, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        doc = valid_doc
        for _ in range(rng.randint(1, 3)):
            doc = mutate(doc, rng)
        found = problems_of(doc)
        assert found, "every mutation breaks a rule"
        assert found == item_by_item(doc, monkeypatch)


def test_a_quote_by_nobody_beside_a_quote_by_two_is_found(
    valid_doc: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk check counts the quotes without a speaker and those without a name: one
    quote with neither and one with both keep the count a valid document has."""
    r = msgspec.structs.replace
    by_nobody = r(valid_doc.quotes[0], speaker=None, speaker_name=None)
    by_two = r(valid_doc.quotes[1], speaker="u0", speaker_name="Someone")
    doc = r(valid_doc, quotes=[by_nobody, by_two, *valid_doc.quotes[2:]])
    found = problems_of(doc)
    assert [path for path, _ in found] == ["$.quotes[0]", "$.quotes[1]"]
    assert found == item_by_item(doc, monkeypatch)
