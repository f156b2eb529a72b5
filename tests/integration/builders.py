"""Small builders for integration tests: people and sessions stored through the real unit of work."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from domain.entities import (
    Enrollment,
    EnrollmentType,
    MeetingInfo,
    MentoringSession,
    Role,
    SessionType,
    User,
)
from domain.ports import DomainEvent
from persistence.unit_of_work import SqlUnitOfWorkFactory

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@dataclass
class RecordingSubscriber:
    """An event bus subscriber that remembers what it was given."""

    batches: list[tuple[DomainEvent, ...]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, events: Sequence[DomainEvent]) -> None:
        with self._lock:
            self.batches.append(tuple(events))

    @property
    def events(self) -> list[DomainEvent]:
        with self._lock:
            return [event for batch in self.batches for event in batch]


def add_user(
    factory: SqlUnitOfWorkFactory,
    name: str,
    *,
    email: str | None = None,
    roles: frozenset[Role] = frozenset({Role.MENTEE}),
    organization: str = 'Northwind',
    designation: str = 'Student',
) -> User:
    with factory() as uow:
        orgs = {org.name: org for org in uow.users.organizations()}
        org = orgs.get(organization) or uow.users.add_organization(organization)
        address = email or f'{name.lower().replace(" ", ".")}@example.test'
        user = uow.users.add(name, address, org.id, designation, roles, 'hash')
        uow.commit()
    return user


def add_mentor(factory: SqlUnitOfWorkFactory, name: str = 'Mona Mentor', **kwargs: object) -> User:
    return add_user(factory, name, roles=frozenset({Role.MENTOR}), **kwargs)  # type: ignore[arg-type]


def new_session(
    mentor: User,
    *,
    start_at: datetime = NOW + 2 * HOUR,
    duration: timedelta = HOUR,
    title: str = 'Public speaking',
    session_type: SessionType = SessionType.PUBLIC,
    seat_limit: int = 20,
    categories: tuple[str, ...] = ('Communication',),
    medium: tuple[str, ...] = ('English',),
    recommended_for: tuple[str, ...] = ('Students',),
    **overrides: object,
) -> MentoringSession:
    session = MentoringSession(
        id=0,
        title=title,
        description='A session about things.',
        session_type=session_type,
        mentor_id=mentor.id,
        creator_id=mentor.id,
        start_at=start_at,
        end_at=start_at + duration,
        time_zone='Europe/Berlin',
        seat_limit=seat_limit,
        recommended_for=recommended_for,
        categories=categories,
        medium=medium,
        meeting=MeetingInfo(),
        created_at=NOW - HOUR,
    )
    return replace(session, **overrides)  # type: ignore[arg-type]


def add_session(factory: SqlUnitOfWorkFactory, mentor: User, **kwargs: object) -> MentoringSession:
    with factory() as uow:
        stored = uow.sessions.add(new_session(mentor, **kwargs))  # type: ignore[arg-type]
        uow.commit()
    return stored


def enroll(
    factory: SqlUnitOfWorkFactory,
    session: MentoringSession,
    mentee: User,
    kind: EnrollmentType = EnrollmentType.ENROLLED,
    at: datetime = NOW,
) -> None:
    with factory() as uow:
        uow.enrollments.add(Enrollment(session.id, mentee.id, kind, at))
        uow.commit()
