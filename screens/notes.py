"""All the analyst's notes on this briefing, including those whose clause or quote has left
the feed (orphaned notes are kept, never dropped)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import DOMNode

from briefing.format import dates
from briefing.screens.base import host
from briefing.screens.detail import ClauseDetailScreen
from briefing.screens.quote import QuoteScreen
from briefing.screens.reading import ReadingScreen
from briefing.services.session import UNSAVED_MARK
from briefing.widgets.key_bar import declared_key
from briefing.widgets.prose import Block, heading, muted


class NotesScreen(ReadingScreen):
    FOLLOWS_MARKS = True
    """Every note, by clause and quote; orphaned ones at the end."""

    HELP_NAME = "the notes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="notes.back"),
    ]

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
                    "",
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
        blocks: list[Block] = [(heading(title), "heading")]
        for key in current:
            kind, _, ident = key.partition(":")
            if kind == "clause" and ident in index.clauses:
                about = f"clause {index.clauses[ident].number} {index.clauses[ident].title}"
            elif kind == "quote" and ident in index.quotes:
                about = f"quote: “{index.quotes[ident].text[:60]}”"
            else:
                about = f"{kind} {ident} (not in this as-of view)"
            blocks += _entry(about, *entries[key])
        if orphans:
            blocks.append(
                (
                    heading(
                        f"Orphaned notes ({len(orphans)}): their clause or quote left the feed"
                    ),
                    "heading",
                )
            )
            for key in sorted(orphans):
                blocks += _entry(key, *entries[key])
        return blocks


def _entry(about: str, text: str, when: str, unsaved: bool) -> list[Block]:
    if unsaved:
        tail = (f"  {UNSAVED_MARK} NOT SAVED: kept in memory, saved when the disk allows", "bold")
    else:
        tail = (f"  · {when}", "$text-muted")
    return [
        (Content.assemble((about, "bold"), tail), "stands"),
        (Content(text), "stands indent"),
    ]


def _when(moment: str) -> str:
    try:
        return dates.day_label(moment)
    except dates.BadDate:
        return moment
