"""All the analyst's notes on this briefing, including those whose clause or quote has left
the feed (orphaned notes are kept, never dropped)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from briefing import dates
from screens.reading import ReadingScreen
from widgets.prose import Block, heading, muted


class NotesScreen(ReadingScreen):
    """Every note, by clause and quote; orphaned ones at the end."""

    HELP_NAME = "the notes"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="notes.back"),
    ]

    def blocks(self) -> list[Block]:
        book = self.session.notebook
        index = self.session.index
        if book is None or not book.notes:
            return [
                (
                    muted(
                        "No note yet: press n in a clause's detail, or in a quote, to write one."
                    ),
                    "",
                )
            ]
        orphans = {key for key, _ in book.orphans(self.session.doc)}
        current = [(k, n) for k, n in sorted(book.notes.items()) if k not in orphans]
        blocks: list[Block] = [(heading(f"Notes ({len(current)})"), "heading")]
        for key, note in current:
            kind, _, ident = key.partition(":")
            if kind == "clause" and ident in index.clauses:
                about = f"clause {index.clauses[ident].number} {index.clauses[ident].title}"
            elif kind == "quote" and ident in index.quotes:
                about = f"quote: “{index.quotes[ident].text[:60]}”"
            else:
                about = f"{kind} {ident} (not in this as-of view)"
            blocks.append(
                (
                    Content.assemble(
                        (about, "bold"), (f"  · {_when(note.updated)}", "$text-muted")
                    ),
                    "stands",
                )
            )
            blocks.append((Content(note.text), "stands indent"))
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
                note = book.notes[key]
                blocks.append(
                    (
                        Content.assemble(
                            (key, "bold"), (f"  · {_when(note.updated)}", "$text-muted")
                        ),
                        "stands",
                    )
                )
                blocks.append((Content(note.text), "stands indent"))
        return blocks


def _when(moment: str) -> str:
    try:
        return dates.day_label(moment)
    except dates.BadDate:
        return moment
