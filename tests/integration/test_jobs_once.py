"""S1, U3: the background jobs run exactly once per due item across instances.

Three app instances on one PostgreSQL, first as three processes have them inside: three engines, three
unit-of-work factories with their own instance ids, each running the jobs of ui/jobs.py round after round on
its own thread, all released at once; then as three real app processes whose once-a-second timers meet
items falling due together. Every ended session is completed (and announced) by exactly one of them, and
every person gets exactly one "starting soon" notice per session; the bulk uploads of a stopped instance are
each taken over by exactly one of them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from domain import rules
from domain.entities import Role, User
from domain.ports import SessionChanged
from domain.services import bulk_upload, running
from persistence.database import make_engine
from persistence.events import CHANNEL, InMemoryEventBus, decode_event, libpq_dsn
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.bulk_files import create_row, csv_bytes
from tests.e2e.conftest import Server, start_server, stop_server
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user, enroll

pytestmark = pytest.mark.postgres

INSTANCES = 3
ROUNDS = 5
SESSIONS = 15  # of each kind
MENTEES_PER_SESSION = 3


@pytest.fixture
def instances(fresh_postgres_url: str, engine: object) -> Iterator[list[SqlUnitOfWorkFactory]]:
    """Three instances' unit-of-work factories (the `engine` fixture migrates and empties the database)."""
    factories = [
        SqlUnitOfWorkFactory(make_engine(fresh_postgres_url), InMemoryEventBus(), instance_id=f'instance-{n}')
        for n in range(INSTANCES)
    ]
    yield factories
    for factory in factories:
        factory.engine.dispose()


def _all_at_once(factories: list[SqlUnitOfWorkFactory], job: Callable[[SqlUnitOfWorkFactory], list[int]]) -> list[int]:
    """Each instance runs `job` ROUNDS times on its own thread, all starting together; every id it reported."""
    start = threading.Barrier(len(factories))
    reported: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def instance(factory: SqlUnitOfWorkFactory) -> None:
        start.wait()
        for _ in range(ROUNDS):
            try:
                done = job(factory)
            except BaseException as error:  # reported by the assertion below
                with lock:
                    failures.append(error)
                return
            with lock:
                reported.extend(done)

    threads = [threading.Thread(target=instance, args=(factory,)) for factory in factories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return reported


def _people(factory: SqlUnitOfWorkFactory) -> tuple[User, list[User]]:
    mentor = add_mentor(factory)
    return mentor, [add_user(factory, f'Mentee {n}') for n in range(MENTEES_PER_SESSION)]


@pytest.mark.parametrize('database_url', ['postgres'], indirect=True)
def test_s1_three_instances_complete_each_ended_session_exactly_once(
    instances: list[SqlUnitOfWorkFactory],
) -> None:
    mentor, _ = _people(instances[0])
    ended = {add_session(instances[0], mentor, start_at=NOW - 2 * HOUR - n * HOUR / 10).id for n in range(SESSIONS)}
    later = add_session(instances[0], mentor, start_at=NOW + HOUR).id

    completed = _all_at_once(instances, lambda factory: running.complete_due_sessions(factory(), NOW))

    assert sorted(completed) == sorted(ended)  # each reported once, by one instance
    with instances[1](read_only=True) as uow:
        assert all(uow.sessions.get(session_id).completed_at is not None for session_id in ended)  # type: ignore[union-attr]
        assert uow.sessions.get(later).completed_at is None  # type: ignore[union-attr]


@pytest.mark.parametrize('database_url', ['postgres'], indirect=True)
def test_s1_three_instances_take_over_each_stalled_bulk_upload_exactly_once(
    instances: list[SqlUnitOfWorkFactory],
) -> None:
    manager = add_user(instances[0], 'Maya', roles=frozenset({Role.MENTOR, Role.SESSION_MANAGER}))
    rows = [create_row(1, manager.email, date(2030, 7, 1))]
    stalled = {
        bulk_upload.start_bulk_upload(instances[0](), manager, f'{n}.csv', csv_bytes(rows), 'UTC', NOW).id
        for n in range(SESSIONS)
    }
    late = NOW + 2 * bulk_upload.LEASE  # the instance that took the uploads stopped before running them

    claimed = _all_at_once(instances, lambda factory: bulk_upload.claim_stalled_uploads(factory(), late))

    assert sorted(claimed) == sorted(stalled)  # each taken over once, by one instance


@pytest.mark.parametrize('database_url', ['postgres'], indirect=True)
def test_s1_three_instances_send_each_starting_soon_notice_exactly_once(
    instances: list[SqlUnitOfWorkFactory],
) -> None:
    mentor, mentees = _people(instances[0])
    soon = []
    for n in range(SESSIONS):
        session = add_session(instances[0], mentor, title=f'Soon {n}', start_at=NOW + timedelta(minutes=5 + n / 2))
        for mentee in mentees:
            enroll(instances[0], session, mentee, at=NOW - HOUR)
        soon.append(session.id)
    clock: datetime = NOW

    sent = _all_at_once(instances, lambda factory: running.send_starting_soon_notices(factory(), clock))

    assert sorted(sent) == sorted(soon)
    with instances[2](read_only=True) as uow:
        for person in [mentor, *mentees]:
            notices = Counter(n.session_id for n in uow.notifications.for_user(person.id, limit=1000))
            assert notices == dict.fromkeys(soon, 1), person.name  # one notice per session, no more


@pytest.fixture
def three_servers(fresh_postgres_url: str, tmp_path: Path) -> Iterator[list[Server]]:
    """Three app processes (main.py --demo, each its own instance id) on one PostgreSQL database."""
    servers: list[Server] = []
    try:
        for n in range(INSTANCES):
            (tmp_path / str(n)).mkdir()
            env = {'MENTOR_INSTANCE_ID': f'process-{n}'}
            servers.append(start_server(tmp_path / str(n), database_url=fresh_postgres_url, extra_env=env))
        yield servers
    finally:
        for server in servers:
            stop_server(server)


def test_s1_three_app_processes_complete_and_announce_each_due_session_once(
    three_servers: list[Server], fresh_postgres_url: str
) -> None:
    factory = SqlUnitOfWorkFactory(make_engine(fresh_postgres_url), InMemoryEventBus(), instance_id='test-process')
    dsn = libpq_dsn(fresh_postgres_url)
    with psycopg.connect(dsn, autocommit=True) as listener:
        listener.execute(f'LISTEN {CHANNEL}')
        mentor, mentees = _people(factory)
        due_in = timedelta(seconds=3)  # every process's once-a-second timer is running by then
        now = datetime.now(UTC)
        ending = [
            add_session(factory, mentor, title=f'Ending {n}', start_at=now + due_in - HOUR).id for n in range(SESSIONS)
        ]
        soon = []
        for n in range(SESSIONS):
            session = add_session(factory, mentor, title=f'Soon {n}', start_at=now + due_in + rules.STARTING_SOON)
            for mentee in mentees:
                enroll(factory, session, mentee, at=now)
            soon.append(session.id)

        completions: Counter[int] = Counter()
        winners: set[str] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _all_done(factory, ending, soon, mentor):
            for notice in listener.notifies(timeout=0.5, stop_after=100):
                sender, event = decode_event(notice.payload)
                if isinstance(event, SessionChanged) and event.session_id in ending:
                    completions[event.session_id] += 1
                    winners.add(sender)
        for notice in listener.notifies(timeout=3):  # duplicates would come now
            sender, event = decode_event(notice.payload)
            if isinstance(event, SessionChanged) and event.session_id in ending:
                completions[event.session_id] += 1
    assert completions == dict.fromkeys(ending, 1)  # each completed and announced by one process only
    assert winners <= {f'process-{n}' for n in range(INSTANCES)}
    with factory(read_only=True) as uow:
        for person in [mentor, *mentees]:
            notices = Counter(n.session_id for n in uow.notifications.for_user(person.id, limit=1000))
            assert notices == dict.fromkeys(soon, 1), person.name
    factory.engine.dispose()
    for server in three_servers:
        assert 'Traceback' not in server.log(), server.log()[-3000:]


def _all_done(factory: SqlUnitOfWorkFactory, ending: list[int], soon: list[int], mentor: User) -> bool:
    with factory(read_only=True) as uow:
        completed = all(uow.sessions.get(i).completed_at is not None for i in ending)  # type: ignore[union-attr]
        noticed = {n.session_id for n in uow.notifications.for_user(mentor.id, limit=1000)} >= set(soon)
    return completed and noticed
