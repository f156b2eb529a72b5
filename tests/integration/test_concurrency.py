"""Seat limits cannot be raced (C6, M1): 50 mentees enroll at once into a 10-seat session."""

from __future__ import annotations

import threading

from domain.entities import Role, User
from domain.errors import DomainError, SeatsFull
from domain.services.enrollment import enroll
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user

MENTEES = 50
SEATS = 10


def test_fifty_mentees_enrolling_at_once_fill_exactly_the_ten_seats(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M1: the seat is taken by a write that the database refuses once the seats are gone; the rest hear
    "session seats full"."""
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=SEATS, start_at=NOW + HOUR)
    mentees = [add_user(uow_factory, f'Mentee {n:02}', roles=frozenset({Role.MENTEE})) for n in range(MENTEES)]
    start = threading.Barrier(MENTEES)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(mentee: User) -> None:
        start.wait()
        try:
            enroll(uow_factory(), mentee, session.id, NOW)
            outcome = 'enrolled'
        except SeatsFull as refusal:
            outcome = refusal.message
        except DomainError as refusal:  # anything else is a failure of the test
            outcome = f'unexpected: {refusal.message}'
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(mentee,)) for mentee in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes) == ['enrolled'] * SEATS + ['session seats full'] * (MENTEES - SEATS)
    with uow_factory(read_only=True) as uow:
        assert uow.enrollments.seats_taken(session.id) == len(uow.enrollments.mentee_ids(session.id)) == SEATS
