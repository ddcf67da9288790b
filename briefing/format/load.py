"""Read a `briefing/1` document from bytes: decode, clean, validate (a file by its path:
`briefing.disk.documents`).

The fast path decodes straight into typed Structs with msgspec and then runs
the semantic checks. Only when the typed decoder refuses the document does the
slow path decode it generically and walk it to list every problem.
Whatever the input, the result is a `Briefing` or a `BriefingError`.
"""

from __future__ import annotations

import json
import re
from operator import is_
from typing import Any, Final, NoReturn, cast

import msgspec
import msgspec.structs

from briefing.format import model
from briefing.format.collector import collector_paused
from briefing.format.model import Briefing
from briefing.format.problems import BriefingError, CannotRead, Problems
from briefing.format.structure import check_structure
from briefing.format.textclean import clean_display_text, may_need_cleaning
from briefing.format.validate import validate

MAX_BYTES: Final = 128 * 1024 * 1024
"""The largest document the app reads (format.md, Size)."""

_BOM: Final = b"\xef\xbb\xbf"
_BYTE_AT: Final = re.compile(r"\s*\(byte (\d+)\)$")
_SURROGATE: Final = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")

_COLLECTIONS: Final[tuple[tuple[str, type[msgspec.Struct], str | None], ...]] = (
    ("parties", model.Party, "party"),
    ("people", model.Person, "person"),
    ("documents", model.Document, "document"),
    ("clauses", model.Clause, "clause"),
    ("positions", model.Position, None),
    ("quotes", model.Quote, "quote"),
    ("deadlines", model.Deadline, "deadline"),
    ("events", model.Event, "event"),
    ("sources", model.Source, "source"),
)


def too_big_message(size: int) -> str:
    return (
        f"it is {size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB (format.md, Size)"
    )


def load_bytes(
    raw: bytes,
    origin: str = "document",
    *,
    checked: bool = False,
    trusted: bool = False,
    known_clean: bool = False,
) -> Briefing:
    """Decode and validate a document (see `load_noting_cleaning`)."""
    return load_noting_cleaning(
        raw, origin, checked=checked, trusted=trusted, known_clean=known_clean
    )[0]


def load_noting_cleaning(
    raw: bytes,
    origin: str = "document",
    *,
    checked: bool = False,
    trusted: bool = False,
    known_clean: bool = False,
) -> tuple[Briefing, bool]:
    """Decode and validate a document; raise `BriefingError` listing every problem.

    `checked` skips the duplicate-key scan for bytes that already passed it (the
    feed cache only ever holds such bytes); everything else is checked in full.
    `trusted` also skips the rules of format.md: for bytes this version of the app
    validated before, identified by their digest (the cache's current copy). They
    are still decoded into the typed model and their text cleaned, unless
    `known_clean` says the text needs no cleaning (recorded with the digest).

    Also says whether the text was clean already (nothing for the cleaner to change),
    which the cache records so that a trusted read need not scan the bytes again.
    """
    if len(raw) > MAX_BYTES:
        raise CannotRead(origin, too_big_message(len(raw)))
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if not raw.strip():
        raise BriefingError(origin, _one("$", "the document is empty"))
    # The cyclic collector has nothing to find in a decoded document (its Structs are not
    # tracked, its lists hold no cycles) but would walk the growing heap many times over
    # while a large one is built (about a fifth of the whole check at 100k quotes).
    with collector_paused():
        return _load(raw, origin, checked=checked, trusted=trusted, known_clean=known_clean)


def _load(
    raw: bytes, origin: str, *, checked: bool, trusted: bool, known_clean: bool
) -> tuple[Briefing, bool]:
    try:
        doc = msgspec.json.decode(raw, type=Briefing)
    except msgspec.ValidationError:
        _slow_path(raw, origin)  # raises with every problem found
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise BriefingError(origin, _one("$", _undecodable(raw, error))) from None
    except RecursionError:
        raise BriefingError(origin, _one("$", _TOO_DEEP)) from None
    # Before cleaning, which may change the text the duplicate-key signal counts in.
    maybe_duplicates = not (checked or trusted or _no_duplicate_keys(raw, doc))
    dirty = not known_clean and may_need_cleaning(raw)
    if dirty:
        clean_struct(doc)
    if trusted:
        return doc, not dirty
    problems = Problems()
    if maybe_duplicates:
        try:
            repeated = _duplicate_keys(raw)
        except UnicodeDecodeError:  # in a part msgspec skipped: an unknown key or its value
            raise BriefingError(origin, _one("$", _not_utf8(raw))) from None
        for key in repeated:
            problems.add(
                "$",
                f"the key '{key}' appears twice in one object (JSON readers disagree on "
                "which value wins); keep one",
            )
    validate(doc, problems)
    if problems:
        raise BriefingError(origin, problems.items, truncated=problems.full)
    return doc, not dirty


_TOO_DEEP: Final = "the JSON is nested too deeply to be a briefing"


class _Enough(Exception):
    pass


_COLON_ESCAPE: Final = b"\\u003"
"""The start of `\\u003a` / `\\u003A` (a colon) and of nine other escapes: looked for
once, only in bytes that hold a backslash at all (one memchr)."""


def _no_duplicate_keys(raw: bytes, doc: Briefing) -> bool:
    """True only when no object in `raw` can hold a key twice: a signal that costs about a
    fifth of the full scan (`_duplicate_keys`), which runs whenever it cannot tell.

    Every colon in JSON bytes is either the one after a key or inside a string, and a
    string's colons are its decoded text's colons unless one is written `\\u003a`. msgspec
    re-encodes the decoded document with every field that came from a key (the model's
    Structs omit defaults, so a field left out of the bytes is left out again) and with
    each kept string's colons, writing no colon any other way. So the bytes hold at least
    as many colons as the re-encoding plus one for every repeated key (whose first value
    msgspec dropped), and an equal count proves there was none. An explicit default, an
    unknown field or a `\\u003a` only makes the bytes count more: the full scan then runs.
    """
    if b"\\" in raw and _COLON_ESCAPE in raw:
        return False
    return raw.count(b":") == encoded_colons(doc)


_BATCH = 1000
"""Items of a long collection encoded at a time by `encoded_colons` (tests set it lower)."""


def encoded_colons(doc: Briefing, batch: int | None = None) -> int:
    """The colons in msgspec's JSON encoding of `doc`, counted without building it whole.

    At 10k clauses / 100k quotes the whole encoding is ~50 MB, and writing it is mostly
    the cost of fresh memory (~90 ms with the count): the long collections are encoded
    `batch` items at a time into one buffer that stays small (~53 ms). A list encodes as
    its items' encodings between commas and brackets, which hold no colon. The document
    is encoded once with each long collection replaced by `[0]`: a non-empty list, so
    its key is written as for the real one whatever the field's default, and no colon
    of its own."""
    batch = batch or _BATCH
    long = {
        name: items
        for name in doc.__struct_fields__
        if isinstance(items := getattr(doc, name), list) and len(items) > batch
    }
    if not long:
        return msgspec.json.encode(doc).count(b":")
    encoder = msgspec.json.Encoder()
    buffer = bytearray()
    encoder.encode_into(msgspec.structs.replace(doc, **{name: [0] for name in long}), buffer)
    count = buffer.count(b":")
    for items in long.values():
        for start in range(0, len(items), batch):
            encoder.encode_into(items[start : start + batch], buffer)
            count += buffer.count(b":")
    return count


def _duplicate_keys(raw: bytes, limit: int = 20) -> list[str]:
    """Keys given twice in one JSON object. msgspec keeps the last silently; other readers
    keep the first, so such a document could show different things to different readers.

    The stdlib scanner with a pairs hook that builds nothing costs about half of
    `json.loads`; it runs only on bytes that msgspec has already accepted and for which
    `_no_duplicate_keys` cannot rule a duplicate out — which includes every document with
    a key the model does not know. msgspec skips such a key and its value without reading
    their text, so this scan is also what finds bytes there that are not UTF-8: it raises
    UnicodeDecodeError for them.
    """
    found: list[str] = []

    def check(pairs: list[tuple[str, Any]]) -> None:
        if len(pairs) > 1:
            keys = [key for key, _ in pairs]
            if len(set(keys)) != len(keys):
                seen: set[str] = set()
                for key in keys:
                    if key in seen and key not in found:
                        found.append(key)
                    seen.add(key)
                if len(found) >= limit:
                    raise _Enough

    try:
        json.loads(raw, object_pairs_hook=check)
    except _Enough:
        pass
    except UnicodeDecodeError:
        raise
    except (ValueError, RecursionError):
        pass  # msgspec accepted the bytes; anything stdlib dislikes beyond that is not ours
    return found


def _one(path: str, message: str) -> list[Any]:
    problems = Problems()
    problems.add(path, message)
    return problems.items


def _position(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _malformed(raw: bytes, message: str) -> str:
    """Turn msgspec's '… (byte N)' into a line and column an editor can jump to."""
    message = message.removeprefix("JSON is malformed: ")
    if message.startswith(("Number out of range", "Integer value out of range")):
        return "a number in the document is too large to represent"
    surrogate = _SURROGATE.search(raw)
    if "surrogate" in message or (message == "Input data was truncated" and surrogate):
        at = f" at {_position(raw, surrogate.start())}" if surrogate else ""
        return f"a text holds a lone UTF-16 surrogate escape{at}, which is not a character"
    if message == "Input data was truncated":
        return "the JSON ends too early (is the file truncated?)"
    found = _BYTE_AT.search(message)
    if found is None:
        return f"not valid JSON: {message}"
    where = _position(raw, int(found.group(1)))
    return f"not valid JSON: {message[: found.start()]} at {where}"


def _undecodable(raw: bytes, error: Exception) -> str:
    """The one line for bytes msgspec could not decode. Bytes that are not UTF-8 are named
    as such whichever way msgspec reports them: up to 0.19 it raised `UnicodeDecodeError`,
    from 0.20 on a `DecodeError` saying 'Invalid UTF-8 encoded string'."""
    if isinstance(error, UnicodeDecodeError) or "utf-8" in str(error).lower():
        return _not_utf8(raw)
    return _malformed(raw, str(error))


def _not_utf8(raw: bytes) -> str:
    """Where the bytes stop being UTF-8 (only computed on this error path)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start : error.start + 1].hex()
        where = _position(raw, error.start)
        return f"not UTF-8 text: byte 0x{bad} at {where} (save the file as UTF-8)"
    return "not UTF-8 text (save the file as UTF-8)"


def _slow_path(raw: bytes, origin: str) -> NoReturn:
    try:
        tree = msgspec.json.decode(raw)
    except RecursionError:
        raise BriefingError(origin, _one("$", _TOO_DEEP)) from None
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError) as error:
        raise BriefingError(origin, _one("$", _undecodable(raw, error))) from None
    problems = Problems()
    check_structure(tree, problems)
    if isinstance(tree, dict) and not (problems and problems.items[0].path == "$.format"):
        partial, known = _partial(tree)
        validate(partial, problems, known)
    if not problems:
        # The walker and the typed decoder disagree; report what msgspec said.
        try:
            msgspec.json.decode(raw, type=Briefing)
        except msgspec.ValidationError as error:
            problems.add("$", str(error))
        else:  # pragma: no cover - decoding succeeded the second time
            raise AssertionError("typed decode failed then succeeded")
    raise BriefingError(origin, problems.items, truncated=problems.full)


def _partial(tree: dict[str, Any]) -> tuple[Briefing, dict[str, set[str]]]:
    """A Briefing of the items that are well-formed (None where one is not) and the
    ids of the broken ones, so the semantic checks can still run on the rest."""
    fields: dict[str, Any] = {}
    known: dict[str, set[str]] = {}
    for name, cls, noun in _COLLECTIONS:
        items = tree.get(name)
        converted: list[Any] = []
        for item in items if isinstance(items, list) else ():
            try:
                converted.append(msgspec.convert(item, cls))
            except msgspec.ValidationError:
                converted.append(None)
                if noun and isinstance(item, dict) and isinstance(item.get("id"), str):
                    known.setdefault(noun, set()).add(item["id"])
        fields[name] = converted
    try:
        updated = msgspec.convert(tree.get("updated"), model.Instant)
    except msgspec.ValidationError:
        updated = None
    # `updated` is None when it is malformed (already reported); `validate` skips it.
    partial = Briefing(
        format=model.FORMAT, id="partial", title="", updated=cast(str, updated), **fields
    )
    return partial, known


def clean_struct(value: Any) -> None:
    """Clean every text field of a decoded document in place: a Struct's field or a
    list's item is set anew where its text changes (`_cleaned`)."""
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            field = getattr(value, name)
            cleaned = _cleaned(field)
            if cleaned is not field:
                setattr(value, name, cleaned)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            cleaned = _cleaned(item)
            if cleaned is not item:
                value[index] = cleaned


def _cleaned(value: Any) -> Any:
    """`value` with its text cleaned: a string cleaned, a tuple (which cannot change) made
    again where one of its items changes, a Struct or a list cleaned in place."""
    if isinstance(value, str):
        return clean_display_text(value)
    if isinstance(value, tuple):
        items = [_cleaned(item) for item in value]
        return value if all(map(is_, items, value)) else tuple(items)
    if isinstance(value, msgspec.Struct | list):
        clean_struct(value)
    return value
