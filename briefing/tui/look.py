"""How the app looks in the terminal it runs in: Textual's side of `briefing.tui.terminal`
(which reads the environment). No colour at all under NO_COLOR or on a terminal that
announces none, the cursor then shown by underline; no animation unless asked for; the
theme chosen; and the "too small" notice, kept up to date as the size or screen changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import App
from textual.filter import NoColor

from briefing.tui import terminal
from briefing.widgets import too_small


def ansi_color(env: Mapping[str, str]) -> bool | None:
    """Textual's `ansi_color` for this terminal. NO_COLOR: Textual's default turns colours to
    greys (still colour codes); with ansi_color it drops them instead, leaving the terminal's
    own colours. TERM=dumb announces no colour either: the same, though Textual looks only
    at NO_COLOR."""
    return True if terminal.colour_off(env) else None


def settle(app: App[Any], env: Mapping[str, str], *, animations: bool) -> None:
    """Colour off where `ansi_color` said so; animation off unless config or
    TEXTUAL_ANIMATIONS asks for it (a page key then lands at once: many frames over SSH)."""
    if terminal.colour_off(env) and not app.no_color:
        app.no_color = True
        app._filters.append(NoColor())  # Textual adds it only for NO_COLOR
    if "TEXTUAL_ANIMATIONS" not in env and not animations:
        app.animation_level = "none"


def css_variables(app: App[Any], variables: dict[str, str]) -> dict[str, str]:
    if app.no_color:
        variables.update(terminal.NO_COLOR_STYLES)
    return variables


def choose_theme(
    app: App[Any], choices: str | Sequence[tuple[str | None, str]] | None
) -> list[str]:
    """Before the app runs: the theme, and a note for each unknown one passed over (shown
    on mount). Set here, before the stylesheet is first read, as Textual's theme watcher
    would set it (the theme, its classes, the ANSI colours' filter); set once the app runs,
    the watcher had Textual read the whole stylesheet again and apply it to every widget
    (the first frame ~100 ms later on a 16-colour terminal, or with a theme chosen). The
    stylesheet, made in Textual's constructor, takes the variables of the look settled
    now (theme, NO_COLOR)."""
    theme, notes = terminal.pick_theme(choices, app.available_themes)
    if theme is not None and theme != app.theme:
        app.set_reactive(App.theme, theme)
        dark = app.current_theme.dark
        app.set_class(True, f"-theme-{theme}", update=False)
        app.set_class(dark, "-dark-mode", update=False)
        app.set_class(not dark, "-light-mode", update=False)
        app._refresh_truecolor_filter(app.ansi_theme)
    app.stylesheet.set_variables(app.get_css_variables())
    return notes


def start(app: App[Any]) -> None:
    """On mount: the too-small notice on every screen shown from now on."""
    app.screen_change_signal.subscribe(app, lambda _screen: too_small.fit(app, *app.size))
