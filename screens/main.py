"""The main screen: clauses, positions and quotes on the highlighted one, the countdown."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events, messages
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._toast import ToastRack
from textual.worker import get_current_worker

from briefing.disk.changelog import Logged
from briefing.format.cells import clip
from briefing.format.collector import freeze_lookups
from briefing.format.dates import moment_label
from briefing.reading.filters import ClauseFilter, FilterError
from briefing.reading.filters import parse as parse_filter
from briefing.reading.index import BriefingIndex
from briefing.screens.base import BriefingScreen
from briefing.screens.messages import MainReady, MarkSeen, OpenClause, OpenQuote
from briefing.services.analyst import clause_copy, position_copy, quote_copy
from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader
from briefing.widgets.clause_list import ClauseList
from briefing.widgets.countdown import Countdown
from briefing.widgets.feed_status import FeedStatus
from briefing.widgets.filter_bar import FilterBar
from briefing.widgets.key_bar import KeyBar, bound_key
from briefing.widgets.positions_pane import PositionsPane
from briefing.widgets.quotes_pane import QuotesPane

DWELL = 1.5
"""Seconds on a row before its changes count as looked at."""


class Marks(NamedTuple):
    """What `show_markers` draws: unseen changes by clause, flags, notes, unsaved notes."""

    unseen: tuple[tuple[str | None, tuple[Logged, ...]], ...]
    flags: frozenset[str]
    noted: frozenset[str]
    unsaved: frozenset[str]


class MainScreen(BriefingScreen[None]):
    """Every clause at a glance, with the positions and quotes on the highlighted one."""

    HELP_NAME = "the main screen"
    SHOWS_FILTER = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("z", "toggle_maximize", "Zoom pane", show=False, id="main.zoom"),
        Binding("f", "flag", "Flag", show=False, id="main.flag"),
        Binding("F", "filter", "Filter", id="main.filter"),
        Binding("x", "clear_filter", "Clear filter", id="main.clear_filter"),
        # Escape clears a filter too, and with none set passes on, saying nothing.
        Binding("escape", "clear_filter(True)", "Clear filter", show=False, id="main.escape"),
        Binding("y", "copy", "Copy", show=False, id="main.copy"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012 (Textual's API)
    AUTO_FOCUS = "#clauses"
    """Focused as the screen is first shown, in the first frame (not another field first,
    then the list: a restyle and a frame more before the screen settles)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._dwell: Timer | None = None
        self._before_edit: ClauseFilter | None = None
        self._drawn_at: float | None = None
        """When the first layout had drawn the whole screen, None before."""
        self._laid_out: float | None = None
        """When the screen's first layout began (`_refresh_layout`), None before it."""
        self._panes_shown: tuple[object, ...] | None = None
        """What the positions and quotes panes show (the view's index, the clause, its
        unseen parties and quotes): the same again is not laid out again. Each filter
        keystroke asked, the clause under the cursor unchanged, and every card of both
        panes was wrapped afresh (and the panes' cursors put back on their first card)."""
        self._lookups_for: BriefingIndex | None = None
        """The index a worker was last started to prepare the look-ups of."""
        self._freeze_for: BriefingIndex | None = None
        """The index whose look-ups are built, to be frozen once this screen is on top."""
        self._marks_shown: Marks | None = None
        """The marks last drawn: the same again (notes read at start, none there) redraws
        nothing, so the first screen is not painted twice."""

    def compose(self) -> ComposeResult:
        # The width's class now, as Textual would set it on the screen's first Resize (that
        # came after the first frame, restyled the whole screen and painted it again), and
        # before the widgets it styles are mounted: each is styled with it as it mounts,
        # and the screen need not style them all again as it resumes (`_on_screen_resume`).
        width = self.app.size.width
        self.update_classes(
            {name: name == self._breakpoint(width) for _, name in self.HORIZONTAL_BREAKPOINTS},
            update=False,  # the screen's own rules do not name it
        )
        yield BriefingHeader(id="header")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="body"):
            yield ClauseList(id="clauses")
            with Container(id="side"):
                yield PositionsPane(id="positions")
                yield QuotesPane(id="quotes")
        yield Countdown(self.session.now, live=self.session.live, id="countdown")
        yield FeedStatus(self.session, id="feed-status")
        yield KeyBar()

    def on_mount(self) -> None:
        # Textual hides the (empty) notifications' rack as the screen resumes, after the
        # first frame, by a style of its own: a layout and the whole screen drawn again for
        # nothing. That style now, before the frame; a notification still shows the rack.
        for rack in self.query_children(ToastRack):  # none when notifications are off
            rack.display = False
        self.query_one(PositionsPane).glyphs = self.session.glyphs
        # The panes follow the cursor in the same frame as the move (a watcher runs at
        # once; a message would arrive after the list had been painted on its own).
        self.watch(self.query_one(ClauseList), "cursor", self._cursor_moved, init=False)
        self.query_one(FilterBar).on_value(self._apply_filter)
        self.show_session()
        status = self.query_one(FeedStatus)
        self.follow(view=self.show_session, marks=self.show_markers, feed=status.show)
        self.query_one(ClauseList).focus()
        self.post_message(MainReady())

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """Textual's, but the screen's first layout, which arranges every widget afresh,
        answers the layouts its widgets asked for until then: each asked as it was mounted,
        filled (`show_session`) or first sized (its `virtual_size`, a reactive that lays
        out), and their requests came after the first frame, laying out and drawing the
        whole screen again to the same places."""
        first = self._laid_out is None and not scroll and bool(size or self.outer_size)
        if first:
            self._laid_out = get_time()
        super()._refresh_layout(size, scroll)
        if first:  # the screen's own too: Textual runs its first layout on resuming it,
            self._layout_required = False  # which (unlike its timer's) leaves it asked for
            for widget in self.walk_children(Widget):
                widget._layout_required = False
            if self.is_current:  # and drawn whole (a LayoutUpdate): every widget as it is
                self._drawn_at = get_time()  # now, so their repaints asked so far are done
                for widget in self.walk_children(Widget):
                    widget._repaint_required = False
                    widget._exchange_repaint_regions()

    async def _on_update(self, message: messages.Update) -> None:
        """A widget's repaint, asked before the screen was first drawn whole: dropped (the
        widgets sized by the first layout each asked, and the screen was drawn again in
        part, the same, just after the first frame). Any other goes on to Textual's."""
        if self._drawn_at is not None and message.time < self._drawn_at:
            message.stop()
            message.prevent_default()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Before Textual's own (which styles every widget of the screen again, lays the
        screen out and draws it, the first time, then asks for the whole screen to be
        drawn again): the first time, neither that second drawing, of the same screen
        just drawn, nor the styling again of widgets styled as they were mounted a moment
        before (~10 ms of the start; what changed their styles since, the focus given to
        the clause list, styled them then) is asked for. (Textual calls this one, not an
        `on_screen_resume` beside it in the same class: the base class's runs too.) Look-ups
        built while another screen was on top are frozen now (`LookupsBuilt`)."""
        if self._laid_out is None:
            event.refresh_styles = False
            self.call_next(self._drawn_once)
        if self._freeze_for is not None:  # look-ups built while a page was on top
            self.set_timer(self.FREEZE_AFTER_RESUME, self._freeze_lookups, name="freeze")

    def _drawn_once(self) -> None:
        if self._drawn_at is not None:  # laid out and drawn whole as it resumed
            self._repaint_required = False

    async def _on_layout(self, message: messages.Layout) -> None:
        """A widget's request for a layout, sent before the first layout (which answered
        it): dropped. Any other goes on to Textual's handler."""
        if self._laid_out is not None and message.time < self._laid_out:
            message.stop()
            message.prevent_default()

    @classmethod
    def _breakpoint(cls, width: int) -> str:
        """The class of HORIZONTAL_BREAKPOINTS that Textual gives the screen at `width`."""
        return [name for least, name in cls.HORIZONTAL_BREAKPOINTS if width >= least][-1]

    def show_session(self) -> None:
        """Redraw everything from the session (a new snapshot, the as-of moment, the filter)."""
        session = self.session
        view = session.view
        self.show_header()
        clauses = self.query_one(ClauseList)
        current = clauses.current
        shown = session.shown_clauses()
        filtered = session.filter_label() != ""
        count = f"{len(shown)} of {len(view.clauses)}" if filtered else f"{len(view.clauses)}"
        clauses.border_title = Content(f"Clauses ({count})")
        whole_text = not filtered and (bool(view.positions) or bool(session.index.loose_quotes))
        clears = bound_key(self, "screen.clear_filter")  # none while the filter is typed
        if session.as_of is not None and session.doc.clauses and not filtered:
            moves = bound_key(self, "app.as_of")
            clauses.EMPTY_TEXT = (
                f"No clause known yet as of {moment_label(session.as_of)}: the sources "
                "give the first later" + (f" ({moves} changes the moment)." if moves else ".")
            )
        else:
            clauses.EMPTY_TEXT = (
                "No clause in this briefing."
                if not filtered
                else f"No clause matches the filter ({clears} clears it)."
                if clears
                else "No clause matches the filter."
            )
        select = current.id if current else None
        clauses.show(shown, select=select, whole_text=whole_text, widest=view.clauses)
        self._show_filter(len(shown))
        self._marks_shown = None  # the rows were drawn afresh: mark them again
        self.show_markers()
        if not clauses.rows:
            self._show_clause_panes(None)
        self.query_one(Countdown).show(
            session.index, session.doc.deadlines, session.now, live=session.live
        )
        self.refresh_bindings()  # x clears a filter: shown only with one
        # The search index of this view, built off the UI thread once the screen is painted
        # (not for a new filter: the view, and its index, are the same).
        if session.search_ready() is None:
            self.call_after_refresh(self._prepare_lookups)

    def _prepare_lookups(self) -> None:
        """One worker for each view's index: each filter keystroke typed while the search
        index is still being built (seconds at 100,000 quotes) asked for another, and all
        of them built the filter's tables at once when it was done."""
        index = self.session.index
        if self._lookups_for is index and any(
            worker.node is self and worker.group == "search-index" and not worker.is_finished
            for worker in self.workers
        ):
            return
        self._lookups_for = index
        self.run_worker(self._build_lookups, thread=True, group="search-index", exit_on_error=False)

    def _build_lookups(self) -> None:
        """The worker's work, in its thread. Textual cancels every worker as the app exits
        (and a screen's as it closes); the build then stops at its next give-way, rather
        than keeping the process alive for the seconds it takes at 100,000 quotes. The
        look-ups built are then frozen out of the collector's way, in the app's thread
        (`LookupsBuilt`)."""
        worker = get_current_worker()
        index = self.session.index
        if self.session.prepare_lookups(stop=worker.cancelled_event) and not worker.is_cancelled:
            self.post_message(self.LookupsBuilt(index))  # thread-safe, and waits for nothing

    class LookupsBuilt(Message, bubble=False):
        """A view's look-ups are built (its worker's last word, to this screen)."""

        def __init__(self, index: BriefingIndex) -> None:
            super().__init__()
            self.index = index

    FREEZE_AFTER_RESUME: ClassVar[float] = 1.0
    """Seconds after this screen is on top again before look-ups built while another was
    are frozen: the screen that closed is freed by then (its cycles by the collector pass
    that `BriefingScreen.on_unmount` runs after the next frame), not pinned."""

    def on_main_screen_lookups_built(self, message: LookupsBuilt) -> None:
        """Freeze the look-ups (format/collector.py) now if this screen is on top, else
        `FREEZE_AFTER_RESUME` after it is again: whatever is alive when they are frozen is
        pinned until the next freeze, so a page opened while they were built is not. The
        freeze's full pass runs here, in the app's thread, between two events (from the
        worker it could meet a pass of the app's thread under way, and `gc.collect` then
        does nothing: the freeze would pin that pass's garbage)."""
        self._freeze_for = message.index
        if self.is_active:
            self._freeze_lookups()

    def _freeze_lookups(self) -> None:
        index = self._freeze_for
        if index is None or not self.is_active:
            return  # frozen already, or covered again: at the next resume
        self._freeze_for = None
        if index is self.session.index:  # not for a view replaced since
            freeze_lookups()

    def show_markers(self) -> None:
        """Mark the rows, parties and quotes with changes not looked at yet, the flags and
        the notes."""
        where = self.session.unseen_where()
        flags = self.session.flags()
        noted = self.session.noted_clauses()
        unsaved = self.session.unsaved_clauses()
        marks = Marks(
            tuple((clause, tuple(entries)) for clause, entries in where.items()),
            frozenset(flags),
            frozenset(noted),
            frozenset(unsaved),
        )
        if marks == self._marks_shown:
            return
        self._marks_shown = marks
        clauses = self.query_one(ClauseList)
        clauses.mark(set(where), flags, noted, unsaved)
        self._follow(clauses.current_id)
        self.query_one(FeedStatus).refresh()  # "n unseen"

    def jump_to_unseen(self, delta: int) -> bool:
        clauses = self.query_one(ClauseList)
        row = clauses.next_marked(delta)
        if row is None:
            return False
        clauses.cursor = row
        clauses.focus()
        return True

    def _unseen_refs(self, clause_id: str | None) -> tuple[set[str], set[str]]:
        """(parties, quotes) with unseen changes on a clause (or the text as a whole)."""
        entries = self.session.unseen_where().get(clause_id, [])
        parties = {e.ref for e in entries if e.ref and e.kind.startswith("position-")}
        quotes = {e.ref for e in entries if e.ref and e.kind == "quote-added"}
        return parties, quotes

    def _show_clause_panes(self, clause_id: str | None) -> None:
        """Positions and quotes on a clause, or (None) on the text as a whole."""
        index = self.session.index
        marked_parties, marked_quotes = self._unseen_refs(clause_id)
        shown = (index, clause_id, frozenset(marked_parties), frozenset(marked_quotes))
        last = self._panes_shown
        if last is not None and last[0] is index and last[1:] == shown[1:]:
            return
        self._panes_shown = shown
        clause = index.clauses.get(clause_id) if clause_id else None
        positions = self.query_one(PositionsPane)
        quotes = self.query_one(QuotesPane)
        if clause is None:
            loose = list(index.loose_quotes)
            positions.show(index, index.overall_stands(), marked_parties)
            quotes.show(index, loose, marked_quotes)
            positions.retitle("Positions · the text as a whole")
            quotes.retitle(f"Quotes ({len(loose)}) on no single clause")
            return
        stands = index.stands_on(clause)
        on_clause = index.quotes_on(clause.id)
        positions.retitle(f"Positions · {clip(clause.title, 40)}")
        quotes.retitle(f"Quotes ({len(on_clause)})")
        positions.show(index, stands, marked_parties)
        quotes.show(index, on_clause, marked_quotes)

    def _cursor_moved(self) -> None:
        self._follow(self.query_one(ClauseList).current_id)

    def _follow(self, clause_id: str | None) -> None:
        """Show what is on the highlighted row; its changes count as seen after a while."""
        self._show_clause_panes(clause_id)
        if self._dwell is not None:
            self._dwell.stop()
        if clause_id in self.session.unseen_where():
            self._dwell = self.set_timer(DWELL, lambda: self._looked_at(clause_id))

    def _looked_at(self, clause_id: str | None) -> None:
        """The analyst stayed on a row long enough to read its panes: its changes are seen."""

        if self.query_one(ClauseList).current_id != clause_id:
            return
        entries = self.session.unseen_where().get(clause_id, [])
        if entries:
            self.post_message(MarkSeen([entry.key for entry in entries]))

    async def on_clause_list_chosen(self, message: ClauseList.Chosen) -> None:
        if message.clause is None:
            await self.app.run_action("overview")
        else:
            self.post_message(OpenClause(message.clause.id))

    async def on_positions_pane_chosen(self, _message: PositionsPane.Chosen) -> None:
        clause = self.query_one(ClauseList).current
        if clause is None:
            await self.app.run_action("overview")
        else:
            self.post_message(OpenClause(clause.id))

    def on_quotes_pane_chosen(self, message: QuotesPane.Chosen) -> None:
        """Enter on a quote: the quote on its own — its citation, a note on it, copy."""
        self.post_message(OpenQuote(message.quote.id, standalone=True))

    def current_clause_id(self) -> str | None:
        return self.query_one(ClauseList).current_id

    def select_clause(self, clause_id: str) -> None:
        self.query_one(ClauseList).select_id(clause_id)

    def action_toggle_maximize(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused, container=False)
            zoom = bound_key(self, "screen.toggle_maximize") or "the zoom key"
            self.notify(f"One pane fills the screen: {zoom} brings the others back.", markup=False)

    # -- flags, the filter, copying ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":  # not while the filter is typed: Esc cancels that
            editing = any(bar.display for bar in self.query("#filter-input"))
            quiet = bool(parameters and parameters[0])
            return not editing and (self.session.clause_filter is not None or not quiet)
        return True

    def offers(self, action: str) -> bool:
        """The key bar shows the key that clears the filter only while one is set."""
        if action == "clear_filter":
            return self.session.clause_filter is not None
        return super().offers(action)

    def action_flag(self) -> None:
        clause_id = self.query_one(ClauseList).current_id
        if clause_id is None:
            self.notify("Flags mark clauses: move to a clause to flag it.", markup=False)
            return
        self.toggle_flag(clause_id)

    def action_filter(self) -> None:
        self._before_edit = self.session.clause_filter
        current = self.session.clause_filter
        self.query_one(FilterBar).edit(current.text if current else "")

    def action_clear_filter(self, _quiet: bool = False) -> None:
        if self.session.clause_filter is not None:
            self.session.set_filter(None)
        elif key := bound_key(self, "screen.filter"):
            self.notify(f"No filter to clear: {key} types one.", markup=False)

    def set_filter(self, text: str) -> None:
        """Apply a typed filter (from the palette) and show it in the bar."""
        self._apply_filter(text)

    def on_filter_bar_done(self, message: FilterBar.Done) -> None:
        bar = self.query_one(FilterBar)
        bar.stop_editing()
        if message.keep:
            self._apply_filter(message.text)
        else:
            self.session.set_filter(self._before_edit)
        self.query_one(ClauseList).focus()  # its clearing key is back with the focus

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The filter field let go of the focus: the bar names the key that clears the
        filter again (a printable key typed into the field while it had it)."""
        if self.session.clause_filter is not None and not isinstance(event.widget, Input):
            self._show_filter(len(self.session.shown_clauses()))

    def _show_filter(self, shown: int, problem: str = "") -> None:
        session = self.session
        self.query_one(FilterBar).show(
            session.filter_label(),
            shown,
            len(session.view.clauses),
            problem,
            clears=bound_key(self, "screen.clear_filter"),  # none while the filter is typed
        )

    def _apply_filter(self, text: str) -> None:
        session = self.session
        try:
            parsed = parse_filter(text, session.index)
        except FilterError as error:
            self._show_filter(0, str(error))
            return
        session.set_filter(parsed)

    def action_copy(self) -> None:
        index = self.session.index
        focused = self.focused
        clause = self.query_one(ClauseList).current
        if isinstance(focused, QuotesPane) and focused.quotes:
            found = quote_copy(index, focused.quotes[focused.cursor])
        elif isinstance(focused, PositionsPane) and focused.stands:
            about = clause.title if clause else "the text as a whole"
            found = position_copy(index, focused.stands[focused.cursor], about)
        elif clause is not None:
            found = clause_copy(index, clause)
        else:
            self.notify(
                "The text as a whole is no one line to copy: copy a clause, or a position "
                "or quote from its pane.",
                markup=False,
            )
            return
        self.copy_with_citation(found)
