"""Fuzzing the loader and the app (issue 6 item 1; reliability.md M2, and I1-I3 as
generated input).

Property 1: whatever the bytes, `load_bytes` returns a `Briefing` or raises the app's one
validation error, `BriefingError` -- never a RecursionError, UnicodeError, KeyError,
TypeError or msgspec error. An accepted document has only clean text, reads back the same
way the feed cache reads it, and survives being written out again. Valid documents are
accepted; mutants the format forbids are refused, naming the path where the format asks.

Property 2: every accepted document renders in the real app (pilot) at 80x24 and 40x12 --
the main screen, a clause's detail (Enter) and the matrix (m), the overview too -- with no
exception and no C0, C1 or bidi control in any segment of any visible widget.

The default run is bounded for CI (about a minute). The long run, by one command:

    BRIEFING_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py

`BRIEFING_FUZZ_EXAMPLES` sets the loader properties' example count; the app property runs
a tenth of it (each example starts the app twice and opens four screens each time), or
`BRIEFING_FUZZ_RENDER_EXAMPLES`. Add `--hypothesis-show-statistics` to see which screens
were reached and how many mutants the loader accepted.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from textual.geometry import Region

from briefing.disk.paths import UserDirs
from briefing.feed.origin import Origin
from briefing.format.load import load_bytes, load_noting_cleaning
from briefing.format.model import Briefing
from briefing.format.problems import BriefingError
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.main import MainScreen
from briefing.screens.matrix import MatrixScreen
from briefing.screens.overview import OverviewScreen
from briefing.services.session import Session
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from tests import strategies as gen
from tests.conftest import FIXED_NOW

_LONG = os.environ.get("BRIEFING_FUZZ_EXAMPLES")


def examples(default: int) -> int:
    return int(_LONG) if _LONG else default


def render_examples(default: int) -> int:
    explicit = os.environ.get("BRIEFING_FUZZ_RENDER_EXAMPLES")
    if explicit:
        return int(explicit)
    return max(default, int(_LONG) // 10) if _LONG else default


FUZZ = settings(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Written out from reliability.md rule 1, not taken from the cleaner under test.
C0_C1 = "\x00-\x1f\x7f-\x9f"
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
SURROGATES = "\ud800-\udfff"
IN_TEXT = re.compile(f"[{C0_C1}{BIDI}{SURROGATES}]")
"""Forbidden anywhere on screen: a rendered segment has no business holding a newline."""


def forbidden(text: str, *, allow: str = "") -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in IN_TEXT.findall(text) if ch not in allow]


# ---------------------------------------------------------------------------------------
# Property 1: the loader


def text_fields(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """Every string in a decoded document, with its path."""
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from text_fields(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def load_or_refuse(raw: bytes) -> Briefing | BriefingError:
    """Property 1 for one input: a Briefing or a BriefingError, and nothing else."""
    try:
        doc = load_bytes(raw, "fuzz")
    except BriefingError as error:
        assert error.problems, "a refusal must say what is wrong"
        for message in (str(error), error.headline, error.report()):
            bad = forbidden(message, allow="\n")
            assert not bad, f"the error message carries controls {bad}: {message!r}"
        return error
    except Exception as error:  # the property: nothing else may escape the loader
        raise AssertionError(
            f"load_bytes raised {type(error).__name__}, not BriefingError: {error}"
        ) from error
    assert isinstance(doc, Briefing)
    for path, text in text_fields(doc):
        bad = forbidden(text, allow="\n\t")
        assert not bad, f"{path} kept controls {bad} after loading: {text!r}"
    # The feed cache stores these bytes and reads them back as checked (and, for its
    # current copy, trusted, with the cleanliness recorded at refresh): same document.
    fresh, clean = load_noting_cleaning(raw, "fuzz")
    assert fresh == doc
    assert load_bytes(raw, "cache", checked=True) == doc
    assert load_bytes(raw, "cache", checked=True, trusted=True, known_clean=clean) == doc
    # What was accepted can be written out as UTF-8 JSON and is read back the same.
    out = msgspec.json.encode(doc)
    out.decode("utf-8")
    assert load_bytes(out, "again") == doc
    return doc


@settings(FUZZ, max_examples=examples(50))
@given(doc=gen.briefings(), ascii_only=st.booleans(), indent=st.booleans())
def test_valid_documents_are_accepted(doc, ascii_only, indent):
    raw = gen.encode(doc, ensure_ascii=ascii_only, indent=indent)
    loaded = load_or_refuse(raw)
    assert not isinstance(loaded, BriefingError), loaded.report()
    assert loaded.id == doc["id"]
    for name in ("parties", "people", "documents", "clauses", "quotes", "deadlines", "events"):
        assert [item.id for item in getattr(loaded, name)] == [i["id"] for i in doc.get(name, [])]
    assert [len(c.versions) for c in loaded.clauses] == [len(c["versions"]) for c in doc["clauses"]]
    assert len(loaded.positions) == len(doc.get("positions", []))
    # Text is kept as written, except for what the display rules neutralise.
    plain = doc["title"]
    if not re.search(
        f"[{C0_C1}{BIDI}\u200b-\u200d\u2028\u2029\u2060-\u2064\ufeff\ufff9-\ufffb]", plain
    ):
        assert loaded.title == plain


@settings(FUZZ, max_examples=examples(120))
@given(mutant=gen.mutants())
def test_mutants_are_refused_or_accepted_as_the_format_says(mutant):
    outcome = load_or_refuse(mutant.raw)
    if mutant.expect == "accept":
        assert not isinstance(outcome, BriefingError), f"{mutant.kind}: {outcome.report()}"
    elif mutant.expect == "reject":
        assert isinstance(outcome, BriefingError), f"{mutant.kind} {mutant.notes} was accepted"
        if mutant.path is not None:
            paths = [problem.path for problem in outcome.problems]
            assert mutant.path in paths, f"{mutant.kind}: {outcome.report()}"
        if mutant.kind == "duplicate_key" and mutant.notes[1] == "same value":
            assert any(mutant.notes[0] in problem.message for problem in outcome.problems)


@settings(FUZZ, max_examples=examples(120))
@given(mutant=gen.mutants())
def test_mutants_are_judged_the_same_with_every_collection_encoded_in_batches(mutant):
    """The duplicate-key signal counts the colons of the decoded document's encoding batch
    by batch for long collections (`load.encoded_colons`, from 1,001 items): with batches
    of one item every collection of every mutant goes that way, and the verdicts do not
    change."""
    from briefing.format import load

    try:  # what the typed decoder reads, duplicates or not: counted exactly in batches
        decoded = msgspec.json.decode(mutant.raw, type=Briefing)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError, RecursionError):
        pass
    else:
        assert load.encoded_colons(decoded, 1) == msgspec.json.encode(decoded).count(b":")
    whole = load_or_refuse(mutant.raw)
    saved = load._BATCH
    load._BATCH = 1
    try:
        batched = load_or_refuse(mutant.raw)
    finally:
        load._BATCH = saved
    if isinstance(whole, BriefingError):
        assert isinstance(batched, BriefingError), f"{mutant.kind} accepted in batches"
        assert batched.problems == whole.problems
    else:
        assert batched == whole


@pytest.mark.parametrize("ident", ["../../../tmp/evil", "/etc", "", "Peace Plan", "x" * 65, "a\n"])
def test_the_briefing_id_is_checked_like_every_other_id(ident, sample_raw):
    """Found by the fuzzer: the top-level id was never checked, and it names the directory
    that holds the analyst's notes and seen changes (`data/briefings/<id>/notes.json`), so
    '../../x' or '/etc' pointed those writes outside the data directory."""
    sample_raw["id"] = ident
    with pytest.raises(BriefingError) as refused:
        load_bytes(json.dumps(sample_raw).encode(), "fuzz")
    assert [problem.path for problem in refused.value.problems] == ["$.id"]


# The cases of reliability.md I2/I3 named outright, so that every run has them.
_VALID = (Path(__file__).parent / "fixtures" / "sample.json").read_bytes()


@settings(FUZZ, max_examples=examples(100))
@given(raw=st.one_of(gen.chaos(), gen.any_json(), st.binary(max_size=2000)))
@example(raw=b"[" * 100_000)
@example(raw=b'{"a":' * 100_000)
@example(raw=b"[" * 100_000 + b"]" * 100_000)
@example(raw=b"9" * 5000)
@example(raw=b'{"format": 1' + b"0" * 5000 + b"}")
@example(raw=b'"\\ud800"')
@example(raw=b'{"format": "briefing/1", "title": "\\udfff"}')
@example(raw=b'{"format": "briefing/1", "format": "briefing/1"}')
@example(raw=b"NaN")
@example(raw=b'{"x": Infinity}')
@example(raw=b"\xef\xbb\xbf")
@example(raw=b"\xef\xbb\xbf" + _VALID)
@example(raw=_VALID[:-1])
@example(raw=_VALID + b"\x00")
@example(raw=_VALID.replace(b'"title"', b'"title": "\xff", "title"', 1))
@example(raw=_VALID.replace(b'"title"', b'"x": [' * 5000 + b"1" + b"]" * 5000 + b', "title"', 1))
@example(raw=b"")
@example(raw=b"\x00")
@example(raw=b"\xff\xfe{\x00}\x00")
def test_any_input_is_a_briefing_or_a_briefing_error(raw):
    load_or_refuse(raw)


# ---------------------------------------------------------------------------------------
# Property 2: the app shows every accepted document


def visible_segments(app: BriefingApp) -> Iterator[tuple[str, str]]:
    """(where, text) of every segment on screen: the composed screen, line by line, and
    every visible widget's own rendered lines (as the compositor asks for them)."""
    compositor = app.screen._compositor
    for y, strip in enumerate(compositor.render_strips()):
        for segment in strip:
            yield f"screen line {y}", segment.text
    for widget, (region, _clip) in compositor.visible_widgets.items():
        for y, strip in enumerate(widget.render_lines(Region(0, 0, region.width, region.height))):
            for segment in strip:
                yield f"{type(widget).__name__}#{widget.id} line {y}", segment.text


def assert_rendered_clean(app: BriefingApp, what: str) -> int:
    count = 0
    for where, text in visible_segments(app):
        count += 1
        bad = forbidden(text)
        assert not bad, f"{what}: {where} renders {bad} in {text!r}"
    assert count, f"{what}: nothing rendered"
    return count


async def drive(doc: Briefing, dirs: UserDirs, size: tuple[int, int]) -> list[str]:
    """Open the main screen, a clause, the matrix and the overview; check each."""
    seen: list[str] = []
    session = Session(doc, Origin("file", "fuzz.json"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session, dirs=dirs)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert_rendered_clean(app, f"main at {size}")
        seen.append("main")
        clauses = app.screen.query_one(ClauseList)
        if session.shown_clauses():
            for _ in range(2):  # past the row for the text as a whole, when there is one
                if clauses.current is None:
                    await pilot.press("j")
            assert clauses.current is not None
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ClauseDetailScreen)
            assert_rendered_clean(app, f"detail at {size}")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MatrixScreen)
            assert_rendered_clean(app, f"matrix at {size}")
            seen += ["detail", "matrix"]
            await pilot.press("m")
            await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert_rendered_clean(app, f"overview at {size}")
        seen.append("overview")
    return seen


@settings(
    FUZZ,
    max_examples=render_examples(16),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # monkeypatch is used per example, in a context
    ],
)
@given(inputs=gen.renderable())
def test_every_accepted_document_renders_cleanly(inputs, monkeypatch):
    base, mutant = inputs
    doc = load_or_refuse(mutant) if mutant is not None else None
    event(
        f"mutant {'none' if mutant is None else 'accepted' if isinstance(doc, Briefing) else 'refused'}"
    )
    if not isinstance(doc, Briefing):
        doc = load_or_refuse(base)
    assert isinstance(doc, Briefing), doc.report()
    with tempfile.TemporaryDirectory() as home, monkeypatch.context() as patch:
        root = Path(home)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            patch.setenv(name, str(root / name.lower()))
        dirs = UserDirs(config=root / "config", data=root / "data", cache=root / "cache")
        for size in ((80, 24), (40, 12)):
            seen = asyncio.run(drive(doc, dirs, size))
            event(f"screens checked at {size[0]}x{size[1]}: {' '.join(seen)}")


async def test_the_screen_check_sees_a_control_that_gets_through(sample_raw, monkeypatch):
    """The render property is not vacuous: with the cleaner switched off at load, the
    same inspection finds the escape and the bidi override in rendered segments."""
    sample_raw["title"] = "evil \x1b]0;owned\x07 \u202eright-to-left"
    with monkeypatch.context() as patch:
        patch.setattr("briefing.format.load.clean_display_text", lambda text: text)
        doc = load_bytes(json.dumps(sample_raw).encode(), "fuzz")
    assert "\x1b" in doc.title  # the loader really let it through
    session = Session(doc, Origin("file", "fuzz.json"), clock=lambda: FIXED_NOW)
    app = BriefingApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        with pytest.raises(AssertionError, match=r"U\+001B|U\+202E"):
            assert_rendered_clean(app, "main")
