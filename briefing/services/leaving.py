"""Leaving the app without losing a note, and what it says about the notes the disk refused:
on q, on a signal, and when the app ends some other way. Without Textual: the App acts on
what these return."""

from __future__ import annotations

from pathlib import Path

import msgspec

from briefing.disk.storage import StorageError
from briefing.services.analyst import RETRY_AFTER, Analyst, Rescue
from briefing.services.session import UNSAVED_MARK


class Leaving(msgspec.Struct, frozen=True):
    """What q should do: quit with `code` and `message`, or (`warning`) stay and say why."""

    code: int = 0
    message: str | None = None
    warning: str | None = None


async def leave(analyst: Analyst, *, armed: bool, again: str = "q") -> Leaving:
    """q: the notes not on disk (the open editor's too) are tried once more; those the
    notebook still refuses are written to a file in the data dir, named on exit. When even
    that fails, q must be pressed again (`armed`) to leave them; `again` is how the warning
    names that key (the App passes its live binding)."""
    analyst.collect_editors()
    if analyst.session.unsaved:
        await analyst.retry_unsaved(editors_too=True)
    count = len(analyst.session.unsaved)
    if not count:
        return Leaving()
    try:
        path = await analyst.write_emergency()
    except StorageError as error:
        if armed:
            return Leaving(1, f"briefing: {notes(count)} lost: could not be saved ({error})")
        them = "it" if count == 1 else "them"
        return Leaving(
            warning=f"{notes(count)} could not be saved anywhere ({error}). Free some space "
            f"and wait, or press {again} again to quit and lose {them}."
        )
    return Leaving(1, f"briefing: {refused(count, path)}")


def on_signal(analyst: Analyst, why: str) -> str | None:
    """A signal (or the terminal gone): every note not on disk written at once, blocking;
    what to print as the app ends (None: nothing to say)."""
    rescue = analyst.rescue() if analyst.session.unsaved or analyst.editing_any else Rescue(0, 0)
    if rescue.path is not None:
        return f"{why}; {refused(rescue.left, rescue.path)}"
    if rescue.left:
        return f"{why}; {notes(rescue.left)} lost: could not be saved ({rescue.error})"
    return None


def last_words(analyst: Analyst) -> str | None:
    """The app ending neither by q nor by a signal (an error of its own): the notes not on
    disk are saved or written to the unsaved-notes file all the same, and the file named."""
    if not analyst.session.unsaved and not analyst.editing_any:
        return None
    rescue = analyst.rescue()
    return f"briefing: {refused(rescue.left, rescue.path)}" if rescue.path else None


def unsaved_warning(count: int) -> str:
    return (
        f"{notes(count)} not saved (marked {UNSAVED_MARK}): kept in memory and saved as soon "
        f"as the disk allows (tried every {RETRY_AFTER:.0f} s)."
    )


def retried(saved: int, left: int) -> str:
    more = f"; {notes(left)} still not saved" if left else ""
    return f"Saved {notes(saved)} that the disk had refused{more}."


def notes(count: int) -> str:
    return f"{count} note{'s' if count != 1 else ''}"


def refused(count: int, path: Path) -> str:
    where = "it is" if count == 1 else "they are"
    return f"the notebook refused {notes(count)}; {where} in {path}"
