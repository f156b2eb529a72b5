"""R3: the demo data set, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.entities import OptionKind, Role, SessionStatus, SessionType
from domain.ports import UserQuery
from domain.rules import startable, status_at
from persistence.demo_data import DEMO_PASSWORD, seed_demo
from persistence.security import Argon2PasswordHasher
from persistence.unit_of_work import SqlUnitOfWorkFactory

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
        assert mentees.total == 40
        assert {m.email for m in mentees.items} == {f'mentee{n}@demo.test' for n in range(1, 41)}
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
        assert uow.users.search(UserQuery(per_page=100)).total == 43
