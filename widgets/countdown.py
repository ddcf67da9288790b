"""The countdown to the next open deadline, ticking once a second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from briefing.format.model import Deadline
from briefing.reading import clock
from briefing.reading.clock import DeadlineState
from briefing.reading.index import BriefingIndex


def _hang(line: Content, width: int) -> list[Content]:
    """Wrap `line` to `width`, continuation lines indented two more than its own indent."""
    plain = line.plain
    indent = len(plain) - len(plain.lstrip(" "))
    body = line[indent:]
    if body.cell_length <= max(width - indent, 10) and "\t" not in plain and "\n" not in plain:
        # Fits: what `wrap` would give, without its ~1 ms of dividing and formatting.
        return [Content(" " * indent) + body]
    return _wrap_hanging(body, indent, width)


def _wrap_hanging(body: Content, indent: int, width: int) -> list[Content]:
    """`body` (a line without its `indent`) wrapped to `width` as `_hang` lays it out,
    whether it fits or not."""
    first, *rest = body.wrap(max(width - indent, 10)) or [body]
    lines = [Content(" " * indent) + first]
    if rest:
        hang = indent + 2
        tail = Content(" ").join(rest)
        lines += [Content(" " * hang) + part for part in tail.wrap(max(width - hang, 10))]
    return lines


COMPACT_BELOW = 24
"""Terminal rows under which the panel is compact: no "set by" (the overview names who),
the next open deadline after a passed one on the same line as its due date, and the latest
change one line cut with `…` — the clause list needs the rows."""

TICK = 1.0
"""Seconds between two readings of the clock while the countdown is live."""


class Countdown(Widget):
    """Days, hours, minutes and seconds left to the deadline that matters now."""

    DEFAULT_CSS = """
    Countdown {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    now: reactive[datetime | None] = reactive(None)

    def __init__(
        self,
        clock_now: Callable[[], datetime],
        *,
        live: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._clock_now = clock_now
        self.live = live
        self.deadlines: list[Deadline] = []
        self.index: BriefingIndex | None = None
        self._shown: Content | None = None
        """What the panel said when last drawn (None: not drawn yet)."""
        self._made: tuple[tuple[object, ...], Content] | None = None
        """The last content made, and what it was made for (`_content`)."""

    def on_mount(self) -> None:
        self.now = self._clock_now()
        self._timer = self.set_interval(TICK, self._tick, pause=not self.live)

    def _tick(self) -> None:
        """Read the clock; draw the panel again only when what it says changes (a deadline
        counted in days, or passed, reads the same for hours: over SSH each second's
        repaint of the same panel was some 800 bytes, and a key's screen looked unsettled
        for as long)."""
        self.set_reactive(Countdown.now, self._clock_now())
        shown, now = self._shown, self._content()
        if shown is None or now != shown:
            lines = shown is None or now.plain.count("\n") != shown.plain.count("\n")
            self.refresh(layout=lines)

    def show(
        self,
        index: BriefingIndex,
        deadlines: list[Deadline],
        clock_now: Callable[[], datetime],
        *,
        live: bool,
    ) -> None:
        """Count down over `deadlines`; `live` ticks every second, otherwise time stands still.
        The panel is laid out again (its height may change) only when what it counts over
        does; the same deadlines shown again (a filter typed) only repaint it."""
        same = index is self.index and deadlines is self.deadlines and live == self.live
        self.index = index
        self.deadlines = deadlines
        self._clock_now = clock_now
        self.live = live
        if self.is_mounted:
            if live:
                self._timer.resume()
            else:
                self._timer.pause()
        self.now = clock_now()
        self.refresh(layout=not same)

    def _actor(self, ident: str | None) -> str | None:
        return self.index.actor_name(ident) if self.index else ident

    def _headline(self, state: DeadlineState, *, compact: bool = False) -> Content:
        deadline = state.deadline
        note = None
        if state.is_open:
            tone = "$text-warning" if state.firmness == "soft" else "$text-error"
            status = state.firmness.upper()
            note = state.firmness_note()
        else:
            tone, status = "$text-muted", state.phase.upper()
        setter = None if compact else self._actor(deadline.set_by)
        return Content.assemble(
            ("Deadline ", "$text-accent"),
            (deadline.label, "bold"),
            " — ",
            (status, f"bold {tone}"),
            (f" {note}" if note else "", tone),
            (f" · set by {setter}" if setter else "", "$text-muted"),
        )

    def _left(self, state: DeadlineState, now: datetime) -> Content:
        remaining = state.remaining(now)
        left = clock.left_label(remaining, state.precision)
        style = "bold" if remaining.total_seconds() > 0 else "bold $text-muted"
        due = state.due_label()
        if remaining.total_seconds() <= 0:
            due = "was due " + due
        return Content.assemble("  ", (left, style), " · ", due)

    def _latest(self, state: DeadlineState) -> Content:
        words = clock.change_words(state.latest, self._actor(state.latest.by))
        text = f"  latest: {words.kind} {words.when}{words.by}"
        if words.note:
            text += f" — {words.note}"
        return Content.assemble((text, "$text-muted"))

    def render(self) -> Content:
        self._shown = self._content()
        return self._shown

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The panel's lines at the width the layout gives it (Textual's own renders it at
        the width it had before: none at the first layout, so 20 columns' worth)."""
        if not width:
            return 0
        return self._content(width).plain.count("\n") + 1  # its lines fit the width

    def _content(self, width: int | None = None) -> Content:
        """What the panel says now at `width` (its own content width when None); the same
        question asked again (the layout's, then the drawing's) is answered once."""
        width = max(self.content_region.width if width is None else width, 20)
        key = (self.now, width, self.screen.size.height, self.deadlines, self.index)
        made = self._made
        if made is not None and all(a is b or a == b for a, b in zip(made[0], key, strict=True)):
            return made[1]
        content = self._make(width)
        self._made = (key, content)
        return content

    def _make(self, width: int) -> Content:
        now = self.now
        if now is None:
            return Content("")
        picked = clock.countdown(self.deadlines, now)
        state = picked.current
        if state is None:
            return Content.assemble(("Deadline ", "$text-accent"), ("none open.", "$text-muted"))
        compact = self.screen.size.height < COMPACT_BELOW  # a short terminal
        lines = [self._headline(state, compact=compact), self._left(state, now)]
        if state.remaining(now).total_seconds() <= 0:
            following = picked.next_open
            if following is None:
                words = "none other open" if compact else "next open deadline: none"
                after = Content.assemble((words, "$text-muted"))
            else:
                after = Content.assemble(
                    "next: ",
                    (clock.left_label(following.remaining(now), following.precision), "bold"),
                    " · ",
                    following.deadline.label,
                    (f" — {following.due_label()}", "$text-muted"),
                )
            if compact:
                lines[-1] = lines[-1] + " · " + after
            else:
                lines.append("  " + after)
        latest = self._latest(state)
        if compact:
            latest = latest[: max(width - 1, 1)] + "…" if latest.cell_length > width else latest
        lines.append(latest)
        return Content("\n").join(wrapped for line in lines for wrapped in _hang(line, width))
