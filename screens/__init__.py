"""The screens of the briefing app, each composed of widgets.

The screens other than the main one are reached as attributes of this package
(`screens.SearchScreen`) and imported when first asked for: start-up imports only what
the first screen needs, and the app names each screen in one place, checked by mypy."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.screens.as_of import AsOfScreen
    from briefing.screens.changes import ChangesScreen
    from briefing.screens.desk import DeskScreen
    from briefing.screens.detail import ClauseDetailScreen
    from briefing.screens.help import HelpScreen
    from briefing.screens.matrix import MatrixScreen
    from briefing.screens.notes import NotesScreen
    from briefing.screens.overview import OverviewScreen
    from briefing.screens.quote import QuoteScreen
    from briefing.screens.search import SearchScreen
    from briefing.screens.timeline import TimelineScreen

__all__ = [
    "AsOfScreen",
    "ChangesScreen",
    "ClauseDetailScreen",
    "DeskScreen",
    "HelpScreen",
    "MatrixScreen",
    "NotesScreen",
    "OverviewScreen",
    "QuoteScreen",
    "SearchScreen",
    "TimelineScreen",
]

_MODULES = {
    "AsOfScreen": "as_of",
    "ChangesScreen": "changes",
    "ClauseDetailScreen": "detail",
    "DeskScreen": "desk",
    "HelpScreen": "help",
    "MatrixScreen": "matrix",
    "NotesScreen": "notes",
    "OverviewScreen": "overview",
    "QuoteScreen": "quote",
    "SearchScreen": "search",
    "TimelineScreen": "timeline",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
