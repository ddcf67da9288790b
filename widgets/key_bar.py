"""The keys of the screen in one line at the bottom: what Textual's Footer shows, as one widget.

Textual's Footer composes a widget per key and composes them again whenever the
bindings change (every focus change, every screen opened), and styling those
widgets costs time on every screen opened. This bar draws the same line itself; a click
on a key presses it. Measured again (`python -m benchmarks.key_bar`, Textual 8.2.8, the
bundled briefing at 80×24 under the pilot, 2 × 50 open+close cycles interleaved, one
process, a shared 2-core machine: ratios, not absolute figures), median / p95 per cycle:

    clause detail   KeyBar 359 / 463 ms   Footer 674 / 1232 ms
    matrix          KeyBar 315 / 367 ms   Footer 497 /  731 ms
    help            KeyBar 292 / 346 ms   Footer 503 /  653 ms

The Footer costs 180–320 ms more per screen opened and closed, and it does not keep what
this bar keeps: at 80 columns it cuts the clause page's keys mid-word (`… / S▏^p palette`)
with no sign that keys are missing. This bar shows every shown binding when they fit
beside the command palette's key (docked right); when they do not, it shows as many as
fit and ends with `… ? more`, the key being whichever opens help now (`[keys]` may move
it), read like every key here from the screen's live bindings (`active_bindings`,
`App.get_key_display`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar, Final, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget

MORE: Final = "…"
"""Where the bar stops short of the shown bindings; help's key and `more` follow."""

PALETTE_ACTIONS: Final = frozenset({"command_palette", "app.command_palette"})


class Item(NamedTuple):
    key: str
    """The key as Textual names it (what a click presses)."""
    display: str
    """The key as shown (`App.get_key_display`)."""
    description: str
    enabled: bool


def offered(node: object, action: str) -> bool:
    """Whether the key bar offers `action` of `node` now: a node with an `offers(name)`
    method says, given the action's name without parameters (its key then still acts, if
    only to say why not); any other, always."""
    offers = getattr(node, "offers", None)
    return bool(offers(action.partition("(")[0])) if callable(offers) else True


def _width(item: Item) -> int:
    """The cells an item takes in the bar."""
    description = cell_len(f"{item.description} ") if item.description else 0
    return cell_len(f" {item.display} ") + description


def _marker_width(more: Item) -> int:
    """The cells of the `… ? more` marker (`… more` when no key opens help)."""
    return cell_len(f" {MORE}") + (_width(more) if more.key else cell_len(f" {more.description} "))


def typed_away(screen: Screen[Any], key: str) -> bool:
    """Whether `key` goes into the text field that has the focus (a printable key: `q` in
    the filter field types a q) rather than to its binding."""
    fields = ("Input", "TextArea")  # by name: importing TextArea here would slow the start
    if not any(cls.__name__ in fields for cls in type(screen.focused).__mro__):
        return False
    character = key_to_character(key) or ("/" if key == "slash" else None)
    return character is not None and character.isprintable()


def _target(namespace: str, screen: Screen[Any]) -> object | None:
    if namespace in ("", "app"):
        return screen.app
    return screen if namespace == "screen" else None


def bound_binding(
    screen: Screen[Any], action: str, active: Mapping[str, ActiveBinding] | None = None
) -> Binding | None:
    """The live binding that runs `action` on `screen` now: the first the key bar shows, else
    the first hidden one (Textual's own ^q comes before the bar's q), in the screen's active
    bindings (after `[keys]`, one key each), or None when no enabled key runs it.

    `action` is written as `App.run_action` takes it: `search` and `app.search` are the
    App's action, `screen.filter` the screen's own. A binding of the same name on another
    node (a list's `choose`, the detail screen's `export`) is another action. `active` is
    `screen.active_bindings`, when the caller has it already (it is computed on each read)."""
    namespace, _, name = action.rpartition(".")
    target = _target(namespace, screen)
    if target is None:
        raise ValueError(f"{action!r}: only app. and screen. actions are looked up")
    hidden: Binding | None = None
    for key, bound in (screen.active_bindings if active is None else active).items():
        if not bound.enabled or typed_away(screen, key):
            continue
        bound_namespace, _, bound_name = bound.binding.action.rpartition(".")
        node = _target(bound_namespace, screen) if bound_namespace else bound.node
        if node is target and bound_name == name:
            if bound.binding.show:
                return bound.binding
            hidden = hidden or bound.binding
    return hidden


def bound_key(
    screen: Screen[Any], action: str, active: Mapping[str, ActiveBinding] | None = None
) -> str | None:
    """The key that runs `action` on `screen` now, as the key bar shows it
    (`App.get_key_display`), or None when no enabled key runs it (see `bound_binding`)."""
    binding = bound_binding(screen, action, active)
    return None if binding is None else screen.app.get_key_display(binding)


def declared_key(
    app: App[Any], owner: type[DOMNode], ident: str, keymap: Mapping[str, str]
) -> str | None:
    """The key of binding `ident`, declared by `owner` (a screen that is not in front now,
    so it has no live bindings to read), as the key bar shows it, with `keymap` (config.toml's
    `[keys]`) applied; None when `owner` declares no such binding."""
    for binding in Binding.make_bindings(vars(owner).get("BINDINGS") or []):
        if binding.id == ident:
            keys = [key.strip() for key in keymap.get(ident, "").split(",") if key.strip()]
            if keys:
                binding = replace(binding, key=keys[0])
            return app.get_key_display(binding)
    return None


class KeyBar(Widget):
    """The screen's shown bindings: key, what it does; the command palette's key on the right."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--disabled { text-style: dim; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spots: list[tuple[int, int, str]] = []
        """(first cell, end cell, key) of each key drawn: what a click presses."""
        self._drawn: tuple[int, tuple[list[Item], Item | None, Item | None]] | None = None
        """The width and the items last drawn."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Redrawn only when what it shows changes: the bindings are updated at every focus
        change, and a line drawn again the same is a frame more for the terminal (at start,
        two more after the first paint)."""
        if not (self.is_attached and screen is self.screen):
            return
        width = self.size.width
        if self._drawn is None or self._drawn != (width, self.fit(width)):
            self.refresh()

    def items(
        self, active: Mapping[str, ActiveBinding] | None = None
    ) -> tuple[list[Item], Item | None]:
        """(key, key as shown, description, enabled) of each shown binding, one per action
        (as the Footer groups them), and the command palette's, if it shows; from `active`,
        the screen's active bindings (read afresh when not given)."""
        app = self.app
        seen: set[str] = set()
        shown: list[Item] = []
        palette: Item | None = None
        for key, (node, binding, enabled, _tooltip) in (
            self.screen.active_bindings if active is None else active
        ).items():
            if typed_away(self.screen, key):
                continue  # the focused field takes it: `q Quit` is a q typed there
            if not offered(node, binding.action):
                continue  # acts only to say why not (e.g. r with no feed): not offered
            item = Item(key, app.get_key_display(binding), binding.description, enabled)
            if binding.action in PALETTE_ACTIONS:
                palette = palette or item
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append(item)
        return shown, palette

    def fit(self, width: int) -> tuple[list[Item], Item | None, Item | None]:
        """What fits in `width` cells: the shown bindings (all of them, or as many as fit
        before the `… ? more` marker), the marker (its key is help's, None when all fit) and
        the palette's key, docked right."""
        active = self.screen.active_bindings
        shown, palette = self.items(active)
        right = _width(palette) if palette is not None else 0
        if sum(map(_width, shown)) + right <= width:
            return shown, None, palette
        help_binding = bound_binding(self.screen, "help", active)
        more = (
            Item("", "", "more", True)
            if help_binding is None
            else Item(help_binding.key, self.app.get_key_display(help_binding), "more", True)
        )
        room = width - right - _marker_width(more)
        if room < 0:  # narrower than the app allows (60 columns): no room for the palette
            palette, room = None, width - _marker_width(more)
        fitted: list[Item] = []
        for item in shown:
            room -= _width(item)
            if room < 0:
                break
            fitted.append(item)
        return fitted, more, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled")
        width = self.size.width
        shown, more, palette = fitted = self.fit(width)
        self._drawn = (width, fitted)
        line = Text(no_wrap=True, overflow="crop", end="")
        spots: list[tuple[int, int, str]] = []

        def add(item: Item) -> None:
            start = line.cell_len
            extra = dim if not item.enabled else None
            line.append(f" {item.display} ", key_style + extra if extra else key_style)
            if item.description:
                line.append(f"{item.description} ", text_style + extra if extra else text_style)
            spots.append((start, line.cell_len, item.key))

        for item in shown:
            add(item)
        if more is not None:
            line.append(f" {MORE}", text_style)
            if more.key:
                add(more)
            else:
                line.append(f" {more.description} ", text_style)
        if palette is not None:
            line.append(" " * (width - line.cell_len - _width(palette)))
            add(palette)
        self._spots = spots
        line.stylize_before(self.rich_style)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spots:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
