"""Overview: the summary, the documents, positions on the whole text, deadlines, events."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from briefing.format import dates
from briefing.reading import clock
from briefing.screens.reading import ReadingScreen
from briefing.widgets.prose import Block, heading, muted, stance_content


class OverviewScreen(ReadingScreen):
    """Where the negotiation stands as a whole, and how it got there."""

    HELP_NAME = "the overview"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="overview.back"),
    ]

    def blocks(self) -> list[Block]:
        view = self.session.view
        blocks: list[Block] = [(Content.assemble((view.title, "bold")), "title")]
        if view.summary:
            blocks.append((Content(view.summary), "summary"))
        elif self.session.doc.summary:
            written = dates.day_label(self.session.doc.updated)
            note = f"The summary was written {written}, after this moment; hidden in as-of view."
            blocks.append((muted(note), "summary"))
        return blocks + self._documents() + self._stands() + self._deadlines() + self._events()

    def _documents(self) -> list[Block]:
        index = self.session.index
        documents = self.session.view.documents
        blocks: list[Block] = [(heading(f"Documents ({len(documents)})"), "heading documents")]
        for number, document in enumerate(documents):
            author = index.parties.get(document.author) if document.author else None
            meta = [m for m in (document.kind, author.name if author else None) if m]
            line = Content.assemble(
                (f"{dates.day_label(document.date)}  ", "$text-muted"),
                (document.title, "bold" if number == 0 else ""),
                (f" ({', '.join(meta)})" if meta else "", "$text-muted"),
                (" — base" if number == 0 else "", "$text-muted"),
            )
            blocks.append((line, "documents"))
        return blocks

    def _stands(self) -> list[Block]:
        stands = self.session.index.overall_stands()
        blocks: list[Block] = [
            (heading(f"Positions on the text as a whole ({len(stands)})"), "heading stands")
        ]
        for stand in stands:
            head = Content.assemble(
                (stand.party.name, "bold"),
                "  ",
                stance_content(
                    stand.current, self.session.glyphs, self.session.index.account(stand.current)
                ),
                (f"  since {dates.day_label(stand.since)}", "$text-muted"),
            )
            blocks += [(head, "stands"), (Content(stand.current.summary), "stands indent")]
        return blocks

    def _deadlines(self) -> list[Block]:
        session = self.session
        index = session.index
        now = session.now()
        states = [s for d in session.doc.deadlines if (s := clock.state_at(d, now)) is not None]
        blocks: list[Block] = [(heading(f"Deadlines ({len(states)})"), "heading deadlines")]
        for state in states:
            deadline = state.deadline
            status = state.firmness if state.is_open else state.phase
            head = Content.assemble(
                (deadline.label, "bold"),
                f" — {status} · {state.due_label()} · ",
                clock.left_label(state.remaining(now)),
            )
            blocks.append((head, "deadlines"))
            for change in state.changes:
                words = clock.change_words(change, index.actor_name(change.by))
                line = Content.assemble(
                    (f"{words.when}  ", "$text-muted"),
                    (words.kind, "bold"),
                    words.due,
                    words.by,
                    (f" — {words.note}" if words.note else "", "$text-muted"),
                )
                blocks.append((line, "deadlines indent"))
        return blocks

    def _events(self) -> list[Block]:
        events = sorted(self.session.view.events, key=lambda e: dates.instant(e.at))
        blocks: list[Block] = [(heading(f"Events ({len(events)})"), "heading events")]
        for event in events:
            head = Content.assemble(
                (f"{dates.day_label(event.at)}  ", "$text-muted"),
                (event.title, "bold"),
                muted(f" [{event.kind}]") if event.kind else "",
            )
            blocks.append((head, "events"))
            if event.summary:
                blocks.append((Content(event.summary), "events indent"))
        return blocks
