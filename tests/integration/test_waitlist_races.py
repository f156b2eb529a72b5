"""W1 races: 200 mentees line up for a full 20-seat session while its 20 enrolled mentees leave at random
moments — on PostgreSQL across two app instances (two engines), on SQLite in one. Exactly 20 are enrolled at
the end, the promoted ones are the earliest in line, and each of them is told once."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, text

from domain.errors import DomainError, SeatsFull, WrongState
from domain.services.enrollment import enroll, join_waitlist, unenroll
from persistence.database import make_engine
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user
from tests.integration.builders import enroll as seat

SEATS = 20
WAITING = 200
PROMOTED = 'A seat opened in'

# Test-only: a log of the line's inserts (the line's own rows go when their mentee is promoted), in line order.
_LOG = {
    'sqlite': [
        'CREATE TABLE waitlist_log (id INTEGER, mentee_id INTEGER)',
        'CREATE TRIGGER waitlist_logged AFTER INSERT ON waitlist BEGIN '
        'INSERT INTO waitlist_log VALUES (NEW.id, NEW.mentee_id); END',
    ],
    'postgresql': [
        'CREATE TABLE waitlist_log (id INTEGER, mentee_id INTEGER)',
        'CREATE FUNCTION waitlist_logged() RETURNS trigger AS $$ BEGIN '
        'INSERT INTO waitlist_log VALUES (NEW.id, NEW.mentee_id); RETURN NEW; END $$ LANGUAGE plpgsql',
        'CREATE TRIGGER waitlist_logged AFTER INSERT ON waitlist FOR EACH ROW EXECUTE FUNCTION waitlist_logged()',
    ],
}
_UNLOG = {
    'sqlite': ['DROP TRIGGER waitlist_logged', 'DROP TABLE waitlist_log'],
    'postgresql': [
        'DROP TRIGGER waitlist_logged ON waitlist',
        'DROP FUNCTION waitlist_logged()',
        'DROP TABLE waitlist_log',
    ],
}


def _run(engine: Engine, statements: list[str]) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_w1_mentees_lining_up_while_seats_are_freed_end_with_exactly_the_limit_enrolled_first_come_first_served(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    dialect = engine.dialect.name
    second = make_engine(str(engine.url.render_as_string(hide_password=False))) if dialect == 'postgresql' else engine
    instances = [uow_factory, SqlUnitOfWorkFactory(second, InMemoryEventBus(), instance_id='second')]
    _run(engine, _LOG[dialect])
    try:
        session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=SEATS, start_at=NOW + 2 * HOUR)
        enrolled = [add_user(uow_factory, f'Enrolled {n:03}') for n in range(SEATS)]
        for mentee in enrolled:
            seat(uow_factory, session, mentee)
        waiting = [add_user(uow_factory, f'Waiting {n:03}') for n in range(WAITING)]
        took_free_seat: list[int] = []
        unexpected: list[str] = []
        lock = threading.Lock()

        def line_up(factory: SqlUnitOfWorkFactory, mentee) -> None:
            while True:  # as a browser would: a free seat is taken by enrolling, a full session by lining up
                try:
                    join_waitlist(factory(), mentee, session.id, NOW)
                    return
                except WrongState as refusal:
                    if 'enroll instead' not in refusal.message:
                        raise
                try:
                    enroll(factory(), mentee, session.id, NOW)
                    with lock:
                        took_free_seat.append(mentee.id)
                    return
                except SeatsFull:
                    continue

        def leave(factory: SqlUnitOfWorkFactory, mentee) -> None:
            unenroll(factory(), mentee, session.id, NOW)

        tasks = [(line_up, m) for m in waiting] + [(leave, m) for m in enrolled]
        random.Random(18).shuffle(tasks)

        def run(task) -> None:
            call, mentee = task
            try:
                call(random.choice(instances), mentee)
            except DomainError as refusal:
                with lock:
                    unexpected.append(refusal.message)

        with ThreadPoolExecutor(max_workers=12) as pool:
            list(pool.map(run, tasks))

        assert unexpected == []
        with uow_factory(read_only=True) as uow:
            now_enrolled = set(uow.enrollments.mentee_ids(session.id))
            line = [user.id for user in uow.waitlist.waiting_users(session.id)]
            told = {m.id: sum(PROMOTED in n.text for n in uow.notifications.for_user(m.id)) for m in waiting}
            assert uow.enrollments.seats_taken(session.id) == len(now_enrolled) == SEATS
        with engine.connect() as connection:
            order = {m: i for m, i in connection.execute(text('SELECT mentee_id, id FROM waitlist_log'))}
        promoted = now_enrolled - set(took_free_seat)
        assert not now_enrolled & {m.id for m in enrolled}  # every one of them left
        assert not now_enrolled & set(line)
        assert len(promoted) + len(took_free_seat) == SEATS
        assert promoted and promoted <= set(order)  # promoted ones came from the line
        if promoted and line:  # first come first served
            assert max(order[m] for m in promoted) < min(order[m] for m in line)
        assert line == sorted(line, key=order.__getitem__)
        assert {m: c for m, c in told.items() if c} == dict.fromkeys(promoted, 1)  # each told once
    finally:
        _run(engine, _UNLOG[dialect])
        if second is not engine:
            second.dispose()
