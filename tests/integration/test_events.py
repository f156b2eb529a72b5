"""Live updates across instances (L1): the in-process bus and PostgreSQL LISTEN/NOTIFY."""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine

from domain.entities import EnrollmentType
from domain.ports import DomainEvent, InboxChanged, OptionsChanged, RatingChanged, RosterChange, SessionChanged
from persistence.database import make_engine, migrate_to_head
from persistence.events import (
    CHANNEL,
    InMemoryEventBus,
    PostgresEventListener,
    PostgresNotifier,
    decode_event,
    encode_event,
    libpq_dsn,
)
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import RecordingSubscriber

WITHIN = 1.0  # L1: within a second


def test_the_bus_gives_each_subscriber_every_batch_until_it_unsubscribes() -> None:
    bus = InMemoryEventBus()
    first, second = RecordingSubscriber(), RecordingSubscriber()
    bus.subscribe(first)
    unsubscribe = bus.subscribe(second)
    bus.publish([SessionChanged(1), InboxChanged(2)])
    unsubscribe()
    unsubscribe()
    bus.publish([SessionChanged(3)])
    bus.publish([])
    assert first.batches == [(SessionChanged(1), InboxChanged(2)), (SessionChanged(3),)]
    assert second.batches == [(SessionChanged(1), InboxChanged(2))]


def test_a_failing_subscriber_is_logged_and_never_reaches_the_publisher(caplog: pytest.LogCaptureFixture) -> None:
    bus = InMemoryEventBus()
    heard = RecordingSubscriber()

    def broken(_events: object) -> None:
        raise RuntimeError('subscriber bug')

    bus.subscribe(broken)
    bus.subscribe(heard)
    with caplog.at_level(logging.ERROR):
        bus.publish([SessionChanged(1)])
    assert heard.events == [SessionChanged(1)]
    assert 'subscriber bug' in caplog.text


def test_the_bus_can_be_used_from_many_threads_at_once() -> None:
    bus = InMemoryEventBus()
    heard = RecordingSubscriber()
    bus.subscribe(heard)

    def publish_and_churn(n: int) -> None:
        for i in range(50):
            bus.subscribe(lambda _events: None)()
            bus.publish([SessionChanged(n * 100 + i)])

    threads = [threading.Thread(target=publish_and_churn, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(heard.events) == 400


def test_an_event_survives_its_payload() -> None:
    """R7: an option list change reaches the other instances' Option lists pages too."""
    for event, kind, ident in (
        (SessionChanged(12), 'session', 12),
        (InboxChanged(7), 'inbox', 7),
        (OptionsChanged(), 'options', 0),
        (RatingChanged(9), 'rating', 9),  # F1: a mentor's new rating reaches the other instances' pages
    ):
        payload = encode_event(event, 'instance-a')
        assert json.loads(payload) == {'instance_id': 'instance-a', 'kind': kind, 'id': ident}
        assert decode_event(payload) == ('instance-a', event)


@pytest.mark.parametrize('enrollment', [EnrollmentType.ENROLLED, None])
def test_a_roster_change_survives_its_payload(enrollment: EnrollmentType | None) -> None:
    """P2: the other instances' pages get the seats taken with the event, so they need not read them."""
    event = SessionChanged(12, RosterChange(mentee_id=5, enrollment=enrollment, mentee_count=31))
    assert decode_event(encode_event(event, 'instance-a')) == ('instance-a', event)


@pytest.mark.parametrize(
    'payload',
    ['', 'not json', '[]', '{"instance_id": "a", "kind": "session"}', '{"instance_id": "a", "kind": "x", "id": 1}',
     '{"instance_id": "a", "kind": "session", "id": "1"}', '{"instance_id": 1, "kind": "inbox", "id": 1}',
     '{"instance_id": "a", "kind": "session", "id": 1, "roster": [5, "Enrolled"]}',
     '{"instance_id": "a", "kind": "session", "id": 1, "roster": [5, "Joined", 3]}',
     '{"instance_id": "a", "kind": "session", "id": 1, "roster": [5, null, "3"]}',
     '{"instance_id": "a", "kind": "session", "id": 1, "roster": {"mentee_id": 5}}',
     '{"instance_id": "a", "kind": "inbox", "id": 1, "roster": [5, null, 3]}',
     '{"instance_id": "a", "kind": "rating", "id": "9"}'],
)  # fmt: skip
def test_a_malformed_payload_is_refused(payload: str) -> None:
    with pytest.raises(ValueError):
        decode_event(payload)


def test_libpq_dsn_drops_the_driver_name() -> None:
    assert libpq_dsn('postgresql+psycopg://u@h:5/d') == 'postgresql://u@h:5/d'
    assert libpq_dsn('postgresql://u@h/d') == 'postgresql://u@h/d'


# --- PostgreSQL: two app instances on one database ---------------------------------------------------


class Inbox:
    """What a listener heard, to wait on."""

    def __init__(self) -> None:
        self.events: queue.Queue[DomainEvent] = queue.Queue()
        self.reconnects: queue.Queue[bool] = queue.Queue()

    def next_event(self, timeout: float = WITHIN) -> DomainEvent | None:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None


@pytest.fixture
def postgres_engine(fresh_postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_postgres_url)
    migrate_to_head(engine)
    yield engine
    engine.dispose()


def _listener(url: str, instance_id: str, inbox: Inbox) -> PostgresEventListener:
    listener = PostgresEventListener(url, instance_id, inbox.events.put, lambda: inbox.reconnects.put(True))
    listener.start()
    assert listener.wait_listening(5), 'the listener did not start listening'
    return listener


@pytest.fixture
def instance_a(postgres_engine: Engine) -> SqlUnitOfWorkFactory:
    """Instance A's units of work: they tell the other instances with NOTIFY."""
    return SqlUnitOfWorkFactory(postgres_engine, InMemoryEventBus(), instance_id='instance-a')


@pytest.fixture
def instance_b(fresh_postgres_url: str) -> Iterator[tuple[Inbox, PostgresEventListener]]:
    """Instance B's listener, listening, and what it hears; stopped afterwards."""
    heard = Inbox()
    listener = _listener(fresh_postgres_url, 'instance-b', heard)
    yield heard, listener
    listener.stop()


def _commit_event(factory: SqlUnitOfWorkFactory, event: DomainEvent) -> None:
    with factory() as uow:
        uow.users.add_organization(f'Org {event}')
        uow.record(event)
        uow.commit()


@pytest.mark.postgres
def test_a_commit_on_one_instance_reaches_the_others_listener_but_not_its_own(
    postgres_engine: Engine, fresh_postgres_url: str
) -> None:
    """L1: browsers on a different app instance hear about the change within a second."""
    factory_a = SqlUnitOfWorkFactory(postgres_engine, InMemoryEventBus(), instance_id='instance-a')
    factory_b = SqlUnitOfWorkFactory(postgres_engine, InMemoryEventBus(), instance_id='instance-b')
    heard_by_a, heard_by_b = Inbox(), Inbox()
    listener_a = _listener(fresh_postgres_url, 'instance-a', heard_by_a)
    listener_b = _listener(fresh_postgres_url, 'instance-b', heard_by_b)
    try:
        _commit_event(factory_a, SessionChanged(41))
        assert heard_by_b.next_event() == SessionChanged(41)
        _commit_event(factory_b, InboxChanged(5))
        assert heard_by_a.next_event() == InboxChanged(5)
        assert heard_by_a.next_event(timeout=0.3) is None  # its own SessionChanged(41) was ignored
        assert heard_by_b.next_event(timeout=0.3) is None
    finally:
        listener_a.stop()
        listener_b.stop()


@pytest.mark.postgres
def test_a_rolled_back_unit_of_work_notifies_no_one(
    instance_a: SqlUnitOfWorkFactory, instance_b: tuple[Inbox, PostgresEventListener]
) -> None:
    heard, _listening = instance_b
    with instance_a() as uow:
        uow.users.add_organization('Asha')
        uow.record(SessionChanged(1))
    assert heard.next_event(timeout=0.5) is None


@pytest.mark.postgres
def test_a_change_stands_when_telling_the_other_instances_fails_after_its_commit(
    postgres_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """L1, P4: the NOTIFYs go out after the change's COMMIT (not holding its row locks through the notify lock).
    If they fail, the change is not undone and the user is not told to try again; this instance still hears it,
    and the failure is logged."""
    bus = InMemoryEventBus()
    here = RecordingSubscriber()
    bus.subscribe(here)
    factory = SqlUnitOfWorkFactory(postgres_engine, bus, instance_id='instance-a')
    factory.notifier = PostgresNotifier('postgresql://postgres@127.0.0.1:1/nowhere', 'instance-a')  # refused
    with caplog.at_level(logging.WARNING, logger='persistence.events'):
        _commit_event(factory, SessionChanged(7))
        assert factory.drain_notices(10)
    with factory(read_only=True) as uow:
        assert f'Org {SessionChanged(7)}' in [org.name for org in uow.users.organizations()]
    assert here.events == [SessionChanged(7)]
    assert 'telling the other instances failed' in caplog.text


@pytest.mark.postgres
def test_commits_from_many_threads_reach_the_other_instance_each_once_and_in_each_threads_order(
    instance_a: SqlUnitOfWorkFactory, instance_b: tuple[Inbox, PostgresEventListener]
) -> None:
    """L1, P4: one thread sends the NOTIFYs, those queued meanwhile in one statement; none is lost or doubled."""
    heard, _listening = instance_b
    threads, per_thread = 4, 25

    def commit_in_turn(thread: int) -> None:
        for n in range(per_thread):
            with instance_a() as uow:
                uow.record(SessionChanged(thread * 1000 + n))
                uow.commit()

    workers = [threading.Thread(target=commit_in_turn, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert instance_a.drain_notices(10)
    got = [heard.next_event() for _ in range(threads * per_thread)]
    assert heard.next_event(timeout=0.3) is None
    ids = [event.session_id for event in got if isinstance(event, SessionChanged)]
    for thread in range(threads):
        assert [i for i in ids if i // 1000 == thread] == [thread * 1000 + n for n in range(per_thread)]


@pytest.mark.postgres
def test_a_burst_of_commits_goes_out_in_a_few_statements_in_order(
    fresh_postgres_url: str, instance_b: tuple[Inbox, PostgresEventListener], monkeypatch: pytest.MonkeyPatch
) -> None:
    """L1, P4: the notifier sends at most one statement every PACE_SECONDS; what the commits of a burst queue
    meanwhile goes together, each event once and in order."""
    heard, _listening = instance_b
    statements: list[str] = []
    execute = psycopg.Connection.execute

    def counted(connection: psycopg.Connection[object], query: str, *args: object, **kwargs: object) -> object:
        statements.append(query)
        return execute(connection, query, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(psycopg.Connection, 'execute', counted)
    notifier = PostgresNotifier(fresh_postgres_url, 'instance-a')
    burst = 100
    started = time.monotonic()
    for n in range(burst):
        notifier.send([SessionChanged(n)])  # as commits of a busy instance, each a couple of milliseconds apart
        time.sleep(0.002)
    assert notifier.drain(10)
    paces = (time.monotonic() - started) / PostgresNotifier.PACE_SECONDS
    got = [heard.next_event() for _ in range(burst)]
    assert got == [SessionChanged(n) for n in range(burst)]
    assert heard.next_event(timeout=0.3) is None
    assert len(statements) <= paces + 2 < burst / 2, (len(statements), paces)


@pytest.mark.postgres
def test_the_listener_skips_malformed_notices(
    fresh_postgres_url: str, instance_b: tuple[Inbox, PostgresEventListener]
) -> None:
    heard, _listening = instance_b
    with psycopg.connect(libpq_dsn(fresh_postgres_url), autocommit=True) as connection:
        connection.execute('SELECT pg_notify(%s, %s)', (CHANNEL, '{"broken'))
        connection.execute('SELECT pg_notify(%s, %s)', (CHANNEL, encode_event(SessionChanged(2), 'other')))
    assert heard.next_event() == SessionChanged(2)


@pytest.mark.postgres
def test_a_listener_whose_connection_is_killed_reconnects_and_hears_later_notices(
    fresh_postgres_url: str, instance_a: SqlUnitOfWorkFactory, instance_b: tuple[Inbox, PostgresEventListener]
) -> None:
    """L1: after a lost connection the listener comes back, says so (the UI refreshes), and goes on."""
    heard, listener = instance_b
    with psycopg.connect(libpq_dsn(fresh_postgres_url), autocommit=True) as admin:
        killed = admin.execute(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity'
            ' WHERE application_name = %s AND datname = current_database()',
            (listener.application_name,),
        ).fetchall()
    assert killed == [(True,)]
    assert heard.reconnects.get(timeout=5) is True
    assert listener.wait_listening(5)
    _commit_event(instance_a, SessionChanged(99))
    assert heard.next_event() == SessionChanged(99)


@pytest.mark.postgres
def test_stopping_a_listener_is_prompt(fresh_postgres_url: str) -> None:
    listener = _listener(fresh_postgres_url, 'instance-b', Inbox())
    started = time.monotonic()
    listener.stop()
    assert time.monotonic() - started < 1.0
