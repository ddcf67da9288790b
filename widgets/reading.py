"""A scrolling column of paragraphs that answers the same keys as the lists (j/k, g/G)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.geometry import Region
from textual.timer import Timer
from textual.widget import Widget


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

    # Scroll keys: without the animator unless animations are on (`briefing.tui.look`
    # turns them off unless TEXTUAL_ANIMATIONS asks). Textual's actions animate whatever
    # the app's level, and at level "none" its animator still set the new offset only at
    # its next tick: a step after the key, and a whole frame interval (1/60 s) later the
    # first time in the app's life (its timer's first tick), so the first PgDn on the
    # first page opened took ~18 ms longer. The scroll is still put off until after the
    # next refresh, as Textual does: in order behind the page's own scroll as it opens (to
    # its top, its target, or where it was), which an immediate key would be undone by.

    DRAW_AHEAD_AFTER: ClassVar[float] = 0.05
    """Seconds after the pane last scrolled or changed size before the pages on either
    side of the one shown are drawn ahead (`_draw_ahead`): after the frame that shows the
    new page, and not while a held key repeats (Textual refreshes at most 60 times a
    second)."""

    _ahead_timer: Timer | None = None
    _ahead: list[tuple[Widget, int, int]]
    """Paragraphs still to draw ahead and their rows (first, end), the next one last."""

    def _animated(self) -> bool:
        return self.app.animation_level != "none"

    def _may_scroll(self) -> bool:
        """Textual's own test before home / end (either axis can scroll)."""
        return self.is_scrollable and (self.allow_horizontal_scroll or self.allow_vertical_scroll)

    def _vertically(self, scroll: Callable[..., None]) -> None:
        """Textual's vertical scroll actions, with the animation as the app asks."""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        scroll(animate=self._animated())

    def action_scroll_down(self) -> None:
        self._vertically(self.scroll_down)

    def action_scroll_up(self) -> None:
        self._vertically(self.scroll_up)

    def action_page_down(self) -> None:
        self._vertically(self.scroll_page_down)

    def action_page_up(self) -> None:
        self._vertically(self.scroll_page_up)

    def action_scroll_home(self) -> None:
        if not self._may_scroll():
            raise SkipAction()
        self.scroll_home(x_axis=self.scroll_y == 0, animate=self._animated())

    def action_scroll_end(self) -> None:
        if not self._may_scroll():
            raise SkipAction()
        self.scroll_end(
            x_axis=self.scroll_y == self.is_vertical_scroll_end, animate=self._animated()
        )

    def expect(self, blocks: int) -> None:
        """About to hold `blocks` paragraphs: more than the terminal has rows cannot fit,
        so the scrollbar is there from the first layout. Left to `overflow-y: auto`, the
        first layout of every paragraph finds it too long, the scrollbar appears and
        everything is laid out again one column narrower (on a long clause page, every
        paragraph wrapped twice; the overview's `BlockColumn` wraps its blocks again at
        each new width); a page that may fit keeps `auto`, and looks the same either way."""
        self.styles.overflow_y = "scroll" if blocks > self.app.size.height else "auto"

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.draw_ahead_soon()

    def on_resize(self, _event: Resize) -> None:
        self.draw_ahead_soon()

    def draw_ahead_soon(self) -> None:
        """Draw the pages either side of the one shown once the pane has been still for
        `DRAW_AHEAD_AFTER` (`_draw_ahead`): after it scrolls, is laid out, restyles, or is given new
        paragraphs (which the screen that gives them says)."""
        self._ahead = []
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead_timer = self.set_timer(
            self.DRAW_AHEAD_AFTER, self._draw_ahead, name="draw ahead"
        )

    def _draw_ahead(self) -> None:
        """Draw the rows of the paragraphs on the page below the one shown and on the page
        above, into the caches the compositor draws them from, while the analyst reads. A
        paragraph first scrolled into view is otherwise wrapped and styled inside the key
        that shows it: PgDn on a clause page at 10k clauses drew in ~6.3 ms where a page
        drawn before took ~4.1, and a bare app's page ~4.2.

        Each child is drawn at the size the layout gave it, as the compositor would, one
        page of one child per turn of the pane's messages so that a key waits for one at
        most (a clause page and the overview are one `BlockColumn`: its page below, then
        its page above); one that changes is drawn again as usual, and a scroll starts the
        list afresh. Finding the rows off the screen makes Textual place every widget of
        the screen (its full map), after which its next frame draws the whole screen,
        from the caches; that is in the figures."""
        self._ahead_timer = None
        children = [child for child in self.children if child.display]
        regions = (child.virtual_region for child in children)
        around = pages_around(regions, round(self.scroll_y), self.scrollable_content_region.height)
        self._ahead = [(children[index], first, end) for index, first, end in reversed(around)]
        self._draw_next()

    def _draw_next(self) -> None:
        if not self._ahead:
            return
        child, first, end = self._ahead.pop()
        if child.is_attached:
            child.render_lines(Region(0, first, child.outer_size.width, end - first))
        if self._ahead:
            self.call_later(self._draw_next)

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Restyle the pane alone as it gains or loses the focus, not what it holds: no
        rule of what it holds names `:focus`, yet Textual matches each of its descendants
        against the stylesheet again (a hundred paragraphs on a long clause page, when
        they were a `Static` each), on opening the screen and again on leaving it. What it
        holds is drawn again. (The pane is a page's one focusable part: it has no focus
        style of its own; a tint it had could not show on its transparent ground.)"""
        self.app.stylesheet.update_nodes([self], animate=True)
        for child in self.children:
            child.refresh()
        self.draw_ahead_soon()


def pages_around(regions: Iterable[Region], top: int, height: int) -> list[tuple[int, int, int]]:
    """Which rows of which paragraphs lie on the page below the one shown at `top` and on
    the page above it, the next page first, each page nearest rows first: (index, first,
    end) with the rows counted from the paragraph's own top. `regions` are the
    paragraphs' places in the scrolled column, in order down it."""
    below: list[tuple[int, int, int]] = []
    above: list[tuple[int, int, int]] = []
    for index, region in enumerate(regions):
        if region.y >= top + 2 * height:
            break
        for start, into in ((top + height, below), (top - height, above)):
            first, end = max(region.y, start), min(region.bottom, start + height)
            if first < end:
                into.append((index, first - region.y, end - region.y))
    return [*below, *reversed(above)]
