"""A1, F1 on SQLite and PostgreSQL: attendance marks, feedback, summaries, and "How was …?" once per attendee."""

from __future__ import annotations

import queue
import threading
from collections import Counter
from datetime import timedelta

import pytest

from domain.entities import Enrollment, EnrollmentType, MailKind, MentoringSession, Role, User
from domain.errors import WrongState
from domain.feedback import Attendance
from domain.ports import DomainEvent, RatingChanged
from domain.services import aftermath, running
from persistence.database import make_engine
from persistence.events import InMemoryEventBus, PostgresEventListener
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user

XSS = '<img src=x onerror=alert(1)> “quoted” 😀'


def _ended(factory: SqlUnitOfWorkFactory, mentor: User, mentees: list[User], joined: int) -> MentoringSession:
    """A session that was Live from an hour ago and whose end time passed; the first `joined` mentees joined."""
    session = add_session(factory, mentor, start_at=NOW - 2 * HOUR, started_at=NOW - 2 * HOUR)
    with factory() as uow:
        for n, mentee in enumerate(mentees):
            joined_at = NOW - 2 * HOUR if n < joined else None
            uow.enrollments.add(Enrollment(session.id, mentee.id, EnrollmentType.ENROLLED, NOW - 3 * HOUR, joined_at))
        uow.commit()
    return session


def _feedback_notices(factory: SqlUnitOfWorkFactory, user: User) -> Counter[int | None]:
    with factory(read_only=True) as uow:
        notes = uow.notifications.for_user(user.id, limit=1000)
    return Counter(n.session_id for n in notes if n.notice is not None and n.notice.kind is MailKind.FEEDBACK)


def test_a1_f1_marks_answers_and_summaries_round_trip(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    manager = add_user(uow_factory, 'Sam Manager', roles=frozenset({Role.MENTOR, Role.SESSION_MANAGER}))
    mentees = [add_user(uow_factory, name) for name in ('Amy', 'Ben', 'Cid', 'Dee')]
    session = _ended(uow_factory, mentor, mentees, joined=3)
    assert running.complete_due_sessions(uow_factory(), NOW) == [session.id]
    assert running.complete_due_sessions(uow_factory(), NOW + HOUR) == []
    assert [sum(_feedback_notices(uow_factory, m).values()) for m in mentees] == [1, 1, 1, 0]
    with uow_factory(read_only=True) as uow:
        assert {m.user_id for m in uow.mail.latest(100) if m.kind is MailKind.FEEDBACK} == {m.id for m in mentees[:3]}

    aftermath.mark_attendance(uow_factory(), manager, session.id, mentees[2].id, Attendance.NO_SHOW, NOW)
    aftermath.mark_attendance(uow_factory(), mentor, session.id, mentees[3].id, Attendance.ATTENDED, NOW)
    aftermath.mark_attendance(uow_factory(), mentor, session.id, mentees[3].id, Attendance.ATTENDED, NOW)  # again
    assert _feedback_notices(uow_factory, mentees[3]) == {session.id: 1}  # marked after completion: asked, once
    with uow_factory(read_only=True) as uow:
        assert [m.user_id for m in uow.mail.latest(100) if m.kind is MailKind.FEEDBACK].count(mentees[3].id) == 1
    sheet = aftermath.attendance_sheet(uow_factory(), mentor, session.id, NOW)
    assert [(e.mentee.name, e.attendance) for e in sheet.entries] == [
        ('Amy', Attendance.ATTENDED),
        ('Ben', Attendance.ATTENDED),
        ('Cid', Attendance.NO_SHOW),
        ('Dee', Attendance.ATTENDED),
    ]
    assert (sheet.attended, sheet.enrolled) == (3, 4)

    aftermath.submit_feedback(uow_factory(), mentees[0], session.id, 2, XSS, '', NOW)
    aftermath.submit_feedback(uow_factory(), mentees[0], session.id, 5, XSS, 'x' * 2000, NOW + HOUR)  # edited
    aftermath.submit_feedback(uow_factory(), mentees[3], session.id, 4, '', '', NOW)
    aftermath.skip_feedback(uow_factory(), mentees[1], session.id, NOW)
    aftermath.submit_mentor_feedback(uow_factory(), mentor, session.id, 3, 'Quiet group', NOW)

    for_manager = aftermath.feedback_summary(uow_factory(), manager, session.id)
    assert [(c.author, c.rating) for c in for_manager.comments] == [('Dee', 4), ('Amy', 5)]
    assert for_manager.comments[1].went_well == XSS
    assert len(for_manager.comments[1].could_be_better) == 2000
    assert (for_manager.skipped, for_manager.ratings.distribution) == (1, (0, 0, 0, 1, 1))
    assert for_manager.mentor_answer is not None
    assert (for_manager.mentor_answer.engagement, for_manager.mentor_answer.notes) == (3, 'Quiet group')
    assert {c.author for c in aftermath.feedback_summary(uow_factory(), mentor, session.id).comments} == {None}

    rating = aftermath.mentor_rating(uow_factory(), mentees[1], session.id)
    assert (rating.count, rating.average) == (2, None)
    other = _ended(uow_factory, mentor, [mentees[1]], joined=1)
    aftermath.submit_feedback(uow_factory(), mentees[1], other.id, 3, '', '', NOW)
    rating = aftermath.mentor_rating(uow_factory(), mentees[1], session.id)
    assert (rating.count, rating.average) == (3, 4.0)  # over all the mentor's sessions

    with pytest.raises(WrongState, match='read-only'):
        aftermath.mark_attendance(uow_factory(), mentor, session.id, mentees[0].id, Attendance.NO_SHOW, NOW + 49 * HOUR)


@pytest.mark.postgres
@pytest.mark.parametrize('database_url', ['postgres'], indirect=True)
def test_f1_two_instances_ask_each_attendee_once(fresh_postgres_url: str, uow_factory: SqlUnitOfWorkFactory) -> None:
    """S1: both instances' completion jobs meet the same ended sessions; each attendee is asked once per session."""
    mentor = add_mentor(uow_factory)
    mentees = [add_user(uow_factory, f'Mentee {n}') for n in range(3)]
    ended = [_ended(uow_factory, mentor, mentees, joined=3).id for _ in range(6)]
    instances = [
        SqlUnitOfWorkFactory(make_engine(fresh_postgres_url), InMemoryEventBus(), instance_id=f'i{n}') for n in (1, 2)
    ]
    barrier, reported, lock = threading.Barrier(2), [], threading.Lock()

    def run(factory: SqlUnitOfWorkFactory) -> None:
        barrier.wait()
        for step in range(3):
            done = running.complete_due_sessions(factory(), NOW + timedelta(seconds=step))
            with lock:
                reported.extend(done)

    threads = [threading.Thread(target=run, args=(factory,)) for factory in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for factory in instances:
        factory.engine.dispose()
    assert sorted(reported) == sorted(ended)
    for mentee in mentees:
        assert _feedback_notices(uow_factory, mentee) == dict.fromkeys(ended, 1)


@pytest.mark.postgres
@pytest.mark.parametrize('database_url', ['postgres'], indirect=True)
def test_f1_a_rating_reaches_the_other_instances_as_its_mentors_rating_change(
    fresh_postgres_url: str, uow_factory: SqlUnitOfWorkFactory
) -> None:
    """F1, L1: the pages of every instance that show the mentor's average hear of the new rating (LISTEN/NOTIFY)."""
    mentor = add_mentor(uow_factory)
    mentee = add_user(uow_factory, 'Amy')
    session = _ended(uow_factory, mentor, [mentee], joined=1)
    running.complete_due_sessions(uow_factory(), NOW)
    assert uow_factory.drain_notices()  # the completion's own notices are out before the listener starts
    heard: queue.Queue[DomainEvent] = queue.Queue()
    listener = PostgresEventListener(fresh_postgres_url, 'other-instance', heard.put)
    listener.start()
    try:
        assert listener.wait_listening(5)
        aftermath.submit_feedback(uow_factory(), mentee, session.id, 4, '', '', NOW)
        events = [heard.get(timeout=1.0), heard.get(timeout=1.0)]  # L1: within a second
    finally:
        listener.stop()
    assert RatingChanged(mentor.id) in events
