"""The app's one validation error: every problem found in a document, with its path."""

from __future__ import annotations

from typing import Final

import msgspec

from briefing.format.textclean import clean_display_text

SHOWN: Final = 50
"""How many problems a message lists; the rest are counted."""

COLLECTED: Final = 1000
"""Checks stop collecting after this many problems (a broken 60 MB file has millions)."""


class Problem(msgspec.Struct, frozen=True):
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Problems:
    """An accumulator that stops growing once it has enough to report."""

    def __init__(self, limit: int = COLLECTED) -> None:
        self.items: list[Problem] = []
        self.limit = limit

    def add(self, path: str, message: str) -> None:
        if len(self.items) <= self.limit:
            self.items.append(Problem(path, clean_display_text(message)))

    @property
    def full(self) -> bool:
        return len(self.items) > self.limit

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class BriefingError(Exception):
    """A document that cannot be used, with every problem found (up to a cap)."""

    def __init__(self, origin: str, problems: list[Problem], *, truncated: bool = False) -> None:
        self.origin = clean_display_text(origin)
        self.problems = problems
        self.truncated = truncated
        super().__init__(self.headline)

    @property
    def headline(self) -> str:
        count = len(self.problems)
        if count == 1:
            return f"{self.origin} is not a valid briefing: {self.problems[0]}"
        more = "+" if self.truncated else ""
        return f"{self.origin} is not a valid briefing ({count}{more} problems)"

    def report(self, shown: int = SHOWN) -> str:
        """The full message: a headline, then one `path: what is wrong` per line."""
        lines = [f"{self.origin} is not a valid briefing:"]
        grouped = _grouped(self.problems)
        lines += [f"  {problem}" for problem in grouped[:shown]]
        hidden = len(grouped) - shown
        if hidden > 0 or self.truncated:
            lines.append(f"  … and {'more than ' if self.truncated else ''}{max(hidden, 0)} more")
        return "\n".join(lines)


def _grouped(problems: list[Problem]) -> list[str]:
    """One line per problem, but a reference to the same unknown id (the follow-on of one
    bad entry: every place that names it) once, with how many more places name it."""
    lines: list[str] = []
    seen: dict[str, int] = {}
    more: dict[str, int] = {}
    for problem in problems:
        if problem.message.startswith("unknown "):
            if problem.message in seen:
                more[problem.message] = more.get(problem.message, 0) + 1
                continue
            seen[problem.message] = len(lines)
        lines.append(str(problem))
    for message, count in more.items():
        places = "place names" if count == 1 else "places name"
        lines[seen[message]] += f" (and {count} more {places} it)"
    return lines


class CannotRead(BriefingError):
    """The document could not be read at all (missing file, no permission, too big)."""

    def __init__(self, origin: str, reason: str) -> None:
        self.reason = clean_display_text(reason)
        super().__init__(origin, [Problem("$", self.reason)])

    @property
    def headline(self) -> str:
        return f"cannot read {self.origin}: {self.reason}"

    def report(self, shown: int = SHOWN) -> str:
        return self.headline
