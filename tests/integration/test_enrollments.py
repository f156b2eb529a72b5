"""SqlEnrollmentRepository on SQLite and PostgreSQL (C6, T3, M1, M2)."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from domain.entities import Enrollment, EnrollmentType
from domain.ports import DuplicateEnrollment, SeatCheck
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user, enroll


def test_an_enrollment_is_stored_and_read_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory))
    mentee = add_user(uow_factory, 'Tia')
    enroll(uow_factory, session, mentee, EnrollmentType.INVITED)
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.get(session.id, mentee.id) == Enrollment(
            session.id, mentee.id, EnrollmentType.INVITED, NOW
        )
        assert uow.enrollments.get(session.id, 404) is None


def test_a_refused_second_enrollment_rolls_back_the_whole_transaction(uow_factory: SqlUnitOfWorkFactory) -> None:
    """The unique (session, mentee) constraint backs the seat check; the use case that meets it stops there."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    mentee, other = add_user(uow_factory, 'Tia'), add_user(uow_factory, 'Ulf')
    enroll(uow_factory, session, mentee)
    with uow_factory() as uow:
        uow.enrollments.add(Enrollment(session.id, other.id, EnrollmentType.ENROLLED, NOW))
        with pytest.raises(DuplicateEnrollment):
            uow.enrollments.add(Enrollment(session.id, mentee.id, EnrollmentType.INVITED, NOW))
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.mentee_ids(session.id) == [mentee.id]
        assert uow.enrollments.seats_taken(session.id) == 1


def test_seats_taken_is_enrolled_plus_invited(uow_factory: SqlUnitOfWorkFactory) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory))
    other = add_session(uow_factory, add_mentor(uow_factory, 'Otto'), start_at=NOW + 5 * HOUR)
    enroll(uow_factory, session, add_user(uow_factory, 'Ann'))
    enroll(uow_factory, session, add_user(uow_factory, 'Bob'), EnrollmentType.INVITED)
    enroll(uow_factory, other, add_user(uow_factory, 'Cid'))
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.seats_taken(session.id) == 2
        assert uow.enrollments.seats_taken(404) == 0


def test_remove_says_whether_there_was_an_enrollment(uow_factory: SqlUnitOfWorkFactory) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory))
    mentee = add_user(uow_factory, 'Tia')
    enroll(uow_factory, session, mentee)
    with uow_factory() as uow:
        assert uow.enrollments.remove(session.id, mentee.id) is True
        assert uow.enrollments.remove(session.id, mentee.id) is False
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.get(session.id, mentee.id) is None


def test_remove_all_empties_the_session_and_returns_its_mentees(uow_factory: SqlUnitOfWorkFactory) -> None:
    """U4: a deleted session's mentees are told."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    other = add_session(uow_factory, add_mentor(uow_factory, 'Otto'), start_at=NOW + 5 * HOUR)
    ann, bob = add_user(uow_factory, 'Ann'), add_user(uow_factory, 'Bob')
    enroll(uow_factory, session, bob)
    enroll(uow_factory, session, ann, EnrollmentType.INVITED)
    enroll(uow_factory, other, ann)
    with uow_factory() as uow:
        assert uow.enrollments.remove_all(session.id) == [bob.id, ann.id]
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.seats_taken(session.id) == 0
        assert uow.enrollments.mentee_ids(other.id) == [ann.id]


def test_mentee_list_gives_each_mentee_with_their_enrollment_by_name(uow_factory: SqlUnitOfWorkFactory) -> None:
    """T3: name, e-mail, organization, designation, Enrolled or Invited."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    zed = add_user(uow_factory, 'Zed', organization='Asha', designation='Teacher')
    amy = add_user(uow_factory, 'amy', organization='Kestrel')
    enroll(uow_factory, session, zed, EnrollmentType.INVITED)
    enroll(uow_factory, session, amy, at=NOW + HOUR)
    with uow_factory(read_only=True) as uow:
        listed = uow.enrollments.mentee_list(session.id)
    assert listed == [
        (amy, Enrollment(session.id, amy.id, EnrollmentType.ENROLLED, NOW + HOUR)),
        (zed, Enrollment(session.id, zed.id, EnrollmentType.INVITED, NOW)),
    ]
    assert (listed[1][0].organization_name, listed[1][0].designation) == ('Asha', 'Teacher')


def test_record_join_keeps_the_first_join(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M2: joining is recorded."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    mentee = add_user(uow_factory, 'Tia')
    enroll(uow_factory, session, mentee)
    for at in (NOW + HOUR, NOW + 2 * HOUR):
        with uow_factory() as uow:
            uow.enrollments.record_join(session.id, mentee.id, at)
            uow.commit()
    with uow_factory(read_only=True) as uow:
        found = uow.enrollments.get(session.id, mentee.id)
    assert found is not None
    assert found.joined_at == NOW + HOUR


# --- the enroll path's own statements (M1, P4) and the CSV rows (T3, P3) ------------------------------


def test_seat_check_gives_the_session_without_options_the_seats_taken_and_how_the_mentee_is_in(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory))
    ann, bob, cid = add_user(uow_factory, 'Ann'), add_user(uow_factory, 'Bob'), add_user(uow_factory, 'Cid')
    enroll(uow_factory, session, ann)
    enroll(uow_factory, session, bob, EnrollmentType.INVITED)
    bare = replace(session, recommended_for=(), categories=(), medium=())
    with uow_factory() as uow:
        assert uow.enrollments.seat_check(session.id, ann.id) == SeatCheck(bare, 2, EnrollmentType.ENROLLED)
        assert uow.enrollments.seat_check(session.id, bob.id) == SeatCheck(bare, 2, EnrollmentType.INVITED)
        assert uow.enrollments.seat_check(session.id, cid.id) == SeatCheck(bare, 2, None)
        assert uow.enrollments.seat_check(404, ann.id) is None


def test_seat_check_returns_deleted_sessions_for_the_caller_to_refuse(uow_factory: SqlUnitOfWorkFactory) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory), deleted_at=NOW)
    with uow_factory() as uow:
        check = uow.enrollments.seat_check(session.id, 404)
    assert check is not None
    assert check.session.deleted_at == NOW


def test_seat_check_waits_for_a_concurrent_enrollment_and_counts_it(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M1: the session row is locked first (PostgreSQL FOR UPDATE, SQLite BEGIN IMMEDIATE), so a second
    seat check cannot read the count until the first enrollment is committed, and then includes it."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    first, second = add_user(uow_factory, 'Ann'), add_user(uow_factory, 'Bob')
    seen: list[int] = []

    def second_check() -> None:
        with uow_factory() as uow:
            check = uow.enrollments.seat_check(session.id, second.id)
            assert check is not None
            seen.append(check.seats_taken)

    with uow_factory() as uow:
        check = uow.enrollments.seat_check(session.id, first.id)
        assert check is not None
        assert check.seats_taken == 0
        waiting = threading.Thread(target=second_check)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive(), 'the second seat check must wait for the lock'
        uow.enrollments.add(Enrollment(session.id, first.id, EnrollmentType.ENROLLED, NOW))
        uow.commit()
    waiting.join(30)
    assert seen == [1]


def test_the_seats_taken_follow_every_change_of_the_roster_whoever_writes_it(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    """M1, P4: the locked seat check reads `sessions.seats_taken`, which the database's triggers keep equal to
    the enrolled plus invited mentees, through the repositories and through plain SQL alike."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    other = add_session(uow_factory, add_mentor(uow_factory, 'Otto'), start_at=NOW + 5 * HOUR)
    ann, bob, cid, dan = (add_user(uow_factory, name) for name in ('Ann', 'Bob', 'Cid', 'Dan'))

    def seats() -> tuple[int, int]:
        with uow_factory() as uow:
            checks = uow.enrollments.seat_check(session.id, ann.id), uow.enrollments.seat_check(other.id, ann.id)
            counts = len(uow.enrollments.mentee_ids(session.id)), len(uow.enrollments.mentee_ids(other.id))
            taken = uow.enrollments.seats_taken(session.id), uow.enrollments.seats_taken(other.id)
        assert checks[0] is not None and checks[1] is not None
        assert (checks[0].seats_taken, checks[1].seats_taken) == taken == counts
        return counts

    assert seats() == (0, 0)
    enroll(uow_factory, session, ann)
    enroll(uow_factory, session, bob, EnrollmentType.INVITED)
    with uow_factory() as uow:
        uow.enrollments.add(Enrollment(session.id, cid.id, EnrollmentType.ENROLLED, NOW))
        uow.commit()
    assert seats() == (3, 0)
    with uow_factory() as uow:  # not committed: rolled back, and the seat with it
        uow.enrollments.add(Enrollment(session.id, dan.id, EnrollmentType.ENROLLED, NOW))
    assert seats() == (3, 0)
    with uow_factory() as uow:
        assert uow.enrollments.remove(session.id, bob.id)
        uow.commit()
    assert seats() == (2, 0)
    with engine.begin() as connection:
        connection.execute(
            text('UPDATE enrollments SET session_id = :to WHERE mentee_id = :ann'), {'to': other.id, 'ann': ann.id}
        )
        connection.execute(
            text(
                'INSERT INTO enrollments (session_id, mentee_id, enrollment_type, created_at)'
                " VALUES (:s, :m, 'Enrolled', :at)"
            ),
            {'s': other.id, 'm': dan.id, 'at': NOW},
        )
    assert seats() == (1, 2)
    with uow_factory() as uow:
        assert sorted(uow.enrollments.remove_all(other.id)) == sorted([ann.id, dan.id])
        uow.commit()
    assert seats() == (1, 0)


def test_add_stores_the_enrollment_and_refuses_a_second_one(uow_factory: SqlUnitOfWorkFactory) -> None:
    """The unique (session, mentee) constraint is the backstop of enroll (M1)."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    mentee = add_user(uow_factory, 'Tia')
    stored = Enrollment(session.id, mentee.id, EnrollmentType.ENROLLED, NOW, joined_at=NOW + HOUR)
    with uow_factory() as uow:
        uow.enrollments.add(stored)
        uow.commit()
    with uow_factory() as uow, pytest.raises(DuplicateEnrollment):
        uow.enrollments.add(Enrollment(session.id, mentee.id, EnrollmentType.INVITED, NOW))
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.get(session.id, mentee.id) == stored
        assert uow.enrollments.seats_taken(session.id) == 1


def test_mentee_rows_give_the_csv_columns_in_the_order_of_the_mentee_list(uow_factory: SqlUnitOfWorkFactory) -> None:
    """T3: name, designation, organization, e-mail, enrollment type; by name case-insensitively, then id."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    zed = add_user(uow_factory, 'Zed', organization='Asha', designation='Teacher')
    amy = add_user(uow_factory, 'amy', organization='Kestrel')
    twin = add_user(uow_factory, 'Amy', email='amy.two@example.test')
    other = add_session(uow_factory, add_mentor(uow_factory, 'Otto'), start_at=NOW + 5 * HOUR)
    enroll(uow_factory, session, zed, EnrollmentType.INVITED)
    enroll(uow_factory, session, amy)
    enroll(uow_factory, session, twin)
    enroll(uow_factory, other, add_user(uow_factory, 'Cid'))
    with uow_factory(read_only=True) as uow:
        rows = uow.enrollments.mentee_rows(session.id)
        listed = [user.name for user, _ in uow.enrollments.mentee_list(session.id)]
    assert rows == [
        ('Amy', 'Student', 'Northwind', 'amy.two@example.test', 'Enrolled'),
        ('amy', 'Student', 'Kestrel', 'amy@example.test', 'Enrolled'),
        ('Zed', 'Teacher', 'Asha', 'zed@example.test', 'Invited'),
    ]
    assert [row[0] for row in rows] == listed
