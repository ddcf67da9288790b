"""The app in a real pseudo-terminal (tmux): first paint, keys, colours, sizes, raw output."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.signal_helpers import app_pid
from tests.terminal import Terminal, needs_tmux

pytestmark = needs_tmux


def test_bundled_briefing_at_80x24_by_keyboard(term: Terminal):
    term.start([])
    # The first frame reaches tmux in pieces (a few KB each): a capture may fall between
    # two, so the test waits for every part of the first screen, not one of them.
    first = (
        "Positions · the text as a…",
        "Clauses (14)",
        "on no single",
        "Deadline Ukraine to accept the US 28-point plan",
    )
    screen = term.wait_for(lambda shown: all(part in shown for part in first))
    assert "Traceback" not in screen
    term.keys("Enter")  # the first row: the text as a whole
    term.wait_text("Documents (")
    term.keys("Escape", "j", "Enter")
    screen = term.wait_text("Wording")
    term.keys("]")
    term.keys("Escape")
    term.wait_text("Clauses (")
    term.keys("/")
    term.wait_text("search names, numbers, words")
    term.literal("600,000")
    # The typed query is on screen at once; wait for the hits' count, not for the query.
    screen = term.wait_for(lambda s: re.search(r"[1-9]\d* clauses?\b", s) is not None)
    term.keys("Enter")
    term.wait_text("Wording")
    term.keys("Escape")  # back to the hits…
    term.wait_for(lambda screen: "Wording" not in screen)
    term.keys("Escape")  # …and to the main screen
    term.wait_text("Clauses (14)")
    term.keys("m")
    term.wait_text("Positions matrix")
    term.keys("Escape", "q")
    screen = term.wait_text("EXITED=0")
    assert "Traceback" not in screen


def test_escape_typed_just_before_a_key_is_escape_and_that_key(term: Terminal) -> None:
    """Escape and then F, /, Backspace or q, typed a moment apart from a search field: each
    Escape goes back and the key after it acts on the screen it went back to, sent long
    before ESCDELAY (30 s here) has passed. Textual read ESC F as alt+shift+f (an F typed
    into the field) and ESC DEL as ctrl+w (a word deleted). ESC and a key in one write,
    what a terminal sends for Alt and the key, is still Alt (tests/test_escape_wait.py)."""
    term.start([], env={"ESCDELAY": "30000"})
    term.wait_text("Clauses (14)")
    io = Path(f"/proc/{app_pid(term)}/io")

    def bytes_read() -> int:
        return int(io.read_text().split("rchar:")[1].split()[0])

    def escape_then(key: str) -> None:
        """Escape, and once the app has read it (its count of bytes read has grown and
        the terminal holds nothing unread), `key` in a read of its own."""
        before = bytes_read()
        term.tmux("send-keys", "-t", "t", "Escape")
        deadline = time.monotonic() + 10  # a guard against a hang, not a timing
        while bytes_read() == before and time.monotonic() < deadline:
            time.sleep(0.002)
        assert bytes_read() != before, "the app never read the Escape"
        term.wait_read()
        term.tmux("send-keys", "-t", "t", key)

    term.keys("/")
    term.wait_text("search names, numbers, words")
    term.literal("ceasefire")
    term.wait_for(lambda s: re.search(r"[1-9]\d* (clause|position|quote)", s) is not None)
    escape_then("F")
    screen = term.wait_text("Filter ")
    assert "Clauses (14)" in screen and "ceasefire" not in screen
    escape_then("/")  # the filter bar closed, and the search opened again
    screen = term.wait_text("ceasefire")  # the query kept, not cut by a word
    escape_then("BSpace")
    term.wait_text("Clauses (14)")
    term.keys("/")
    term.wait_text("ceasefire")  # Backspace went to the main screen: the query is whole
    escape_then("q")
    term.wait_text("EXITED=0")


def test_as_of_from_the_command_line_in_a_terminal(term: Terminal):
    term.start(["--feed", str(SAMPLE), "--as-of", "2025-11-19"])
    # Wait for the countdown (painted after the header: one capture can fall between them).
    screen = term.wait_text("7d 23h 00m left · by end of Thu 27 Nov (Europe/Zurich)")
    assert "AS OF Wed 19 Nov 2025" in screen
    term.keys("q")
    term.wait_text("EXITED=0")


def sgr_colours(screen: str) -> set[str]:
    """The colour parameters of every SGR sequence on a captured screen."""
    found: set[str] = set()
    for params in re.findall(r"\x1b\[([0-9;:]*)m", screen):
        found.update(
            p for p in re.findall(r"(?:38|48)[;:][25][;:][0-9;:]+|\b(?:3|4|9|10)[0-7]\b", params)
        )
    return found


def test_linux_console_gets_the_16_colour_theme(term: Terminal):
    term.start(["--feed", str(SAMPLE)], env={"TERM": "linux", "COLORTERM": ""})
    term.wait_text("Clauses (")
    colours = sgr_colours(term.screen(escapes=True))
    assert colours, "no colour at all"
    assert not any(c.startswith(("38;2", "48;2", "38:2", "48:2")) for c in colours), colours
    term.keys("q")
    term.wait_text("EXITED=0")


def test_no_color_gives_a_usable_screen(term: Terminal):
    term.start(["--feed", str(SAMPLE)], env={"NO_COLOR": "1"})
    screen = term.wait_text("≈ conditional")
    # Stances stay readable without colour: a glyph and a word.
    assert "✓ accepts" in screen
    term.keys("j")
    screen = term.wait_text("▼ opposes")
    assert "▲ supports" in screen
    coloured = term.screen(escapes=True)
    for r, g, b in re.findall(r"[34]8;2;(\d+);(\d+);(\d+)", coloured):
        assert r == g == b, "a chromatic colour under NO_COLOR"
    for index in re.findall(r"[34]8;5;(\d+)", coloured):
        assert int(index) in (0, 7, 8, 15, 16, 231) or int(index) >= 232, f"colour {index}"
    term.keys("q")
    term.wait_text("EXITED=0")


@pytest.mark.parametrize("term_name", ["dumb", "vt100", "linux", "xterm-256color"])
def test_other_terminal_types_start_and_quit(term: Terminal, term_name: str):
    term.start(["--feed", str(SAMPLE)], env={"TERM": term_name, "COLORTERM": ""})
    screen = term.wait_text("conditional")
    assert "Traceback" not in screen
    if term_name in ("dumb", "vt100", "linux"):
        assert "~ conditional" in screen and "a accepts" in screen  # ASCII stance marks
    term.keys("q")
    assert "EXITED=0" in term.wait_text("EXITED=")


def test_an_invalid_feed_file_is_reported_instead_of_opened(term: Terminal, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "briefing/1", "id": "x"}')
    term.start(["--feed", str(bad)])
    term.wait_text("EXITED=1")
    screen = term.screen(joined=True)  # the lines as written, whatever the terminal's width
    assert f"{bad} is not a valid briefing:" in screen
    assert "$.title: required key is missing" in screen and "Traceback" not in screen


def test_small_terminal_and_resize_storm(term: Terminal):
    term.start(["--feed", str(SAMPLE)], size=(40, 12))
    term.wait_text("Terminal too small: 40×12")  # the message, not a garbled layout
    for width, height in [(120, 40), (30, 10), (200, 50), (80, 24), (41, 13), (80, 24)] * 3:
        term.resize(width, height)
    screen = term.wait_text("Clauses (4)")
    assert "Traceback" not in screen
    term.keys("q")
    term.wait_text("EXITED=0")


def test_feed_control_sequences_never_reach_the_terminal(term: Terminal, tmp_path: Path):
    doc = json.loads(SAMPLE.read_text())
    doc["title"] = "Owned \x1b]0;PWNED-TITLE\x07 \x1b]52;c;SGVsbG8=\x07 \x1b[2J \x9b31m"
    doc["clauses"][0]["title"] = (
        "Clause \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u202eevil"
    )
    doc["quotes"][0]["text"] = "quote \x1bP+q544e\x1b\\ unterminated \x1b]0;"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(doc))
    term.start(["--feed", str(hostile)], record=True)
    term.wait_text("Clauses (4)")
    term.keys("j", "Enter")
    term.wait_text("Wording")
    term.keys("Escape", "q")
    term.wait_text("EXITED=0")
    raw = term.raw_output()
    assert b"Owned" in raw  # the title was drawn…
    for sequence in (
        b"\x1b]0;PWNED",
        b"\x1b]52;c;SGVsbG8",
        b"\x1b]8;;https://evil",
        b"\x1bP+q544e",
        b"\xc2\x9b31m",
    ):
        assert sequence not in raw, sequence  # …but none of its control sequences
    assert "\u202e".encode() not in raw
    assert (
        "PWNED-TITLE" not in term.tmux("display-message", "-p", "-t", "t", "#{pane_title}").stdout
    )


def _app_pid(term: Terminal) -> int:
    shell = term.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").stdout.strip()
    child = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
    assert child, "the app is not running"
    return int(child[0])


def test_sigkill_while_typing_a_note_loses_at_most_the_last_second(term: Terminal, tmp_path: Path):
    from briefing.disk import paths
    from briefing.disk.notebook import Notebook, clause_key

    term.start(["--feed", str(SAMPLE)])
    term.wait_text("Clauses (4)")
    term.keys("j", "Enter")
    term.wait_text("Wording")
    term.open_note()
    term.literal("The line of contact is the crux.")
    time.sleep(1.5)  # a pause in typing: the note is saved
    term.literal(" And this bit is typed just before the crash")
    time.sleep(0.1)
    os.kill(_app_pid(term), signal.SIGKILL)
    term.wait_text("EXITED=")
    book = Notebook.for_briefing(paths.user_dirs().data, "sample-accord")
    saved = book.text(clause_key("ceasefire"))
    assert saved.startswith("The line of contact is the crux.")  # nothing older than a second lost
    assert not [p for p in book.path.parent.iterdir() if ".corrupt-" in p.name]

    again = Terminal(tmp_path)
    try:
        again.start(["--feed", str(SAMPLE)])
        again.wait_text("✎")  # the clause is marked as having a note
        again.keys("j", "Enter")
        screen = again.wait_text("Your note")
        assert "The line of contact is the crux." in screen
    finally:
        again.close()


def test_copy_reaches_the_terminal_as_osc_52(term: Terminal):
    import base64

    term.start(["--feed", str(SAMPLE)], record=True)
    term.wait_text("Clauses (4)")
    term.keys("j", "Tab", "Tab", "Enter")
    term.wait_text("n note · y copy")
    term.keys("y")
    term.wait_text("Copied the quote with its citation")
    term.keys("Escape", "q")
    term.wait_text("EXITED=0")
    raw = term.raw_output()
    start = raw.index(b"\x1b]52;c;") + len(b"\x1b]52;c;")
    end = raw.index(b"\x07", start) if b"\x07" in raw[start:] else raw.index(b"\x1b\\", start)
    copied = base64.b64decode(raw[start:end]).decode()
    assert copied.startswith(
        "“We will not give up the line our soldiers hold.”\n— Ana Lind, Foreign minister"
    )
    assert copied.endswith("<https://example.org/s1>")


def truecolour(screen: str) -> bool:
    return any(c.startswith(("38;2", "48;2", "38:2", "48:2")) for c in sgr_colours(screen))


def test_the_theme_comes_from_the_flag_then_textual_theme_then_config(tmp_path: Path):
    """Precedence: --theme > TEXTUAL_THEME > config.toml's theme > the terminal's colours.
    An unknown name is reported on screen and the next choice is used: never a traceback."""
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "briefing" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "ansi-dark"\n')

    def screen_of(args: list[str], env: dict[str, str], wait: str = "Clauses (") -> str:
        """Run once in a tmux server of its own (restarting one server races its exit)."""
        term = Terminal(tmp_path)
        try:
            term.start(["--feed", str(SAMPLE), *args], env=env)
            term.wait_text("Clauses (")
            text = term.wait_text(wait)
            assert "Traceback" not in text
            coloured = term.screen(escapes=True)
            term.keys("q")
            term.wait_text("EXITED=0")
            return coloured
        finally:
            term.close()

    # config.toml alone: the 16-colour theme on a true-colour terminal.
    assert not truecolour(screen_of([], {}))
    # TEXTUAL_THEME beats config.toml; an unknown one is named and skipped.
    assert truecolour(screen_of([], {"TEXTUAL_THEME": "textual-dark"}))
    unknown = screen_of([], {"TEXTUAL_THEME": "nonsense"}, wait="Unknown theme")
    assert "TEXTUAL_THEME" in unknown and not truecolour(unknown)
    # --theme beats both.
    assert truecolour(screen_of(["--theme", "textual-dark"], {"TEXTUAL_THEME": "ansi-dark"}))
