"""Overview: the summary, the documents, positions on the whole text, deadlines, events."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefing import clock, dates
from briefing.session import Session
from briefing.stance import GLYPH
from screens.detail import heading, stance_content
from widgets.briefing_header import BriefingHeader


class OverviewScreen(Screen[None]):
    """Where the negotiation stands as a whole, and how it got there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="overview.back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        with VerticalScroll(id="detail-body"):
            yield Static(self.render_overview(), id="overview-text")
        yield Footer()

    def on_mount(self) -> None:
        session = self.session
        view = session.view
        self.query_one(BriefingHeader).show(view.title, view.updated, session.origin, session.as_of)
        self.query_one("#detail-body").focus()

    def render_overview(self) -> Content:
        session = self.session
        view = session.view
        index = session.index
        now = session.now()
        lines: list[Content] = [Content.assemble((view.title, "bold"))]
        if view.summary:
            lines.append(Content("\n" + view.summary))

        lines.append(heading(f"\nDocuments ({len(view.documents)})"))
        for number, document in enumerate(view.documents):
            author = index.parties.get(document.author) if document.author else None
            meta = [m for m in (document.kind, author.name if author else None) if m]
            lines.append(
                Content.assemble(
                    (f"{dates.day_label(document.date):>12}  ", "$text-muted"),
                    (document.title, "bold" if number == 0 else ""),
                    (f" ({', '.join(meta)})" if meta else "", "$text-muted"),
                    (" — base" if number == 0 else "", "$text-muted"),
                )
            )

        stands = index.overall_stands()
        lines.append(heading(f"\nPositions on the text as a whole ({len(stands)})"))
        for stand in stands:
            lines.append(
                Content.assemble(
                    (stand.party.name, "bold"),
                    "  ",
                    stance_content(stand.current, GLYPH),
                    (f"  since {dates.day_label(stand.since)}", "$text-muted"),
                    "\n  ",
                    stand.current.summary,
                )
            )

        lines.append(heading(f"\nDeadlines ({len(session.doc.deadlines)})"))
        for deadline in session.doc.deadlines:
            state = clock.state_at(deadline, now)
            if state is None:
                continue
            status = state.firmness if state.is_open else state.phase
            lines.append(
                Content.assemble(
                    (deadline.label, "bold"),
                    f" — {status} · {state.due_label()} · ",
                    clock.left_label(state.remaining(now)),
                )
            )
            for change in state.changes:
                who = index.actor_name(change.by)
                due = f" → {dates.day_label(change.due)}" if change.due else ""
                lines.append(
                    Content.assemble(
                        (f"  {dates.day_label(change.at):>12}  ", "$text-muted"),
                        (change.kind, "bold"),
                        due,
                        (f" by {who}" if who else ""),
                        (f" — {change.note}" if change.note else "", "$text-muted"),
                    )
                )

        events = sorted(view.events, key=lambda e: dates.instant(e.at))
        lines.append(heading(f"\nEvents ({len(events)})"))
        for event in events:
            kind = f" [{event.kind}]" if event.kind else ""
            lines.append(
                Content.assemble(
                    (f"{dates.day_label(event.at):>12}  ", "$text-muted"),
                    (event.title, "bold"),
                    (kind, "$text-muted"),
                )
            )
            if event.summary:
                lines.append(Content.assemble("              ", (event.summary, "")))
        return Content("\n").join(lines)

    def action_back(self) -> None:
        self.dismiss(None)
