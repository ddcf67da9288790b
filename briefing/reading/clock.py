"""The deadline clock: a deadline's state at a moment, and the time left.

Pure functions of (deadline, now), so the app's live countdown, `--as-of`
and the tests all pass their own "now" (format.md, Deadline).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

import msgspec

from briefing.format import dates
from briefing.format.model import Change, Deadline

Firmness = Literal["firm", "soft"]
Phase = Literal["open", "met", "lapsed", "withdrawn"]

_CLOSING = {"met": "met", "lapsed": "lapsed", "withdrawn": "withdrawn"}


class DeadlineState(msgspec.Struct, frozen=True):
    """The fold of a deadline's history up to a moment."""

    deadline: Deadline
    due: str
    precision: Literal["exact", "day"]
    due_at: datetime
    """The last moment the deadline allows: for day precision, the end of that day in `tz`."""
    firmness: Firmness
    phase: Phase
    latest: Change
    changes: tuple[Change, ...]

    @property
    def is_open(self) -> bool:
        return self.phase == "open"

    def remaining(self, now: datetime) -> timedelta:
        return self.due_at - now

    def due_label(self) -> str:
        """'by end of Thu 27 Nov (America/New_York)' or 'by Thu 27 Nov 18:00 (Europe/Zurich)';
        a zone the publisher assumed reads '(America/New_York, zone assumed)'."""
        zone = dates.zone(self.deadline.tz)
        where = self.zone_label()
        if self.precision == "day":
            day = dates.instant(self.due[:10]).date()
            return f"by end of {day:%a} {day.day} {day:%b} ({where})"
        local = self.due_at.astimezone(zone)
        return f"by {local:%a} {local.day} {local:%b} {local:%H:%M} ({where})"

    def firmness_note(self) -> str | None:
        """Where the firmness comes from when the date was moved after the change that gave
        it: 'since 23 Nov 2025 (not restated when moved 25 Nov 2025)' — moving keeps the
        firmness (format.md, "Firmness follows from the fold"), so SOFT is not read as said
        of the new date. None when no move followed (the latest change says it)."""
        gave = max(
            (i for i, c in enumerate(self.changes) if c.kind in ("set", "softened", "firmed")),
            default=None,
        )
        if gave is None:
            return None
        moves = [c for c in self.changes[gave + 1 :] if c.kind == "moved"]
        if not moves:
            return None
        since = dates.day_label(self.changes[gave].at)
        return f"since {since} (not restated when moved {dates.day_label(moves[-1].at)})"

    def zone_label(self) -> str:
        """The zone's name, marked when no source gave it (format.md, Deadline)."""
        tz = self.deadline.tz
        return f"{tz}, zone assumed" if self.deadline.tz_assumed else tz


def _sorted(history: Sequence[Change]) -> list[Change]:
    return sorted(history, key=lambda change: dates.instant(change.at))


def _due_at(due: str, precision: str, tz: str) -> datetime:
    zone = dates.zone(tz)
    if precision == "day":
        day = dates.instant(due[:10]).date()
        next_day = day + timedelta(days=1)
        return datetime(next_day.year, next_day.month, next_day.day, tzinfo=zone)
    if dates.is_date_only(due):
        day = dates.instant(due).date()
        return datetime(day.year, day.month, day.day, tzinfo=zone)
    return dates.instant(due)


def state_at(deadline: Deadline, now: datetime) -> DeadlineState | None:
    """Fold the changes dated not after `now`; None when the deadline was not yet set."""
    changes = [c for c in _sorted(deadline.history) if dates.instant(c.at) <= now]
    if not changes:
        return None
    due = ""
    precision: Literal["exact", "day"] = "day"
    firmness: Firmness = "firm"
    phase: Phase = "open"
    for change in changes:
        if change.kind in ("set", "moved"):
            if change.due is not None:
                due = change.due
                precision = change.precision or ("day" if dates.is_date_only(due) else "exact")
            if change.kind == "set":
                firmness = "firm"
            phase = "open"
        elif change.kind == "softened":
            firmness = "soft"
        elif change.kind == "firmed":
            firmness = "firm"
        else:
            phase = _CLOSING[change.kind]  # type: ignore[assignment]
    if not due:
        return None
    return DeadlineState(
        deadline=deadline,
        due=due,
        precision=precision,
        due_at=_due_at(due, precision, deadline.tz),
        firmness=firmness,
        phase=phase,
        latest=changes[-1],
        changes=tuple(changes),
    )


class Countdown(msgspec.Struct, frozen=True):
    """What the countdown pane shows: the deadline to watch and any that passed before it."""

    current: DeadlineState | None
    """The open deadline that matters now: one that passed within `RECENT` (it is news),
    else the next one ahead, else the one that passed last."""
    next_open: DeadlineState | None
    """When `current` has passed: the next open deadline still ahead, if any."""


RECENT = timedelta(days=7)
"""How long a passed (and never closed) deadline stays in the headline over the next one."""


def countdown(deadlines: list[Deadline], now: datetime) -> Countdown:
    """Pick the deadline to count down to at `now`."""
    states = [s for d in deadlines if (s := state_at(d, now)) is not None and s.is_open]
    ahead = sorted((s for s in states if s.due_at > now), key=lambda s: s.due_at)
    passed = sorted((s for s in states if s.due_at <= now), key=lambda s: s.due_at)
    following = ahead[0] if ahead else None
    if passed and (following is None or now - passed[-1].due_at <= RECENT):
        return Countdown(passed[-1], following)
    return Countdown(following, None)


def next_open(deadlines: list[Deadline], now: datetime) -> DeadlineState | None:
    """The open deadline next ahead at `now`; when none is ahead, the open one that passed
    last (still open: nobody said it was met or lapsed). None: no open deadline."""
    states = [s for d in deadlines if (s := state_at(d, now)) is not None and s.is_open]
    ahead = [s for s in states if s.due_at > now]
    if ahead:
        return min(ahead, key=lambda s: s.due_at)
    return max(states, key=lambda s: s.due_at, default=None)


def split(delta: timedelta) -> tuple[int, int, int, int]:
    """Whole days, hours, minutes, seconds of a non-negative span."""
    total = max(int(delta.total_seconds()), 0)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return days, hours, minutes, seconds


def left_label(delta: timedelta, precision: str = "exact") -> str:
    """'4d 03h 12m 45s left' ('4d 03h 12m left' for a deadline known to the day: its
    seconds would be a precision no source gave), or for a past one 'passed 3 days ago'."""
    if delta.total_seconds() > 0:
        days, hours, minutes, seconds = split(delta)
        if precision == "day":
            minutes += 1 if seconds else 0  # rounded up: never "0m left" before the end
            hours, minutes = (hours + 1, 0) if minutes == 60 else (hours, minutes)
            days, hours = (days + 1, 0) if hours == 24 else (days, hours)
            return f"{days}d {hours:02d}h {minutes:02d}m left"
        return f"{days}d {hours:02d}h {minutes:02d}m {seconds:02d}s left"
    ago = -delta
    days, hours, minutes, _ = split(ago)
    if days >= 1:
        return f"passed {days} day{'s' if days != 1 else ''} ago"
    if hours >= 1:
        return f"passed {hours} hour{'s' if hours != 1 else ''} ago"
    if minutes >= 1:
        return f"passed {minutes} minute{'s' if minutes != 1 else ''} ago"
    return "passed less than a minute ago"


def short_left(delta: timedelta) -> str:
    """The time left to the minute, for a list that is not a clock: '2d 05h left',
    '5h 12m left', '12m left', 'under a minute left'; past: 'passed 3 days ago'."""
    if delta.total_seconds() <= 0:
        return left_label(delta)
    days, hours, minutes, _ = split(delta)
    if days:
        return f"{days}d {hours:02d}h left"
    if hours:
        return f"{hours}h {minutes:02d}m left"
    return f"{minutes}m left" if minutes else "under a minute left"


class ChangeWords(msgspec.Struct, frozen=True):
    """The parts every view writes for one change of a deadline's history."""

    when: str
    """'23 Nov 2025'."""
    kind: str
    due: str
    """' → 4 Dec 2025 17:00 +01:00' for set/moved, else ''."""
    by: str
    """' by Marco Rubio', or ''."""
    note: str
    """The note on one line, or ''."""


def change_words(change: Change, who: str | None) -> ChangeWords:
    return ChangeWords(
        when=dates.day_label(change.at),
        kind=change.kind,
        due=f" → {dates.day_label(change.due)}" if change.due else "",
        by=f" by {who}" if who else "",
        note=(change.note or "").replace("\n", " "),
    )
