"""The screens of the briefing app, each composed of widgets: one module per screen, each
imported where it is opened (an App action or another screen), when first opened, so that
start-up loads the main screen only."""
