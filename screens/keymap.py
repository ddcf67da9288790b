"""config.toml's `[keys]`, checked against the keys a terminal can send before Textual gets them.

Textual takes any string as a key: `"app.quit" = "ctrl+alt+banana"` is accepted without a
word (`banana` is the name of the character 🍌, but no keyboard sends it with ctrl and
alt), `q` stops quitting and the key bar shows `alt+^🍌 Quit`. Here each entry is read
as Textual reads a key event (`textual.keys`, `textual._xterm_parser`): modifiers in
the order Textual reports them, a key Textual names (`escape`, `f5`, `pagedown`, …) or a
character (`?` or `question_mark`). An entry with a key that cannot be pressed is
reported — its file, line and what is wrong — and ignored; the binding keeps its key.

Quitting stays within reach whatever the keymap says: Ctrl+Q always quits (no entry may
take it, which would delete Textual's own binding), no other entry may take a key quit
uses, and an `app.quit` whose every key is taken by a screen or a list (which see a key
before the app does) keeps `q` as well.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import msgspec
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._keyboard_protocol import FUNCTIONAL_KEYS
from textual.binding import Binding
from textual.keys import REPLACED_KEYS, _character_to_key, key_to_character
from textual.widget import Widget

MODIFIERS: Final = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""Textual's modifiers, in the order it names them in a key (`alt+ctrl+x`, `ctrl+shift+up`)."""

QUIT: Final = "app.quit"
ALWAYS_QUITS: Final = "ctrl+q"
DEFAULT_QUIT: Final = "q"


def _named_keys() -> frozenset[str]:
    """The keys Textual names (not characters): what its parser reports for the escape
    sequences of terminals (legacy and the kitty protocol), without their modifiers."""
    names: set[str] = {"space", "enter", "tab", "escape", "backspace"}
    for keys in ANSI_SEQUENCES_KEYS.values():
        if isinstance(keys, tuple):
            names.update(key.value.rpartition("+")[2] for key in keys)
    names.update(FUNCTIONAL_KEYS.values())
    return frozenset(name for name in names if len(name) > 1 and not name.startswith("<"))


NAMED_KEYS: Final = _named_keys()


class BadKey(ValueError):
    """A key name no terminal sends, and why."""


def _character(name: str) -> str | None:
    """The character a key name stands for (`?` for `question_mark`, `🍌` for `banana`), when
    Textual names that character so; None otherwise."""
    if len(name) == 1:
        return name
    character = key_to_character(REPLACED_KEYS.get(name, name))  # slash → solidus → /
    if character is not None and len(character) == 1 and _character_to_key(character) == name:
        return character
    return None


def _shown(character: str) -> str:
    name = unicodedata.name(character, "").lower()
    return f"{character} ({name})" if name and len(name) > 1 else repr(character)


def canonical_key(text: str) -> str:
    """One key as Textual reports it when pressed (`ctrl+alt+x` → `alt+ctrl+x`, `?` →
    `question_mark`, `shift+a` → `A`); `BadKey` for one no terminal sends."""
    parts = [part.strip() for part in text.strip().split("+")]
    if text.strip() in ("+", "plus"):
        return "plus"
    if not text.strip():
        raise BadKey("no key is given")
    if any(not part for part in parts):
        raise BadKey(f"{text.strip()!r} has an empty part (write + as plus)")
    *modifiers, base = parts
    modifiers = [modifier.lower() for modifier in modifiers]
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            raise BadKey(f"{modifier!r} is not a modifier (the modifiers: {', '.join(MODIFIERS)})")
    if len(set(modifiers)) != len(modifiers):
        raise BadKey(f"{text.strip()!r} repeats a modifier")
    if len(base) > 1 and base.lower() in NAMED_KEYS:
        return "+".join([*sorted(modifiers), base.lower()])
    character = _character(base) if len(base) == 1 else _character(base.lower())
    if character is None:
        hint = ""
        found = key_to_character(base.lower())
        if found is not None and len(found) == 1:
            hint = f" (write it as {found!r})"
        raise BadKey(f"{base!r} is not the name of a key or of a character{hint}")
    if not character.isprintable() or character.isspace():
        raise BadKey(f"{character!a} is not a key (write a space as space)")
    key = _character_to_key(character)
    others = [modifier for modifier in modifiers if modifier != "shift"]
    if modifiers == ["shift"]:
        if character.isascii() and character.isalpha() and character.islower():
            return character.upper()  # what the terminal reports: the letter shift types
        raise BadKey(
            f"{text.strip()!r}: a terminal sends the character shift types, not shift with "
            f"{_shown(character)}; write that character"
        )
    if others:
        if not (character.isascii() or character.isalnum()):
            raise BadKey(
                f"no keyboard sends {' and '.join(others)} with {_shown(character)}; "
                "choose a letter, a digit or a key such as f5"
            )
        if character.isalpha() and not character.islower() and "ctrl" in others:
            # Ctrl+M is ctrl+m: a terminal sends the same byte for both (shift is shift+).
            return "+".join([*sorted(modifiers), _character_to_key(character.lower())])
        if character.isalpha() and not character.islower():
            raise BadKey(
                f"{text.strip()!r}: with {others[0]} a letter is written in lower case "
                f"({others[0]}+{character.lower()}; add shift+ for shift)"
            )
    return "+".join([*sorted(modifiers), key])


def canonical_keys(text: str) -> list[str]:
    """An entry's comma-separated keys, each as `canonical_key` makes it."""
    if not text.strip():
        raise BadKey("no key is given")
    keys: list[str] = []
    for part in text.split(","):
        if not part.strip():
            raise BadKey("an empty key between commas (write , as comma)")
        key = canonical_key(part)
        if key not in keys:
            keys.append(key)
    return keys


class Checked(msgspec.Struct, frozen=True):
    keymap: dict[str, str]
    """What to give `App.set_keymap`: the entries that can be pressed, as Textual names them."""
    notes: list[str]
    """One line per entry ignored or changed: file, line, what is wrong."""


def check_keymap(
    keys: Mapping[str, str],
    *,
    known: Iterable[str],
    owners: Iterable[type[Any]],
    where: Mapping[str, int] | None = None,
    source: str = "config.toml",
) -> Checked:
    """Check config.toml's `[keys]` (binding id → keys): unknown binding ids and keys no
    terminal sends are reported and left out, and quitting stays within reach.

    `known` are the binding ids, `owners` every screen and widget class with bindings (they
    see a key before the App does); `where` gives the line of each entry in `source`."""
    lines = where or {}
    notes: list[str] = []

    def note(ident: str, what: str) -> None:
        line = lines.get(ident)
        place = f"{source}, line {line}" if line else source
        notes.append(f'{place}: [keys] "{ident}": {what}')

    known_ids = set(known)
    valid: dict[str, list[str]] = {}
    for ident, value in keys.items():
        if ident not in known_ids:
            note(ident, "no binding is called that (press ? to see the id of every key); ignored")
            continue
        try:
            valid[ident] = canonical_keys(value)
        except BadKey as error:
            note(ident, f"{value!r} is not a key: {error}; ignored")

    if QUIT in valid:
        # Ctrl+Q quits already, by Textual's own binding, which a keymap entry with ctrl+q
        # would replace: it is left out of the entry.
        valid[QUIT] = [key for key in valid[QUIT] if key != ALWAYS_QUITS]
        if not valid[QUIT]:
            del valid[QUIT]
            note(QUIT, f"ctrl+q always quits; {DEFAULT_QUIT} quits too")
    if QUIT in valid:
        quit_keys = valid[QUIT]
        below = _keys_below_the_app(owners, valid)
        if DEFAULT_QUIT not in quit_keys and all(key in below for key in quit_keys):
            verb = "is" if len(quit_keys) == 1 else "are"
            note(
                QUIT,
                f"{', '.join(quit_keys)} {verb} taken by the lists or a screen, which see keys "
                f"first; {DEFAULT_QUIT} quits as well",
            )
            valid[QUIT] = [*quit_keys, DEFAULT_QUIT]
    quit_keys = valid.get(QUIT, [DEFAULT_QUIT])
    for ident, given in list(valid.items()):
        if ident == QUIT:
            continue
        taken = [key for key in given if key == ALWAYS_QUITS or key in quit_keys]
        if taken:
            del valid[ident]
            what = "ctrl+q always quits" if taken[0] == ALWAYS_QUITS else f"{taken[0]} quits"
            note(ident, f"{keys[ident]!r} takes a key kept for quitting ({what}); ignored")
    return Checked({ident: ",".join(given) for ident, given in valid.items()}, notes)


def _keys_below_the_app(owners: Iterable[type[Any]], keymap: Mapping[str, list[str]]) -> set[str]:
    """Every key a screen or widget binds (after the keymap): those reach the App only when
    nothing nearer the focus takes them."""
    taken: set[str] = set()
    for owner in owners:
        for binding in Binding.make_bindings(getattr(owner, "BINDINGS", [])):
            if binding.id and binding.id in keymap:
                if binding.id.startswith("app."):
                    continue  # the App's key, taken on a screen in its stead (the desk's
                    # `m`): remapped, it moves with the App's, and may not take quit's (below)
                taken.update(keymap[binding.id])
            else:
                taken.add(binding.key)
    return taken


OWNER_PACKAGES: Final = ("briefing.screens", "briefing.widgets")
"""The packages whose screens and widgets may own bindings that `[keys]` remaps."""


def _import_all(package_name: str) -> None:
    """Import every module of a package (what defines its classes), subpackages too."""
    import pkgutil  # here: only a config.toml with [keys] asks, not every start

    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
        importlib.import_module(module.name)


def _subclasses(cls: type[Any]) -> Iterator[type[Any]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _own_binding_ids(cls: type[Any]) -> set[str]:
    """The ids of the bindings a class declares itself (its own `BINDINGS`, not a base's)."""
    declared = vars(cls).get("BINDINGS") or []
    return {binding.id for binding in Binding.make_bindings(declared) if binding.id}


def binding_owners(app_class: type[Any] | None = None) -> list[type[Any]]:
    """Every class whose own `BINDINGS` give a binding an id: `app_class` and the classes of
    its MRO that declare bindings (first, when given), then every screen and widget defined
    in `briefing.screens` and `briefing.widgets`, found by importing each of their modules
    and walking Textual's `Widget` (a `Screen` is one) down its subclasses.

    Without `app_class` these are the nodes that see a key before the App does (what
    `check_keymap` takes as `owners`)."""
    owners: list[type[Any]] = []
    if app_class is not None:
        owners += [cls for cls in app_class.__mro__ if _own_binding_ids(cls)]
    for package in OWNER_PACKAGES:
        _import_all(package)
    prefixes = tuple(f"{package}." for package in OWNER_PACKAGES)
    found = {
        cls
        for cls in _subclasses(Widget)
        if cls.__module__.startswith(prefixes) and _own_binding_ids(cls)
    }
    owners += sorted(found - set(owners), key=lambda cls: (cls.__module__, cls.__qualname__))
    return owners


def binding_ids(app_class: type[Any]) -> set[str]:
    """Every binding id of the app, its screens and widgets: what `[keys]` may remap."""
    return {ident for owner in binding_owners(app_class) for ident in _own_binding_ids(owner)}


def known_keymap(app_class: type[Any], keys: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """config.toml's `[keys]` less the ids no binding has, and the warning naming those ids
    ("" when every id is known). Without `[keys]`, nothing is read (every binding's id is
    found by importing every screen)."""
    if not keys:
        return {}, ""
    known = binding_ids(app_class)
    keymap = {ident: key for ident, key in keys.items() if ident in known}
    unknown = ", ".join(sorted(set(keys) - known))
    if not unknown:
        return keymap, ""
    why = f"config.toml [keys]: no binding is called {unknown}"
    return keymap, f"{why} (press ? to see the id of every key)"


def _and(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`; past three, how many (a toast is read at a glance)."""
    if len(names) > 3:
        return f"{len(names)} other places"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def key_elsewhere(
    key: str,
    here: str,
    app_class: type[Any],
    keymap: Mapping[str, str],
    *,
    modal: bool = False,
) -> dict[str, list[str]]:
    """What `key` does elsewhere in the app: each description of a binding it has (with
    `keymap`, the live keys) → the places it acts (their `HELP_NAME`), `here` left out;
    empty when no screen or widget binds it."""
    uses: dict[str, list[str]] = {}
    for owner in binding_owners(app_class):
        for binding in Binding.make_bindings(vars(owner).get("BINDINGS") or []):
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            if key not in {part.strip() for part in keys.split(",")}:
                continue
            if issubclass(app_class, owner):
                place = "the screens behind this one" if modal else "every screen"
            else:
                place = getattr(owner, "HELP_NAME", owner.__name__)
            places = uses.setdefault(binding.description or binding.action, [])
            if place != here and place not in places:
                places.append(place)
    return {what: places for what, places in uses.items() if places}


def silent_key_text(
    shown: str, here: str, uses: Mapping[str, list[str]], help_key: str | None
) -> str:
    """What a key no binding takes on this screen says instead of nothing: where it acts
    (`uses`, from `key_elsewhere`), or that it is no key of the app's."""
    if not uses:
        hint = f": {help_key} lists the keys here" if help_key else ""
        return f"No key {shown} in {here}{hint}."
    what = "; ".join(f"{name} in {_and(places)}" for name, places in uses.items())
    return f"{shown} does nothing in {here}: it is {what}."
