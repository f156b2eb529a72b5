"""One seat count (M1, C6, T1, T2, P4): every figure of seats taken the app shows or checks agrees with the
mentee list, after every kind of change, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from domain.entities import EnrollmentType, Role, SessionDraft, SessionSummary, SessionType, User
from domain.ports import ExploreQuery, RosterChange, SessionChanged
from domain.services import authoring, enrollment, queries
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, RecordingSubscriber, add_user
from tests.mentee_list_edits import change_mentees, draft_keeping


def figures(factory: SqlUnitOfWorkFactory, session_id: int, mentor: User, mentee: User) -> dict[str, int | None]:
    """Seats taken as each reader of the app gives it: None where the session is not listed (deleted)."""
    with factory() as uow:  # a write transaction: the seat check locks the row
        check = uow.enrollments.seat_check(session_id, mentee.id)
        assert check is not None
        details = uow.sessions.details(session_id, mentee.id)
        assert details is not None

        def tile(summaries: Sequence[SessionSummary]) -> int | None:
            return next((s.mentee_count for s in summaries if s.session.id == session_id), None)

        return {
            'mentee list': len(uow.enrollments.mentee_list(session_id)),
            'seat check': check.seats_taken,
            'seats taken': uow.enrollments.seats_taken(session_id),
            'details': details.summary.mentee_count,
            'mentor tile': tile(uow.sessions.for_mentor(mentor.id, 1, 50, finished=False, now=NOW).items),
            'explore tile': tile(uow.sessions.explore(ExploreQuery(per_page=50), NOW).items),
        }


def agreed(factory: SqlUnitOfWorkFactory, session_id: int, mentor: User, mentee: User, expected: int) -> None:
    found = figures(factory, session_id, mentor, mentee)
    assert found == dict.fromkeys(found, expected)
    view = queries.session_details(factory(read_only=True), mentor, session_id, NOW)
    assert view.summary.seats_left == view.summary.session.seat_limit - expected


def last_roster_change(received: RecordingSubscriber) -> RosterChange | None:
    changes = [event for event in received.events if isinstance(event, SessionChanged)]
    return changes[-1].roster


def test_m1_c6_every_figure_of_seats_taken_agrees_after_every_kind_of_change(
    uow_factory: SqlUnitOfWorkFactory, received: RecordingSubscriber
) -> None:
    manager = add_user(uow_factory, 'Mia Manager', roles=frozenset({Role.MENTOR, Role.SESSION_MANAGER}))
    ann, bob, cid, dan = (add_user(uow_factory, name) for name in ('Ann', 'Bob', 'Cid', 'Dan'))
    draft = SessionDraft(
        title='Public speaking',
        description='A session about things.',
        start_at=NOW + 2 * HOUR,
        end_at=NOW + 3 * HOUR,
        time_zone='Europe/Berlin',
        recommended_for=('Students',),
        categories=('Communication',),
        medium=('English',),
        session_type=SessionType.PUBLIC,
        seat_limit=3,
        mentee_ids=(ann.id,),
    )
    session = authoring.create_session(uow_factory(), manager, draft, NOW)
    agreed(uow_factory, session.id, manager, dan, 1)  # invited on creation

    enrollment.enroll(uow_factory(), bob, session.id, NOW)
    agreed(uow_factory, session.id, manager, dan, 2)
    assert last_roster_change(received) == RosterChange(bob.id, EnrollmentType.ENROLLED, 2)

    enrollment.unenroll(uow_factory(), bob, session.id, NOW)
    agreed(uow_factory, session.id, manager, dan, 1)
    assert last_roster_change(received) == RosterChange(bob.id, None, 1)

    change_mentees(uow_factory, manager, session.id, NOW, invite=[cid.id, dan.id])  # invite
    agreed(uow_factory, session.id, manager, dan, 3)

    change_mentees(uow_factory, manager, session.id, NOW, remove=[ann.id])  # remove a mentee
    agreed(uow_factory, session.id, manager, dan, 2)

    with uow_factory(read_only=True) as uow:
        stored = uow.sessions.get(session.id)
        current = uow.enrollments.mentee_ids(session.id)
    assert stored is not None
    authoring.edit_details(
        uow_factory(), manager, session.id, replace(draft_keeping(stored, current), seat_limit=5), NOW
    )
    agreed(uow_factory, session.id, manager, dan, 2)  # a new seat limit: the same seats taken, more left

    enrollment.enroll(uow_factory(), bob, session.id, NOW)
    agreed(uow_factory, session.id, manager, dan, 3)

    authoring.delete_session(uow_factory(), manager, session.id, NOW)
    found = figures(uow_factory, session.id, manager, dan)
    assert found == {
        'mentee list': 0,
        'seat check': 0,
        'seats taken': 0,
        'details': 0,
        'mentor tile': None,  # a deleted session leaves every list (U4)
        'explore tile': None,
    }
