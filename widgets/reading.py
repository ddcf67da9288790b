"""A scrolling column of paragraphs that answers the same keys as the lists (j/k, g/G)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll


class ReadingPane(VerticalScroll, can_focus=True):
    """The body of the reading screens: clause detail, overview, help, a quote."""

    HELP_NAME = "the text"

    DEFAULT_CSS = """
    ReadingPane {
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, id="reading.down"),
        Binding("k", "scroll_up", "Up", show=False, id="reading.up"),
        Binding("g", "scroll_home", "Top", show=False, id="reading.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="reading.bottom"),
        Binding("space", "page_down", "Page down", show=False, id="reading.page_down"),
        # No `b` for page up (as in less): b is the desk everywhere; PgUp pages up.
    ]

    def expect(self, blocks: int) -> None:
        """About to hold `blocks` paragraphs: more than the terminal has rows cannot fit,
        so the scrollbar is there from the first layout. Left to `overflow-y: auto`, the
        first layout of every paragraph finds it too long, the scrollbar appears and
        everything is laid out again one column narrower (~60-100 ms for the overview's
        ~1,200 paragraphs at 10k clauses); a page that may fit keeps `auto`, and looks the
        same either way."""
        self.styles.overflow_y = "scroll" if blocks > self.app.size.height else "auto"

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Restyle the pane alone as it gains or loses the focus, not every paragraph in
        it: only its own rule names `:focus` (the tint), yet Textual matches each of its
        descendants against the stylesheet again, hundreds of paragraphs on the overview
        or a long clause page, on opening the screen and again on leaving it. The
        paragraphs are drawn again over the new tint."""
        self.app.stylesheet.update_nodes([self], animate=True)
        for child in self.children:
            child.refresh()
