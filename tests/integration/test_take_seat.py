"""M1, P4: enrolling reads the session without a lock, then takes the seat with one write that the database
carries out only if a seat is free and the session is as it was read (`EnrollmentRepository.take_seat`)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text

from domain.entities import Enrollment, EnrollmentType, MailKind, MentoringSession, User
from domain.ports import MailToQueue
from domain.services.enrollment import enroll
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import NOW, add_mentor, add_session, add_user

MAIL = MailToQueue(MailKind.ENROLLED, 'You enrolled in Maths.')
# What another transaction commits between the read and the write.
CHANGES = {
    'made Private': "UPDATE sessions SET session_type = 'Private' WHERE id = :session_id",
    'deleted': 'UPDATE sessions SET deleted_at = created_at WHERE id = :session_id',
    'its last seat taken': (
        'INSERT INTO enrollments (session_id, mentee_id, enrollment_type, created_at) VALUES (:session_id, '
        "(SELECT id FROM users WHERE name = 'Bob'), 'Enrolled', CURRENT_TIMESTAMP)"
    ),
}


def _rows(engine: Engine, session_id: int) -> tuple[int, int, int]:
    """Enrollments, their e-mails, and the session's `seats_taken`."""
    with engine.connect() as connection:
        enrolled = connection.execute(text('SELECT count(*) FROM enrollments WHERE session_id = :s'), {'s': session_id})
        mailed = connection.execute(text('SELECT count(*) FROM outbox WHERE session_id = :s'), {'s': session_id})
        taken = connection.execute(text('SELECT seats_taken FROM sessions WHERE id = :s'), {'s': session_id})
        return enrolled.scalar_one(), mailed.scalar_one(), taken.scalar_one()


def _session_and_mentee(uow_factory: SqlUnitOfWorkFactory) -> tuple[MentoringSession, User]:
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=1)
    add_user(uow_factory, 'Bob')
    return session, add_user(uow_factory, 'Ann')


@pytest.mark.parametrize('change', CHANGES)
def test_m1_p4_a_change_between_the_read_and_the_write_is_never_overlooked(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine, change: str
) -> None:
    """PostgreSQL: the other transaction goes through, and `take_seat` writes nothing (the caller reads again).
    SQLite: the enrolling unit of work is the only writer from its read on, so the change waits for it."""
    session, ann = _session_and_mentee(uow_factory)
    postgres = engine.dialect.name == 'postgresql'
    changed = threading.Event()

    def other_transaction() -> None:
        with engine.begin() as connection:
            connection.execute(text(CHANGES[change]), {'session_id': session.id})
        changed.set()

    other = threading.Thread(target=other_transaction)
    with uow_factory() as uow:
        seen = uow.enrollments.seat_check(session.id, ann.id, lock=False)
        assert seen is not None
        other.start()
        if postgres:
            assert changed.wait(30), 'nothing holds the session row: the change goes through'
        else:
            assert not changed.wait(0.5), 'SQLite: the change waits for this unit of work'
        taken = uow.enrollments.take_seat(Enrollment(session.id, ann.id, EnrollmentType.ENROLLED, NOW), MAIL, seen)
        uow.commit()
    other.join(30)
    assert changed.is_set()
    if postgres:
        assert taken is None
        assert _rows(engine, session.id) == ((1, 0, 1) if change == 'its last seat taken' else (0, 0, 0))
    else:
        assert taken == 1
        assert _rows(engine, session.id)[:2] == (1 + (change == 'its last seat taken'), 1)


def test_m1_p4_take_seat_gives_the_seats_taken_after_it(uow_factory: SqlUnitOfWorkFactory, engine: Engine) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=3)
    for name in ('Ann', 'Bob'):
        with uow_factory() as uow:
            mentee = add_user(uow_factory, name)
            seen = uow.enrollments.seat_check(session.id, mentee.id, lock=False)
            assert seen is not None
            enrollment = Enrollment(session.id, mentee.id, EnrollmentType.ENROLLED, NOW)
            assert uow.enrollments.take_seat(enrollment, MAIL, seen) == seen.seats_taken + 1
            uow.commit()
    assert _rows(engine, session.id) == (2, 2, 2)


def test_m1_p4_the_pool_gets_its_connection_back_in_transactions_after_an_enrollment(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    """On PostgreSQL enrolling runs its statements in autocommit (the second one below only `take_seat`, on the
    instance's remembered read); the next unit of work on that connection must have a transaction again: its
    lock on the session row lasts until it commits."""
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=2)
    for name in ('Ann', 'Bob'):
        enroll(uow_factory(), add_user(uow_factory, name), session.id, NOW)
    changed = threading.Event()

    def other_transaction() -> None:
        with engine.begin() as connection:
            connection.execute(text(CHANGES['made Private']), {'session_id': session.id})
        changed.set()

    other = threading.Thread(target=other_transaction)
    with uow_factory() as uow:
        assert uow.sessions.get(session.id, lock=True) is not None
        other.start()
        assert not changed.wait(0.5), 'the lock must hold until the unit of work ends'
        uow.commit()
    other.join(30)
    assert changed.is_set()
