"""The screens of the briefing app, each composed of widgets."""
