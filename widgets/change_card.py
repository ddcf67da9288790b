"""One remembered change in full, old → new: for the pane under the Changes list and the
clause page's "What changed".

Built from `Content` parts (never markup): feed text is data. The word diff marks
removed words `[-…-]` struck and added ones `{+…+}` underlined, so it reads without
colour.
"""

from __future__ import annotations

import re

from textual.content import Content

from briefing.disk.changelog import Logged
from briefing.format import dates
from briefing.reading.textdiff import word_diff
from briefing.widgets.cells import READ_LIMIT, bounded_parts

Parts = list[str | tuple[str, str]]

REMOVED_STYLE = "strike $text-error"
ADDED_STYLE = "underline $text-success"

TOO_LONG = "  (too long a change to compare word by word)"


CONTEXT_WORDS = 12
"""Unchanged words kept on each side of a change where a change is shown, not the whole
text (the clause's page has the whole wording under it)."""


def diff_parts(
    old: str, new: str, limit: int = READ_LIMIT, *, context: int | None = None
) -> Parts | None:
    """`old` → `new` word by word, removed words struck and bracketed `[-…-]`, added ones
    underlined and braced `{+…+}`; None when the texts are too long to compare (or the
    marks would be cut away with the text). With `context`, a stretch of unchanged words
    keeps only that many words next to each change, the rest shown as `…`."""
    if max(len(old), len(new)) > limit:
        return None
    pieces = word_diff(old, new)
    if pieces is None:
        return None
    parts: Parts = []
    last = len(pieces) - 1
    for at, piece in enumerate(pieces):
        if piece.op == "same":
            text = piece.text
            if context is not None:
                text = _elide(text, context, head=at > 0, tail=at < last)
            parts.append(text)
        elif piece.op == "removed":
            parts.append((f"[-{piece.text}-]", REMOVED_STYLE))
        else:
            parts.append((f"{{+{piece.text}+}}", ADDED_STYLE))
    return parts


_WORDS = re.compile(r"\s+|\S+")


def _elide(text: str, keep: int, *, head: bool, tail: bool) -> str:
    """Unchanged `text` with only `keep` words after the change before it (`head`) and
    before the change after it (`tail`); what is left out is one `…`."""
    tokens = _WORDS.findall(text)
    words = [i for i, token in enumerate(tokens) if not token.isspace()]
    kept = (keep if head else 0) + (keep if tail else 0)
    if len(words) <= kept + 1:
        return text
    start = "".join(tokens[: words[keep - 1] + 1]) if head else ""
    end = "".join(tokens[words[-keep] :]) if tail else ""
    if head and tail:
        return f"{start} … {end}"
    return f"{start} …" if head else f"… {end}"


def arrival_day(entry: Logged) -> str:
    """The day the refresh that brought the change ran, '25 Nov 2025' ('' if unreadable)."""
    try:
        return dates.day_label(entry.detected_at[:10])
    except dates.BadDate:
        return ""


def _label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return dates.day_label(value)
    except dates.BadDate:
        return value


def old_new_parts(entry: Logged, limit: int = READ_LIMIT, context: int | None = None) -> Parts:
    """What it was and what it is now, as parts (empty when the sentence says it all); a
    word diff with `context` words around each change (see `diff_parts`)."""
    before, after = entry.before, entry.after
    if entry.kind == "clause-reworded":
        if before is not None and after is not None:
            marked = diff_parts(before, after, context=context)
            if marked is not None:
                return [("wording, word by word: ", "$text-muted"), *marked]
        parts: Parts = []
        if before is not None:
            parts += [("was: ", "$text-muted"), *_bounded(before, limit)]
        if after is not None:
            parts += ["\n" if parts else "", ("now: ", "$text-muted"), *_bounded(after, limit)]
        if before is not None and after is not None:
            parts.append((TOO_LONG, "$text-muted"))
        return parts
    if entry.kind == "position-updated" and before is not None and after is not None:
        dated: Parts = [
            (f"as of {_label(entry.before_when)} → {_label(entry.when)}", "$text-muted"),
        ]
        if before == after:
            return [*dated, ("; the same words", "$text-muted")]
        marked = diff_parts(before, after, context=context)
        if marked is None:
            return [*dated, "\n", ("now: ", "$text-muted"), *_bounded(after, limit)]
        return [*dated, "\n", ("summary, word by word: ", "$text-muted"), *marked]
    if entry.kind in ("position-added", "position-changed") and after is not None:
        if before is None:
            return [("now ", "$text-muted"), (after, "bold"), _as_of(entry.when)]
        return [
            (before, "bold"),
            (f" since {_label(entry.before_when)}" if entry.before_when else "", "$text-muted"),
            " → ",
            (after, "bold"),
            _as_of(entry.when),
        ]
    if entry.kind == "clause-status" and before is not None and after is not None:
        return [("status ", "$text-muted"), (before, "bold"), " → ", (after, "bold")]
    if entry.kind == "deadline-moved" and before is not None and after is not None:
        return [("due ", "$text-muted"), (before, "bold"), " → ", (after, "bold")]
    return []


def _as_of(value: str | None) -> tuple[str, str]:
    return (f" as of {_label(value)}" if value else "", "$text-muted")


def _bounded(text: str, limit: int) -> list[tuple[str, str]]:
    return bounded_parts(text, limit=limit)


def change_card(
    entry: Logged,
    *,
    unseen: bool,
    limit: int = READ_LIMIT,
    sentence: str | None = None,
    context: int | None = CONTEXT_WORDS,
) -> Content:
    """The change in full: when it arrived and what it is dated, its sentence (wrapped, never
    cut; `sentence` in place of the logged one) and below it old → new, the words changed
    with `context` unchanged words around them (None: the whole text)."""
    arrived = _label(entry.detected_at)
    head: Parts = []
    if unseen:
        head.append(("● new · ", "bold $text-accent"))
    head.append((f"arrived {arrived}" if arrived else "", "$text-muted"))
    if entry.when:
        head.append((f" · dated {_label(entry.when)}", "$text-muted"))
    parts: Parts = [*head, "\n", *bounded_parts(sentence or entry.text, "bold", limit=limit)]
    detail = old_new_parts(entry, limit, context)
    if detail:
        parts += ["\n", *detail]
    return Content.assemble(*parts)
