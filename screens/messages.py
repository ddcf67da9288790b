"""Messages a screen sends to the App, each handled there (`on_open_clause`, …): moving
between screens, and the changes the analyst has looked at."""

from __future__ import annotations

from textual.message import Message


class OpenClause(Message):
    """Open the detail of a clause (optionally scrolled to one of its quotes)."""

    def __init__(self, clause_id: str, quote_id: str | None = None) -> None:
        super().__init__()
        self.clause_id = clause_id
        self.quote_id = quote_id


class OpenMatrix(Message):
    """Show the positions matrix with the cell cursor on a party's column."""

    def __init__(self, party_id: str) -> None:
        super().__init__()
        self.party_id = party_id


class MainReady(Message):
    """The main screen is on screen: the app may start its feed."""


class MarkSeen(Message):
    """The analyst has looked at these changes."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__()
        self.keys = keys


class OpenQuote(Message):
    """Show one quote: in its clause's detail, or (`standalone`) on its own card."""

    def __init__(self, quote_id: str, *, standalone: bool = False) -> None:
        super().__init__()
        self.quote_id = quote_id
        self.standalone = standalone


class OpenOverview(Message):
    """Show the overview at one of its items ('event:ID', 'document:ID', 'deadline:ID',
    'person:ID', 'source:ID', 'stands', 'summary')."""

    def __init__(self, at: str) -> None:
        super().__init__()
        self.at = at
