"""W1: joining the waitlist tells each mentee their place, the one the line then shows (on PostgreSQL the row
and its place come from one statement)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from domain import rules
from domain.errors import AlreadyDone
from domain.services.enrollment import join_waitlist, leave_waitlist
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user
from tests.integration.builders import enroll as seat


def test_w1_each_mentee_joining_hears_the_place_the_line_gives_them(uow_factory: SqlUnitOfWorkFactory) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory), seat_limit=1, start_at=NOW + 5 * HOUR)
    seat(uow_factory, session, add_user(uow_factory, 'Seated'))
    mentees = [add_user(uow_factory, f'Mentee {n}') for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:  # at once: they take turns on the session row's lock
        places = list(pool.map(lambda mentee: join_waitlist(uow_factory(), mentee, session.id, NOW), mentees))
    assert sorted(places) == [1, 2, 3, 4, 5, 6]
    with uow_factory(read_only=True) as uow:
        assert [uow.waitlist.position(session.id, m.id) for m in mentees] == places
    leave_waitlist(uow_factory(), mentees[places.index(2)], session.id, NOW)
    assert join_waitlist(uow_factory(), add_user(uow_factory, 'Late'), session.id, NOW) == 6
    with pytest.raises(AlreadyDone, match=rules.ALREADY_WAITING):
        join_waitlist(uow_factory(), mentees[places.index(1)], session.id, NOW)  # still in line
