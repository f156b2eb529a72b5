"""M1, P4: enrolling's first try may decide on the app instance's last read of the session, without reading it
again (`seat_check(recent=True)`). Where it does (PostgreSQL), `take_seat` verifies the session against that read,
so a read that is out of date costs a try and never a wrong enrollment, and a refusal is always decided on a
fresh read. The changes below are made by another transaction, as another app instance would."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from domain.entities import MentoringSession, User
from domain.errors import AlreadyDone, NotFound, SeatsFull
from domain.services.enrollment import enroll
from persistence.repositories.enrollments import RememberedSeatChecks
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import NOW, add_mentor, add_session, add_user


def _change(engine: Engine, sql: str, session_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(text(sql), {'session_id': session_id})


def _mail_texts(engine: Engine, session_id: int) -> list[str]:
    with engine.connect() as connection:
        found = connection.execute(text('SELECT text FROM outbox WHERE session_id = :s ORDER BY id'), {'s': session_id})
        return list(found.scalars())


def _enrolled(engine: Engine, session_id: int) -> int:
    with engine.connect() as connection:
        found = connection.execute(text('SELECT count(*) FROM enrollments WHERE session_id = :s'), {'s': session_id})
        return int(found.scalar_one())


def _first_enrolled(uow_factory: SqlUnitOfWorkFactory, seat_limit: int = 20) -> tuple[MentoringSession, User]:
    """A session with Ann enrolled in it: this instance has read it (and remembers it where it may)."""
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=seat_limit, title='Maths')
    ann = add_user(uow_factory, 'Ann')
    enroll(uow_factory(), ann, session.id, NOW)
    return session, add_user(uow_factory, 'Bob')


def test_p4_the_instance_remembers_its_last_read_on_postgresql_only(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    session, bob = _first_enrolled(uow_factory)
    _change(engine, "UPDATE sessions SET title = 'Algebra' WHERE id = :session_id", session.id)
    with uow_factory() as uow:
        check = uow.enrollments.seat_check(session.id, bob.id, lock=False, recent=True)
    assert check is not None
    if engine.dialect.name == 'postgresql':  # no statement: Ann's read and seat (her own part left out)
        remembered = (check.session.title, check.seats_taken, check.mentee_enrollment, check.remembered)
        assert remembered == ('Maths', 1, None, True)
    else:  # SQLite's take_seat does not verify what was read: it always reads
        assert (check.session.title, check.seats_taken, check.remembered) == ('Algebra', 1, False)


def test_m1_p4_a_session_edited_since_the_remembered_read_is_decided_on_its_new_state(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    session, bob = _first_enrolled(uow_factory)
    _change(engine, "UPDATE sessions SET title = 'Algebra' WHERE id = :session_id", session.id)
    enroll(uow_factory(), bob, session.id, NOW)
    assert _mail_texts(engine, session.id) == ['You enrolled in Maths.', 'You enrolled in Algebra.']
    with uow_factory() as uow:  # and the instance remembers the new state
        check = uow.enrollments.seat_check(session.id, bob.id, lock=False, recent=True)
    assert check is not None and check.session.title == 'Algebra'


@pytest.mark.parametrize(
    ('change', 'refusal', 'message'),
    [
        (
            "UPDATE sessions SET session_type = 'Private' WHERE id = :session_id",
            NotFound,
            r'This session does not exist or is not visible to you\.',
        ),
        ('UPDATE sessions SET seat_limit = 1 WHERE id = :session_id', SeatsFull, 'session seats full'),
    ],
)
def test_m1_p4_a_change_since_the_remembered_read_is_refused_as_a_fresh_read_would(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine, change: str, refusal: type[Exception], message: str
) -> None:
    session, bob = _first_enrolled(uow_factory)
    _change(engine, change, session.id)
    with pytest.raises(refusal, match=f'^{message}$'):
        enroll(uow_factory(), bob, session.id, NOW)
    assert _enrolled(engine, session.id) == 1


def test_m1_p4_a_remembered_full_session_with_a_seat_freed_since_is_enrolled_into(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    """A refusal is never given on a remembered read: here the read Ann's enrollment left says "full"."""
    session, bob = _first_enrolled(uow_factory, seat_limit=1)
    with pytest.raises(SeatsFull):  # a fresh read: full
        enroll(uow_factory(), bob, session.id, NOW)
    _change(engine, 'UPDATE sessions SET seat_limit = 2 WHERE id = :session_id', session.id)
    enroll(uow_factory(), bob, session.id, NOW)
    assert _enrolled(engine, session.id) == 2


def test_m1_p4_the_mentees_own_part_is_never_taken_from_memory(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    session, bob = _first_enrolled(uow_factory)
    enroll(uow_factory(), bob, session.id, NOW)
    with pytest.raises(AlreadyDone, match=r'^You are already in this session\.$'):
        enroll(uow_factory(), bob, session.id, NOW)
    assert _enrolled(engine, session.id) == 2
    assert len(_mail_texts(engine, session.id)) == 2


def test_p4_an_instance_remembers_at_most_size_sessions_the_least_lately_read_going_first(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    first, bob = _first_enrolled(uow_factory)
    second = add_session(uow_factory, add_mentor(uow_factory, 'Max Mentor'), title='Physics')
    with uow_factory() as uow:
        checks = [uow.enrollments.seat_check(found.id, bob.id, lock=False) for found in (first, second)]
    memory = RememberedSeatChecks()
    memory.SIZE = 1
    for check in checks:
        assert check is not None
        memory.keep(check)
    assert memory.get(first.id) is None
    kept = memory.get(second.id)
    assert kept is not None and (kept.session.title, kept.remembered) == ('Physics', True)
