"""Each party's current position on the highlighted clause: stance, since when, source."""

from __future__ import annotations

from typing import ClassVar

from textual.message import Message

from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.stance import GLYPH, TONE
from briefing.reading.index import BriefingIndex, PartyStand
from briefing.widgets.cells import PANE_LIMIT, bounded, fit, wrap
from briefing.widgets.line_list import STANCE_CLASSES, CardList, Part

STANCE_WORD = max(len(stance) for stance in GLYPH)


class PositionsPane(CardList):
    """The parties' stances on one clause, a card per party."""

    COMPONENT_CLASSES: ClassVar[set[str]] = STANCE_CLASSES

    HELP_NAME = "the positions pane"

    EMPTY_TEXT = "No party position on this clause in the sources."

    class Chosen(Message):
        """Enter on a party's position: open what it is about."""

        def __init__(self, pane: PositionsPane, stand: PartyStand) -> None:
            super().__init__()
            self.pane = pane
            self.stand = stand

        @property
        def control(self) -> PositionsPane:
            """The pane that sent the message (what `@on(..., selector)` matches)."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.stands: list[PartyStand] = []
        self.index: BriefingIndex | None = None
        self.glyphs: dict[str, str] = dict(GLYPH)
        self.marked: set[str] = set()
        """Parties whose position here changed and is unseen."""

    def show(
        self, index: BriefingIndex, stands: list[PartyStand], marked: set[str] | None = None
    ) -> None:
        self.index = index
        self.stands = stands
        self.marked = marked or set()
        self.set_count(len(stands))

    def render_card(self, index: int, width: int) -> list[list[Part]]:
        stand = self.stands[index]
        position = stand.current
        stance = position.stance
        tone = f"stance--{TONE[stance]}"
        wide = width >= 50
        name = stand.party.name if wide else stand.party.short
        name_width = max(6, min(24, width - STANCE_WORD - 23)) if wide else 6
        mark = "● " if stand.party.id in self.marked else ""
        head: list[Part] = [
            (mark, "line-list--accent"),
            (fit(name, name_width - len(mark)) + " ", "line-list--strong"),
            (f"{self.glyphs[stance]} {stance:<{STANCE_WORD}}", tone),
            (f" {'since ' if wide else ''}{dates.day_label(stand.since)}", "line-list--dim"),
        ]
        lines: list[list[Part]] = [head]
        if position.according_to is not None and self.index is not None:
            account = self.index.account(position)
            lines.append([(clip(f"  ({account})", width), tone)])
        summary, cut = bounded(position.summary, PANE_LIMIT, "⏎ reads on")
        lines += [[("  " + line, None)] for line in wrap(summary, width - 2)]
        if cut is not None:
            lines += [[("  " + line, "line-list--dim")] for line in wrap(cut, width - 2)]
        if self.index is not None:
            sources = "; ".join(self.index.source_short(s) for s in position.sources)
            changes = len(stand.history) - 1
            tail = f"  source: {sources}"
            if changes:
                tail += f" · {changes} earlier position{'s' if changes > 1 else ''}"
            lines.append([(clip(tail, width), "line-list--dim")])
        return lines

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.stands[index]))
