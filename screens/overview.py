"""Overview: the summary, the documents, positions on the whole text, deadlines, events,
the people and the sources; a search hit on one of them opens it there (`at`)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from briefing.format import dates
from briefing.reading import clock
from briefing.screens.reading import ReadingScreen
from briefing.services.session import Session
from briefing.widgets.block_column import BlockColumn
from briefing.widgets.prose import Block, heading, muted, stance_content


class OverviewScreen(ReadingScreen):
    """Where the negotiation stands as a whole, and how it got there."""

    HELP_NAME = "the overview"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="overview.back"),
    ]

    def __init__(self, session: Session, at: str | None = None) -> None:
        super().__init__(session)
        self.at = at
        """The item to show at the top ('event:ID', 'source:ID', 'stands'…)."""
        self.anchors: dict[str, int] = {}
        """Where each item's first paragraph is among the blocks."""

    def on_mount(self) -> None:
        super().on_mount()
        if self.at is not None:
            self.call_after_refresh(self.go_to, self.at)

    def go_to(self, at: str) -> None:
        """Scroll so that item `at` is at the top (it says so when the view lacks it)."""
        self.at = at
        number = self.anchors.get(at)
        if number is None:
            self.notify(f"Not in this view: {at.partition(':')[2] or at}.", severity="warning")
            return
        top = self.query_one("#blocks", BlockColumn).block_top(number)
        self.query_one("#detail-body").scroll_to(y=top, animate=False)

    async def rewrite(self) -> None:
        await super().rewrite()
        if self.at is not None:
            self.call_after_refresh(self.go_to, self.at)

    def blocks(self) -> list[Block]:
        view = self.session.view
        blocks: list[Block] = [(Content.assemble((view.title, "bold")), "title")]
        self.anchors = {}  # a new snapshot's, not the last one's where it has the same item
        if view.summary:
            self.anchors["summary"] = len(blocks)
            blocks.append((Content(view.summary), "summary"))
        elif self.session.doc.summary:
            written = dates.day_label(self.session.doc.updated)
            note = f"The summary was written {written}, after this moment; hidden in as-of view."
            blocks.append((muted(note), "summary"))
        for part in (
            self._documents,
            self._stands,
            self._deadlines,
            self._events,
            self._people,
            self._sources,
        ):
            blocks += self._with_anchors(len(blocks), part())
        return blocks

    def _with_anchors(
        self, first: int, blocks: list[tuple[Content, str, str | None]]
    ) -> list[Block]:
        """The blocks, each item's anchor noted (counted from block `first`)."""
        for number, (_content, _classes, anchor) in enumerate(blocks):
            if anchor is not None and anchor not in self.anchors:
                self.anchors[anchor] = first + number
        return [(content, classes) for content, classes, _anchor in blocks]

    def _documents(self) -> list[tuple[Content, str, str | None]]:
        index = self.session.index
        documents = self.session.view.documents
        blocks: list[tuple[Content, str, str | None]] = [
            (heading(f"Documents ({len(documents)})"), "heading documents", None)
        ]
        for number, document in enumerate(documents):
            author = index.parties.get(document.author) if document.author else None
            meta = [m for m in (document.kind, author.name if author else None) if m]
            line = Content.assemble(
                (f"{dates.day_label(document.date)}  ", "$text-muted"),
                (document.title, "bold" if number == 0 else ""),
                (f" ({', '.join(meta)})" if meta else "", "$text-muted"),
                (" — base" if number == 0 else "", "$text-muted"),
            )
            blocks.append((line, "documents", f"document:{document.id}"))
        return blocks

    def _stands(self) -> list[tuple[Content, str, str | None]]:
        stands = self.session.index.overall_stands()
        blocks: list[tuple[Content, str, str | None]] = [
            (
                heading(f"Positions on the text as a whole ({len(stands)})"),
                "heading stands",
                "stands",
            )
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
            blocks += [
                (head, "stands", None),
                (Content(stand.current.summary), "stands indent", None),
            ]
        return blocks

    def _deadlines(self) -> list[tuple[Content, str, str | None]]:
        session = self.session
        index = session.index
        now = session.now()
        states = [s for d in session.doc.deadlines if (s := clock.state_at(d, now)) is not None]
        blocks: list[tuple[Content, str, str | None]] = [
            (heading(f"Deadlines ({len(states)})"), "heading deadlines", None)
        ]
        for state in states:
            deadline = state.deadline
            note = state.firmness_note() if state.is_open else None
            status: str = state.firmness if state.is_open else state.phase
            status += f" {note}" if note else ""
            head = Content.assemble(
                (deadline.label, "bold"),
                f" — {status} · {state.due_label()} · ",
                clock.left_label(state.remaining(now), state.precision),
            )
            blocks.append((head, "deadlines", f"deadline:{deadline.id}"))
            for change in state.changes:
                words = clock.change_words(change, index.actor_name(change.by))
                line = Content.assemble(
                    (f"{words.when}  ", "$text-muted"),
                    (words.kind, "bold"),
                    words.due,
                    words.by,
                    (f" — {words.note}" if words.note else "", "$text-muted"),
                )
                blocks.append((line, "deadlines indent", None))
        return blocks

    def _events(self) -> list[tuple[Content, str, str | None]]:
        events = sorted(self.session.view.events, key=lambda e: dates.instant(e.at))
        blocks: list[tuple[Content, str, str | None]] = [
            (heading(f"Events ({len(events)})"), "heading events", None)
        ]
        for event in events:
            head = Content.assemble(
                (f"{dates.day_label(event.at)}  ", "$text-muted"),
                (event.title, "bold"),
                muted(f" [{event.kind}]") if event.kind else "",
            )
            blocks.append((head, "events", f"event:{event.id}"))
            if event.summary:
                blocks.append((Content(event.summary), "events indent", None))
        return blocks

    def _people(self) -> list[tuple[Content, str, str | None]]:
        index = self.session.index
        people = self.session.view.people
        blocks: list[tuple[Content, str, str | None]] = [
            (heading(f"People ({len(people)})"), "heading people", None)
        ]
        for person in people:
            party = index.parties.get(person.party) if person.party else None
            meta = ", ".join(m for m in (person.role, party.name if party else None) if m)
            head = Content.assemble((person.name, "bold"), (f" — {meta}" if meta else "", ""))
            blocks.append((head, "people", f"person:{person.id}"))
            remarks = index.person_remarks(person)
            if remarks:
                blocks.append((muted(remarks), "people indent", None))
        return blocks

    def _sources(self) -> list[tuple[Content, str, str | None]]:
        sources = self.session.view.sources
        blocks: list[tuple[Content, str, str | None]] = [
            (heading(f"Sources ({len(sources)})"), "heading sources", None)
        ]
        for source in sources:
            outlet = f"{source.outlet}, " if source.outlet else ""
            head = Content.assemble(
                (f"{source.id}  ", "$text-muted"),
                (source.title, "bold"),
                (f" ({outlet}{dates.day_label(source.published)})", "$text-muted"),
            )
            blocks.append((head, "sources", f"source:{source.id}"))
            if source.url:
                blocks.append((muted(source.url), "sources indent", None))
        return blocks
