"""The in-memory unit of work keeps the promises of domain/ports.py that services rely on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidInput
from domain.ports import SessionChanged
from domain.services.authoring import create_session
from domain.services.queries import my_mentoring_sessions
from tests.unit.support import NOW, make_draft


def test_leaving_without_commit_changes_nothing_and_publishes_nothing(uow, people, publisher) -> None:
    with uow:
        uow.users.add_organization('Initech')
        uow.record(SessionChanged(1))
    assert [o.name for o in uow.users.organizations()] == ['Acme', 'Globex']
    assert publisher.events == []


def test_a_refused_service_leaves_no_trace(uow, people, publisher) -> None:
    create_session(uow, people.manager, make_draft(), NOW)
    before = len(publisher.events)
    with pytest.raises(InvalidInput):
        create_session(uow, people.manager, make_draft(mentee_ids=(people.mentees[0].id, 999)), NOW)
    assert my_mentoring_sessions(uow, people.manager, NOW, finished=False).total == 1
    assert len(publisher.events) == before


def test_events_are_published_at_commit_in_order(uow, people, publisher) -> None:
    with uow:
        uow.record(SessionChanged(1))
        uow.record(SessionChanged(2))
        assert publisher.events == []
        uow.commit()
    assert publisher.events == [SessionChanged(1), SessionChanged(2)]


def test_the_unit_of_work_is_not_reentrant(uow, people) -> None:
    with uow, pytest.raises(RuntimeError, match='not re-entrant'), uow:
        pass


def test_mentor_sessions_between_is_half_open(uow, people) -> None:
    session = create_session(uow, people.mentor, make_draft(), NOW)
    assert (
        uow.sessions.mentor_sessions_between(people.mentor.id, session.end_at, session.end_at + timedelta(hours=1))
        == []
    )
    assert uow.sessions.mentor_sessions_between(people.mentor.id, session.start_at, session.end_at) == [session]
