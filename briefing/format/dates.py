"""Dates of the format: parsing, ordering and display.

A format date is `YYYY-MM-DD` or an RFC 3339 date-time with offset. A bare
date means "some time that day"; for ordering it is the start of the day in
UTC (format.md, Conventions).
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DATE_ONLY: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME: Final = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


class BadDate(ValueError):
    """A string that is not a valid format date; the message says why."""


def is_date_only(value: str) -> bool:
    return len(value) == 10


@functools.lru_cache(maxsize=1 << 16)
def instant(value: str) -> datetime:
    """The moment a format date stands for, as an aware datetime (bare date: 00:00 UTC)."""
    if _DATE_ONLY.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            raise BadDate(f"'{value}' is not a calendar date ({error})") from None
        _in_range(value, day.year)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    if not _DATETIME.match(value):
        if "T" in value and _DATETIME.match(value + "Z"):
            raise BadDate(f"'{value}' has no UTC offset (add Z or ±HH:MM)")
        raise BadDate(f"'{value}' is not a date YYYY-MM-DD or a date-time with offset")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise BadDate(f"'{value}' is not a valid date-time ({error})") from None
    _in_range(value, moment.year)
    return moment


LAST_YEAR: Final = 9998
"""Dates run to the end of 9998, so that 'the end of a day' in any zone stays representable."""


def _in_range(value: str, year: int) -> None:
    if year > LAST_YEAR:
        raise BadDate(f"'{value}' is after the last date the app handles (the end of {LAST_YEAR})")


def end_of(value: str) -> datetime:
    """The last moment a format date can stand for: a bare date's next midnight UTC."""
    moment = instant(value)
    if is_date_only(value):
        return moment + timedelta(days=1) - timedelta(microseconds=1)
    return moment


def parse_as_of(value: str) -> datetime:
    """Parse a `--as-of` value: a bare date means the end of that day (UTC)."""
    value = value.strip()
    return end_of(value)


def as_of_text(moment: datetime) -> str:
    """How an analyst would type `moment` back (`parse_as_of` reads it as the same moment):
    '2025-11-22' for the end of a day in UTC, else '2025-11-22T18:00+01:00' (seconds only
    when there are some)."""
    if moment.utcoffset() == timedelta(0):
        day = moment.date().isoformat()
        if end_of(day) == moment:
            return day
    exact = moment.second or moment.microsecond
    spec = ("microseconds" if moment.microsecond else "seconds") if exact else "minutes"
    return moment.isoformat(timespec=spec)


@functools.lru_cache(maxsize=256)
def zone(name: str) -> tzinfo:
    """The time zone named `name`; raises `BadDate` when the database does not know it."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        raise BadDate(f"'{name}' is not an IANA time zone name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadDate(f"unknown time zone '{name}'") from None


def day_label(value: str) -> str:
    """Short human form: '23 Nov 2025' or '23 Nov 2025 18:30 +01:00'."""
    moment = instant(value)
    if is_date_only(value):
        return f"{moment.day} {moment:%b %Y}"
    offset = moment.strftime("%z")
    offset = "UTC" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}"
    return f"{moment.day} {moment:%b %Y %H:%M} {offset}"


def date_label(value: str) -> str:
    """The day alone, in the value's own zone: '23 Nov 2025'."""
    moment = instant(value)
    return f"{moment.day} {moment:%b %Y}"


def moment_label(moment: datetime) -> str:
    """Human form of an aware moment, in its own zone."""
    offset = moment.strftime("%z")
    offset = "UTC" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}"
    return f"{moment:%a} {moment.day} {moment:%b %Y %H:%M} {offset}"
