"""Help: every key in force on the screen it was opened from, generated from the bindings."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from briefing.format.stance import legend
from briefing.screens.base import NoSilentKeys
from briefing.widgets.key_bar import PALETTE_ACTIONS, KeyBar, offered
from briefing.widgets.reading import ReadingPane

EXTRA = [
    ("mouse", "Optional: click to pick, double-click to open"),
]
"""What no binding stands for."""

SIDEWAYS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
"""Textual's scrolling actions that only act on a pane wider than the screen."""

PALETTE = "Command palette: go to a clause, party or quote; every command"
IN_OUR_WORDS = {
    **dict.fromkeys(PALETTE_ACTIONS, PALETTE),
    "app.focus_next": "Next pane",
    "app.focus_previous": "Previous pane",
}
"""Textual's own bindings by action, described as this app uses them (Textual calls the
palette `palette`); their keys come from the live bindings like every other."""


class HelpScreen(NoSilentKeys, Screen[None]):
    """The keys of the screen underneath, grouped by where they apply."""

    HELP_NAME = "help"

    LEAF = True
    """Opening a clause from here replaces this screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "back", "Back", id="help.back"),
    ]

    def __init__(
        self,
        bindings: dict[str, ActiveBinding],
        screen_name: str,
        glyphs: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.bindings = bindings
        self.screen_name = screen_name
        self.glyphs = glyphs

    @classmethod
    def of(cls, screen: Screen[Any], glyphs: dict[str, str] | None = None) -> HelpScreen:
        """Help on the keys `screen` has now (its `HELP_NAME`, or its class's name)."""
        return cls(
            screen.active_bindings, getattr(screen, "HELP_NAME", type(screen).__name__), glyphs
        )

    def compose(self) -> ComposeResult:
        yield ReadingPane(Static(id="help-text"), id="help-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-text", Static).update(self.render_help())
        self.query_one("#help-body").focus()

    def _groups(self) -> dict[str, list[tuple[str, str, Binding]]]:
        """Bindings by where they apply, each (keys as the key bar shows them, what it does,
        the binding); keys of one action on one node share a line."""

        groups: dict[str, list[tuple[str, str, Binding]]] = {}
        lines: dict[tuple[str, str, str], int] = {}
        for active in self.bindings.values():
            binding = active.binding
            node = active.node
            if binding.system or not binding.description or not offered(node, binding.action):
                continue  # not offered now (r with no feed): as the key bar, not listed
            if binding.action in SIDEWAYS and not getattr(node, "allow_horizontal_scroll", True):
                continue  # Textual's own sideways keys, on a pane that never scrolls sideways
            if node is self.app:
                group = "Everywhere"
            elif isinstance(node, Screen):
                group = "This screen"
            else:
                group = f"In {getattr(node, 'HELP_NAME', type(node).__name__)}"
            shown = self.app.get_key_display(binding)
            what = IN_OUR_WORDS.get(binding.action, binding.description)
            entries = groups.setdefault(group, [])
            line = lines.get((group, binding.action, binding.description))
            if line is None:
                lines[(group, binding.action, binding.description)] = len(entries)
                entries.append((shown, what, binding))
            elif shown not in entries[line][0].split(" "):
                entries[line] = (f"{entries[line][0]} {shown}", what, binding)
        return groups

    def render_help(self) -> Content:
        lines: list[Content] = [
            Content.assemble(
                ("Keys", "bold $text-accent"), (f" on {self.screen_name}", "$text-muted")
            )
        ]
        order = ["This screen", "Everywhere"]
        groups = self._groups()
        names = sorted(groups, key=lambda g: (order.index(g) if g in order else -1, g))
        width = max([len(k) for g in groups.values() for k, _, _ in g] + [len(k) for k, _ in EXTRA])
        for group in names:
            lines.append(Content.assemble(("\n" + group, "bold")))
            for key, what, binding in groups[group]:
                lines.append(
                    Content.assemble(
                        (f"  {key:<{width}}  ", "$text-accent"),
                        f"{what:<24}",
                        (f" {binding.id}" if binding.id else "", "$text-muted"),
                    )
                )
        lines.append(Content.assemble(("\nAlso", "bold")))
        for key, description in EXTRA:
            lines.append(Content.assemble((f"  {key:<{width}}  ", "$text-accent"), description))
        lines.append(
            Content.assemble(
                ("\nRemap a key in config.toml by the id in the last column: ", "$text-muted"),
                ('[keys] "app.search" = "ctrl+f"', "$text-muted"),
            )
        )
        lines.append(Content.assemble(("\nStances", "bold")))
        lines.append(Content("  " + (legend(self.glyphs) if self.glyphs else legend())))
        return Content("\n").join(lines)

    def action_back(self) -> None:
        self.dismiss(None)
