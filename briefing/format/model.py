"""The `briefing/1` document format as typed structures.

These Structs are the single definition of the format's shape: msgspec
decodes feeds straight into them, `briefing.format.structure` walks them to list
every structural problem, and `briefing.format.schema` derives the JSON Schema from
them. Rules a type cannot express (references, uniqueness, calendar dates,
time zones, deadline history) live in `briefing.format.validate`.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

import msgspec

FORMAT: Final = "briefing/1"

ID_PATTERN: Final = r"^[a-z0-9][a-z0-9._-]{0,63}$"
DATETIME_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
WHEN_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$"
)
URL_PATTERN: Final = r"^[hH][tT][tT][pP][sS]?://[^\s]+$"


# The syntax of ids, dates and URLs is published in the JSON Schema but checked by
# `briefing.format.validate`, not by the decoder: a regex per string would triple the decode
# time of a large feed, and validation has to look at every id and date anyway.
def _syntax(pattern: str, description: str) -> msgspec.Meta:
    return msgspec.Meta(description=description, extra_json_schema={"pattern": pattern})


Id = Annotated[str, _syntax(ID_PATTERN, "an id")]
Ref = Annotated[str, _syntax(ID_PATTERN, "a reference to an id")]
When = Annotated[
    str, _syntax(WHEN_PATTERN, "a date YYYY-MM-DD or an RFC 3339 date-time with offset")
]
Instant = Annotated[str, _syntax(DATETIME_PATTERN, "an RFC 3339 date-time with offset")]
Url = Annotated[str, _syntax(URL_PATTERN, "an http or https URL")]
Short = Annotated[str, msgspec.Meta(max_length=6, description="at most 6 characters")]

PartyKind = Literal["state", "bloc", "organisation", "group"]
DocumentKind = Literal["draft", "proposal", "counter-proposal", "framework", "agreement"]
Status = Literal["proposed", "contested", "agreed", "dropped", "unclear"]
Stance = Literal[
    "proposes",
    "supports",
    "accepts",
    "conditional",
    "unclear",
    "concerned",
    "opposes",
    "rejects",
]
ChangeKind = Literal["set", "moved", "softened", "firmed", "met", "lapsed", "withdrawn"]
Precision = Literal["exact", "day"]
EventKind = Literal["meeting", "statement", "proposal", "deadline", "other"]

STATUSES: Final[tuple[Status, ...]] = ("proposed", "contested", "agreed", "dropped", "unclear")
STANCES: Final[tuple[Stance, ...]] = (
    "proposes",
    "supports",
    "accepts",
    "conditional",
    "unclear",
    "concerned",
    "opposes",
    "rejects",
)


class _Struct(msgspec.Struct, kw_only=True, omit_defaults=True, gc=False):
    """Common options: keyword construction, compact encoding, no GC tracking (trees only).

    An item's own lists are tuples: the cyclic collector stops tracking a tuple of strings
    or of these Structs the first time a pass meets it (usually a young pass just after
    the load), where each list (165,000 at 10k clauses / 100k quotes) was walked by every
    full pass. The document's top-level collections stay lists (a few, and built item by
    item on the slow path)."""


class Party(_Struct, kw_only=True):
    id: Id
    name: str
    short: Short
    kind: PartyKind | None = None
    members: tuple[Ref, ...] = ()


class Person(_Struct, kw_only=True):
    id: Id
    name: str
    role: str | None = None
    party: Ref | None = None
    aliases: tuple[str, ...] = ()
    """[1.2] Other spellings of the name in the sources (searched, never cited)."""
    note: str | None = None
    """[1.2] An editorial note about the person (shown beside them, never in a citation)."""


class Document(_Struct, kw_only=True):
    id: Id
    title: str
    date: When
    author: Ref | None = None
    kind: DocumentKind | None = None
    sources: tuple[Ref, ...] = ()


class Version(_Struct, kw_only=True):
    document: Ref
    text: str | None
    note: str | None = None


class Position(_Struct, kw_only=True):
    party: Ref
    stance: Stance
    summary: str
    as_of: When
    sources: Annotated[tuple[Ref, ...], msgspec.Meta(min_length=1)]
    quote: Ref | None = None
    according_to: Ref | None = None
    """[1.2] The party whose account of `party`'s stance this is (not `party` itself)."""


NO_NUMBER = frozenset({"", "—", "–", "-"})
"""Clause numbers that say the sources give the clause no number."""


class Clause(_Struct, kw_only=True):
    id: Id
    number: str
    title: str
    topic: str | None = None
    status: Status
    versions: Annotated[tuple[Version, ...], msgspec.Meta(min_length=1)]
    positions: tuple[Position, ...] = ()
    sources: tuple[Ref, ...] = ()

    @property
    def has_number(self) -> bool:
        """False where the data gives no number (the reports name no points: "—")."""
        return self.number.strip() not in NO_NUMBER

    @property
    def label(self) -> str:
        """The clause as a reader names it: "7 Sanctions lifted", or the title alone."""
        return f"{self.number} {self.title}" if self.has_number else self.title


class Quote(_Struct, kw_only=True):
    id: Id
    text: str
    speaker: Ref | None = None
    speaker_name: str | None = None
    party: Ref | None = None
    said: When
    source: Ref
    clauses: tuple[Ref, ...] = ()
    context: str | None = None


class Change(_Struct, kw_only=True):
    at: When
    kind: ChangeKind
    by: Ref | None = None
    due: When | None = None
    precision: Precision | None = None
    note: str | None = None
    sources: tuple[Ref, ...] = ()


class Deadline(_Struct, kw_only=True):
    id: Id
    label: str
    set_by: Ref | None = None
    tz: str
    tz_assumed: bool = False
    """[1.2] True when no source gives the time zone and `tz` is the publisher's assumption."""
    history: Annotated[tuple[Change, ...], msgspec.Meta(min_length=1)]


class Event(_Struct, kw_only=True):
    id: Id
    at: When
    title: str
    summary: str | None = None
    kind: EventKind | None = None
    parties: tuple[Ref, ...] = ()
    sources: tuple[Ref, ...] = ()


class Source(_Struct, kw_only=True):
    id: Id
    title: str
    outlet: str | None = None
    url: Url | None = None
    published: When


class Briefing(_Struct, kw_only=True):
    format: Literal["briefing/1"]
    id: Id
    title: str
    updated: Instant
    summary: str | None = None
    parties: Annotated[list[Party], msgspec.Meta(min_length=1)]
    people: list[Person] = []
    documents: Annotated[list[Document], msgspec.Meta(min_length=1)]
    clauses: list[Clause]
    positions: list[Position] = []
    quotes: list[Quote] = []
    deadlines: list[Deadline] = []
    events: list[Event] = []
    sources: list[Source] = []
