"""R3/X1: the demo data set, on both databases, and a demo that never ages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.entities import MentoringSession, OptionKind, Role, SessionStatus, SessionType
from domain.feedback import Attendance
from domain.ports import UserQuery
from domain.rules import startable, status_at
from persistence.demo_data import ALUMNI_NAMES, DEMO_PASSWORD, seed_demo
from persistence.security import Argon2PasswordHasher
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import add_session

NOW = datetime(2030, 3, 4, 9, 30, tzinfo=UTC)


def test_r3_demo_seeds_accounts_organizations_options_and_sessions_in_every_state(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    hasher = Argon2PasswordHasher()
    assert seed_demo(uow_factory, hasher, NOW) is True
    with uow_factory(read_only=True) as uow:
        manager = uow.users.by_email('manager@demo.test')
        mentor = uow.users.by_email('mentor@demo.test')
        assert manager is not None and manager.is_session_manager and manager.is_mentor
        assert mentor is not None and mentor.is_mentor and not mentor.is_session_manager
        mentees = uow.users.search(UserQuery(role=Role.MENTEE, per_page=100))
        assert mentees.total == 40 + len(ALUMNI_NAMES)
        assert {m.email for m in mentees.items} == {f'mentee{n}@demo.test' for n in range(1, 41 + len(ALUMNI_NAMES))}
        assert len(uow.users.organizations()) >= 3
        assert len(uow.users.designations()) >= 4
        for kind in OptionKind:
            assert len(uow.options.list(kind)) >= 8
        password_hash = uow.users.password_hash(mentor.id)
        assert password_hash is not None and hasher.verify(password_hash, DEMO_PASSWORD)
        sessions = [
            summary.session
            for owner in (manager, mentor)
            for finished in (False, True)
            for summary in uow.sessions.for_mentor(owner.id, 1, 50, finished=finished, now=NOW).items
        ]
    statuses = {status_at(session, NOW) for session in sessions}
    assert statuses == {SessionStatus.UPCOMING, SessionStatus.LIVE, SessionStatus.COMPLETED}
    assert any(startable(session, NOW) for session in sessions)
    assert any(session.session_type is SessionType.PRIVATE for session in sessions)


def test_r3_seeding_twice_adds_nothing(uow_factory: SqlUnitOfWorkFactory) -> None:
    hasher = Argon2PasswordHasher()
    seed_demo(uow_factory, hasher, NOW)
    assert seed_demo(uow_factory, hasher, NOW) is False
    with uow_factory(read_only=True) as uow:
        assert uow.users.search(UserQuery(per_page=100)).total == 43 + len(ALUMNI_NAMES)


def _demo_sessions(uow_factory: SqlUnitOfWorkFactory, now: datetime) -> list[MentoringSession]:
    with uow_factory(read_only=True) as uow:
        owners = [uow.users.by_email(email) for email in ('manager@demo.test', 'mentor@demo.test')]
        found = {
            summary.session.id: summary.session
            for owner in owners
            if owner is not None
            for finished in (False, True)
            for summary in uow.sessions.for_mentor(owner.id, 1, 1000, finished=finished, now=now).items
        }
    return list(found.values())


def test_x1_restarting_a_month_later_finds_live_startable_upcoming_and_completed_sessions_again(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    hasher = Argon2PasswordHasher()
    seed_demo(uow_factory, hasher, NOW)
    first = _demo_sessions(uow_factory, NOW)
    later = NOW + timedelta(days=31)

    assert seed_demo(uow_factory, hasher, later) is False  # accounts are not seeded twice
    sessions = _demo_sessions(uow_factory, later)

    assert len(sessions) == len(first)  # re-placed, not added again
    statuses = [status_at(session, later) for session in sessions]
    assert statuses.count(SessionStatus.LIVE) >= 1
    assert any(startable(session, later) for session in sessions)
    upcoming = [s for s in sessions if status_at(s, later) is SessionStatus.UPCOMING]
    completed = [s for s in sessions if status_at(s, later) is SessionStatus.COMPLETED]
    assert len(upcoming) >= 8
    assert max(s.start_at for s in upcoming) > later + timedelta(days=21)  # the next four weeks
    assert max(s.start_at for s in upcoming) <= later + timedelta(days=29)
    assert len(completed) >= 20
    assert min(s.start_at for s in completed) < later - timedelta(days=85)  # three months of history
    assert all(s.completed_at is not None for s in completed)


def test_x1_re_placing_leaves_sessions_users_created_alone(uow_factory: SqlUnitOfWorkFactory) -> None:
    hasher = Argon2PasswordHasher()
    seed_demo(uow_factory, hasher, NOW)
    with uow_factory(read_only=True) as uow:
        manager = uow.users.by_email('manager@demo.test')
    assert manager is not None
    own = add_session(uow_factory, manager, title='My own session', start_at=NOW + timedelta(days=2))

    seed_demo(uow_factory, hasher, NOW + timedelta(days=31))

    with uow_factory(read_only=True) as uow:
        assert uow.sessions.get(own.id) == own


def test_x1_demo_sessions_show_real_pictures(uow_factory: SqlUnitOfWorkFactory) -> None:
    seed_demo(uow_factory, Argon2PasswordHasher(), NOW)
    sessions = _demo_sessions(uow_factory, NOW)
    assert sessions and all(session.image_id for session in sessions)
    with uow_factory(read_only=True) as uow:
        for image_id in {session.image_id for session in sessions if session.image_id}:
            stored = uow.images.get(image_id, thumbnail=True)
            assert stored is not None
            data, content_type = stored
            assert content_type == 'image/jpeg' and data.startswith(b'\xff\xd8') and len(data) > 1000


def test_a1_f1_the_demo_history_comes_with_attendance_feedback_and_mentors_averages(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    seed_demo(uow_factory, Argon2PasswordHasher(), NOW)
    completed = [s for s in _demo_sessions(uow_factory, NOW) if status_at(s, NOW) is SessionStatus.COMPLETED]
    with uow_factory(read_only=True) as uow:
        answered = [s for s in completed if uow.feedback.answers(s.id)]
        assert len(answered) >= 20
        counts = [len(uow.feedback.answers(s.id)) for s in answered]
        assert any(Attendance.NO_SHOW in uow.feedback.marks(s.id).values() for s in answered)
        assert all(uow.feedback.mentor_answer(s.id) is not None for s in answered)
        for email in ('manager@demo.test', 'mentor@demo.test'):
            mentor = uow.users.by_email(email)
            assert mentor is not None
            rating = uow.feedback.mentor_ratings(mentor.id)
            assert rating.count >= 3 and rating.average is not None and 1 <= rating.average <= 5
    seed_demo(uow_factory, Argon2PasswordHasher(), NOW + timedelta(days=30))  # X1: re-placed, nothing doubled
    with uow_factory(read_only=True) as uow:
        assert [len(uow.feedback.answers(s.id)) for s in answered] == counts
