"""config.toml's `[keys]` cannot lock the analyst in: a key no terminal sends
(`"app.quit" = "ctrl+alt+banana"`) is named with its file and line and ignored, like an
unknown binding id; Ctrl+Q always quits; no entry may take quit's key; and an `app.quit`
whose every key a list or a screen takes first keeps `q`. Driven through the app as
`briefing` builds it (`cli.make_app`) under Textual's pilot, and once in a real terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding

from briefing.cli import make_app
from briefing.disk import paths
from tests.helpers import screen_text, settle
from tests.terminal import Terminal, needs_tmux


def write_config(text: str) -> Path:
    config = paths.user_dirs().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


async def quits_on(keys: list[str], config_text: str) -> tuple[bool, list[str], str]:
    """Start the app with `config_text`, press `keys`: whether it quit, what it said at
    start, and the screen before the keys."""
    write_config(config_text)
    app = make_app(None, None, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        messages = [str(n.message) for n in app._notifications]
        screen = screen_text(app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        quit_ = not app.is_running
    return quit_, messages, screen


async def test_a_key_no_terminal_sends_is_named_and_q_still_quits():
    config = write_config('theme = "textual-dark"\n[keys]\n"app.quit" = "ctrl+alt+banana"\n')
    quit_, messages, screen = await quits_on(["q"], config.read_text())
    assert quit_, "q no longer quits"
    assert messages == [
        f"{config}, line 3: [keys] \"app.quit\": 'ctrl+alt+banana' is not a key: no keyboard "
        "sends ctrl and alt with 🍌 (banana); choose a letter, a digit or a key such as f5; "
        "ignored"
    ]
    bar = screen.rstrip().splitlines()[-1]
    assert "🍌" not in bar and "alt+" not in bar and "q Quit" in bar


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('"app.quit" = "control+x"', "'control' is not a modifier"),
        ('"app.quit" = "ctrl+ctrl+x"', "repeats a modifier"),
        ('"app.quit" = "banan"', "'banan' is not the name of a key or of a character"),
        ('"app.quit" = "alt+F"', "with alt a letter is written in lower case"),
        ('"app.quit" = "shift+1"', "the character shift types"),
        ('"app.quit" = ""', "no key is given"),
        ('"app.quit" = "x,,y"', "an empty key between commas"),
        ('"app.quit" = "ctrl+"', "has an empty part"),
        ('"app.quit" = "return"', "'return' is not the name of a key"),
    ],
)
async def test_every_kind_of_bad_key_name_is_named_and_ignored(entry: str, words: str):
    config = write_config(f"[keys]\n{entry}\n")
    quit_, messages, _ = await quits_on(["q"], config.read_text())
    assert quit_
    assert len(messages) == 1 and words in messages[0], messages
    assert messages[0].startswith(f'{config}, line 2: [keys] "app.quit": ')
    assert messages[0].endswith("; ignored")


async def test_ctrl_q_always_quits_and_no_entry_may_take_it_or_quits_key():
    text = '[keys]\n"app.quit" = "Q"\n"app.search" = "ctrl+q"\n"app.matrix" = "shift+q"\n'
    config = write_config(text)
    quit_, messages, _ = await quits_on(["ctrl+q"], text)
    assert quit_
    assert messages == [
        f"{config}, line 3: [keys] \"app.search\": 'ctrl+q' takes a key kept for quitting "
        "(ctrl+q always quits); ignored",
        f"{config}, line 4: [keys] \"app.matrix\": 'shift+q' takes a key kept for quitting "
        "(Q quits); ignored",
    ]
    assert (await quits_on(["Q"], text))[0]  # the new key quits
    assert not (await quits_on(["q"], text))[0]  # and q no longer does


async def test_a_key_taken_from_quit_by_another_entry_is_refused():
    text = '[keys]\n"app.search" = "q"\n"main.flag" = "q"\n'
    quit_, messages, _ = await quits_on(["q"], text)
    assert quit_
    assert len(messages) == 2 and all("(q quits); ignored" in m for m in messages), messages


async def test_quit_on_a_key_the_lists_take_first_keeps_q():
    config = write_config('[keys]\n"app.quit" = "j"\n')
    quit_, messages, _ = await quits_on(["j"], config.read_text())
    assert not quit_  # j moves down the clause list: it never reaches the app there
    assert messages == [
        f'{config}, line 2: [keys] "app.quit": j is taken by the lists or a screen, which '
        "see keys first; q quits as well"
    ]
    assert (await quits_on(["q"], config.read_text()))[0]


async def test_good_entries_are_kept_as_textual_names_them():
    text = (
        "[keys]\n"
        '"app.search" = "ctrl+f, ?"\n'
        '"app.matrix" = "Ctrl+Alt+M"\n'
        'app.overview = "F5"\n'  # a dotted id without quotes reads as tables: still the id
    )
    write_config(text)
    app = make_app(None, None, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert [str(n.message) for n in app._notifications] == []
        assert app._keymap == {
            "app.search": "ctrl+f,question_mark",
            "app.matrix": "alt+ctrl+m",
            "app.overview": "f5",
        }
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "SearchScreen"


async def test_a_keys_entry_that_is_not_a_string_is_named_and_the_feeds_kept():
    text = (
        '[[feeds]]\nname = "desk"\nurl = "http://127.0.0.1:9/f"\nrefresh = 0\n\n'
        '[keys]\n"app.search" = 5\napp.quit = ["q"]\n'
    )
    config = write_config(text)
    app = make_app(None, None, None)
    assert app.config.feeds and app.config.feeds[0].name == "desk"  # not the defaults
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert f'{config}, line 7: [keys] "app.search": the keys must be a string' in messages[0]
        assert f'{config}, line 8: [keys] "app.quit": the keys must be a string' in messages[1]
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def test_the_owners_checked_are_every_owner_of_a_binding_id():
    from briefing.screens.keymap import binding_owners
    from briefing.tui.app import BriefingApp, binding_ids

    owners: list[type[Any]] = [BriefingApp, *binding_owners()]
    ids = {b.id for owner in owners for b in Binding.make_bindings(owner.BINDINGS) if b.id}
    assert ids == binding_ids()


@needs_tmux
def test_in_a_terminal_the_banana_is_named_and_q_quits(tmp_path: Path):
    config = write_config('[keys]\n"app.quit" = "ctrl+alt+banana"\n')
    term = Terminal(tmp_path)
    try:
        term.start([], size=(120, 30))
        screen = term.wait_text("is not a key")
        assert "line 2" in screen and "🍌" in screen  # named in the message…
        bar = screen.rstrip().splitlines()[-1]
        assert "q Quit" in bar and "🍌" not in bar  # …not in the key bar
        term.keys("q")
        assert "EXITED=0" in term.wait_text("EXITED=")
    finally:
        term.close()
    assert config.exists()
