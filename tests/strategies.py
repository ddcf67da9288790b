"""Hypothesis strategies: valid `briefing/1` documents, and hostile mutations of them.

`briefings()` draws documents that follow docs/format.md in every rule (ids unique,
every reference resolving, calendar dates, known zones, a speaker for every quote,
deadline histories that start with `set`), with every optional field sometimes
present, and text drawn from all of Unicode plus the characters that have broken
terminal apps before: C0/C1 controls, bidi overrides and isolates, zero-width
joiners, combining marks, wide CJK, emoji sequences, right-to-left scripts and
markup look-alikes. Sizes stay small so that a CI run is quick.

`mutants()` takes such a document and breaks it one way (reliability.md M2, I1-I3):
each result says whether the app *must* reject it, *must* accept it, or may do
either, and for some, which path the error must name. `chaos()` stacks several
mutations and raw byte damage with no expectation; `any_json()` and raw bytes are
the rest of "any input".

The rules are written out here from format.md, not imported from the app, so that a
rule the app gets wrong shows up as a disagreement rather than being copied.
"""

from __future__ import annotations

import calendar
import contextlib
import copy
import json
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from hypothesis import strategies as st

from briefing.format import model

Json = Any
Expect = Literal["reject", "accept", "either"]

# ---------------------------------------------------------------------------------------
# Text

C0 = [chr(c) for c in range(0x20)] + ["\x7f"]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\u2061",
    "\u2064",
    "\ufeff",
    "\ufff9",
    "\ufffb",
]
SEPARATORS = ["\r", "\r\n", "\n", "\t", "\u2028", "\u2029", "\x85"]
COMBINING = ["\u0301", "\u0336", "\u20dd", "\u0489", "e\u0301\u0302\u0303\u0304"]
WIDE = ["漢", "字", "会談", "한국어", "ｆｕｌｌ", "\u3000"]
EMOJI = ["😀", "👩\u200d👩\u200d👧", "🇺🇦", "👍🏽", "🏳\ufe0f\u200d🌈", "\u2764\ufe0f"]
RTL = ["עברית", "العربية", "فارسی", "\u05d0\u05b8", "ܐܪܡܝܐ"]
MARKUP = [
    "[",
    "]",
    "[/]",
    "[b red]",
    "[@click=app.quit]",
    "[link=https://x.example]",
    "$accent",
    "\\",
    "%s",
    "{0}",
]
ESCAPES = [
    "\x1b[2J",
    "\x1b]0;T\x07",
    "\x1b]52;c;SGk=\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x9b31m",
    "\x1bP",
    "\x1b]",
]

FRAGMENTS = [
    *C0,
    *C1,
    *BIDI,
    *INVISIBLE,
    *SEPARATORS,
    *COMBINING,
    *WIDE,
    *EMOJI,
    *RTL,
    *MARKUP,
    *ESCAPES,
]

# Every code point that UTF-8 can carry (not lone surrogates: those are a mutation).
_any_char = st.characters(exclude_categories=["Cs"])
_fragment = st.sampled_from(FRAGMENTS)
_plain = st.text(_any_char, max_size=10)
# One `st.text` draw is far cheaper than a list of pieces: a text is some of it with a
# hostile fragment or two set in, so that each example stays quick to generate.
_texts = st.one_of(
    _plain,
    st.tuples(_plain, _fragment, _plain).map("".join),
    st.tuples(_fragment, _plain, _fragment, _fragment).map("".join),
    st.text(_any_char, min_size=60, max_size=240),
)


def texts() -> st.SearchStrategy[str]:
    """A text field: empty, short or (rarely) long, from every Unicode category."""
    return _texts


_one_char = st.one_of(_any_char, st.sampled_from([f for f in FRAGMENTS if len(f) == 1]))


def short_texts() -> st.SearchStrategy[str]:
    """A party's `short`: at most 6 characters (code points)."""
    return st.text(_one_char, max_size=6)


# ---------------------------------------------------------------------------------------
# Ids and dates

_ID_FIRST = string.ascii_lowercase + string.digits
_ID_REST = _ID_FIRST + "._-"


@st.composite
def ids(draw: st.DrawFn) -> str:
    """`^[a-z0-9][a-z0-9._-]{0,63}$`, mostly short so that collections share some ids."""
    first = draw(st.sampled_from(_ID_FIRST))
    rest = draw(st.one_of(st.text(_ID_REST, max_size=3), st.text(_ID_REST, max_size=63)))
    return first + rest


def id_lists(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ids(), min_size=min_size, max_size=max_size, unique=True)


_years = st.one_of(
    st.just(2025),
    st.integers(2024, 2025),
    st.integers(2024, 2026),
    st.integers(1, 9998),
    st.sampled_from([1, 1970, 9998]),
)


@st.composite
def bare_dates(draw: st.DrawFn) -> str:
    year = draw(_years)
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year:04d}-{month:02d}-{day:02d}"


@st.composite
def date_times(draw: st.DrawFn) -> str:
    """RFC 3339 with an offset: minutes, optional seconds and fraction, Z or ±HH:MM."""
    day = draw(bare_dates())
    clock = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if draw(st.booleans()):
        clock += f":{draw(st.integers(0, 59)):02d}"
        if draw(st.booleans()):
            clock += "." + draw(st.text("0123456789", min_size=1, max_size=12))
    if draw(st.booleans()):
        offset = "Z"
    else:
        sign = draw(st.sampled_from("+-"))
        offset = f"{sign}{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    return f"{day}T{clock}{offset}"


def whens() -> st.SearchStrategy[str]:
    return st.one_of(bare_dates(), date_times())


def moment(value: str) -> datetime:
    """The instant a format date stands for (format.md: a bare date is 00:00 UTC)."""
    if len(value) == 10:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


ZONES = [
    "UTC",
    "Europe/Zurich",
    "Europe/Kyiv",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Chatham",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "America/Argentina/Buenos_Aires",
]


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = "".join(
        draw(st.sampled_from([c, c.upper()])) for c in draw(st.sampled_from(["http", "https"]))
    )
    label = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
    host = ".".join(draw(st.lists(label, min_size=1, max_size=3)))
    port = draw(st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}")))
    # Any non-space character in the path, query and fragment: RTL, emoji, format controls.
    path_char = st.characters(
        exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters="\x1c\x1d\x1e\x1f\x85"
    )
    path = draw(st.text(path_char, max_size=20))
    return f"{scheme}://{host}{port}/{path}"


# ---------------------------------------------------------------------------------------
# Valid documents


def coin(draw: st.DrawFn) -> bool:
    return draw(st.booleans())


def _maybe(
    draw: st.DrawFn, item: dict[str, Json], key: str, strategy: st.SearchStrategy[Json]
) -> None:
    """Set an optional key about half the time."""
    if draw(st.booleans()):
        item[key] = draw(strategy)


def _some(draw: st.DrawFn, pool: list[str], *, min_size: int = 0, max_size: int = 3) -> list[str]:
    if not pool:
        return []
    return draw(st.lists(st.sampled_from(pool), min_size=min_size, max_size=max_size, unique=True))


_unknown_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _unknown(draw: st.DrawFn, item: dict[str, Json]) -> None:
    """Now and then, a key a newer minor version might add: it must be ignored."""
    if draw(st.integers(0, 9)) == 0:
        item["x-" + draw(st.text(string.ascii_lowercase, min_size=1, max_size=6))] = draw(
            _unknown_values
        )


@st.composite
def briefings(draw: st.DrawFn, max_items: int = 3) -> dict[str, Json]:
    """A document that follows format.md in every rule, as plain JSON data."""
    n = max_items
    source_ids = draw(id_lists(0, n))
    party_ids = draw(id_lists(1, n))
    person_ids = draw(id_lists(0, n))
    document_ids = draw(id_lists(1, n))
    clause_ids = draw(id_lists(0, n))
    quote_ids = draw(id_lists(0, n)) if source_ids else []  # a quote needs a source
    deadline_ids = draw(id_lists(0, 2))
    event_ids = draw(id_lists(0, n))

    def sources(min_size: int = 0) -> list[str]:
        return _some(draw, source_ids, min_size=min_size)

    def position() -> dict[str, Json]:
        item = {
            "party": draw(st.sampled_from(party_ids)),
            "stance": draw(st.sampled_from(get_args(model.Stance))),
            "summary": draw(texts()),
            "as_of": draw(whens()),
            "sources": sources(min_size=1),
        }
        if quote_ids:
            _maybe(draw, item, "quote", st.sampled_from(quote_ids))
        _unknown(draw, item)
        return item

    def positions() -> list[dict[str, Json]]:
        if not source_ids:  # a position needs at least one source
            return []
        return [position() for _ in range(draw(st.integers(0, 3)))]

    doc: dict[str, Json] = {
        "format": "briefing/1",
        "id": draw(ids()),
        "title": draw(texts()),
        "updated": draw(date_times()),
    }
    _maybe(draw, doc, "summary", texts())

    parties = []
    for ident in party_ids:
        party: dict[str, Json] = {"id": ident, "name": draw(texts()), "short": draw(short_texts())}
        _maybe(draw, party, "kind", st.sampled_from(get_args(model.PartyKind)))
        others = [p for p in party_ids if p != ident]
        if others:
            _maybe(
                draw, party, "members", st.lists(st.sampled_from(others), max_size=3, unique=True)
            )
        _unknown(draw, party)
        parties.append(party)
    doc["parties"] = parties

    if person_ids or coin(draw):
        people = []
        for ident in person_ids:
            person: dict[str, Json] = {"id": ident, "name": draw(texts())}
            _maybe(draw, person, "role", texts())
            _maybe(draw, person, "party", st.sampled_from(party_ids))
            people.append(person)
        doc["people"] = people

    documents = []
    for ident in document_ids:
        document: dict[str, Json] = {"id": ident, "title": draw(texts()), "date": draw(whens())}
        _maybe(draw, document, "author", st.sampled_from(party_ids))
        _maybe(
            draw,
            document,
            "kind",
            st.sampled_from(get_args(model.DocumentKind)),
        )
        if source_ids:
            _maybe(draw, document, "sources", st.just(sources()))
        documents.append(document)
    doc["documents"] = documents

    clauses = []
    for ident in clause_ids:
        addressed = _some(draw, document_ids, min_size=1, max_size=len(document_ids))
        versions = []
        for document_id in addressed:
            version: dict[str, Json] = {
                "document": document_id,
                "text": draw(st.one_of(st.none(), texts())),
            }
            _maybe(draw, version, "note", texts())
            versions.append(version)
        clause: dict[str, Json] = {
            "id": ident,
            "number": draw(st.one_of(st.integers(0, 99).map(str), st.just("—"), texts())),
            "title": draw(texts()),
            "status": draw(st.sampled_from(get_args(model.Status))),
            "versions": versions,
        }
        _maybe(
            draw,
            clause,
            "topic",
            st.one_of(st.sampled_from(["territory", "security", "energy"]), texts()),
        )
        if source_ids:
            _maybe(draw, clause, "positions", st.just(positions()))
            _maybe(draw, clause, "sources", st.just(sources()))
        _unknown(draw, clause)
        clauses.append(clause)
    doc["clauses"] = clauses

    if source_ids and coin(draw):
        doc["positions"] = positions()

    quotes = []
    for ident in quote_ids:
        quote: dict[str, Json] = {
            "id": ident,
            "text": draw(texts()),
            "said": draw(whens()),
            "source": draw(st.sampled_from(source_ids)),
        }
        if person_ids and coin(draw):
            quote["speaker"] = draw(st.sampled_from(person_ids))
        else:
            quote["speaker_name"] = draw(texts())
        _maybe(draw, quote, "party", st.sampled_from(party_ids))
        if clause_ids:
            _maybe(draw, quote, "clauses", st.just(_some(draw, clause_ids)))
        _maybe(draw, quote, "context", texts())
        quotes.append(quote)
    if quotes or coin(draw):
        doc["quotes"] = quotes

    actors = party_ids + person_ids
    deadlines = []
    for ident in deadline_ids:
        ats = sorted(draw(st.lists(whens(), min_size=1, max_size=4)), key=moment)
        history = []
        for k, at in enumerate(ats):
            kind = "set" if k == 0 else draw(st.sampled_from(get_args(model.ChangeKind)))
            change: dict[str, Json] = {"at": at, "kind": kind}
            if kind in ("set", "moved") or draw(st.booleans()):
                change["due"] = draw(whens())
            _maybe(draw, change, "precision", st.sampled_from(get_args(model.Precision)))
            _maybe(draw, change, "by", st.sampled_from(actors))
            _maybe(draw, change, "note", texts())
            if source_ids:
                _maybe(draw, change, "sources", st.just(sources()))
            history.append(change)
        deadline: dict[str, Json] = {
            "id": ident,
            "label": draw(texts()),
            "tz": draw(st.sampled_from(ZONES)),
            "history": history,
        }
        _maybe(draw, deadline, "set_by", st.sampled_from(actors))
        deadlines.append(deadline)
    if deadlines or coin(draw):
        doc["deadlines"] = deadlines

    events = []
    for ident in event_ids:
        event: dict[str, Json] = {"id": ident, "at": draw(whens()), "title": draw(texts())}
        _maybe(draw, event, "summary", texts())
        _maybe(
            draw,
            event,
            "kind",
            st.sampled_from(get_args(model.EventKind)),
        )
        _maybe(draw, event, "parties", st.just(_some(draw, party_ids)))
        if source_ids:
            _maybe(draw, event, "sources", st.just(sources()))
        events.append(event)
    if events or coin(draw):
        doc["events"] = events

    if source_ids or coin(draw):
        items = []
        for ident in source_ids:
            source: dict[str, Json] = {
                "id": ident,
                "title": draw(texts()),
                "published": draw(whens()),
            }
            _maybe(draw, source, "outlet", texts())
            _maybe(draw, source, "url", urls())
            items.append(source)
        doc["sources"] = items
    _unknown(draw, doc)
    return doc


# ---------------------------------------------------------------------------------------
# Encoding by hand: duplicate keys and raw tokens that `json.dumps` cannot write


@dataclass(frozen=True)
class Raw:
    """Text written into the JSON as it is (NaN, a 5000-digit number, deep nesting)."""

    text: str


@dataclass
class Pairs:
    """An object written with its keys in this order, duplicates included."""

    items: list[tuple[str, Json]]


def encode_text(value: Json, *, ensure_ascii: bool = True, indent: bool = False) -> str:
    sep = ",\n" if indent else ","
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs | dict):
        pairs = value.items if isinstance(value, Pairs) else list(value.items())
        body = sep.join(
            json.dumps(key, ensure_ascii=ensure_ascii)
            + ": "
            + encode_text(item, ensure_ascii=ensure_ascii, indent=indent)
            for key, item in pairs
        )
        return "{" + body + "}"
    if isinstance(value, list):
        return (
            "["
            + sep.join(
                encode_text(item, ensure_ascii=ensure_ascii, indent=indent) for item in value
            )
            + "]"
        )
    return json.dumps(value, ensure_ascii=ensure_ascii)


def encode(value: Json, *, ensure_ascii: bool = True, indent: bool = False) -> bytes:
    """UTF-8 bytes; a lone surrogate left in the text (ensure_ascii off) is written as the
    three bytes CESU would use, which is not UTF-8."""
    return encode_text(value, ensure_ascii=ensure_ascii, indent=indent).encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def valid_bytes(draw: st.DrawFn, max_items: int = 3) -> bytes:
    doc = draw(briefings(max_items))
    return encode(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.booleans()))


# ---------------------------------------------------------------------------------------
# Where things are in a document


@dataclass
class Slot:
    """One value in the tree: its parent, its key or index there, and its JSON path."""

    parent: dict[str, Json] | list[Json]
    key: str | int
    path: str

    @property
    def value(self) -> Json:
        return self.parent[self.key]  # type: ignore[index]

    def set(self, value: Json) -> None:
        self.parent[self.key] = value  # type: ignore[index]


def slots(value: Json, path: str = "$", *, known_only: bool = True) -> Iterator[Slot]:
    """Every value below `value` (skipping the made-up `x-` keys when `known_only`)."""
    if isinstance(value, dict):
        for key in value:
            if known_only and key.startswith("x-"):
                continue
            child = f"{path}.{key}"
            yield Slot(value, key, child)
            yield from slots(value[key], child, known_only=known_only)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            child = f"{path}[{index}]"
            yield Slot(value, index, child)
            yield from slots(item, child, known_only=known_only)


def objects(value: Json) -> list[dict[str, Json]]:
    found: list[dict[str, Json]] = [value] if isinstance(value, dict) else []
    found += [slot.value for slot in slots(value, known_only=False) if isinstance(slot.value, dict)]
    return found


# Reference fields by where they sit, and the collections they may point into.
_REF_FIELDS: dict[str, tuple[str, ...]] = {
    "parties[].members[]": ("parties",),
    "people[].party": ("parties",),
    "documents[].author": ("parties",),
    "documents[].sources[]": ("sources",),
    "clauses[].versions[].document": ("documents",),
    "clauses[].positions[].party": ("parties",),
    "clauses[].positions[].sources[]": ("sources",),
    "clauses[].positions[].quote": ("quotes",),
    "clauses[].sources[]": ("sources",),
    "positions[].party": ("parties",),
    "positions[].sources[]": ("sources",),
    "positions[].quote": ("quotes",),
    "quotes[].speaker": ("people",),
    "quotes[].party": ("parties",),
    "quotes[].source": ("sources",),
    "quotes[].clauses[]": ("clauses",),
    "deadlines[].set_by": ("people", "parties"),
    "deadlines[].history[].by": ("people", "parties"),
    "deadlines[].history[].sources[]": ("sources",),
    "events[].parties[]": ("parties",),
    "events[].sources[]": ("sources",),
}
_DATE_FIELDS = {
    "updated",
    "documents[].date",
    "clauses[].positions[].as_of",
    "positions[].as_of",
    "quotes[].said",
    "deadlines[].history[].at",
    "deadlines[].history[].due",
    "events[].at",
    "sources[].published",
}
_TEXT_FIELDS = {
    "title", "summary", "name", "role", "text", "note", "context", "label", "speaker_name", "outlet", "number", "topic",
}  # fmt: skip


def shape(path: str) -> str:
    """`$.clauses[3].positions[0].party` -> `clauses[].positions[].party`."""
    out, depth = [], 0
    for ch in path[2:]:
        if ch == "[":
            depth += 1
            out.append("[]")
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def ref_slots(doc: Json) -> list[tuple[Slot, tuple[str, ...]]]:
    return [(s, _REF_FIELDS[shape(s.path)]) for s in slots(doc) if shape(s.path) in _REF_FIELDS]


def date_slots(doc: Json) -> list[Slot]:
    return [s for s in slots(doc) if shape(s.path) in _DATE_FIELDS]


def text_slots(doc: Json) -> list[Slot]:
    return [s for s in slots(doc) if isinstance(s.value, str) and str(s.key) in _TEXT_FIELDS]


# ---------------------------------------------------------------------------------------
# Mutations


@dataclass
class Mutant:
    """Bytes to load, what the loader must do with them, and the error path it must name."""

    raw: bytes
    kind: str
    expect: Expect
    path: str | None = None
    notes: list[str] = field(default_factory=list)


BAD_DATES = [
    "2025-02-30",
    "2025-13-01",
    "2025-00-10",
    "2023-02-29",
    "2025-11-23T18:30:00",  # no offset
    "2025-11-23T18:30",
    "2025-11-23 18:30Z",
    "2025-11-23T24:00Z",
    "2025-11-23T18:60Z",
    "2025-11-23T18:30:00+24:00",
    "9999-01-01",
    "0000-01-01",
    "25-11-23",
    "2025-1-2",
    "",
    "٢٠٢٥-١١-٢٣",
    "2025-11-23\n",
    "2025-11-23T18:30:00.Z",
]
BAD_JSON_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "+1",
    "01",
    ".5",
    "1.",
    "0x10",
    "undefined",
    "'x'",
    "True",
    "1e",
    "--1",
]
HUGE_NUMBERS = [
    "9" * 5000,
    "-" + "1" * 5000,
    "1e99999",
    "1" + "0" * 5000 + ".5",
    "0." + "0" * 5000 + "1e-99999",
]
INVALID_UTF8 = [
    b"\xff",
    b"\xfe",
    b"\xc0\x80",
    b"\xc1\xbf",
    b"\xf8\x88\x80\x80\x80",
    b"\xed\xa0\x80",
]
LONE_SURROGATES = ["\ud800", "\udfff", "\udc00x", "a\ud83d", "\ude00b"]
DEEP = 100_000


def _dangling(doc: Json, collections: tuple[str, ...]) -> str:
    taken = {
        item.get("id")
        for name in collections
        for item in doc.get(name, [])
        if isinstance(item, dict)
    }
    ident = "dangling"
    while ident in taken:
        ident += "-x"
    return ident


def _json_values() -> st.SearchStrategy[Json]:
    return st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | _texts,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_plain, inner, max_size=4),
        max_leaves=12,
    )


def any_json() -> st.SearchStrategy[bytes]:
    """Any JSON value at all (M2): mostly not a briefing."""
    return st.builds(
        lambda value, ascii_: encode(value, ensure_ascii=ascii_), _json_values(), st.booleans()
    )


MUTATIONS: dict[str, Callable[[st.DrawFn, dict[str, Json]], Mutant]] = {}


def mutation(
    func: Callable[[st.DrawFn, dict[str, Json]], Mutant],
) -> Callable[[st.DrawFn, dict[str, Json]], Mutant]:
    MUTATIONS[func.__name__] = func
    return func


@mutation
def drop_key(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    obj = draw(st.sampled_from([o for o in objects(doc) if o]))
    key = draw(st.sampled_from(sorted(obj)))
    del obj[key]
    return Mutant(encode(doc), "drop_key", "either", notes=[key])


_REQUIRED: dict[str, set[str]] = {
    "": {"format", "id", "title", "updated", "parties", "documents", "clauses"},
    "parties[]": {"id", "name", "short"},
    "people[]": {"id", "name"},
    "documents[]": {"id", "title", "date"},
    "clauses[]": {"id", "number", "title", "status", "versions"},
    "clauses[].versions[]": {"document", "text"},  # `text` may be null, not missing
    "clauses[].positions[]": {"party", "stance", "summary", "as_of", "sources"},
    "positions[]": {"party", "stance", "summary", "as_of", "sources"},
    "quotes[]": {"id", "text", "said", "source"},
    "deadlines[]": {"id", "label", "tz", "history"},
    "deadlines[].history[]": {"at", "kind"},
    "events[]": {"id", "at", "title"},
    "sources[]": {"id", "title", "published"},
}


def _parent_shape(slot: Slot) -> str:
    return shape(slot.path).rpartition(".")[0]


@mutation
def drop_required_key(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    choices = [
        slot
        for slot in slots(doc)
        if isinstance(slot.parent, dict) and slot.key in _REQUIRED.get(_parent_shape(slot), ())
    ]
    slot = draw(st.sampled_from(choices))
    assert isinstance(slot.parent, dict) and isinstance(slot.key, str)
    del slot.parent[slot.key]
    return Mutant(encode(doc), "drop_required_key", "reject", path=slot.path)


@mutation
def wrong_type(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    slot = draw(st.sampled_from(list(slots(doc))))
    slot.set(draw(_json_values()))
    return Mutant(
        encode(doc, ensure_ascii=draw(st.booleans())), "wrong_type", "either", notes=[slot.path]
    )


@mutation
def text_becomes_number(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    slot = draw(st.sampled_from(text_slots(doc)))
    slot.set(draw(st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=2))))
    return Mutant(encode(doc), "text_becomes_number", "reject", path=slot.path)


@mutation
def dangling_ref(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    found = ref_slots(doc)
    if (
        not found
    ):  # every document has a clause-free path to a ref: give the first document an author
        doc["documents"][0]["author"] = "x"
        found = ref_slots(doc)
    slot, collections = draw(st.sampled_from(found))
    slot.set(_dangling(doc, collections))
    return Mutant(encode(doc), "dangling_ref", "reject", path=slot.path)


@mutation
def bad_date(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    slot = draw(st.sampled_from(date_slots(doc)))
    slot.set(
        draw(st.sampled_from(BAD_DATES + (["2025-11-23"] if slot.path == "$.updated" else [])))
    )
    return Mutant(encode(doc), "bad_date", "reject", path=slot.path)


@mutation
def duplicate_id(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    collections = [
        name
        for name in (
            "parties",
            "documents",
            "clauses",
            "quotes",
            "sources",
            "events",
            "people",
            "deadlines",
        )
        if len(doc.get(name, [])) >= 2
    ]
    if not collections:
        doc["parties"].append(dict(doc["parties"][0]))
        return Mutant(
            encode(doc), "duplicate_id", "reject", path=f"$.parties[{len(doc['parties']) - 1}].id"
        )
    name = draw(st.sampled_from(collections))
    i, j = sorted(
        draw(st.lists(st.integers(0, len(doc[name]) - 1), min_size=2, max_size=2, unique=True))
    )
    doc[name][j]["id"] = doc[name][i]["id"]
    return Mutant(encode(doc), "duplicate_id", "reject", path=f"$.{name}[{j}].id")


@mutation
def bad_id(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    slot = draw(st.sampled_from([s for s in slots(doc) if s.key == "id"]))
    slot.set(
        draw(st.sampled_from(["", "A", "-x", ".x", "a b", "a\n", "é", "x" * 65, "a/b", "a\u200d"]))
    )
    return Mutant(encode(doc), "bad_id", "reject", path=slot.path)


@mutation
def bad_enum(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    enums = {"status", "stance", "kind", "precision"}
    choices = [s for s in slots(doc) if str(s.key) in enums and isinstance(s.parent, dict)]
    if not choices:
        doc["parties"][0]["kind"] = "empire"
        return Mutant(encode(doc), "bad_enum", "reject", path="$.parties[0].kind")
    slot = draw(st.sampled_from(choices))
    slot.set(draw(st.sampled_from(["", "Agreed", "agreed ", "maybe", "SET", "état"])))
    return Mutant(encode(doc), "bad_enum", "reject", path=slot.path)


def _set_in_one(
    draw: st.DrawFn,
    doc: dict[str, Json],
    collection: str,
    field: str,
    values: st.SearchStrategy[str],
    name: str,
    otherwise: Callable[[st.DrawFn, dict[str, Json]], Mutant],
) -> Mutant:
    """Set `field` of one item of `collection` to a drawn (bad) value; a document without
    such items gets the `otherwise` mutation instead."""
    items = doc.get(collection) or []
    if not items:
        return otherwise(draw, doc)
    i = draw(st.integers(0, len(items) - 1))
    items[i][field] = draw(values)
    return Mutant(encode(doc), name, "reject", path=f"$.{collection}[{i}].{field}")


@mutation
def short_too_long(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    texts = st.text(_any_char, min_size=7, max_size=12)
    return _set_in_one(draw, doc, "parties", "short", texts, "short_too_long", truncate)


@mutation
def quote_speakers(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    quotes = doc.get("quotes") or []
    if not quotes:
        return truncate(draw, doc)
    i = draw(st.integers(0, len(quotes) - 1))
    quote = quotes[i]
    quote.pop("speaker", None)
    quote.pop("speaker_name", None)
    if draw(st.booleans()):  # both, with the person id resolving (when there are people)
        people = [p["id"] for p in doc.get("people", [])]
        if people:
            quote["speaker"] = people[0]
            quote["speaker_name"] = "both"
    return Mutant(encode(doc), "quote_speakers", "reject", path=f"$.quotes[{i}]")


@mutation
def history_not_set_first(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    deadlines = doc.get("deadlines") or []
    if not deadlines:
        return bad_date(draw, doc)
    i = draw(st.integers(0, len(deadlines) - 1))
    first = deadlines[i]["history"][0]
    first["kind"] = draw(st.sampled_from([k for k in get_args(model.ChangeKind) if k != "set"]))
    first["due"] = first.get("due", "2025-11-27")
    return Mutant(
        encode(doc), "history_not_set_first", "reject", path=f"$.deadlines[{i}].history[0].kind"
    )


@mutation
def bad_zone(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    zones = st.sampled_from(
        [
            "",
            "Mars/Olympus",
            "../../etc/passwd",
            "/etc/localtime",
            "Europe/",
            "UTC\x00",
            "europe/zurich ",
            "Europe/Zurich/..",
        ]
    )
    return _set_in_one(draw, doc, "deadlines", "tz", zones, "bad_zone", bad_date)


@mutation
def bad_url(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    urls = st.sampled_from(
        [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://x.example/",
            "http://",
            "https:// x.example",
            "http://[::1",
            "data:text/html,x",
            "http://x.example/a b",
            "x.example",
        ]
    )
    return _set_in_one(draw, doc, "sources", "url", urls, "bad_url", dangling_ref)


@mutation
def future_format(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    doc["format"] = draw(
        st.sampled_from(["briefing/2", "briefing/0", "briefing/1.1", "Briefing/1", "", "briefing/"])
    )
    return Mutant(encode(doc), "future_format", "reject", path="$.format")


@mutation
def not_an_object(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    value = draw(
        st.sampled_from(
            ["[]", "null", "true", "1", '"briefing/1"', "[" + encode_text(doc) + "]", "{}"]
        )
    )
    return Mutant(value.encode(), "not_an_object", "reject")


@mutation
def duplicate_key(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    target = draw(st.sampled_from([o for o in objects(doc) if o]))
    pairs = list(target.items())
    key, value = draw(st.sampled_from(pairs))
    copy = draw(st.one_of(st.just(value), _json_values()))  # the same value, or another
    pairs.insert(draw(st.integers(0, len(pairs))), (key, copy))
    # Swap the object for its hand-written twin wherever it sits.
    replacement = Pairs(pairs)
    if target is doc:
        tree: Json = replacement
    else:
        tree = doc
        for slot in slots(doc, known_only=False):
            if slot.value is target:
                slot.set(replacement)
                break
    # With the same value twice the document is otherwise valid: the duplicate is its only fault.
    same = "same value" if copy == value else "other value"
    return Mutant(encode(tree), "duplicate_key", "reject", notes=[key, same])


def _raw_at(draw: st.DrawFn, doc: dict[str, Json], token: str, kind: str, expect: Expect) -> Mutant:
    slot = draw(st.sampled_from(list(slots(doc))))
    slot.set(Raw(token))
    return Mutant(encode(doc), kind, expect, notes=[slot.path])


@mutation
def nan_token(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    return _raw_at(draw, doc, draw(st.sampled_from(BAD_JSON_TOKENS)), "nan_token", "reject")


@mutation
def huge_number(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    # Every known field is text, a list or an object: a number anywhere there is wrong.
    return _raw_at(draw, doc, draw(st.sampled_from(HUGE_NUMBERS)), "huge_number", "reject")


@mutation
def huge_number_unknown_key(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    obj = draw(st.sampled_from(objects(doc)))
    obj["x-big"] = Raw(draw(st.sampled_from(HUGE_NUMBERS)))
    return Mutant(encode(doc), "huge_number_unknown_key", "either")


@mutation
def deep_nesting(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    depth = draw(st.sampled_from([64, 1000, 5000, DEEP]))
    opener = draw(st.sampled_from(["[", '{"a":', '[{"a":']))
    closer = {"[": "]", '{"a":': "}", '[{"a":': "}]"}[opener]
    closed = draw(st.booleans())
    nested = opener * depth + ("1" + closer * depth if closed else "")
    where = draw(st.sampled_from(["whole", "field", "unknown"]))
    if where == "whole":
        return Mutant(nested.encode(), "deep_nesting", "reject")
    if where == "field":
        return _raw_at(draw, doc, nested, "deep_nesting", "reject")
    obj = draw(st.sampled_from(objects(doc)))
    obj["x-deep"] = Raw(nested)
    return Mutant(encode(doc), "deep_nesting", "either" if closed else "reject")


@mutation
def lone_surrogate(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    slot = draw(st.sampled_from(text_slots(doc)))
    at = draw(st.integers(0, len(slot.value)))
    slot.set(slot.value[:at] + draw(st.sampled_from(LONE_SURROGATES)) + slot.value[at:])
    # As a \ud800 escape (valid JSON, not a character), or as raw CESU bytes (not UTF-8).
    if draw(st.booleans()):
        return Mutant(encode(doc, ensure_ascii=True), "lone_surrogate_escape", "either")
    return Mutant(encode(doc, ensure_ascii=False), "lone_surrogate_bytes", "reject")


@mutation
def invalid_utf8(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    raw = encode(doc, ensure_ascii=False)
    at = draw(st.integers(0, len(raw)))
    return Mutant(
        raw[:at] + draw(st.sampled_from(INVALID_UTF8)) + raw[at:], "invalid_utf8", "reject"
    )


@mutation
def bom(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    raw = encode(doc, ensure_ascii=False)
    if draw(st.booleans()):
        return Mutant(b"\xef\xbb\xbf" + raw, "bom", "accept")
    return Mutant(b"\xef\xbb\xbf\xef\xbb\xbf" + raw, "double_bom", "reject")


@mutation
def whitespace(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    """JSON's own whitespace around the document changes nothing."""
    ws = st.text(" \t\r\n", max_size=6)
    raw = draw(ws).encode() + encode(doc, indent=True) + draw(ws).encode()
    return Mutant(raw, "whitespace", "accept")


@mutation
def truncate(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    raw = encode(doc, ensure_ascii=draw(st.booleans()))
    return Mutant(raw[: draw(st.integers(0, len(raw) - 1))], "truncate", "reject")


@mutation
def trailing_junk(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    junk = draw(
        st.one_of(
            st.sampled_from([b"}", b"]", b",", b"x", b"\x00", b"{}", b"null", b'"a"', b"\x1b[2J"]),
            st.binary(min_size=1),
        )
    )
    if junk[:1].isspace() or not junk.strip():
        junk = b"x" + junk
    return Mutant(
        encode(doc) + draw(st.sampled_from([b"", b"\n", b" "])) + junk, "trailing_junk", "reject"
    )


@mutation
def byte_damage(draw: st.DrawFn, doc: dict[str, Json]) -> Mutant:
    raw = bytearray(encode(doc, ensure_ascii=draw(st.booleans())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw) - 1))
        if draw(st.booleans()):
            raw[at] = draw(st.integers(0, 255))
        else:
            raw[at:at] = draw(st.binary(min_size=1, max_size=4))
    return Mutant(bytes(raw), "byte_damage", "either")


@st.composite
def mutants(draw: st.DrawFn, max_items: int = 3) -> Mutant:
    """A valid document broken in one way, with what the loader must do about it."""
    doc = draw(briefings(max_items))
    name = draw(st.sampled_from(sorted(MUTATIONS)))
    mutant = MUTATIONS[name](draw, doc)
    return mutant


@st.composite
def chaos(draw: st.DrawFn, max_items: int = 3) -> bytes:
    """Several mutations on top of each other, then maybe byte damage: no expectation."""
    doc = draw(briefings(max_items))
    tree_level = [
        "drop_key",
        "wrong_type",
        "dangling_ref",
        "bad_date",
        "duplicate_id",
        "bad_id",
        "bad_enum",
        "short_too_long",
        "quote_speakers",
    ]
    raw = encode(doc)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(tree_level))
        # An earlier mutation may have removed what a later one looks for.
        with contextlib.suppress(LookupError, TypeError, AttributeError, AssertionError):
            raw = MUTATIONS[name](draw, doc).raw
    finisher = draw(
        st.sampled_from(
            [
                "none",
                "byte_damage",
                "truncate",
                "bom",
                "lone_surrogate",
                "nan_token",
                "duplicate_key",
            ]
        )
    )
    if finisher != "none":
        with contextlib.suppress(LookupError, TypeError, AttributeError, AssertionError):
            raw = MUTATIONS[finisher](draw, doc).raw
    return raw


# Mutations after which the document may still be accepted: what the app must then show.
MAYBE_ACCEPTED = ["drop_key", "wrong_type", "deep_nesting", "huge_number_unknown_key", "bom"]


@st.composite
def renderable(draw: st.DrawFn, max_items: int = 3) -> tuple[bytes, bytes | None]:
    """A valid document's bytes, and maybe a mutant of it that the loader may accept."""
    doc = draw(briefings(max_items))
    base = encode(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.booleans()))
    kind = draw(st.sampled_from([None, None, *MAYBE_ACCEPTED]))
    if kind is None:
        return base, None
    return base, MUTATIONS[kind](draw, copy.deepcopy(doc)).raw
