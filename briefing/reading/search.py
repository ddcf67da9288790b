"""Search over everything an analyst names in a briefing.

Every clause (number, title, topic, wordings), position (party, stance, summary), quote
(text, speaker, their other spellings and role, context), party (name, code, id), person
(name, aliases, role, note), event, document, deadline and source (title, outlet, id)
is one *entry* of named *fields*; so is the briefing's summary. The analyst's notes are
searched apart (they change as the analyst writes; there are few).

A query matches an entry when it is a case-insensitive substring of one of its fields,
digits grouped or not: `600,000`, `600 000` and `600000` are one number (a comma, point,
space or apostrophe between a digit and a group of exactly three digits is dropped, in the
text and in the query alike).

Finding the hits is not a scan. `SearchIndex` is built once per snapshot (in a worker):
every entry's fields, case-folded and with digits ungrouped, are cut into *words* (runs
of letters, digits and any non-ASCII character); each word has the set of entries it
occurs in, and every one- and two-character string has the set of entries whose words
contain it. Sets are Python integers used as bit sets (bit n: entry n), so combining
them and counting their members run in C over a few kilobytes. A query of one word is
answered exactly by those sets; a longer one is narrowed by them and then checked on the
few entries left. Results are kept, so retyping and backspace cost nothing.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from array import array
from bisect import bisect_right
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains
from typing import Literal

from briefing.format.collector import collector_paused
from briefing.format.model import Clause, Position
from briefing.reading.index import BriefingIndex

Kind = Literal[
    "party",
    "person",
    "clause",
    "position",
    "quote",
    "event",
    "document",
    "deadline",
    "source",
    "summary",
    "note",
]

Goes = Literal["clause", "quote", "overview", "matrix"]
"""Where Enter on a hit goes: a clause page, a quote, the overview at an item, the matrix
at a party's column."""

KIND_WORD: dict[Kind, str] = {
    "party": "party",
    "person": "person",
    "clause": "clause",
    "position": "position",
    "quote": "quote",
    "event": "event",
    "document": "document",
    "deadline": "deadline",
    "source": "source",
    "summary": "summary",
    "note": "your note",
}

KEEP = 64
"""Recent queries whose results are kept (backspace, retyping)."""

_FIELD = "\x1f"
_ENTRY = "\x1e"
_GROUPED_TEXT = re.compile(r"([0-9])[,. '\u00a0\u2009\u202f\u2019](?=[0-9]{3}(?![0-9]))")
_GROUPED_BYTES = re.compile(
    rb"([0-9])(?:[,. ']|\xc2\xa0|\xe2\x80[\x89\xaf\x99])(?=[0-9]{3}(?![0-9]))"
)
"""A comma, point, space (plain, no-break, thin) or apostrophe between a digit and a group
of exactly three digits: dropped, in the text (as characters and as UTF-8) and the query."""
_GROUP_SHAPE = bytes(
    0x30 if 0x30 <= c <= 0x39 else 0x2C if c in b",. '\xc2\xa0\xe2\x80\x89\xaf\x99" else 0x78
    for c in range(256)
)
"""Bytes as the shape `_GROUPED_BYTES` looks for: a digit '0', a byte of a separator ',',
anything else 'x'. Each of its matches is a '0', one to three ','s and '000' in it."""
_GROUP_SHAPES = (b"0,000", b"0,,000", b"0,,,000")


def _join_groups(raw: bytes) -> bytes:
    """`raw` with `_GROUPED_BYTES`' separators dropped. The regex tries every byte (~6 ns
    each: ~280 ms for 100k quotes' 47 MB), so it runs only on bytes whose shape may hold a
    match (a translation and three substring searches: ~1 ns a byte). The index asks this
    of a batch of entries at a time: a batch with any such shape (a grouped number, but
    also "2024, 2025" or "3.1415") has the regex run over all of it."""
    shape = raw.translate(_GROUP_SHAPE)
    if any(found in shape for found in _GROUP_SHAPES):
        return _GROUPED_BYTES.sub(rb"\1", raw)
    return raw


_GROUP_BEGUN = re.compile(r"([0-9])[,. '\u00a0\u2009\u202f\u2019]([0-9]{0,2})$")
"""A query that ends in the first digits of a group ('600,0'): the group is being typed."""
_CUT = bytes(c if chr(c).isalnum() or c >= 0x80 else 0x20 for c in range(256))
"""Cuts UTF-8 text into words: every ASCII byte that is not a letter or digit is a space
(non-ASCII characters stay inside words, so a word holds every run of letters)."""
_DENSE = 32
"""A word in more than one entry in `_DENSE` keeps its entries as a bit set, else as a list."""


def fold(text: str) -> str:
    """`text` as it is searched: lower-cased, digit groups joined ('600 000' → '600000')."""
    return _GROUPED_TEXT.sub(r"\1", text.lower())


def fold_query(query: str) -> str:
    """A query as it is looked for: folded, and a digit group being typed ('600,0') joined
    to the digits before it, so the hits do not vanish while the number is typed."""
    return _GROUP_BEGUN.sub(r"\1\2", fold(query))


def _folded_map(text: str) -> tuple[str, Sequence[int]]:
    """`fold(text)`, and for each of its characters the index of the character of `text`
    it comes from."""
    lowered = text.lower()
    if len(lowered) == len(text) and not _GROUPED_TEXT.search(lowered):
        return lowered, range(len(text))
    chars: list[str] = []
    origin: list[int] = []
    for at, char in enumerate(text):
        lower = char.lower()
        chars.append(lower)
        origin.extend(repeat(at, len(lower)))
    lowered = "".join(chars)
    keep = [True] * len(lowered)
    for match in _GROUPED_TEXT.finditer(lowered):
        keep[match.start() + 1] = False
    folded = "".join(compress(lowered, keep))
    return folded, list(compress(origin, keep))


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    ident: str
    """The id of the item (a clause, quote, party…; a note's key; 'summary')."""
    label: str
    """What the result list shows first: a clause's title, a speaker, a party's name…"""
    fields: tuple[tuple[str, str], ...]
    """(field name, text) searched, in order."""
    goes: Goes
    """Where Enter goes."""
    to: str
    """The clause, quote or party to open, or the overview's anchor ('event:ID'…)."""
    quote_id: str | None = None
    """A quote to show on the clause page opened (a note on a quote)."""

    @property
    def clause_id(self) -> str | None:
        """The clause a hit opens, when it opens one."""
        return self.to if self.goes == "clause" else None


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    field: str
    """The name of the field the query matched ('title', 'speaker', 'summary'…)."""
    text: str
    """That field's text, as in the briefing."""
    start: int
    end: int
    """Where the match is in `text` (characters)."""

    @property
    def where(self) -> str:
        """Where it matched, in words: 'event title', 'person alias', 'your note'."""
        kind = KIND_WORD[self.entry.kind]
        return kind if self.field == self.entry.kind else f"{kind} {self.field}"

    def excerpt(self, width: int) -> tuple[str, int, int]:
        """About `width` characters of the field around the match, on one line, cut at
        word boundaries ('…' where cut); and where the match is within it (start, end)."""
        return excerpt(self.text, self.start, self.end, width)


def excerpt(text: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """A one-line window of `text` of at most `width` characters holding [start, end) (as
    much of it as fits), starting and ending at word boundaries where it is cut."""
    flat = " ".join(text.split("\n"))
    if len(flat) <= width:
        return flat, start, end
    width = max(width, 4)
    room = width - min(end - start, width - 2)
    lead = max(0, start - room // 3)
    if lead > 0:
        # Start at a word: the first space after `lead` (not past the match).
        space = flat.find(" ", lead - 1, start)
        lead = space + 1 if space >= 0 else lead
    prefix = "…" if lead > 0 else ""
    stop = lead + width - len(prefix)
    if stop >= len(flat):
        body = flat[lead:]
        suffix = ""
    else:
        stop -= 1  # room for the closing '…'
        space = flat.rfind(" ", max(end, lead + 1), stop + 1)
        stop = space if space > end else stop
        body = flat[lead:stop].rstrip()
        suffix = "…"
    shown = prefix + body + suffix
    at = len(prefix) + start - lead
    return shown, at, min(at + end - start, len(prefix) + len(body))


# -- what is searched ----------------------------------------------------------------------


class _Section:
    """The entries of one kind: `count` of them, the n-th made by `make(n)`; `texts(n)`, when
    given, is the texts of its fields alone, without the entry (the index reads every
    entry's texts once, and a hundred thousand quotes' entries made for it were ~40% of
    its texts' time: each of them is made again only when it is a hit shown)."""

    __slots__ = ("count", "kind", "make", "texts")

    def __init__(
        self,
        kind: Kind,
        count: int,
        make: Callable[[int], Entry],
        texts: Callable[[int], list[str]] | None = None,
    ) -> None:
        self.kind, self.count, self.make = kind, count, make
        self.texts = texts or (lambda n: [text for _name, text in make(n).fields])


_POSITION_FIELDS = ("stance", "summary", "party code", "account")
"""A position's fields, the last only for another party's account of it."""


def _sections(index: BriefingIndex) -> list[_Section]:
    doc = index.doc
    parties = index.parties

    def party_name(ident: str | None) -> str:
        party = parties.get(ident) if ident else None
        return party.name if party is not None else (ident or "")

    def summary(_: int) -> Entry:
        return Entry(
            "summary",
            "summary",
            doc.title,
            (("summary", doc.summary or ""),),
            "overview",
            "summary",
        )

    def party(n: int) -> Entry:
        p = doc.parties[n]
        fields = (("name", p.name), ("code", p.short), ("id", p.id))
        return Entry("party", p.id, p.name, fields, "matrix", p.id)

    def person(n: int) -> Entry:
        p = doc.people[n]
        fields = [("name", p.name), *(("alias", a) for a in p.aliases)]
        fields += [("role", p.role or ""), ("note", p.note or ""), ("party", party_name(p.party))]
        return Entry("person", p.id, p.name, tuple(fields), "overview", f"person:{p.id}")

    def clause(n: int) -> Entry:
        c = doc.clauses[n]
        fields = [("title", c.title), ("topic", c.topic or "")]
        if c.has_number:
            fields.insert(0, ("number", c.number))
        fields += [("wording", v.text) for v in c.versions if v.text]
        fields += [("wording note", v.note) for v in c.versions if v.note]
        return Entry("clause", c.id, f"clause {clause_number(c, n)}", tuple(fields), "clause", c.id)

    positions: list[tuple[Clause | None, Position]] = [(None, p) for p in doc.positions]
    positions += [(c, p) for c in doc.clauses for p in c.positions]

    def position_texts(n: int) -> list[str]:
        p = positions[n][1]
        texts = [
            f"{party_name(p.party)} {p.stance}",
            p.summary,
            parties[p.party].short if p.party in parties else "",
        ]
        account = index.account(p)
        if account:
            texts.append(account)
        return texts

    def position(n: int) -> Entry:
        about, p = positions[n]
        code = parties[p.party].short if p.party in parties else p.party
        fields = tuple(zip(_POSITION_FIELDS, position_texts(n), strict=False))
        if about is None:
            return Entry(
                "position",
                f"overall:{n}",
                f"{code} on the whole text",
                fields,
                "overview",
                "stands",
            )
        return Entry(
            "position",
            f"{about.id}:{n}",
            f"{code} on {about.title}",
            fields,
            "clause",
            about.id,
        )

    def quote_texts(n: int) -> list[str]:
        q = doc.quotes[n]
        name, role, _party = index.speaker(q)
        person_ = index.speaker_person(q)
        aliases = person_.aliases if person_ else ()
        return [q.text, name, *aliases, role or "", q.context or ""]

    def quote(n: int) -> Entry:
        q = doc.quotes[n]
        texts = quote_texts(n)
        names = ("text", "speaker", *("speaker alias",) * (len(texts) - 4), "speaker role")
        fields = (*zip(names, texts, strict=False), ("context", texts[-1]))
        return Entry("quote", q.id, texts[1], fields, "quote", q.id)

    def event(n: int) -> Entry:
        e = doc.events[n]
        fields = (("title", e.title), ("summary", e.summary or ""))
        return Entry("event", e.id, e.title, fields, "overview", f"event:{e.id}")

    def document(n: int) -> Entry:
        d = doc.documents[n]
        fields = (("title", d.title), ("id", d.id), ("kind", d.kind or ""))
        return Entry("document", d.id, d.title, fields, "overview", f"document:{d.id}")

    def deadline(n: int) -> Entry:
        d = doc.deadlines[n]
        fields = [("label", d.label), *(("change note", c.note) for c in d.history if c.note)]
        return Entry("deadline", d.id, d.label, tuple(fields), "overview", f"deadline:{d.id}")

    def source(n: int) -> Entry:
        s = doc.sources[n]
        fields = (
            ("title", s.title),
            ("outlet", s.outlet or ""),
            ("id", s.id),
            ("url", s.url or ""),
        )
        return Entry("source", s.id, s.outlet or s.title, fields, "overview", f"source:{s.id}")

    return [
        _Section("party", len(doc.parties), party),
        _Section("person", len(doc.people), person),
        _Section("clause", len(doc.clauses), clause),
        _Section("position", len(positions), position, position_texts),
        _Section("quote", len(doc.quotes), quote, quote_texts),
        _Section("event", len(doc.events), event),
        _Section("document", len(doc.documents), document),
        _Section("deadline", len(doc.deadlines), deadline),
        _Section("source", len(doc.sources), source),
        _Section("summary", 1 if doc.summary else 0, summary),
    ]


def clause_number(clause: Clause, position: int) -> str:
    """The clause's number, or its place in the list (from 1) when the data gives none."""
    return clause.number.strip() if clause.has_number else str(position + 1)


def note_entry(index: BriefingIndex, key: str, text: str) -> Entry | None:
    """The entry of one of the analyst's notes (None: about nothing in this view)."""
    about, _, ident = key.partition(":")
    fields = (("note", text),)
    if about == "clause" and ident in index.clauses:
        return Entry("note", key, index.clauses[ident].title, fields, "clause", ident)
    quotes = index.quotes
    if about == "quote" and ident in quotes:
        name = index.speaker(quotes[ident])[0]
        clauses = quotes[ident].clauses
        if clauses and clauses[0] in index.clauses:
            return Entry("note", key, name, fields, "clause", clauses[0], quote_id=ident)
        return Entry("note", key, name, fields, "quote", ident)
    return None


def find_in(entry: Entry, needle: str) -> Hit | None:
    """Where in `entry` the folded query `needle` is (the first field that holds it)."""
    for name, text in entry.fields:
        if not text:
            continue
        folded, origin = _folded_map(text)
        at = folded.find(needle)
        if at >= 0:
            start = origin[at]
            end = origin[at + len(needle) - 1] + 1 if needle else start
            return Hit(entry, name, text, start, end)
    return None


# -- bit sets --------------------------------------------------------------------------------

_ONE = bytes.maketrans(b"01", b"\x00\x01")


_BIT = bytes(1 << n for n in range(8))


_SHIFTED = 16
"""Up to this many numbers, a bit set is made by or-ing `1 << n` for each, without a
buffer of the whole set's length and its conversion to an int (most of an index's words
are in one entry or a few; ~40% of the time to build the sets at 100k quotes)."""


def _bits_of(numbers: Iterable[int], size: int) -> int:
    """The bit set of `numbers` (each below `size`)."""
    if isinstance(numbers, (list, array)):
        if len(numbers) <= _SHIFTED:
            bits = 0
            for n in numbers:
                bits |= 1 << n
            return bits
        if len(numbers) < size >> 6:
            raw = bytearray((size >> 3) + 1)  # few: set bit by bit
            bit = _BIT
            for n in numbers:
                raw[n >> 3] |= bit[n & 7]
            return int.from_bytes(raw, "little")
    flags = bytearray(b"0") * size
    deque(map(flags.__setitem__, numbers, repeat(0x31)), maxlen=0)
    flags.reverse()
    return int(flags, 2) if size else 0


def _members(bits: int, start: int = 0) -> list[int]:
    """The numbers in bit set `bits`, ascending (from `start` on)."""
    bits >>= start
    if not bits:
        return []
    flags = format(bits, "b").encode("ascii")[::-1].translate(_ONE)
    return list(compress(range(start, start + len(flags)), flags))


# -- results --------------------------------------------------------------------------------


class Results(Sequence[Hit]):
    """The hits of one query: the analyst's notes first, then the briefing's entries in
    order. Every hit is known at once: `len()` is the final count."""

    done = True

    def __init__(
        self, index: SearchIndex, needle: str, bits: int, notes: Sequence[Entry] = ()
    ) -> None:
        self._index = index
        self.needle = needle
        self.bits = bits
        self.notes = list(notes)
        self._count = bits.bit_count()
        self._hits: dict[int, Hit] = {}
        """Hits made so far (a row is drawn again on every cursor move)."""
        self._listed: list[int] = []
        self._looked = 0
        """Entry numbers below this are listed in `_listed`."""

    def __len__(self) -> int:
        return len(self.notes) + self._count

    def number(self, position: int) -> int:
        """The entry number of the `position`-th hit after the notes."""
        bits = self.bits
        while len(self._listed) <= position and self._looked < bits.bit_length():
            span = max(4096, self._looked)  # the first screenful first, then doubling
            part = (bits >> self._looked) & ((1 << span) - 1)
            self._listed += _members(part << self._looked, self._looked)
            self._looked += span
        return self._listed[position]

    def __getitem__(self, position: int) -> Hit:  # type: ignore[override]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        made = self._hits.get(position)
        if made is not None:
            return made
        if position < len(self.notes):
            entry = self.notes[position]
        else:
            entry = self._index.entry(self.number(position - len(self.notes)))
        hit = find_in(entry, self.needle)
        if hit is None:  # not expected: the index and the fields agree
            hit = Hit(entry, entry.fields[0][0], entry.fields[0][1], 0, 0)
        if len(self._hits) > 4096:
            self._hits.clear()
        self._hits[position] = hit
        return hit

    def __iter__(self) -> Iterator[Hit]:
        return (self[n] for n in range(len(self)))

    def counts(self) -> dict[Kind, int]:
        """How many hits of each kind (kinds with none left out), in list order."""
        found: dict[Kind, int] = {}
        if self.notes:
            found["note"] = len(self.notes)
        for kind, mask in self._index.masks:
            count = (self.bits & mask).bit_count()
            if count:
                found[kind] = found.get(kind, 0) + count
        return found


# -- the index ---------------------------------------------------------------------------------


_BATCH = 256
"""Entries handled between two chances for other threads to run, while the index is built:
a batch's lowercasing, encoding and regex run in C holding the interpreter throughout
(~1 ms for 256 entries at 100k quotes; 2,048 held a key's drawing up for ~10 ms)."""


def no_pause() -> None:
    """No pause: an index built where nothing waits for the thread it runs in."""
    return None


class Abandoned(Exception):
    """Raised by a `GiveWay` whose `stop` is set: the work in the worker thread is no longer
    wanted (the app is closing), and ends at its next give-way with nothing half-kept."""


class GiveWay:
    """Called often by work running in a worker thread: while the main thread (the app's)
    is busy, rather than waiting for input, the worker sleeps up to `pause` seconds each
    `every` seconds, so a key pressed meanwhile is drawn uncontended instead of in 5 ms turns
    with the worker. `hurry` set (someone waits for the work): no pauses. `stop` set
    (nobody will use the work: the app is closing): the next call raises `Abandoned`, so
    a process that is quitting is not held for the seconds a 100,000-quote index takes.

    Used as a context manager around the work, it also shortens the interpreter's switch
    interval (5 ms by default) to `switch` seconds meanwhile: a key arriving while the worker
    runs has the interpreter within that, rather than after up to 5 ms, before the worker
    notices it and sleeps."""

    def __init__(
        self,
        hurry: threading.Event | None = None,
        *,
        every: float = 0.002,
        pause: float = 0.050,
        sleep: Callable[[float], None] = time.sleep,
        switch: float = 0.0005,
        stop: threading.Event | None = None,
    ) -> None:
        self.hurry = hurry or threading.Event()
        self.stop = stop
        self.sleep = sleep
        self.every = every
        self.pause = pause
        self._main = threading.main_thread().ident
        self._last = time.perf_counter()
        self.switch = switch
        self._switch_before: float | None = None

    def __enter__(self) -> GiveWay:
        self._switch_before = sys.getswitchinterval()
        sys.setswitchinterval(min(self.switch, self._switch_before))
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._switch_before is not None:
            sys.setswitchinterval(self._switch_before)
            self._switch_before = None

    def __call__(self) -> None:
        now = time.perf_counter()
        if now - self._last < self.every:
            return
        stop = self.stop
        if stop is not None and stop.is_set():
            raise Abandoned
        until = now + self.pause
        while not self.hurry.is_set() and self._main_busy() and time.perf_counter() < until:
            if stop is not None and stop.is_set():
                raise Abandoned
            self.sleep(0.005)
        self._last = time.perf_counter()

    def _main_busy(self) -> bool:
        """Whether the main thread runs Python code rather than waiting in its event loop's
        selector (for input, a timer or a worker)."""
        if self._main is None or threading.get_ident() == self._main:
            return False  # built in the main thread itself: nothing to give way to
        frame = sys._current_frames().get(self._main)
        return frame is not None and not frame.f_code.co_filename.endswith("selectors.py")


class SearchIndex:
    """The words of every entry of one snapshot, and for each the entries holding it."""

    def __init__(self, index: BriefingIndex, *, give_way: Callable[[], None] = no_pause) -> None:
        """`give_way` is called often while the index is built (in a worker thread: a
        `GiveWay`)."""
        self._index = index
        self._sections = _sections(index)
        self._starts: list[int] = []
        total = 0
        for section in self._sections:
            self._starts.append(total)
            total += section.count
        self.size = total
        self.masks: list[tuple[Kind, int]] = []
        for start, section in zip(self._starts, self._sections, strict=True):
            if section.count:
                self.masks.append((section.kind, ((1 << section.count) - 1) << start))
        self.everything = (1 << total) - 1
        with collector_paused():  # many lists and sets, no cycles (format/collector.py)
            self.haystacks: list[bytes] = self._haystacks(give_way)
            self._build_words(give_way)
        self._kept: OrderedDict[tuple[str, object], int] = OrderedDict()
        self._term_bits: dict[str, int] = {}

    def __len__(self) -> int:
        return self.size

    @property
    def index(self) -> BriefingIndex:
        """The snapshot's index this search was built from."""
        return self._index

    def entry(self, number: int) -> Entry:
        at = bisect_right(self._starts, number) - 1
        while self._sections[at].count == 0:  # empty sections share a start
            at += 1
        return self._sections[at].make(number - self._starts[at])

    def _haystacks(self, give_way: Callable[[], None]) -> list[bytes]:
        """Each entry's fields, lowercased, as UTF-8 with digit groups joined: built a batch
        of entries at a time, so that no single step holds the interpreter long (a hundred
        thousand quotes are some 40 MB of text) and at most a batch is copied at once."""
        haystacks: list[bytes] = []
        entry = _ENTRY.encode()
        clean = str.maketrans({_FIELD: " ", _ENTRY: " "})
        batch: list[list[str]] = []

        def flush() -> None:
            joined = _ENTRY.join([_FIELD.join(fields) for fields in batch])
            separators = sum(len(fields) - 1 for fields in batch)
            if joined.count(_ENTRY) != len(batch) - 1 or joined.count(_FIELD) != separators:
                # Feed text holding our separators (control characters): blanked out first.
                joined = _ENTRY.join(
                    [_FIELD.join([text.translate(clean) for text in fields]) for fields in batch]
                )
            raw = _join_groups(joined.lower().encode("utf-8", "surrogatepass"))
            haystacks.extend(raw.split(entry))
            batch.clear()
            give_way()

        for section in self._sections:
            texts = section.texts
            for n in range(section.count):
                batch.append(texts(n))
                if len(batch) == _BATCH:
                    flush()
        if batch:
            flush()
        return haystacks

    def _build_words(self, give_way: Callable[[], None]) -> None:
        size = self.size
        postings: defaultdict[bytes, list[int]] = defaultdict(list)
        cut = _CUT
        for number, haystack in enumerate(self.haystacks):
            for found in set(haystack.translate(cut).split()):
                postings[found].append(number)
            if not number % _BATCH:
                give_way()
        dense_at = max(8, size // _DENSE)
        words: dict[str, int | array[int]] = {}
        singles: dict[str, int] = {}
        pairs: dict[str, int] = {}
        pair_words: defaultdict[str, list[str]] = defaultdict(list)
        for count, (raw, numbers) in enumerate(postings.items()):
            if not count % 256:
                give_way()
            word = raw.decode("utf-8", "replace")
            bits = _bits_of(numbers, size)
            words[word] = bits if len(numbers) > dense_at else array("I", numbers)
            for char in set(word):
                singles[char] = singles.get(char, 0) | bits
            for pair in {word[i : i + 2] for i in range(len(word) - 1)}:
                pairs[pair] = pairs.get(pair, 0) | bits
                pair_words[pair].append(word)
        self._words = words
        self._singles = singles
        self._pairs = pairs
        self._pair_words = dict(pair_words)

    # -- looking up ---------------------------------------------------------------------------

    def _bits_of_term(self, term: str) -> int:
        """The entries with a word containing `term` (a run of word characters)."""
        if len(term) == 1:
            return self._singles.get(term, 0)
        if len(term) == 2:
            return self._pairs.get(term, 0)
        found = self._term_bits.get(term)
        if found is not None:
            return found
        pairs = [term[i : i + 2] for i in range(len(term) - 1)]
        rarest = min(pairs, key=lambda p: len(self._pair_words.get(p, ())))
        bits = 0
        sparse: list[int] = []
        for word in self._pair_words.get(rarest, ()):
            if term in word:
                held = self._words[word]
                if isinstance(held, int):
                    bits |= held
                else:
                    sparse.extend(held)
        if sparse:
            bits |= _bits_of(sparse, self.size)
        if len(self._term_bits) > 4 * KEEP:
            self._term_bits.clear()
        self._term_bits[term] = bits
        return bits

    def _bits(self, needle: str, scope_bits: int, scope: object) -> int:
        key = (needle, scope)
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            return kept
        raw = needle.encode("utf-8", "surrogatepass")
        terms = raw.translate(_CUT).split()
        bits = scope_bits
        for term in terms:
            bits &= self._bits_of_term(term.decode("utf-8", "replace"))
            if not bits:
                break
        if bits and not (len(terms) == 1 and terms[0] == raw):
            # More than one word, or marks beside them: the entries left are checked.
            # A shorter query kept before, inside this one, narrows them first.
            for (earlier, earlier_scope), earlier_bits in reversed(self._kept.items()):
                if earlier_scope is scope and earlier in needle:
                    bits &= earlier_bits
                    break
            numbers = _members(bits)
            haystacks = map(self.haystacks.__getitem__, numbers)
            bits = _bits_of(compress(numbers, map(contains, haystacks, repeat(raw))), self.size)
        self._kept[key] = bits
        while len(self._kept) > KEEP:
            self._kept.popitem(last=False)
        return bits

    def scope_of(self, clause_ids: set[str]) -> int:
        """The entries a clause filter keeps: the clauses it keeps, the positions on them and
        the quotes about them, and everything not about one clause (parties, events…)."""
        doc = self._index.doc
        keep = self.everything
        starts = dict(zip((s.kind for s in self._sections), self._starts, strict=True))
        dropped: list[int] = []
        dropped += [
            starts["clause"] + n for n, c in enumerate(doc.clauses) if c.id not in clause_ids
        ]
        at = starts["position"] + len(doc.positions)
        for clause in doc.clauses:
            if clause.id not in clause_ids:
                dropped.extend(range(at, at + len(clause.positions)))
            at += len(clause.positions)
        dropped += [
            starts["quote"] + n
            for n, quote in enumerate(doc.quotes)
            if clause_ids.isdisjoint(quote.clauses)
        ]
        return keep & ~_bits_of(dropped, self.size)

    def find(
        self,
        query: str,
        scope_bits: int | None = None,
        scope: object = None,
        notes: Mapping[str, str] | None = None,
    ) -> Results:
        """The hits of `query`: the analyst's `notes` (key → text) that hold it, then the
        entries (within `scope_bits`, from `scope_of`, named by `scope` so results are
        reused only under the same limit)."""
        needle = fold_query(query.strip())
        if not needle:
            return Results(self, needle, 0)
        bits = self._bits(needle, self.everything if scope_bits is None else scope_bits, scope)
        noted: list[Entry] = []
        for key, text in (notes or {}).items():
            if needle in fold(text):
                entry = note_entry(self._index, key, text)
                if entry is not None:
                    noted.append(entry)
        return Results(self, needle, bits, noted)

    def search(self, query: str, notes: Mapping[str, str] | None = None) -> list[Hit]:
        """Every hit of `query`, in list order."""
        return list(self.find(query, notes=notes))


def describe(counts: Mapping[Kind, int]) -> str:
    """'2 clauses, 1 position, 14 quotes' ('' for none)."""
    parts = []
    for kind, count in counts.items():
        one = "note" if kind == "note" else KIND_WORD[kind]
        word = one if count == 1 else PLURAL.get(kind, one + "s")
        parts.append(f"{count:,} {word}")
    return ", ".join(parts)


PLURAL: dict[Kind, str] = {"party": "parties", "person": "people", "summary": "summaries"}
