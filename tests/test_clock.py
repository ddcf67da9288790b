"""The deadline clock: the fold of the history, day precision in a zone, passed deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from briefing.format.model import Change, Deadline
from briefing.reading import clock


def deadline(*changes: Change, tz: str = "America/New_York", ident: str = "d") -> Deadline:
    return Deadline(id=ident, label=ident, tz=tz, history=changes, set_by=None)


SET = Change(at="2025-11-21", kind="set", due="2025-11-27", precision="day")
SOFT = Change(at="2025-11-23", kind="softened", by="rubio", note="not firm")


def test_day_precision_ends_at_midnight_in_the_zone():
    state = clock.state_at(deadline(SET), datetime(2025, 11, 22, tzinfo=UTC))
    assert state is not None
    # End of Thu 27 Nov in New York = 05:00 UTC on Fri 28 Nov (EST, UTC-5).
    assert state.due_at.astimezone(UTC) == datetime(2025, 11, 28, 5, 0, tzinfo=UTC)
    assert state.due_label() == "by end of Thu 27 Nov (America/New_York)"
    assert state.firmness == "firm"
    assert state.is_open


def test_the_fold_only_sees_changes_not_after_now():
    d = deadline(SET, SOFT)
    before = clock.state_at(d, datetime(2025, 11, 22, 23, 59, tzinfo=UTC))
    after = clock.state_at(d, datetime(2025, 11, 23, 0, 0, tzinfo=UTC))
    assert before is not None and before.firmness == "firm" and before.latest is SET
    assert after is not None and after.firmness == "soft" and after.latest is SOFT
    assert clock.state_at(d, datetime(2025, 11, 20, tzinfo=UTC)) is None


def test_moved_firmed_and_closing_changes():
    moved = Change(
        at="2025-11-25", kind="moved", due="2025-12-04T17:00:00+01:00", precision="exact"
    )
    firmed = Change(at="2025-11-26", kind="firmed")
    met = Change(at="2025-11-30", kind="met")
    d = deadline(SET, SOFT, moved, firmed, met, tz="Europe/Zurich")
    at_moved = clock.state_at(d, datetime(2025, 11, 25, 12, tzinfo=UTC))
    assert at_moved is not None
    assert at_moved.firmness == "soft"  # moving does not firm it up
    assert at_moved.due_at == datetime(2025, 12, 4, 16, 0, tzinfo=UTC)
    assert at_moved.due_label() == "by Thu 4 Dec 17:00 (Europe/Zurich)"
    at_firmed = clock.state_at(d, datetime(2025, 11, 26, 12, tzinfo=UTC))
    assert at_firmed is not None and at_firmed.firmness == "firm"
    closed = clock.state_at(d, datetime(2025, 12, 1, tzinfo=UTC))
    assert closed is not None and closed.phase == "met" and not closed.is_open


def test_history_out_of_order_is_folded_by_date():
    d = deadline(SET, Change(at="2025-11-26", kind="lapsed"), SOFT)
    state = clock.state_at(d, datetime(2025, 11, 24, tzinfo=UTC))
    assert state is not None and state.firmness == "soft" and state.is_open


def test_countdown_picks_the_next_open_deadline_and_reports_passed_ones():
    early = deadline(
        Change(at="2025-11-01", kind="set", due="2025-11-10", precision="day"),
        ident="early",
        tz="UTC",
    )
    late = deadline(
        Change(at="2025-11-01", kind="set", due="2025-12-10", precision="day"),
        ident="late",
        tz="UTC",
    )
    done = deadline(
        Change(at="2025-11-01", kind="set", due="2025-11-05", precision="day"),
        Change(at="2025-11-04", kind="met"),
        ident="done",
        tz="UTC",
    )
    before = clock.countdown([late, early, done], datetime(2025, 11, 4, 12, tzinfo=UTC))
    assert before.current is not None and before.current.deadline.id == "early"
    assert before.next_open is None
    # Passed within a week: still the headline, with the next one beside it.
    after = clock.countdown([late, early, done], datetime(2025, 11, 15, tzinfo=UTC))
    assert after.current is not None and after.current.deadline.id == "early"
    assert after.next_open is not None and after.next_open.deadline.id == "late"
    # Passed long ago: the next one ahead takes the headline.
    later = clock.countdown([late, early, done], datetime(2025, 11, 30, tzinfo=UTC))
    assert later.current is not None and later.current.deadline.id == "late"
    assert later.next_open is None
    # Nothing ahead: the last one to pass, however old.
    last = clock.countdown([late, early], datetime(2026, 11, 30, tzinfo=UTC))
    assert last.current is not None and last.current.deadline.id == "late"
    assert last.next_open is None
    none = clock.countdown([done], datetime(2025, 11, 15, tzinfo=UTC))
    assert none.current is None


def test_left_label():
    assert (
        clock.left_label(timedelta(days=4, hours=3, minutes=12, seconds=45))
        == "4d 03h 12m 45s left"
    )
    assert clock.left_label(timedelta(seconds=1)) == "0d 00h 00m 01s left"
    assert clock.left_label(timedelta(seconds=0)) == "passed less than a minute ago"
    assert clock.left_label(-timedelta(seconds=59)) == "passed less than a minute ago"
    assert clock.left_label(-timedelta(minutes=1)) == "passed 1 minute ago"
    assert clock.left_label(-timedelta(hours=5)) == "passed 5 hours ago"
    assert clock.left_label(-timedelta(days=1, hours=2)) == "passed 1 day ago"
    assert clock.left_label(-timedelta(days=361)) == "passed 361 days ago"


def test_a_day_precision_date_time_due_uses_its_calendar_day():
    d = deadline(
        Change(at="2025-11-01", kind="set", due="2025-11-27T09:00:00-05:00", precision="day")
    )
    state = clock.state_at(d, datetime(2025, 11, 2, tzinfo=UTC))
    assert state is not None
    assert state.due_at.astimezone(UTC) == datetime(2025, 11, 28, 5, 0, tzinfo=UTC)


def test_a_deadline_known_to_the_day_counts_down_without_seconds():
    # Its seconds would be a precision no source gave; the minutes round up, so the
    # label never says "0m left" while time remains.
    assert clock.left_label(timedelta(days=2, hours=5), "day") == "2d 05h 00m left"
    assert clock.left_label(timedelta(hours=3, minutes=12, seconds=1), "day") == ("0d 03h 13m left")
    assert clock.left_label(timedelta(seconds=1), "day") == "0d 00h 01m left"
    assert clock.left_label(timedelta(hours=23, minutes=59, seconds=30), "day") == (
        "1d 00h 00m left"
    )
    assert clock.left_label(timedelta(seconds=45), "exact") == "0d 00h 00m 45s left"


def test_the_as_of_prompt_shows_a_moment_as_it_would_be_typed():
    from briefing.format.dates import as_of_text, parse_as_of

    for typed in ("2025-11-22", "2025-11-22T18:00+01:00", "2025-11-22T18:00:05+00:00"):
        moment = parse_as_of(typed)
        assert as_of_text(moment) == typed
        assert parse_as_of(as_of_text(moment)) == moment
    odd = datetime(2025, 11, 22, 23, 59, 59, 999999, tzinfo=UTC)  # the end of a day: a date
    assert as_of_text(odd) == "2025-11-22"
    fine = datetime(2025, 11, 22, 12, 0, 0, 5, tzinfo=UTC)
    assert parse_as_of(as_of_text(fine)) == fine
