"""Keys typed ahead of the app, given to it one at a time.

Textual hands each key from the terminal to the widget focused when the App reads it, and
a key's binding acts only once the key has travelled up from that widget to the App. Keys
that arrive together (typed fast, pasted, or batched by an SSH link) were all handed to
the widget focused before the first of them acted: after `/`, the `c` of `cease` went to
the clause list (Changes) instead of the search field; after `F`, the `t` of `contested`
opened the timeline and its `e` exported the briefing to a file.

So the App gives a key on only once the key before it has been dealt with (kept by a
widget on its way up, or acted on by the App), and once the screen in front can take keys
(mounted, and its focus set when it has anything to focus); until then keys wait, in the
order they came. Whether a key has been dealt with is only asked when another waits
behind it, by following it up the queues it travels through; a key alone costs nothing
more. A key not dealt with within `LIMIT` seconds (a widget removed with the key in its
queue) stops holding the others up.

A key is also held while the nodes from the focused widget up to the screen have
messages still to handle (what the key before set off: Enter in the filter field posts
Submitted, the bar then Done, and the screen moves the focus to the list; `q` right
behind it went to the field, hidden by then, and the app did not quit).

The same wait covers `Enter` on a clause: the list posts Chosen, the screen OpenClause,
and the App opens the page. What this cannot see is work a key sets off outside those
queues (a worker, a timer): keys behind it go where the focus is meanwhile.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

LIMIT = 0.5
"""Seconds a key may take to be dealt with, or a screen to be ready, before the keys
behind it are given on all the same."""


def ready(screen: Screen[Any]) -> bool:
    """Whether `screen` can take keys: mounted, with its focus where it will be."""
    if not screen.is_mounted:
        return False
    focused = screen.focused
    if focused is not None:
        return focused.is_mounted  # a field just made (the filter's) takes keys once mounted
    return not screen.focus_chain


TRIES = 20
"""Rounds of a screen's queue it is given to be `ready` before keys go to it all the same
(a screen that focuses nothing of what it has; `LIMIT` bounds the time)."""


class TypeAhead:
    """One per app: `App.on_event` hands it each key from the terminal (`key`) and each
    key come back up to the App (`arrived`)."""

    def __init__(self, app: App[Any], give: Callable[[events.Key], Awaitable[None]]) -> None:
        self._app = app
        self._give = give
        """Textual's handling of a key (the App's `on_event` before this class)."""
        self._held: deque[events.Key] = deque()
        self._moving: events.Key | None = None
        """The key given on and not dealt with yet."""
        self._target: MessagePump | None = None
        """Where it was given: the widget focused then, or the screen."""
        self._chasing = False
        self._timer: Timer | None = None
        self._ready: Screen[Any] | None = None
        """A screen that never became `ready` (it focuses nothing): keys go to it at once."""
        self._tries = 0
        self._asked = False
        """Whether `_next` is due already (many keys waiting on one screen wait together)."""

    async def key(self, event: events.Key) -> None:
        """A key from the terminal: given on now, or held until the app can take it."""
        if self._moving is not None or self._held or not self._screen_ready():
            self._held.append(event)
            self._arm()
            if self._moving is not None:
                self._chase()
            else:  # held for the screen only
                self._wait_for(self._app.screen)
            return
        await self._send(event)

    def arrived(self, event: events.Key) -> None:
        """The App has dealt with a key that came up to it (its binding acted, or none)."""
        if event is self._moving:
            self._done()

    async def _send(self, event: events.Key) -> None:
        self._moving = event
        self._chasing = False
        self._target = self._app.focused or self._app.screen
        self._disarm()
        if self._held:  # the time limit counts from the last key given on
            self._arm()
        target = self._target
        await self._give(event)
        if not event.is_forwarded:  # the App's own (a priority binding): dealt with
            self._done()
        elif isinstance(target, Widget) and target.check_consume_key(event.key, event.character):
            self._done()  # a field types it (Textual's word for it): it goes no further
        elif self._held and self._moving is event:
            self._chase()

    def _chase(self) -> None:
        """Find out when the key on its way has been dealt with: only asked once a key
        waits behind it (a key alone costs nothing more than Textual's handling)."""
        moving, target = self._moving, self._target
        if self._chasing or moving is None or target is None:
            return
        self._chasing = True
        if not target.call_later(self._follow, moving, target):
            self._follow(moving, target)  # closed: from its parent on

    def _follow(self, event: events.Key, node: MessagePump) -> None:
        """`node` has handled the key (and passed it up, unless it stopped there): the same
        question is put to its parent, behind the key in its queue if the key went on,
        then to the App. The key's flags are not read: Textual stops a key it still passes
        to the App (posted by the App itself), and only the order of the queues tells."""
        if event is not self._moving:
            return
        parent = node._parent
        while parent is not None and parent is not self._app:
            if parent.call_later(self._follow, event, parent):
                return
            parent = parent._parent  # closed (a screen popped): the next one up
        if not self._app.call_later(self._settled, event):
            self._done()

    def _settled(self, event: events.Key) -> None:
        """Behind the key in the App's queue: if it came up, the App has dealt with it
        (`arrived`); if not, a widget below kept it."""
        if event is self._moving:
            self._done()

    def _done(self) -> None:
        self._moving = None
        self._target = None
        self._chasing = False
        if self._held:
            # After what the key set going in the App's queue (a focus moved by
            # `Widget.focus`, a screen pushed): the next key is given on after those.
            self._ask(self._app)
        else:
            self._disarm()

    def _ask(self, after: MessagePump) -> None:
        """`_next` once `after` has dealt with what is in its queue (once, however many
        keys wait)."""
        if not self._asked:
            self._asked = after.call_later(self._next) or self._app.call_after_refresh(self._next)

    async def _next(self) -> None:
        self._asked = False
        if self._moving is not None or not self._held:
            return
        if not self._screen_ready():
            self._tries += 1
            if self._tries < TRIES:
                self._wait_for(self._app.screen)
                return
            self._ready = self._app.screen  # nothing will take the focus: keys go to it
        busy = self._busy()
        if busy is not None and self._tries < TRIES:
            self._tries += 1
            self._wait_for_queue(busy)
            return
        self._tries = 0
        await self._send(self._held.popleft())

    def _busy(self) -> MessagePump | None:
        """The first node from the focused widget up to the screen with messages still to
        handle: what the last key set off on its way up, which may yet move the focus
        (Enter in the filter field: its Submitted, the bar's Done, the list focused)."""
        node: MessagePump | None = self._app.focused or self._app.screen
        while node is not None and node is not self._app:
            if node.message_queue_size:
                return node
            node = node._parent
        return None

    def _wait_for_queue(self, node: MessagePump) -> None:
        """Ask again once `node` has dealt with its queue, and then the App with its (a
        focus moved there by what `node` handled)."""
        self._asked = node.call_later(self._after_queue) or self._app.call_after_refresh(self._next)

    def _after_queue(self) -> None:
        self._asked = False
        self._ask(self._app)

    def _wait_for(self, screen: Screen[Any]) -> None:
        """Ask again once `screen` (or the field it focuses, still being made) has dealt
        with what is in its queue: its mounting, the focus it sets as it is shown."""
        focused = screen.focused
        self._ask(focused if focused is not None else screen)

    def _screen_ready(self) -> bool:
        screen = self._app.screen
        return ready(screen) or screen is self._ready

    def _arm(self) -> None:
        if self._timer is None:
            self._timer = self._app.set_timer(LIMIT, self._give_up, name="type-ahead")

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    async def _give_up(self) -> None:
        """Held up too long: the keys are given on as Textual would have (and the screen
        in front takes the next ones at once, ready or not)."""
        self._timer = None
        self._moving, self._target, self._chasing = None, None, False
        self._ready = self._app.screen
        while self._held:
            await self._give(self._held.popleft())
