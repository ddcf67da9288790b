"""Command palette provider: jump to a clause (by number or title), a party, a quote."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

from textual.binding import ActiveBinding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from briefing.disk.config import Config
from briefing.format.cells import clip
from briefing.screens.messages import OpenClause, OpenMatrix, OpenQuote
from briefing.services.session import Session
from briefing.widgets.key_bar import bound_binding, bound_key

_CLAUSE_NUMBER = re.compile(r"^\s*(?:go\s+to\s+)?(?:clause\s+|point\s+|§\s*)?(\S+)\s*$", re.I)
QUOTE_HITS = 30


class BriefingCommands(Provider):
    """Clauses, quotes and the app's own commands."""

    @property
    def session(self) -> Session | None:
        session = getattr(self.app, "session", None)
        return session if isinstance(session, Session) else None

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Each command: its name, what it does with the key that does it on the screen the
        palette was opened from (read from the live bindings: `[keys]` shows), and the call."""
        app = self.app
        commands: list[tuple[str, str, str]] = [
            ("Search", "Find clauses, quotes and speakers", "search"),
            ("Positions matrix", "Clauses × parties at a glance", "matrix"),
            ("Overview", "Summary, documents, deadlines and events", "overview"),
            ("View as of a date…", "See the briefing as it stood at a moment", "as_of"),
            ("View live", "Leave as-of and show the briefing now", "live"),
            ("Keys", "Every key on this screen", "help"),
            ("Timeline", "Events, deadline changes, quotes and positions by date", "timeline"),
            ("Notes", "All your notes, including orphaned ones", "notes"),
            ("Export a brief…", "Markdown of this view with your notes", "export"),
            (
                "Filter clauses…",
                "Narrow the clause list: party, stance, status, topic",
                "screen.filter",
            ),
        ]
        config = getattr(app, "config", None)
        session = self.session
        if session is not None and session.feed is not None:
            commands += [
                ("Refresh now", "Ask the feed for a new copy", "refresh"),
                ("Changes", "What the feed changed, newest first", "changes"),
            ]
        if isinstance(config, Config) and config.feeds:
            commands.append(("Switch feed…", "Read another of the desk's feeds", "feeds"))
        active = self.screen.active_bindings
        found: list[tuple[str, str, Callable[[], object]]] = []
        for name, text, action in commands:
            # A screen that takes an App action in its stead (the desk: on the briefing its
            # highlighted row names) gets it from the palette too, as from its key.
            instead = f"screen.on_screen({action!r})"
            if "." not in action and bound_binding(self.screen, instead, active) is not None:
                call = partial(self.screen.run_action, f"on_screen({action!r})")
                found.append((name, self._with_key(text, instead, active), call))
            else:
                found.append(
                    (name, self._with_key(text, action, active), partial(app.run_action, action))
                )
        return found

    def _with_key(self, text: str, action: str, active: Mapping[str, ActiveBinding]) -> str:
        """`text (key)` with the key bound to `action` on the screen the palette was opened
        from, as the key bar shows it; `text` alone when no key runs it there. Markup-safe."""
        key = bound_key(self.screen, action, active)
        return escape(f"{text} ({key})" if key else text)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    def _filter_hits(self, query: str, session: Session) -> list[Hit]:
        """'ukraine opposes', 'contested territory' … as a filter, when it reads as one."""
        from briefing.reading.filters import FilterError, parse

        words = query.strip()
        if len(words) < 4:
            return []
        try:
            wanted = parse(words, session.index)
        except FilterError:
            return []
        if wanted.words or not (
            wanted.stances or wanted.statuses or wanted.topics or wanted.flagged or wanted.noted
        ):
            return []  # a bare name or free words: the clause, party and quote hits serve better
        count = len(
            wanted.apply(
                session.view.clauses, session.index, session.flags(), session.noted_clauses()
            )
        )
        label = f"Filter clauses: {wanted.describe(session.index)} ({count})"
        return [
            Hit(
                0.95,
                Content(label),
                partial(self._set_filter, words),
                text=label,
                help=self._clears_hint(),
            )
        ]

    def _clears_hint(self) -> str:
        """What a filter hit says about undoing it: the live key that clears the main
        screen's filter (none while the filter is being typed)."""
        from briefing.screens.main import MainScreen

        main = self.app.screen_stack[0]
        key = bound_key(main, "screen.clear_filter") if isinstance(main, MainScreen) else None
        return escape(
            f"narrow the clause list; {key} clears"
            if key
            else "narrow the clause list; Clear filter in the key bar undoes it"
        )

    def _set_filter(self, text: str) -> None:
        from briefing.screens.main import MainScreen

        main = self.app.screen_stack[0]
        if isinstance(main, MainScreen):
            while len(self.app.screen_stack) > 1:
                self.app.pop_screen()
            main.set_filter(text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = min(matcher.match(name), 1.0)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        session = self.session
        if session is None:
            return
        wanted = _CLAUSE_NUMBER.match(query)
        number = wanted.group(1).lower() if wanted else None
        clauses = session.view.clauses
        for place, clause in enumerate(clauses, 1):
            open_it = partial(self.app.post_message, OpenClause(clause.id))
            if clause.has_number:
                label, name = f"Clause {clause.number}: {clause.title}", clause.number
            else:  # addressed by its place, as its page says ("clause 3 of 14")
                label = f"Clause {place} of {len(clauses)} (no number): {clause.title}"
                name = str(place)
            if number is not None and name.lower() == number:
                yield Hit(
                    1.0,
                    Content(f"Go to {label[0].lower()}{label[1:]}"),
                    open_it,
                    text=label,
                    help=escape(clause.status),
                )
                continue
            score = min(matcher.match(label), 1.0)
            if score > 0:
                yield Hit(
                    score * 0.9, Content(label), open_it, text=label, help=escape(clause.status)
                )
        for party in session.view.parties:
            label = f"Party: {party.name} ({party.short})"
            score = min(matcher.match(label), 1.0)
            if score > 0:
                yield Hit(
                    score * 0.8,
                    Content(label),
                    partial(self.app.post_message, OpenMatrix(party.id)),
                    text=label,
                    help="its positions, clause by clause, in the matrix",
                )
        for hit in self._filter_hits(query, session):
            yield hit
        needle = query.strip().lower()
        if len(needle) < 3:
            return
        found = 0
        for quote in session.view.quotes:
            name, _role, _party = session.index.speaker(quote)
            text = f"{name}: {quote.text}"
            if needle in text.lower():
                found += 1
                shown = clip(text, 90)
                yield Hit(
                    0.5,
                    Content(shown),
                    partial(self.app.post_message, OpenQuote(quote.id)),
                    text=shown,
                    help="quote",
                )
                if found >= QUOTE_HITS:
                    return
