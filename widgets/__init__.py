"""Reusable Textual widgets of the briefing app; they take domain objects, never raw JSON."""
