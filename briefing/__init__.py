"""briefing: a live terminal briefing on a negotiation."""

import logging as _logging

__version__ = "0.1.0"

# The domain logs through `logging` (briefing.*); where nobody asked for the records
# (--log, the app's TextualHandler), they go nowhere, not to stderr through logging's
# last-resort handler.
_logging.getLogger("briefing").addHandler(_logging.NullHandler())
