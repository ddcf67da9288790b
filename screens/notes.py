"""All the analyst's notes on this briefing, including those whose clause or quote has left
the feed (orphaned notes are kept, never dropped)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.format import dates
from briefing.screens.base import host
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.messages import OpenClause, OpenQuote
from briefing.screens.quote import QuoteScreen
from briefing.screens.reading import ReadingScreen
from briefing.services.session import UNSAVED_MARK
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.cells import bounded_content
from briefing.widgets.key_bar import KeyBar, declared_key
from briefing.widgets.prose import Block, heading, muted

HEADING = "heading"
EMPTY = "notes-empty"
"""`blocks` pairs each text with a note's key, or with one of these: a heading, or the one
line said when there is no note."""


class NoteList(OptionList):
    """The notes, one option each (headings between them): Enter opens what a note is on."""

    HELP_NAME = "the notes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="notes.down"),
        Binding("k", "cursor_up", "Up", show=False, id="notes.up"),
        Binding("g", "first", "First", show=False, id="notes.first"),
        Binding("G", "last", "Last", show=False, id="notes.last"),
        Binding("enter", "select", "Open", id="notes.open"),
    ]


class NotesScreen(ReadingScreen):
    """Every note, by clause and quote; orphaned ones at the end. Enter opens what the
    highlighted note is on."""

    FOLLOWS_MARKS = True

    HELP_NAME = "the notes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="notes.back"),
    ]

    def compose(self) -> ComposeResult:
        yield BriefingHeader(id="header")
        blocks = self.blocks()
        if blocks[0][1] == EMPTY:  # no note yet: the one line that says how to write one
            yield Static(blocks[0][0], id="detail-body", classes=EMPTY)
        else:
            options: list[Option | None] = []
            for content, ident in blocks:
                if ident == HEADING:
                    options.append(Option(content, disabled=True))
                else:
                    options.append(Option(bounded_content(content), id=ident))
            yield NoteList(*options, id="detail-body")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        notes = self.query(NoteList)
        if notes:
            notes.first().action_first()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        """Open the clause or quote the note is on; an orphan's is gone: say so."""
        message.stop()
        kind, _, ident = (message.option_id or "").partition(":")
        index = self.session.index
        if kind == "clause" and ident in index.clauses:
            self.app.post_message(OpenClause(ident))
        elif kind == "quote" and ident in index.quotes:
            self.app.post_message(OpenQuote(ident))
        else:
            self.notify(
                f"This note's {kind or 'item'} is not in the briefing as shown "
                "(it left the feed, or is later than the as-of moment): the note is kept here.",
                title="Nothing to open",
                markup=False,
            )

    def _note_key(self, owner: type[DOMNode], ident: str) -> str:
        return declared_key(self.app, owner, ident, host(self).config.keys) or "its note key"

    def blocks(self) -> list[Block]:
        book = self.session.notebook
        index = self.session.index
        doc = self.session.doc
        # (text, when, unsaved) by key: what is on disk, overridden by what the disk refused.
        entries: dict[str, tuple[str, str, bool]] = {
            key: (note.text, _when(note.updated), False)
            for key, note in (book.notes.items() if book is not None else ())
        }
        for key, text in self.session.unsaved_notes().items():
            entries[key] = (text or "(deleted; the deletion is not saved yet)", "", True)
        if not entries:
            on_clause = self._note_key(ClauseDetailScreen, "detail.note")
            on_quote = self._note_key(QuoteScreen, "quote.note")
            return [
                (
                    muted(
                        f"No note yet: press {on_clause} on a clause's page, or {on_quote} "
                        "on a quote, to write one."
                    ),
                    EMPTY,
                )
            ]
        clauses = {c.id for c in doc.clauses}
        quotes = {q.id for q in doc.quotes}
        orphans = {
            key
            for key in entries
            if (key.startswith("clause:") and key.partition(":")[2] not in clauses)
            or (key.startswith("quote:") and key.partition(":")[2] not in quotes)
        }
        current = [key for key in sorted(entries) if key not in orphans]
        unsaved = sum(1 for _text, _when_, flag in entries.values() if flag)
        title = f"Notes ({len(current)})"
        if unsaved:
            title += f" · {unsaved} {UNSAVED_MARK} NOT SAVED (kept in memory, retried)"
        blocks: list[Block] = [(heading(title), HEADING)]
        for key in current:
            kind, _, ident = key.partition(":")
            if kind == "clause" and ident in index.clauses:
                about = f"clause {index.clauses[ident].label}"
            elif kind == "quote" and ident in index.quotes:
                about = f"quote: “{index.quotes[ident].text[:60]}”"
            else:
                about = f"{kind} {ident} (not in this as-of view)"
            blocks.append((_entry(about, *entries[key]), key))
        if orphans:
            blocks.append(
                (
                    heading(
                        f"Orphaned notes ({len(orphans)}): their clause or quote left the feed"
                    ),
                    HEADING,
                )
            )
            for key in sorted(orphans):
                blocks.append((_entry(key, *entries[key]), key))
        return blocks


def _entry(about: str, text: str, when: str, unsaved: bool) -> Content:
    """A note: what it is on and when (or that it is not saved), then its text, indented."""
    if unsaved:
        tail = (f"  {UNSAVED_MARK} NOT SAVED: kept in memory, saved when the disk allows", "bold")
    else:
        tail = (f"  · {when}", "$text-muted")
    body = Content("\n").join(Content("  " + line) for line in text.splitlines() or [""])
    return Content.assemble((about, "bold"), tail, "\n", body)


def _when(moment: str) -> str:
    try:
        return dates.day_label(moment)
    except dates.BadDate:
        return moment
