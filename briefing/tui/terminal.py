"""What the terminal can do, read from its environment in one place: colours (and none at
all), the stance glyphs its font can draw, and whether it takes a clipboard over OSC 52.

Plain Python (no Textual): the command line reads it before the App is imported.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from briefing.format.stance import ASCII_GLYPH, GLYPH

ANSI_TERMS = frozenset(
    {"linux", "vt100", "vt102", "vt220", "ansi", "xterm", "xterm-color", "xterm-16color",
     "screen", "screen.linux", "tmux", "rxvt", "cons25"}
)  # fmt: skip
"""Terminal types that announce only the 16 ANSI colours."""
ASCII_TERMS = frozenset({"linux", "vt100", "vt102", "vt220", "dumb", "cons25"})
"""Consoles whose fonts may lack the stance glyphs (★ ▲ ▼ …): stances get ASCII marks."""
NO_CLIPBOARD_TERMS = frozenset({"linux", "dumb", "vt100", "vt102", "vt220", "cons25"})
"""Consoles that ignore OSC 52 (sending it would only be noise)."""


NO_COLOR_STYLES = {
    "block-cursor-text-style": "bold underline",
    "block-cursor-blurred-text-style": "underline",
    "input-cursor-text-style": "reverse",
    "button-focus-text-style": "reverse bold",
}
"""Under NO_COLOR the cursor rows show by underline (Textual's visual styles drop reverse)
and the text cursor by reverse video, not by colour."""


def _term(env: Mapping[str, str]) -> str:
    return env.get("TERM", "").lower()


def default_theme(env: Mapping[str, str]) -> str | None:
    """A 16-colour theme on terminals that do not announce more colours; else Textual's own."""
    colorterm = env.get("COLORTERM", "").lower()
    term = _term(env)
    if colorterm in ("truecolor", "24bit") or "256color" in term or "direct" in term:
        return None
    return "ansi-dark" if term in ANSI_TERMS else None


def glyphs_for(env: Mapping[str, str]) -> dict[str, str]:
    """The stance glyphs this terminal can draw."""
    return dict(ASCII_GLYPH if _term(env) in ASCII_TERMS else GLYPH)


def colour_off(env: Mapping[str, str]) -> bool:
    """NO_COLOR set (to anything), or a terminal that announces no colour at all."""
    return "NO_COLOR" in env or _term(env) in ("dumb", "unknown")


def clipboard_works(env: Mapping[str, str]) -> bool:
    """Whether copying through the terminal (OSC 52) may work: not on consoles that ignore it."""
    return _term(env) not in NO_CLIPBOARD_TERMS


def pick_theme(
    choices: str | Sequence[tuple[str | None, str]] | None, known: Collection[str]
) -> tuple[str | None, list[str]]:
    """The first known theme of `choices` (a name, or (name, where it came from) pairs in
    order of precedence), and a note for each unknown one passed over."""
    if isinstance(choices, str):
        choices = [(choices, "--theme")]
    notes: list[str] = []
    for name, origin in choices or []:
        if not name:
            continue
        if name in known:
            return name, notes
        notes.append(f"Unknown theme {name!r} ({origin}); using the next choice")
    return None, notes
