"""config.toml's `[keys]` cannot lock the analyst in: a key no terminal sends
(`"app.quit" = "ctrl+alt+banana"`) is named with its file and line and ignored, like an
unknown binding id; Ctrl+Q always quits; no entry may take quit's key; and an `app.quit`
whose every key a list or a screen takes first keeps `q`. Driven through the app as
`briefing` builds it (`cli.make_app`) under Textual's pilot, and once in a real terminal."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.widget import Widget

from briefing.cli import make_app
from briefing.disk import paths
from tests.helpers import screen_text, settle, wait_until
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


def own_ids(cls: type[Any]) -> set[str]:
    declared = vars(cls).get("BINDINGS") or []
    return {binding.id for binding in Binding.make_bindings(declared) if binding.id}


def scanned_owners() -> dict[type[Any], set[str]]:
    """Found another way than `binding_owners` does: every .py file in the screens and
    widgets folders imported by its file name, and the classes each defines (its members
    whose module is that file), with the binding ids each declares."""
    import briefing.screens
    import briefing.widgets

    found: dict[type[Any], set[str]] = {}
    for package in (briefing.screens, briefing.widgets):
        for path in sorted(Path(package.__file__ or "").parent.glob("*.py")):
            module = importlib.import_module(f"{package.__name__}.{path.stem}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, Widget) and own_ids(cls):
                    found[cls] = own_ids(cls)
    return found


OLD_HAND_LIST = [
    *("screens.main.MainScreen", "screens.detail.ClauseDetailScreen"),
    *("screens.matrix.MatrixScreen", "screens.search.SearchScreen"),
    *("screens.overview.OverviewScreen", "screens.changes.ChangesScreen"),
    *("screens.help.HelpScreen", "screens.quote.QuoteScreen", "screens.as_of.AsOfScreen"),
    *("screens.desk.DeskScreen", "screens.note.NoteScreen"),
    *("screens.export.ExportScreen", "screens.timeline.TimelineScreen"),
    *("screens.notes.NotesScreen", "widgets.line_list.LineList"),
    *("widgets.clause_list.ClauseList", "widgets.matrix.PositionsMatrix"),
    *("widgets.changes_list.ChangesList", "widgets.reading.ReadingPane"),
]
"""The classes `briefing.tui.app.binding_ids` listed by hand (the App apart)."""


def test_the_derived_ids_hold_every_id_of_the_old_hand_list():
    from briefing.screens.keymap import binding_ids
    from briefing.tui.app import BriefingApp

    listed: list[type[Any]] = [BriefingApp]
    for dotted in OLD_HAND_LIST:
        module, _, name = dotted.rpartition(".")
        listed.append(getattr(importlib.import_module(f"briefing.{module}"), name))
    old = {b.id for owner in listed for b in Binding.make_bindings(owner.BINDINGS) if b.id}
    assert len(old) > 50 and {"app.quit", "detail.next", "list.down", "reading.top"} <= old
    assert old <= binding_ids(BriefingApp)


def test_the_derived_ids_are_those_of_the_app_and_every_screen_and_widget_class():
    from briefing.screens.keymap import binding_ids, binding_owners
    from briefing.tui.app import BriefingApp

    scanned = scanned_owners()
    assert len(scanned) >= 18  # every screen and list; the scan itself finds something
    assert set(binding_owners()) == set(scanned)  # what check_keymap sees before the App
    assert binding_owners(BriefingApp) == [BriefingApp, *binding_owners()]
    assert binding_ids(BriefingApp) == own_ids(BriefingApp).union(*scanned.values())


def test_a_class_added_to_the_packages_is_found_without_a_list():
    """A screen defined in `briefing.screens` after the fact (as a new module would be) is an
    owner, its ids remappable; one defined outside the packages is not. In a child process:
    the class would otherwise live on among Textual's subclasses for the other tests."""
    code = (
        "from textual.binding import Binding\n"
        "from textual.screen import Screen\n"
        "from briefing.screens.keymap import binding_ids\n"
        "from briefing.tui.app import BriefingApp\n"
        "def screen(module, ident):\n"
        "    keys = [Binding('f9', 'probe', 'Probe', id=ident)]\n"
        "    return type('Probe', (Screen,), {'BINDINGS': keys, '__module__': module})\n"
        "inside = screen('briefing.screens.probe', 'probe.inside')\n"
        "outside = screen('tests.probe', 'probe.outside')\n"
        "print(sorted(i for i in binding_ids(BriefingApp) if i.startswith('probe.')))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[1],  # this checkout's briefing, whatever is installed
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "['probe.inside']"


async def test_a_screens_binding_is_remapped_from_config():
    """`[keys]` reaches a screen's binding (the clause detail's next clause) through the
    app as `briefing` builds it: the new key steps, the old one no longer does."""
    from briefing.screens.detail import ClauseDetailScreen

    write_config('[keys]\n"detail.next" = ">"\n"reading.down" = "d"\n')
    app = make_app(None, None, None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert [str(n.message) for n in app._notifications] == []
        await pilot.press("j", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClauseDetailScreen)
        first = screen.clause.id
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.clause.id == first  # ] was the key; it no longer steps
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: screen.clause.id != first, "the next clause")
        assert screen.clause is screen.clauses[1]
        assert "> Next clause" in screen_text(app).rstrip().splitlines()[-1]
        body = screen.query_one("#detail-body")
        before = body.scroll_y
        await pilot.press("d")  # a widget's binding: the reading pane scrolls
        await wait_until(pilot, lambda: body.scroll_y > before, "the pane scrolled")


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
