"""Shared test data: a small organization of people and a valid session draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.entities import MeetingInfo, MentoringSession, Notification, Platform, Role, SessionDraft, User
from domain.services.authoring import create_session
from domain.services.inbox import inbox
from domain.services.running import edit_meeting
from tests.fakes import FakePasswordHasher, InMemoryUnitOfWork

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=1)
END = START + timedelta(hours=1)
PASSWORD = 'correct horse battery staple'
GOOGLE_MEET = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij')


@dataclass(frozen=True)
class People:
    manager: User
    mentor: User
    other_mentor: User
    mentees: tuple[User, ...]
    admin: User


def seed_people(uow: InMemoryUnitOfWork) -> People:
    hashed = FakePasswordHasher().hash(PASSWORD)
    acme = uow.users.add_organization('Acme')
    globex = uow.users.add_organization('Globex')

    def person(name: str, roles: set[Role], org: int = acme.id, designation: str = 'Engineer') -> User:
        email = f'{name.split()[0].lower()}@example.org'
        return uow.users.add(name, email, org, designation, frozenset(roles), hashed)

    return People(
        manager=person('Maya Manager', {Role.MENTOR, Role.SESSION_MANAGER}, designation='Director'),
        mentor=person('Tom Mentor', {Role.MENTOR}),
        other_mentor=person('Olga Othermentor', {Role.MENTOR}, globex.id),
        mentees=tuple(
            person(name, {Role.MENTEE}, org, designation)
            for name, org, designation in [
                ('Ana Mentee', acme.id, 'Analyst'),
                ('Björn Mentee', globex.id, 'Engineer'),
                ('Chloé Mentee', acme.id, 'Intern'),
                ('Dev Mentee', globex.id, 'Analyst'),
                ('Eve Mentee', acme.id, 'Engineer'),
            ]
        ),
        admin=person('Ada Admin', {Role.ORG_ADMIN}),
    )


def make_draft(**changes: Any) -> SessionDraft:
    values: dict[str, Any] = {
        'title': 'Career talk',
        'description': 'How to grow in your first job.',
        'start_at': START,
        'end_at': END,
        'time_zone': 'Europe/Paris',
        'recommended_for': ('Students',),
        'categories': ('Career growth',),
        'medium': ('English',),
    }
    values.update(changes)
    return SessionDraft(**values)


def publish(
    uow: InMemoryUnitOfWork, actor: User, meeting: MeetingInfo | None = GOOGLE_MEET, **changes: Any
) -> MentoringSession:
    """Create a session and, like the guide's "Meeting link" tab, give it a meeting (None: BigBlueButton)."""
    session = create_session(uow, actor, make_draft(**changes), NOW)
    if meeting is None:
        return session
    return edit_meeting(uow, actor, session.id, meeting, NOW)


def texts(uow: InMemoryUnitOfWork, user: User) -> list[str]:
    notes: list[Notification] = inbox(uow, user)
    return [n.text for n in notes]
