"""Races for the last seats (C6, M1, L1): 200 mentees enroll at once into a 20-seat session.

On SQLite (BEGIN IMMEDIATE), on PostgreSQL (SELECT … FOR UPDATE), and split across two app instances on one
PostgreSQL (two engines, two unit-of-work factories with different instance ids, as two processes have).
Exactly 20 are told "enrolled" and exactly those 20 are stored; the other 180 hear "session seats full".
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from domain.entities import Role, User
from domain.errors import DomainError
from domain.services import enrollment
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session

MENTEES = 200
SEATS = 20


def _many_mentees(factory: SqlUnitOfWorkFactory, organization: str = 'Race Academy') -> list[User]:
    with factory() as uow:
        org = uow.users.add_organization(organization)
        mentees = [
            uow.users.add(
                f'Racer {n:03}', f'racer{n}.{org.id}@race.test', org.id, 'Student', frozenset({Role.MENTEE}), 'x'
            )
            for n in range(MENTEES)
        ]
        uow.commit()
    return mentees


def _race(factories: list[SqlUnitOfWorkFactory], session_id: int, mentees: list[User]) -> dict[int, str]:
    """Every mentee enrolls on its own thread, all released at once; mentee i uses instance i % len(factories)."""
    start = threading.Barrier(len(mentees))
    outcomes: dict[int, str] = {}
    lock = threading.Lock()

    def attempt(index: int, mentee: User) -> None:
        start.wait()
        try:
            enrollment.enroll(factories[index % len(factories)](), mentee, session_id, NOW)
            outcome = 'enrolled'
        except DomainError as refusal:
            outcome = refusal.message
        except Exception as error:  # recorded, then reported by the assertion
            outcome = f'crash: {type(error).__name__}: {error}'
        with lock:
            outcomes[mentee.id] = outcome

    threads = [threading.Thread(target=attempt, args=pair) for pair in enumerate(mentees)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return outcomes


def _check(factory: SqlUnitOfWorkFactory, session_id: int, outcomes: dict[int, str]) -> None:
    told_enrolled = {mentee for mentee, outcome in outcomes.items() if outcome == 'enrolled'}
    others = sorted({outcome for outcome in outcomes.values() if outcome != 'enrolled'})
    assert len(outcomes) == MENTEES
    assert others == ['session seats full'], others
    assert len(told_enrolled) == SEATS
    with factory(read_only=True) as uow:
        assert uow.enrollments.seats_taken(session_id) == SEATS
        assert set(uow.enrollments.mentee_ids(session_id)) == told_enrolled


def test_c6_m1_200_mentees_racing_for_20_seats_leave_exactly_20_enrolled(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C6/M1 on SQLite and on PostgreSQL: exactly the 20 who were told so are enrolled."""
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=SEATS, start_at=NOW + HOUR)
    mentees = _many_mentees(uow_factory)
    _check(uow_factory, session.id, _race([uow_factory], session.id, mentees))


@pytest.fixture
def two_instances(fresh_postgres_url: str) -> Iterator[list[SqlUnitOfWorkFactory]]:
    """Two app instances on one PostgreSQL database: each its own engine, connection pool and instance id."""
    engines = [make_engine(fresh_postgres_url) for _ in range(2)]
    migrate_to_head(engines[0])
    yield [SqlUnitOfWorkFactory(e, InMemoryEventBus(), instance_id=f'instance-{n}') for n, e in enumerate(engines)]
    for engine in engines:
        engine.dispose()


@pytest.mark.postgres
def test_c6_l1_200_mentees_split_across_two_app_instances_on_one_postgresql_leave_exactly_20(
    two_instances: list[SqlUnitOfWorkFactory],
) -> None:
    """C6/L1: the row lock holds across instances — half the mentees come through each one."""
    first, second = two_instances
    session = add_session(first, add_mentor(first, 'Ines Instance'), seat_limit=SEATS, start_at=NOW + HOUR)
    mentees = _many_mentees(first, 'Two Instances Academy')
    _check(second, session.id, _race(two_instances, session.id, mentees))
