"""The Textual App, its terminal driver, the command palette's provider and app.tcss, and
what the terminal can do (`terminal`, plain Python: the command line reads it first)."""
