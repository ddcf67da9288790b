"""The domain's `logging` records (refreshes, status codes, cache writes) in Textual's log:
`textual console` shows them beside the app's own, under `textual run --dev`. Without a
console, TextualHandler writes nothing while the app runs (never over the screen)."""

from __future__ import annotations

import logging

from textual.logging import TextualHandler

DOMAIN = "briefing"


def attach() -> logging.Handler:
    """Send the domain's records to Textual's log; the handler, for `detach`."""
    handler = TextualHandler(stderr=False)  # never print over the screen
    logger = logging.getLogger(DOMAIN)
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return handler


def detach(handler: logging.Handler | None) -> None:
    if handler is not None:
        logging.getLogger(DOMAIN).removeHandler(handler)
