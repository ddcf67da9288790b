"""What the screens share: the app's services and signals (`Host`), the analyst's own work
(flag, note, copy, export) run on the screen that asked for it, and the one report of a
worker that failed.

A screen's workers run on the screen (`self.run_worker`): when the screen closes,
Textual cancels them, so nothing finishes later on a screen that is gone. A worker's
state changes do not bubble, so each screen reports its own failures, through the
one function the App uses for its own (`worker_done`).
"""

from __future__ import annotations

import gc
import inspect
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from briefing.disk import storage
from briefing.disk.storage import StorageError
from briefing.format.model import Clause
from briefing.screens.keymap import key_elsewhere, silent_key_text
from briefing.services.analyst import Analyst, Copy
from briefing.services.session import Session
from briefing.widgets.briefing_header import BriefingHeader

if TYPE_CHECKING:
    from briefing.disk.config import Config
    from briefing.services.control import FeedControl

ResultType = TypeVar("ResultType")
Redraw = Callable[[], Any]


class Host(Protocol):
    """What a screen may ask of the app it runs in (the App, `briefing.tui.app`)."""

    session: Session
    analyst: Analyst
    feeds: FeedControl
    config: Config
    view_changed: Signal[Session]
    """The snapshot, the as-of moment or the filter changed: everything shown."""
    marks_changed: Signal[Session]
    """Flags, notes, unsaved notes or the changes looked at changed."""
    feed_changed: Signal[Session]
    """The feed's status changed: which feed, its copy, a refresh under way or ended."""
    clipboard_works: bool
    keymap: Mapping[str, str]
    """config.toml's `[keys]` in force (binding id → keys), as given to `set_keymap`."""

    def open_clause(self, clause_id: str, quote_id: str | None = None) -> None: ...

    def edit_note(self, key: str, title: str) -> None: ...

    def tell_once(self, about: str, text: str) -> None: ...

    def start_refresh(self, *, force: bool) -> None: ...


def host(node: DOMNode) -> Host:
    """The app `node` runs in, as the screens know it."""
    return cast("Host", node.app)


def worker_done(node: DOMNode, event: Worker.StateChanged) -> None:
    """The one handler of a worker's end, the App's and every screen's: a worker that
    failed unexpectedly is one line on screen, never a traceback (every worker runs with
    exit_on_error=False); one that wrote may have found that file locks do not work here
    (NFS), which is said once."""
    if event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
        warning = storage.lock_warning()
        if warning:
            host(node).tell_once("locks", warning[0].upper() + warning[1:] + ".")
    error = event.worker.error
    if event.state != WorkerState.ERROR or error is None:
        return
    what = event.worker.group.replace("-", " ")
    node.app.notify(
        f"{what} failed unexpectedly ({type(error).__name__}: {error})",
        markup=False,
        severity="error",
    )


FOCUS_ACTIONS = ("app.focus_next", "app.focus_previous")


class NoSilentKeys:
    """A screen on which no key does nothing without a word: a key that reaches the screen
    (no widget took it) and that no binding here takes says where it acts instead (`f
    does nothing in the overview: it is Flag in the main screen and the clause detail`),
    or that the app has no such key. Keys come from the live bindings, remapped ones too.

    Textual hands a key to the focused widget, which passes it up to its screen and then
    to the App, whose non-priority bindings (the focused widget's, the screen's, the
    App's) act on it there: the screen sees it first, so a key bound here is left alone."""

    def offers(self, action: str) -> bool:
        """Tab and Shift+Tab (Textual's, on every screen) are offered, in help too, only
        where there is more than one pane to move between."""
        return action not in FOCUS_ACTIONS or len(cast("Screen[Any]", self).focus_chain) > 1

    def on_key(self, event: events.Key) -> None:
        screen = cast("Screen[Any]", self)
        if not screen.is_active or event.key == "escape":
            return  # Esc with nothing to close or clear is a reflex, not a question
        active = screen.active_bindings
        bound = active.get(event.key)
        if bound is not None and (
            bound.binding.action not in FOCUS_ACTIONS or self.offers(bound.binding.action)
        ):
            return  # its binding acts (if only to say why not: r with no feed)
        app = screen.app
        here = getattr(screen, "HELP_NAME", type(screen).__name__)
        if bound is not None:  # Tab with one pane
            shown = app.get_key_display(bound.binding)
            app.notify(f"{shown} moves between panes: {here} has one.", markup=False, timeout=4)
            return
        keymap = host(screen).keymap
        uses = key_elsewhere(event.key, here, type(app), keymap, modal=screen.is_modal)
        help_key = next(
            (key for key, it in active.items() if it.binding.action in ("help", "app.help")),
            None,
        )
        shown = app.get_key_display(Binding(event.key, ""))
        help_shown = app.get_key_display(Binding(help_key, "")) if help_key else None
        app.notify(silent_key_text(shown, here, uses, help_shown), markup=False, timeout=4)


class BriefingScreen(NoSilentKeys, Screen[ResultType]):
    """A screen of the app: redraws itself when the state it shows changes, and runs the
    analyst's work on itself."""

    SHOWS_FILTER: ClassVar[bool] = False
    """Whether the header names the clause filter (the screens it narrows)."""

    LEAF: ClassVar[bool] = False
    """Opening a clause replaces this screen (a clause page, a quote card) rather than
    stacking on it (search, the matrix: Esc from the clause comes back to them)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._stale: list[Redraw] = []

    def _screen_resized(self, size: Size) -> None:
        """Textual's hook on a Resize of the screen: the layout again, and the whole screen
        drawn again. At start the screen gets three Resizes of the size it was first laid
        out at (two from the app, one from its own first layout), each a frame more that
        changes nothing; a size already laid out is skipped."""
        if size == self._compositor.size:
            return
        super()._screen_resized(size)

    def show_header(self, title: str | None = None) -> None:
        """The header line: the briefing's title (or `title`), when it was updated, where it
        comes from, the as-of moment, and the filter (on the main screen)."""
        session, view = self.session, self.session.view
        label = session.filter_label() if self.SHOWS_FILTER else ""
        header = self.query_one(BriefingHeader)
        header.show(title or view.title, view.updated, session.origin, session.as_of, label)

    def export_clause(self) -> Clause | None:
        """What an export from this screen is of: one clause, or (None) the view."""
        return None

    def current_clause_id(self) -> str | None:
        """The clause this screen is on, if any (where the matrix opens)."""
        return None

    def follow(
        self,
        *,
        view: Redraw | None = None,
        marks: Redraw | None = None,
        feed: Redraw | None = None,
    ) -> None:
        """Redraw with `view`, `marks`, `feed` when that kind of state changes, for as long as
        this screen is on the stack: at once (in the same frame as the change) while it is
        the screen in front; else once, when it is in front again (a clause page under the
        note editor is not rebuilt at every save of the note)."""
        app = host(self)
        for signal, redraw in (
            (app.view_changed, view),
            (app.marks_changed, marks),
            (app.feed_changed, feed),
        ):
            if redraw is not None:
                signal.subscribe(self, partial(self._changed, redraw), immediate=True)

    def on_unmount(self) -> None:
        """Off the stack for good: no longer told of changes. A subscription holds the
        screen (its callback is bound to it) in the signal's table, keyed weakly by the
        screen itself, so it would keep every closed page and its widgets alive until the
        next change, and the cyclic collector walking them, at each key, for nothing."""
        app = host(self)
        for signal in (app.view_changed, app.marks_changed, app.feed_changed):
            signal.unsubscribe(self)
        # Its widgets are garbage held in cycles, which only a full pass of the collector
        # frees: run it once the frame without them is drawn, while the analyst reads it,
        # rather than let it fall, some 50 ms at 100k quotes, on a later key.
        if self.app.is_running:
            self.app.call_after_refresh(gc.collect)

    def _changed(self, redraw: Redraw, _session: Session) -> None:
        if self.is_active:
            self._redraw(redraw)
        elif redraw not in self._stale:
            self._stale.append(redraw)

    def _redraw(self, redraw: Redraw) -> None:
        if inspect.iscoroutinefunction(redraw):
            self.call_next(redraw)  # awaited by this screen, next in its queue
        else:
            redraw()

    def on_screen_resume(self) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Redraw now what changed while this screen was covered."""
        stale, self._stale = self._stale, []
        for redraw in stale:
            self._redraw(redraw)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_done(self, event)

    # -- the analyst's work, from any screen -------------------------------------------------

    def toggle_flag(self, clause_id: str) -> None:
        self.run_worker(self._toggle_flag(clause_id), group="flag", exit_on_error=False)

    async def _toggle_flag(self, clause_id: str) -> None:
        try:
            flagged = await host(self).analyst.toggle_flag(clause_id)
        except StorageError as error:
            self.notify(f"Flag not saved: {error}", markup=False, severity="error")
            return
        clause = self.session.index.clauses.get(clause_id)
        title = clause.title if clause is not None else clause_id
        self.notify(f"{'Flagged' if flagged else 'Unflagged'}: {title}", markup=False, timeout=2)

    def copy_with_citation(self, found: Copy) -> None:
        self.run_worker(self._copy(found), group="copy", exit_on_error=False)

    async def _copy(self, found: Copy) -> None:
        """OSC 52 to the terminal's clipboard (works over SSH, and in tmux with
        set-clipboard on), and the same text in a file for terminals that cannot take it."""
        app = host(self)
        if app.clipboard_works:
            self.app.copy_to_clipboard(found.text)
        try:
            path = await app.analyst.keep_copy(found.text)
        except StorageError as error:
            self.notify(f"Copied {found.what}; could not also save it: {error}", markup=False)
            return
        if app.clipboard_works:
            self.notify(
                f"Copied {found.what}. If nothing arrived, it is also in {path}", markup=False
            )
        else:
            self.notify(f"This terminal has no clipboard: {found.what} is in {path}", markup=False)

    def edit_note(self, key: str, title: str) -> None:
        host(self).edit_note(key, title)

    def export_brief(self, clause: Clause | None = None) -> None:
        export_brief(self, clause)


def export_brief(node: DOMNode, clause: Clause | None = None) -> None:
    """Ask where to write a Markdown brief (of the view, or of one clause), then write it in
    a worker of `node` (the screen that asked, or the app for its global key)."""
    from briefing.screens.export import ExportScreen

    analyst = host(node).analyst
    what = f"clause {clause.label}" if clause else "the briefing (this view)"

    def ask(path: Path, problem: str | None = None) -> None:
        node.app.push_screen(ExportScreen(path, what, problem), callback=chosen)

    def chosen(path: Path | None) -> None:
        if path is not None:
            node.run_worker(
                _write(node, analyst, path, clause, ask), group="export", exit_on_error=False
            )

    ask(analyst.default_export_path(clause))


async def _write(
    node: DOMNode,
    analyst: Analyst,
    path: Path,
    clause: Clause | None,
    again: Callable[[Path, str], None],
) -> None:
    """Write the brief; when the disk refuses, the dialog comes back with the path as typed
    and the reason (nothing typed is lost)."""
    text = analyst.export_text(clause)
    try:
        await analyst.export(path, text)
    except StorageError as error:
        again(path, f"Export failed: {error}")
        return
    node.app.notify(f"Wrote {path}", markup=False)
