"""The desk's list: one card per briefing — its title, next open deadline with the time
left and its firmness, the changes not seen, and how fresh its copy is. Wrapped, never cut."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from briefing.reading.clock import short_left
from briefing.services.desk import DeskRow
from briefing.widgets.cells import wrap
from briefing.widgets.line_list import CardList, Part

INDENT = "   "


def wrap_parts(parts: list[Part], width: int, indent: str = INDENT) -> list[list[Part]]:
    """`parts` as one paragraph wrapped to `width` cells, each line led by `indent`, each
    piece keeping its part's role (nothing is cut: a long message takes more lines)."""
    plain = "".join(text for text, _role in parts)
    roles: list[str | None] = [role for text, role in parts for _ in text]
    lines: list[list[Part]] = []
    position = 0
    for line in wrap(plain, max(width - len(indent), 10)):
        start = plain.find(line, position) if line else position
        start = position if start < 0 else start
        pieces: list[Part] = [(indent, None)]
        for offset, char in enumerate(line):
            role = roles[start + offset] if start + offset < len(roles) else None
            if pieces[-1][1] == role and len(pieces) > 1:
                pieces[-1] = (pieces[-1][0] + char, role)
            else:
                pieces.append((char, role))
        lines.append(pieces)
        position = start + len(line)
    return lines


class DeskList(CardList):
    """Every briefing of the desk; Enter opens the highlighted one."""

    HELP_NAME = "the desk"

    EMPTY_TEXT = "No feed in config.toml."

    DEFAULT_CSS = """
    DeskList {
        & > .desk--firm { color: $text-error; text-style: bold; }
        & > .desk--soft { color: $text-warning; text-style: bold; }
        & > .desk--ok { color: $text-success; }
        & > .desk--offline { color: $text-warning; }
        & > .desk--failed { color: $text-error; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = CardList.COMPONENT_CLASSES | {
        "desk--firm",
        "desk--soft",
        "desk--ok",
        "desk--offline",
        "desk--failed",
    }

    SHOW_BLURRED_CURSOR = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="desk.open"),
    ]

    class Chosen(Message):
        def __init__(self, desk: DeskList, row: DeskRow | None) -> None:
            super().__init__()
            self.desk = desk
            self.row = row
            """None: the bundled briefing."""

        @property
        def control(self) -> DeskList:
            """The list that sent the message (what `@on(..., selector)` matches)."""
            return self.desk

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[DeskRow] = []
        self.bundled_title: str | None = None
        """The bundled briefing's row (None: not offered)."""
        self.bundled_current = False
        self.now: datetime | None = None

    def show(
        self,
        rows: list[DeskRow],
        now: datetime,
        bundled: str | None,
        bundled_current: bool,
    ) -> None:
        """Show `rows` as of `now`, then the bundled briefing (titled `bundled`) if offered;
        the cursor stays on the briefing it was on."""
        keep = self.cursor if self.count else None
        if keep is None:  # first shown: on the briefing on screen, else the first feed
            keep = next((i for i, row in enumerate(rows) if row.current), 0)
        self.rows = rows
        self.now = now
        self.bundled_title = bundled
        self.bundled_current = bundled_current
        self.set_count(len(rows) + (1 if bundled is not None else 0), keep)

    def render_card(self, index: int, width: int) -> list[list[Part]]:
        if index >= len(self.rows):
            return self._bundled_card(width)
        row = self.rows[index]
        now = self.now
        assert now is not None
        title: list[Part] = [(row.feed.name, "line-list--strong")]
        title.append((f" — {row.title}" if row.title else " — no copy yet", None))
        if row.current:
            title.append((" · on screen", "line-list--accent"))
        lines = wrap_parts(title, width, indent=" ")
        lines += wrap_parts(self._deadline(row, now), width)
        lines += wrap_parts(self._news(row, now), width)
        return lines

    def _bundled_card(self, width: int) -> list[list[Part]]:
        title: list[Part] = [
            ("bundled", "line-list--strong"),
            (f" — {self.bundled_title}", None),
        ]
        if self.bundled_current:
            title.append((" · on screen", "line-list--accent"))
        return [
            *wrap_parts(title, width, indent=" "),
            *wrap_parts([("built into the app; never refreshed", "line-list--dim")], width),
        ]

    @staticmethod
    def _deadline(row: DeskRow, now: datetime) -> list[Part]:
        state = row.deadline
        if state is None:
            return [("no open deadline", "line-list--dim")]
        return [
            ("Deadline ", "line-list--dim"),
            (state.deadline.label, None),
            (" — ", None),
            (state.firmness.upper(), f"desk--{state.firmness}"),
            (f" {note}" if (note := state.firmness_note()) else "", "line-list--dim"),
            (" · ", None),
            (short_left(state.remaining(now)), "line-list--strong"),
            (f" · {state.due_label()}", "line-list--dim"),
        ]

    @staticmethod
    def _news(row: DeskRow, now: datetime) -> list[Part]:
        fresh = row.freshness
        if row.unseen:
            unseen: Part = (
                f"{row.unseen} unseen change{'s' if row.unseen != 1 else ''}",
                "line-list--accent",
            )
        else:
            unseen = ("no unseen change", "line-list--dim")
        tone = {"ok": "desk--ok", "offline": "desk--offline", "failed": "desk--failed"}
        parts: list[Part] = [unseen, (" · ", None), (fresh.words(now), tone.get(fresh.state))]
        if row.refreshing:
            parts.append((" · refreshing…", "line-list--dim"))
        return parts

    def highlighted(self) -> tuple[str, bool] | None:
        """The highlighted briefing's name (its feed's, or `bundled`) and whether it is the
        briefing on screen; None when the desk lists nothing."""
        if not self.count:
            return None
        if self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            return row.feed.name, row.current
        return "bundled", self.bundled_current

    def on_choose(self, index: int) -> None:
        row = self.rows[index] if index < len(self.rows) else None
        self.post_message(self.Chosen(self, row))
