"""The `briefing/1` contract: the typed model and how a document is loaded and checked
(structure, validation rules, JSON Schema), text cleaning, dates, problems and stance
glyphs. Imports nothing from the layers above it, and never Textual.
"""
