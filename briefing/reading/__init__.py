"""Pure functions over a loaded Briefing: as-of, the index, search, filters, diff and word
diff, the clock, the timeline and export. No disk, no network, no Textual.
"""
