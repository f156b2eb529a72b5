"""L1, U3: how every open page stays current — the bridge from domain events to pages, and `Follow`.

Services publish after commit, in a worker thread (or the PostgreSQL listener's thread). Each event is
handed to the event loop and emitted as a NiceGUI `Event`. A page does not subscribe itself: it says what it
reads and how it shows it, and a `Follow` keeps it current —

- it subscribes to the changes that concern the page (NiceGUI drops the subscriptions when the page closes);
  a page that shows a mentor's average rating hears that mentor's new ratings, from any of their sessions (F1);
  a page of one session hears only that session's changes: a change is handed to the pages that show its
  session, and pages of other sessions are not even called (S1: an update costs what its pages cost);
- a burst of changes costs one read at a time: a change heard while a read runs causes exactly one more;
- pages of one viewer may share one read per change (`SharedReads`, P2);
- it shows only on a page that is still open (a read that waited for the database must not show after);
- a read that fails for a passing reason (the database briefly away) keeps what is shown and says so;
- a one-shot timer reloads at the next moment the clock alone changes what is shown (U3), not a polling loop.

What changed is the page's `show` to judge: it gets the whole new state and sets only what differs.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from nicegui import Event, background_tasks, core, ui

from domain.entities import User
from domain.errors import DomainError
from domain.ports import (
    DomainEvent,
    InboxChanged,
    OptionsChanged,
    OutboxChanged,
    PeopleChanged,
    RatingChanged,
    SessionChanged,
)
from ui.details_loads import SharedReads
from ui.feedback import show_refusal

session_changed: Event[[SessionChanged]] = Event()
inbox_changed: Event[[int]] = Event()
outbox_changed: Event[[]] = Event()  # N5: the Outbox page follows it
people_changed: Event[[]] = Event()  # R5: the People page follows it
options_changed: Event[[]] = Event()  # R7: the Option lists page and the open pickers follow it
rating_changed: Event[[int]] = Event()  # F1: a mentor's ratings changed (the mentor's id)
everything_changed: Event[[]] = Event()
# S1: the changes of one session, for the pages that show only it (`Follow(session_id=…)`), by session id.
_session_events: dict[int, Event[[SessionChanged]]] = {}

# A timer set for days ahead is re-armed at least this often, so a clock change cannot strand it.
LONGEST_WAIT = timedelta(hours=6)
_MARGIN = timedelta(seconds=1)
S = TypeVar('S')


def _emit(event: DomainEvent) -> None:
    if isinstance(event, SessionChanged):
        session_changed.emit(event)
        if (of_session := _session_events.get(event.session_id)) is not None:
            of_session.emit(event)
    elif isinstance(event, InboxChanged):
        inbox_changed.emit(event.user_id)
    elif isinstance(event, OutboxChanged):
        outbox_changed.emit()
    elif isinstance(event, PeopleChanged):
        people_changed.emit()
    elif isinstance(event, OptionsChanged):
        options_changed.emit()
    elif isinstance(event, RatingChanged):
        rating_changed.emit(event.mentor_id)


def _changes_of(session_id: int) -> Event[[SessionChanged]]:
    """The changes of this session; the event is dropped once the last page that follows it closes."""
    if (event := _session_events.get(session_id)) is None:
        event = _session_events[session_id] = Event()

    def drop_if_unfollowed() -> None:  # runs after NiceGUI dropped the closing page's subscriptions
        if session_id in _session_events and not _session_events[session_id].callbacks:
            del _session_events[session_id]

    ui.context.client.on_delete(drop_if_unfollowed)
    return event


def _on_loop(callback: object, *args: object) -> None:
    loop = core.loop
    if loop is None or loop.is_closed():
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        loop.call_soon(callback, *args)  # type: ignore[arg-type]
    else:
        loop.call_soon_threadsafe(callback, *args)  # type: ignore[arg-type]


def deliver(events: Sequence[DomainEvent]) -> None:
    """Called by the event bus from any thread."""
    for event in events:
        _on_loop(_emit, event)


def resync() -> None:
    """After the cross-instance listener reconnects: every page refreshes what it shows."""
    _on_loop(everything_changed.emit)


def next_wait(moments: Iterable[datetime], now: datetime) -> float | None:
    """Seconds until just after the next of these moments (at most LONGEST_WAIT); None if none is ahead."""
    upcoming = [moment for moment in moments if moment > now]
    if not upcoming:
        return None
    return min(min(upcoming) - now + _MARGIN, LONGEST_WAIT).total_seconds()


class Shared(Generic[S]):
    """Reads of one session shared by the pages of one viewer on this instance (P2)."""

    def __init__(self, reads: SharedReads[S], viewer: User, session_id: int) -> None:
        self.reads, self.viewer, self.session_id = reads, viewer, session_id


class Follow(Generic[S]):
    """Keeps what one page (or window) shows current. Create it where the page is built.

    `read` fetches the state (raising DomainError when it cannot); `show` puts it on the page; `moments` are
    when the clock alone changes it; `session_id` says the page shows that one session (it hears only its
    changes); else `concerns` picks the session changes that matter (default: all; None: none);
    `inbox_of` also follows that user's inbox news; `also` names changes of the page's whole subject, each of
    which reloads it (the outbox, N5; people, R5; option lists, R7); `ratings_of` answers whose
    average rating the page shows now (a mentor's id, or None), and it follows that mentor's new ratings (F1),
    whichever of their sessions they come from; `active` is False while
    there is nothing to keep current (a closed window); `unread` may show a change from the event alone
    and answer True (no read needed).
    """

    def __init__(
        self,
        read: Callable[[], Awaitable[S]],
        show: Callable[[S], object],
        *,
        moments: Callable[[S], Iterable[datetime]] = lambda _: (),
        now: Callable[[S], datetime] | None = None,
        session_id: int | None = None,
        concerns: Callable[[SessionChanged], bool] | None = lambda _: True,
        inbox_of: int | None = None,
        also: Sequence[Event[[]]] = (),
        ratings_of: Callable[[], int | None] | None = None,
        active: Callable[[], bool] = lambda: True,
        shared: Shared[S] | None = None,
        unread: Callable[[SessionChanged], bool] | None = None,
    ) -> None:
        self._read, self._show, self._moments, self._now = read, show, moments, now
        self._session_id, self._concerns = session_id, concerns
        self._inbox_of, self._also, self._active = inbox_of, also, active
        self._ratings_of = ratings_of
        self._shared, self._unread = shared, unread
        self._client = weakref.ref(ui.context.client)
        self._running = self._again = False
        self.stopped = False  # the page is leaving (e.g. its session was deleted here): nothing more to show
        self.clock_moved = False  # the next show follows the clock (not a change): it may have to rebuild
        self.changes_heard = 0  # changes this page was told of (each one reloads it)
        # The one-shot timer of the next time change (U3): the event loop's, not a `ui.timer`, which would be two
        # more elements on every open page (P11); it goes with the page.
        self._clock: asyncio.TimerHandle | None = None
        if now is not None:
            ui.context.client.on_delete(self._stop_clock)

    @property
    def page_open(self) -> bool:
        """False once the page is leaving or the browser left: a read that was waiting must not show."""
        client = self._client()
        return client is not None and not client.is_deleted and not self.stopped

    async def start(self, first_failed: Callable[[DomainError], S] | None = None) -> None:
        """Follow the changes, then show the first state (or, if given, what `first_failed` makes of a failed
        read). Subscribed first: a change committed while the first read runs reads once more after it."""
        self.subscribe()
        self._running = True
        try:
            try:
                first = await self._read()
            except DomainError as error:
                if first_failed is None:
                    raise
                first = first_failed(error)
            await self._put(first)
            await self._load_while_asked()
        finally:
            self._running = False

    def catch_up(self, name: str) -> None:
        """Follow the changes, then read once more in the background: for a part built from a read made before it
        subscribed (the page does not wait; a change in between shows)."""
        self.subscribe()
        background_tasks.create(self.reload(), name=name)

    def subscribe(self) -> None:
        """Follow the changes from now on (`start` and `catch_up` do, before their read)."""
        if self._session_id is not None:
            _changes_of(self._session_id).subscribe(self._on_session)
        elif self._concerns is not None:
            session_changed.subscribe(self._on_session)
        everything_changed.subscribe(self._on_everything)
        if self._inbox_of is not None:
            inbox_changed.subscribe(self._on_inbox)
        for event in self._also:
            event.subscribe(self.reload)
        if self._ratings_of is not None:
            rating_changed.subscribe(self._on_rating)

    # Not coroutines: a shared read must be forgotten the moment the event is emitted, before any page reads.
    def _on_session(self, change: SessionChanged) -> Awaitable[None] | None:
        if (self._concerns is not None and not self._concerns(change)) or not self._active():
            return None
        self.changes_heard += 1
        if self._unread is not None and self._unread(change):
            return None
        return self.reload_fresh()

    def _on_everything(self) -> Awaitable[None] | None:
        if not self._active():
            return None
        self.changes_heard += 1
        if self._shared is not None:
            self._shared.reads.forget()
        return self.reload()

    def _on_rating(self, mentor_id: int) -> Awaitable[None] | None:
        if self._ratings_of is None or self._ratings_of() != mentor_id or not self._active():
            return None
        self.changes_heard += 1
        return self.reload_fresh()

    def _on_inbox(self, user_id: int) -> Awaitable[None] | None:
        return self.reload() if user_id == self._inbox_of and self._active() else None

    def reload_fresh(self) -> Coroutine[Any, Any, None]:
        """Reload with a read that begins from now on (after a change this page was told of)."""
        if self._shared is not None:
            shared = self._shared
            shared.reads.forget(shared.session_id)
            shared.reads.start(shared.viewer, shared.session_id, self._read)  # ahead of the pages' reloads
        return self.reload()

    async def reload(self, *_: object) -> None:
        """Read and show, one at a time; a request while one runs causes exactly one more afterwards."""
        if self._running:
            self._again = True
            return
        self._running = True
        try:
            self._again = True
            await self._load_while_asked()
        finally:
            self._running = False

    async def _load_while_asked(self) -> None:
        while self._again and self.page_open:
            self._again = False
            await self._load()

    async def _load(self) -> None:
        try:
            if self._shared is None:
                state = await self._read()
            else:
                shared = self._shared
                state = await shared.reads.load(shared.viewer, shared.session_id, self._read)
        except DomainError as error:  # e.g. the database was briefly away: keep what is shown, say so
            client = self._client()
            if client is not None and self.page_open:
                with client:  # the reload may come from a timer or from a button that is gone
                    show_refusal(error)
            return
        if self.page_open and self._active():
            await self._put(state)

    async def _put(self, state: S) -> None:
        shown = self._show(state)
        if isinstance(shown, Awaitable):
            await shown
        self.clock_moved = False
        if self._now is None or not self.page_open:
            return
        self._stop_clock()
        wait = next_wait(self._moments(state), self._now(state))
        if wait is not None:
            self._clock = asyncio.get_running_loop().call_later(wait, self._time_moved)

    def _stop_clock(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None

    def _time_moved(self) -> None:
        self._clock = None
        if not self.page_open:
            return
        self.clock_moved = True
        background_tasks.create(self.reload_fresh(), name='time change')
