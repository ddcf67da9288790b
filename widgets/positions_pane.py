"""Each party's current position on the highlighted clause: stance, since when, source."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.message import Message

from briefing.format import dates
from briefing.format.cells import clip
from briefing.format.stance import ACCOUNT_MARK, GLYPH, TONE
from briefing.reading.index import BriefingIndex, PartyStand
from briefing.widgets.cells import PANE_LIMIT, bounded, fit, wrap
from briefing.widgets.line_list import STANCE_CLASSES, CardList, LineList, Part

STANCE_WORD = max(len(stance) for stance in GLYPH)


class PositionsPane(CardList):
    """The parties' stances on one clause, a card per party."""

    COMPONENT_CLASSES: ClassVar[set[str]] = STANCE_CLASSES

    HELP_NAME = "the positions pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="positions.open"),  # shown: it opens the clause
    ]

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
        self._folded = False
        self._summary: list[list[Part]] = []
        """Every party's stance in a few wrapped lines, above the cards, when even one line
        per party does not fit (60×18): `header_lines` of them."""

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
        tone = f"stance--{TONE[position.stance]}"
        lines = self._head(stand, width, one_line=self._folded and index != self.cursor)
        if self._folded and index != self.cursor:
            return lines  # the party and its stance; the cursor's card in full
        if position.according_to is not None and self.index is not None:
            account = self.index.account(position)
            lines += [[("  " + line, tone)] for line in wrap(f"({account})", width - 2)]
        summary, cut = bounded(position.summary, PANE_LIMIT, "⏎ reads on")
        wrapped = wrap(summary, width - 2)
        tail = "  source: "
        if self._folded:  # room for the other parties' lines: the summary reads on with ⏎
            room = self.scrollable_content_region.height - (self._count - 1) - len(lines) - 1
            if len(wrapped) > max(1, room):
                wrapped = wrapped[: max(1, room)]
                wrapped[-1] = clip(wrapped[-1] + " …", width - 2)
                cut, tail = None, "  ⏎ reads on · source: "
        lines += [[("  " + line, None)] for line in wrapped]
        if cut is not None:
            lines += [[("  " + line, "line-list--dim")] for line in wrap(cut, width - 2)]
        if self.index is not None:
            sources = "; ".join(self.index.source_short(s) for s in position.sources)
            changes = len(stand.history) - 1
            tail += sources
            if changes:
                tail += f" · {changes} earlier position{'s' if changes > 1 else ''}"
            lines.append([(clip(tail, width), "line-list--dim")])
        return lines

    def _head(self, stand: PartyStand, width: int, *, one_line: bool = False) -> list[list[Part]]:
        """Who, which stance, since when: one line, the date on a second where the pane
        is too narrow for it (never cut); `one_line`: without the date then."""
        stance = stand.current.stance
        tone = f"stance--{TONE[stance]}"
        mark = "● " if stand.party.id in self.marked else ""
        since = dates.day_label(stand.since)
        marks = 2 if self.marked else 0  # the same columns on every card
        longest = min(24, max(len(s.party.name) for s in self.stands) + marks)
        wide = longest + STANCE_WORD + 16 <= width  # full names, whole, and the date
        if wide:
            name_width = max(6, longest)
            name = stand.party.name
        else:  # the parties' short names, as wide as the longest of this clause's
            name_width = max(len(s.party.short) for s in self.stands) + marks
            name = stand.party.short
        head: list[Part] = [
            (mark, "line-list--accent"),
            (fit(name, name_width - len(mark)) + " ", "line-list--strong"),
        ]
        # Another's account is starred, as in the matrix; the card (⏎) says whose.
        star = one_line and stand.current.according_to is not None
        word = stance + ("*" if star else "")
        pad = STANCE_WORD + self._folded  # folded lines keep a column for the star
        head.append((f"{self.glyphs[stance]} {word:<{pad}}", tone))
        roomy = wide and name_width + 3 + pad + 7 + len(since) <= width
        when = f" {'since ' if roomy else ''}{since}"
        if name_width + 3 + pad + len(when) <= width:
            return [[*head, (when, "line-list--dim")]]
        head[2] = (f"{self.glyphs[stance]} {word}", tone)  # unaligned, on one line
        if sum(len(text) for text, _ in head) + len(when) <= width:
            return [[*head, (when, "line-list--dim")]]
        if one_line:
            return [head]
        return [head, [(fit(f"  since {since}", width), "line-list--dim")]]

    def _layout_changed(self) -> None:
        """Fold to one head per party, the cursor's card in full, when the cards do not
        fit the pane: which party holds which stance stays visible at 80×24. When even that
        does not fit (a pane of 2 or 3 rows at 60×18), every party's stance goes in a few
        wrapped lines on top, the cards scrolling under: `US ★ proposes · UA ✗ rejects*` when
        that fits on one line, else by glyph as in the matrix (`US ★  UA ✗*  UK !`; help
        and the matrix give the legend)."""
        self._folded = False
        self._summary = []
        self.header_lines = 0
        # Each try lays out the cards alone; the scroll height (and the scrollbar) is set
        # once, from the last: a try's height drew the bar again for nothing.
        height = self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        # A card in full takes at least its head, a line of summary (where there is room
        # for one) and its sources' line: when that many lines cannot fit, it folds at
        # once, without laying every card out in full first (at each move in the list).
        least = 1 + (width > 2) + (self.index is not None)
        may_fold = self._count > 1 and height > 0
        must_fold = may_fold and self._count * least > height
        if not must_fold:
            self._lay_out_cards()
        if must_fold or (may_fold and self.line_count() > height):
            self._folded = True
            self._lay_out_cards()
            if self.line_count() > height:
                self._summary = self._stances(width, height - 1, words=True)
                if len(self._summary) > 1 or self._summary[-1][-1][0].endswith("…"):
                    self._summary = self._stances(width, height - 1, words=False)
                self.header_lines = len(self._summary)
                self._lay_out_cards()
        LineList._layout_changed(self)

    def _stances(self, width: int, room: int, *, words: bool) -> list[list[Part]]:
        """Each party's short name and stance (its glyph alone without `words`, as in the
        matrix), starred as there when it is another's account, packed into at most `room`
        lines of `width` (a party never split across two; what does not fit ends the
        last line with `…`)."""
        lines: list[list[Part]] = []
        line: list[Part] = []
        used = 0
        between = " · " if words else "  "  # by glyph: two more parties on a line of 27
        for stand in self.stands:
            position = stand.current
            star = ACCOUNT_MARK if position.according_to is not None else ""
            mark = "● " if stand.party.id in self.marked else ""
            said = f" {position.stance}" if words else ""
            text = f"{self.glyphs[position.stance]}{said}{star}"
            entry: list[Part] = [
                (mark, "line-list--accent"),
                (f"{stand.party.short} ", "line-list--strong"),
                (text, f"stance--{TONE[position.stance]}"),
            ]
            size = sum(cell_len(part) for part, _ in entry)
            if size > width:  # a party's name alone wider than the pane
                entry, size = [(clip("".join(p for p, _ in entry), width), None)], width
            if line and used + len(between) + size > width:
                lines.append(line)
                line, used = [], 0
            if line:
                line.append((between, "line-list--dim"))
                used += len(between)
            line += entry
            used += size
        if line:
            lines.append(line)
        if len(lines) > max(room, 1):
            lines = lines[: max(room, 1)]
            last = "".join(part for part, _ in lines[-1]) + " …"  # more parties follow
            lines[-1] = [(last if cell_len(last) <= width else clip(last[:-2], width), None)]
        return lines

    def render_header(self, y: int, width: int) -> list[Part]:
        return self._summary[y] if y < len(self._summary) else []

    def watch_cursor(self, old: int, new: int) -> None:
        if self._folded and old != new:
            self._layout_changed()
            self.refresh()
        super().watch_cursor(old, new)

    def on_choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.stands[index]))
