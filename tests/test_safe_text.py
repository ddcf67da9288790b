"""Feed text is data: never markup, never terminal control (reliability.md M1, E1, E2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.events import Click, MouseDown, MouseUp
from textual.geometry import Offset
from textual.pilot import _get_mouse_message_arguments
from textual.widget import Widget
from textual.widgets import Footer

from briefing.disk.documents import load_path
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.main import MainScreen
from briefing.tui.app import BriefingApp
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.key_bar import KeyBar
from tests.helpers import column_blocks, palette_search, screen_text

TEXT_FIELDS = {
    "title",
    "summary",
    "name",
    "role",
    "text",
    "note",
    "context",
    "label",
    "speaker_name",
    "outlet",
    "number",
    "topic",
}

# The strings from the issue and reliability.md M1/E1: markup with actions, links, style
# tags, a stray closing tag, a Textual variable, ANSI/OSC sequences and a bidi override.
HOSTILE = (
    "[@click=app.quit]quit[/] [@click=app.screenshot('x.svg','{tmp}')]shot[/] "
    "[link=https://evil.example]link[/link] [b red]bold[/] [/] $accent "
    "\x1b[2J\x1b]0;owned\x07\x1b]52;c;SGk=\x07\x9b31m \u202eevil"
)


def poison(value: Any, tmp: str) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in TEXT_FIELDS and isinstance(item, str):
                out[key] = f"{item} {HOSTILE.format(tmp=tmp)}"
            elif key == "short":
                out[key] = "[/]"
            else:
                out[key] = poison(item, tmp)
        return out
    if isinstance(value, list):
        return [poison(item, tmp) for item in value]
    return value


@pytest.fixture
def hostile_doc(sample_raw, write_json, tmp_path: Path):
    shots = tmp_path / "shots"
    shots.mkdir()
    doc = load_path(write_json(poison(sample_raw, str(shots))))
    return doc, shots


def text_surfaces(app: BriefingApp) -> list[Widget]:
    """Every visible leaf widget that can show feed text (the key bar shows only our keys,
    and a click there presses one)."""
    return [
        widget
        for widget in app.screen.query("*")
        if widget.region.area > 0
        and widget.display
        and not widget.children
        and not any(isinstance(node, Footer | KeyBar) for node in widget.ancestors_with_self)
    ]


TARGETS = ("[@click=app.quit]", "[@click=app.screenshot", "[link=", "quit[/]")


async def click_everything(pilot, app: BriefingApp) -> None:
    """Click wherever the hostile markup is drawn (where a live link would be), and the
    middle of every text surface; the screen may change under us."""
    spots: list[tuple[int, int]] = []
    for y, line in enumerate(screen_text(app).splitlines()):
        for target in TARGETS:
            x = line.find(target)
            while x >= 0:
                spots += [(x + 1, y), (x + len(target) - 2, y)]
                x = line.find(target, x + 1)
    for widget in text_surfaces(app):
        region = widget.content_region.intersection(app.screen.region)
        if region.area:
            spots.append((region.x + region.width // 2, region.y + region.height // 2))
    assert spots
    # Each click costs a frame or two; a sample of each kind of spot is enough.
    for x, y in list(dict.fromkeys(spots))[:: max(1, len(spots) // 24)]:
        if app.screen.region.contains(x, y):
            await click(pilot, x, y)
    await pilot.pause()


async def click(pilot: Any, x: int, y: int) -> None:
    """A click at (x, y) as `pilot.click` makes one (mouse down, up, click, each handled
    before the next), waiting for the screen to handle each event rather than for the
    process to idle: pilot's waits cost 20 ms or more each, four per click, some 300
    clicks here (textual.pilot's private `_get_mouse_message_arguments` and
    `_wait_for_screen`, pinned with textual in pyproject.toml)."""
    screen = pilot.app.screen
    arguments = _get_mouse_message_arguments(screen, (x, y), button=1)
    for event in (MouseDown(**arguments), MouseUp(**arguments), Click(**arguments, chain=1)):
        pilot.app.mouse_position = Offset(x, y)
        screen._forward_event(event)
        await pilot._wait_for_screen()


def assert_no_controls(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text


async def test_hostile_text_is_shown_literally_and_runs_nothing(hostile_doc, make_session):
    doc, shots = hostile_doc
    app = BriefingApp(make_session(doc))
    notified: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.notify = lambda message, **kw: notified.append(str(message))  # type: ignore[method-assign]
        await pilot.pause()
        main = screen_text(app)
        assert "[@click=app.quit]quit[/]" in main  # the markup is text, shown as typed
        assert "[b red]bold[/]" in main
        assert "$accent" in main
        assert "\ufffd[2J" in main  # the escape became a visible replacement character
        assert_no_controls(main)
        await click_everything(pilot, app)
        assert app.is_running and isinstance(app.screen, MainScreen | ClauseDetailScreen)

        # Every clause in detail, clicked all over.
        for clause in doc.clauses:
            app.open_clause(clause.id)
            await pilot.pause()
            text = screen_text(app)
            assert "[link=https://evil.example]link[/link]" in text
            assert_no_controls(text)
            await click_everything(pilot, app)
            assert app.is_running
        await pilot.press("escape")
        await pilot.pause()

        # Matrix, overview, search hits, the palette, help.
        for keys in (["m"], ["o"], ["slash", *"quit"], ["question_mark"]):
            app.pop_to_main()
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            text = screen_text(app)
            assert_no_controls(text)
            await click_everything(pilot, app)
            assert app.is_running
        app.pop_to_main()
        app.screen.query_one(ClauseList).focus()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "click")
        text = screen_text(app)
        assert "[@click=app.quit]" in text
        assert_no_controls(text)
        await click_everything(pilot, app)
        assert app.is_running
    assert list(shots.iterdir()) == []  # no screenshot was taken
    assert notified == []


async def test_narrow_terminal_with_hostile_text(hostile_doc, make_session):
    doc, _shots = hostile_doc
    app = BriefingApp(make_session(doc))
    async with app.run_test(size=(60, 18)) as pilot:  # the smallest the app lays out
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert_no_controls(screen_text(app))
        assert app.is_running


async def test_bidi_and_invisible_characters_cannot_reorder_an_attribution(
    sample_raw: dict[str, Any], write_json: Any, make_session: Any
) -> None:
    """E2: an override (U+202E), isolates (U+2066–2069), a mark (U+200F) and a run of
    joiners in the speaker, role, outlet and quote: each becomes U+FFFD, so none can make
    the terminal reverse what follows; the attribution is sent in logical order (who,
    office, date, outlet) in the quotes pane and on the clause page. A lone joiner inside an emoji
    stays (it is what draws a family as one glyph)."""
    ana = next(person for person in sample_raw["people"] if person["id"] == "ana")
    ana["name"] = "אנה \u202eLind\u202c\u200f"
    ana["role"] = "שרת החוץ\u2067 x\u2069"
    wire = next(source for source in sample_raw["sources"] if source["id"] == "s1")
    wire["outlet"] = "Test\u200d\u200d\u200dWire"
    quote = next(quote for quote in sample_raw["quotes"] if quote["id"] == "q1")
    quote["text"] = "We will \u202enot\u202c give up 👩\u200d👩\u200d👧 the line."
    app = BriefingApp(make_session(load_path(write_json(sample_raw))))
    expected = "— אנה \ufffdLind\ufffd\ufffd, שרת החוץ\ufffd x\ufffd · 19 Nov 2025 · Test\ufffdWire"
    said = "We will \ufffdnot\ufffd give up 👩\u200d👩\u200d👧 the line."
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("j")  # the ceasefire clause, which q1 is about
        await pilot.pause()
        screen = screen_text(app)
        assert expected in screen
        assert said in screen
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClauseDetailScreen)
        quotes = "\n".join(column_blocks(app, "quote"))
        assert f"“{said}”\n{expected}" in quotes
        for text in (screen, screen_text(app)):
            assert not set(text) & set(
                "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
            )
