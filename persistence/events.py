"""Committed changes, told to this process (InMemoryEventBus) and to every other instance (LISTEN/NOTIFY)."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from domain.entities import EnrollmentType
from domain.ports import (
    DomainEvent,
    InboxChanged,
    LoginRevoked,
    OptionsChanged,
    OutboxChanged,
    PeopleChanged,
    RatingChanged,
    RosterChange,
    SessionChanged,
)

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

CHANNEL = 'mentor_events'
_TOKEN_HASH = re.compile('[0-9a-f]{64}')
EventCallback = Callable[[DomainEvent], None]
BatchCallback = Callable[[Sequence[DomainEvent]], None]


def encode_event(event: DomainEvent, instance_id: str) -> str:
    """The NOTIFY payload: who sent it, what kind of thing changed, its id, and a roster change's figures."""
    if isinstance(event, InboxChanged):
        return json.dumps({'instance_id': instance_id, 'kind': 'inbox', 'id': event.user_id})
    if isinstance(event, OutboxChanged):
        return json.dumps({'instance_id': instance_id, 'kind': 'outbox', 'id': 0})
    if isinstance(event, PeopleChanged):
        return json.dumps({'instance_id': instance_id, 'kind': 'people', 'id': 0})
    if isinstance(event, OptionsChanged):
        return json.dumps({'instance_id': instance_id, 'kind': 'options', 'id': 0})
    if isinstance(event, RatingChanged):
        return json.dumps({'instance_id': instance_id, 'kind': 'rating', 'id': event.mentor_id})
    if isinstance(event, LoginRevoked):
        return json.dumps({'instance_id': instance_id, 'kind': 'login', 'id': event.token_hash})
    data: dict[str, object] = {'instance_id': instance_id, 'kind': 'session', 'id': event.session_id}
    if event.roster is not None:
        enrollment = event.roster.enrollment
        data['roster'] = [event.roster.mentee_id, enrollment and enrollment.value, event.roster.mentee_count]
    return json.dumps(data)


def decode_event(payload: str) -> tuple[str, DomainEvent]:
    """(sender instance id, event); ValueError for anything malformed."""
    try:
        data = json.loads(payload)
        instance_id, kind, ident = data['instance_id'], data['kind'], data['id']
        roster = _roster(data.get('roster'))
    except (TypeError, KeyError, ValueError, AttributeError) as error:  # JSONDecodeError is a ValueError
        raise ValueError(f'malformed event payload {payload!r}') from error
    if kind == 'login' and isinstance(instance_id, str) and isinstance(ident, str) and _TOKEN_HASH.fullmatch(ident):
        return instance_id, LoginRevoked(ident)
    if not isinstance(instance_id, str) or not _is_int(ident):
        raise ValueError(f'malformed event payload {payload!r}')
    if kind == 'session':
        return instance_id, SessionChanged(ident, roster)
    if kind == 'inbox' and roster is None:
        return instance_id, InboxChanged(ident)
    if kind == 'outbox' and roster is None:
        return instance_id, OutboxChanged()
    if kind == 'rating' and roster is None:
        return instance_id, RatingChanged(ident)
    if kind == 'people' and roster is None:
        return instance_id, PeopleChanged()
    if kind == 'options' and roster is None:
        return instance_id, OptionsChanged()
    raise ValueError(f'unknown event kind in {payload!r}')


def _roster(value: object) -> RosterChange | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 3:
        raise ValueError('malformed roster change')
    mentee_id, enrollment, count = value
    if not _is_int(mentee_id) or not _is_int(count) or not (enrollment is None or isinstance(enrollment, str)):
        raise ValueError('malformed roster change')
    return RosterChange(mentee_id, None if enrollment is None else EnrollmentType(enrollment), count)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def libpq_dsn(url: str) -> str:
    """psycopg wants `postgresql://…`; SQLAlchemy URLs may name the driver (`postgresql+psycopg://…`)."""
    scheme, sep, rest = url.partition('://')
    return f'{scheme.split("+")[0]}{sep}{rest}' if sep else url


class InMemoryEventBus:
    """Delivers events to this process's subscribers (the UI). Thread-safe; a failing subscriber is logged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[BatchCallback] = []

    def subscribe(self, callback: BatchCallback) -> Callable[[], None]:
        """`callback(events)` for every published batch (one commit's events), on the publishing thread.
        Returns the unsubscribe function."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, events: Sequence[DomainEvent]) -> None:
        if not events:
            return
        batch = tuple(events)
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(batch)
            except Exception:
                log.exception('event subscriber %r failed on %r', callback, batch)


class PostgresEventListener:
    """A daemon thread that LISTENs on PostgreSQL for other instances' events.

    `on_event(event)` and `on_reconnect()` are called on the listener thread. After a lost connection
    it reconnects with backoff (0.5 s doubling to 5 s) and calls `on_reconnect()`: notices sent
    meanwhile are lost, so the receiver should refresh everything.
    """

    POLL_SECONDS = 0.2
    MIN_BACKOFF = 0.5
    MAX_BACKOFF = 5.0

    def __init__(
        self, dsn: str, instance_id: str, on_event: EventCallback, on_reconnect: Callable[[], None] | None = None
    ) -> None:
        self._dsn = libpq_dsn(dsn)
        self._instance_id = instance_id
        self._on_event = on_event
        self._on_reconnect = on_reconnect
        self._stopping = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f'pg-listener-{instance_id}', daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ends the thread promptly (within about POLL_SECONDS) and closes its connection."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wait_listening(self, timeout: float) -> bool:
        """True once LISTEN is in effect (useful at start-up and in tests)."""
        return self._listening.wait(timeout)

    @property
    def application_name(self) -> str:
        """How the listener's connection names itself in pg_stat_activity."""
        return f'mentor-listener:{self._instance_id}'[:63]

    def _run(self) -> None:
        import psycopg  # only PostgreSQL deployments pay for importing the driver (P7)

        backoff = self.MIN_BACKOFF
        first_attempt = True
        while not self._stopping.is_set():
            try:
                with psycopg.connect(
                    self._dsn, autocommit=True, application_name=self.application_name, connect_timeout=5
                ) as conn:
                    conn.execute(f'LISTEN {CHANNEL}')
                    backoff = self.MIN_BACKOFF
                    self._listening.set()
                    if not first_attempt:
                        self._call(self._on_reconnect)
                    first_attempt = False
                    self._receive(conn)
            except psycopg.Error as error:
                first_attempt = False
                if self._stopping.is_set():
                    break
                log.warning('event listener lost its connection (%s); retrying in %.1f s', error, backoff)
            finally:
                self._listening.clear()
            if self._stopping.wait(backoff):
                break
            backoff = min(backoff * 2, self.MAX_BACKOFF)

    def _receive(self, conn: psycopg.Connection[Any]) -> None:
        while not self._stopping.is_set():
            for notice in conn.notifies(timeout=self.POLL_SECONDS):
                self._handle(notice.payload)
                if self._stopping.is_set():
                    return

    def _handle(self, payload: str) -> None:
        try:
            sender, event = decode_event(payload)
        except ValueError:
            log.warning('skipping a malformed event notice: %r', payload)
            return
        if sender != self._instance_id:
            self._call(self._on_event, event)

    @staticmethod
    def _call(callback: Callable[..., None] | None, *args: object) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:
            log.exception('event listener callback %r failed', callback)


# All the payloads of a batch in one statement. In autocommit it is a transaction of its own, which does not wait for
# its WAL flush (`set_config(…, true)` is SET LOCAL for it alone): a notification is not durable anyway, PostgreSQL
# does not keep its queue across a restart. The payloads (JSON objects) travel as one JSON array, whose elements
# PostgreSQL's `json` type gives back as their very text: as a text[] parameter the driver escaped every payload
# in Python, a twelfth of an enrollment's time under load (P4, docs/performance.md "fifteenth session").
_NOTIFY = (
    "SELECT set_config('synchronous_commit', 'off', true), pg_notify(%(channel)s, payload::text) "
    'FROM json_array_elements(%(payloads)s::json) WITH ORDINALITY AS events (payload, position) ORDER BY position'
)


class PostgresNotifier:
    """Tells the other instances what this one committed (L1): NOTIFYs from a daemon thread on a connection of its
    own, everything queued meanwhile in one statement.

    Sent after the change committed, never inside its transaction: PostgreSQL serialises the commits of notifying
    transactions with a database-wide lock held through the commit's WAL flush, and the change's row locks (an
    enrollment's session row) would be held through that wait too. From a thread of its own (P4): the committing
    request does not wait for the round trip, and under load one statement carries the events of many commits. In
    order; should sending fail, the change stands and the failure is logged (the other instances' open pages show the
    change with the session's next event). The thread ends after IDLE_SECONDS without events and starts again with
    the next one.

    At most one statement every PACE_SECONDS: the first event after a quiet spell goes at once, and under load what
    the commits of the next few milliseconds queued goes together. Sent as soon as it came, each statement carried
    the events of one or two enrollments, and its round trip and wake-up cost the committing threads (which share
    the GIL and the machine's cores) a sixth of P4's throughput on PostgreSQL (docs/performance.md, "eighth session").
    """

    IDLE_SECONDS = 10.0
    PACE_SECONDS = 0.01
    BATCH = 500  # payloads in one statement at most

    def __init__(self, dsn: str, instance_id: str) -> None:
        self._dsn = libpq_dsn(dsn)
        self._instance_id = instance_id
        self._ready = threading.Condition()
        self._pending: list[str] = []
        self._sending = 0  # payloads of the statement under way
        self._sent_at = 0.0  # time.monotonic() of the last statement
        self._thread: threading.Thread | None = None

    def send(self, events: Sequence[DomainEvent]) -> None:
        payloads = [encode_event(event, self._instance_id) for event in events]
        with self._ready:
            self._pending.extend(payloads)
            self._ready.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f'pg-notifier-{self._instance_id}', daemon=True)
                self._thread.start()

    def drain(self, timeout: float) -> bool:
        """Wait until everything sent so far has gone out (or failed); False if that took longer than `timeout`."""
        with self._ready:
            return self._ready.wait_for(lambda: not self._pending and not self._sending, timeout)

    def _run(self) -> None:
        import psycopg  # only PostgreSQL deployments pay for importing the driver (P7)

        connection: psycopg.Connection[Any] | None = None
        try:
            while (batch := self._next_batch()) is not None:
                # A connection kept from an earlier batch may have been closed by the server meanwhile (a restart):
                # then the batch is tried once more on a new one.
                for fresh in (connection is None, True):
                    try:
                        if fresh:
                            connection = psycopg.connect(self._dsn, autocommit=True, connect_timeout=5)
                        assert connection is not None
                        connection.execute(_NOTIFY, {'channel': CHANNEL, 'payloads': f'[{",".join(batch)}]'})
                        break
                    except psycopg.Error as error:
                        if connection is not None:
                            connection.close()
                        connection = None
                        if fresh:
                            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                            log.warning('a change committed, but telling the other instances failed: %s', reason)
                            break
                self._sent_at = time.monotonic()
                with self._ready:
                    self._sending = 0
                    self._ready.notify_all()
        finally:
            if connection is not None:
                connection.close()
            with self._ready:  # should anything unforeseen end the thread, the next event starts a new one
                if self._thread is threading.current_thread():
                    self._thread = None
                self._sending = 0

    def _next_batch(self) -> list[str] | None:
        """The next payloads to send; None (and the thread is done) after IDLE_SECONDS without any."""
        with self._ready:
            if not self._ready.wait_for(lambda: self._pending, self.IDLE_SECONDS):
                self._thread = None
                return None
        pause = self._sent_at + self.PACE_SECONDS - time.monotonic()
        if pause > 0:
            time.sleep(pause)  # the events queued meanwhile go in the same statement
        with self._ready:
            batch, self._pending = self._pending[: self.BATCH], self._pending[self.BATCH :]
            self._sending = len(batch)
            return batch
