"""briefing: a live terminal briefing on a negotiation."""

__version__ = "0.1.0"
