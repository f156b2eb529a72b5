"""R3: a realistic demo data set, seeded once (idempotent) when the app starts with --demo.

Accounts exist only in demo mode; every demo password is `mentor-demo`. Sessions are placed around the
moment of seeding so that every state (upcoming, startable, live, completed, full, private) is there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from domain.entities import (
    Enrollment,
    EnrollmentType,
    MeetingInfo,
    MentoringSession,
    Option,
    OptionKind,
    Platform,
    Role,
    SessionType,
)
from domain.ports import PasswordHasher, UnitOfWork

DEMO_PASSWORD = 'mentor-demo'  # noqa: S105 - documented demo credential, demo mode only
MANAGER_EMAIL = 'manager@demo.test'
MENTOR_EMAIL = 'mentor@demo.test'
ADMIN_EMAIL = 'admin@demo.test'

ORGANIZATIONS = ('Northwind Learning Trust', 'Riverside Community College', 'Asha Foundation', 'Kestrel Tech Guild')
MENTEE_NAMES = (
    'Aarav Sharma',
    'Zoë Müller',
    'Siobhán Kelly',
    'Łukasz Nowak',
    'Amara Nwosu',
    'Mateo García',
    'Hana Suzuki',
    'Olivia Bennett',
    'Kwame Mensah',
    'Inés Fernández',
    'Rahul Verma',
    'Chloé Dubois',
    'Noah Fischer',
    'Fatima Al-Sayed',
    "Liam O'Connor",
    'Mei Chen',
    'Sofia Rossi',
    'Tomás Silva',
    'Ananya Iyer',
    'Jonas Berg',
    'Yasmin Haddad',
    'Lucas Martin',
    'Ifeoma Eze',
    'Elena Petrova',
    'Arjun Nair',
    'Grace Wanjiru',
    'Diego Torres',
    'Emma Johansson',
    'Kofi Boateng',
    'Leila Karimi',
    'Samuel Adeyemi',
    'Nora Lindqvist',
    'Vikram Patel',
    'Camille Laurent',
    'Ravi Shankar',
    'Maya Cohen',
    'Ethan Walker',
    'Aisha Bello',
    'Henrik Larsen',
    'Lucía Romero',
)
MENTEE_DESIGNATIONS = ('Student', 'Teacher', 'Junior Developer', 'Volunteer', 'Counsellor')
OPTIONS = {
    OptionKind.RECOMMENDED_FOR: (
        'Students',
        'Teachers',
        'Head teachers',
        'Parents',
        'Early-career professionals',
        'Career changers',
        'Volunteers',
        'Team leads',
        'Counsellors',
    ),
    OptionKind.CATEGORIES: (
        'Communication',
        'Leadership',
        'Mathematics',
        'Science',
        'Career guidance',
        'Wellbeing',
        'Technology',
        'Languages',
        'Arts',
    ),
    OptionKind.MEDIUM: ('English', 'Hindi', 'Spanish', 'French', 'Swahili', 'Tamil', 'German', 'Portuguese'),
}


def seed_demo(uow_factory: Callable[[], UnitOfWork], hasher: PasswordHasher, now: datetime) -> bool:
    """Seed the demo data unless it is there already. True if this call seeded it."""
    with uow_factory() as uow:
        if uow.users.by_email(MANAGER_EMAIL) is not None:
            return False
        password_hash = hasher.hash(DEMO_PASSWORD)  # one hash for all: same password, fast start
        orgs = [uow.users.add_organization(name) for name in ORGANIZATIONS]
        manager = uow.users.add(
            'Priya Raman',
            MANAGER_EMAIL,
            orgs[0].id,
            'Program Coordinator',
            frozenset({Role.MENTOR, Role.SESSION_MANAGER}),
            password_hash,
        )
        mentor = uow.users.add(
            'Daniel Okafor', MENTOR_EMAIL, orgs[1].id, 'Senior Teacher', frozenset({Role.MENTOR}), password_hash
        )
        uow.users.add('Grace Liu', ADMIN_EMAIL, orgs[0].id, 'Administrator', frozenset({Role.ORG_ADMIN}), password_hash)
        mentees = [
            uow.users.add(
                name,
                f'mentee{number}@demo.test',
                orgs[number % len(orgs)].id,
                MENTEE_DESIGNATIONS[number % len(MENTEE_DESIGNATIONS)],
                frozenset({Role.MENTEE}),
                password_hash,
            )
            for number, name in enumerate(MENTEE_NAMES, start=1)
        ]
        for kind, labels in OPTIONS.items():
            for label in labels:
                uow.options.add(Option(kind, label))
        _seed_sessions(uow, manager.id, mentor.id, [m.id for m in mentees], now)
        uow.commit()
    return True


def _session(
    title: str, mentor_id: int, creator_id: int, start: datetime, hours: float, **extra: object
) -> MentoringSession:
    fields: dict[str, object] = {
        'id': 0,
        'title': title,
        'description': f'{title}: a practical, friendly session with time for your questions.',
        'session_type': SessionType.PUBLIC,
        'mentor_id': mentor_id,
        'creator_id': creator_id,
        'start_at': start,
        'end_at': start + timedelta(hours=hours),
        'time_zone': 'Asia/Kolkata',
        'seat_limit': 20,
        'recommended_for': ('Students', 'Teachers'),
        'categories': ('Communication',),
        'medium': ('English',),
        'created_at': start - timedelta(days=7),
    }
    fields.update(extra)
    return MentoringSession(**fields)  # type: ignore[arg-type]


def _seed_sessions(uow: UnitOfWork, manager_id: int, mentor_id: int, mentees: list[int], now: datetime) -> None:
    hour = now.replace(minute=0, second=0, microsecond=0)
    zoom = MeetingInfo(Platform.ZOOM, 'https://us02web.zoom.us/j/84512345678', '84512345678', 'mentor')
    plans: list[tuple[MentoringSession, list[int], EnrollmentType]] = [
        (
            _session(
                'Public speaking for first-time presenters',
                mentor_id,
                mentor_id,
                hour + timedelta(days=2, hours=3),
                1.5,
                categories=('Communication', 'Leadership'),
                recommended_for=('Students', 'Early-career professionals'),
                meeting=zoom,
            ),
            mentees[0:6],
            EnrollmentType.ENROLLED,
        ),
        (
            _session(
                'Maths anxiety: strategies that work',
                mentor_id,
                manager_id,
                hour + timedelta(days=4),
                1,
                categories=('Mathematics', 'Wellbeing'),
                medium=('English', 'Hindi'),
            ),
            mentees[6:9],
            EnrollmentType.ENROLLED,
        ),
        (
            _session(
                'Career change into software',
                manager_id,
                manager_id,
                hour + timedelta(days=1, hours=5),
                2,
                categories=('Career guidance', 'Technology'),
                recommended_for=('Career changers',),
                seat_limit=3,
            ),
            mentees[9:12],
            EnrollmentType.ENROLLED,
        ),
        (
            _session(
                'Leading your first team (private cohort)',
                manager_id,
                manager_id,
                hour + timedelta(days=3, hours=2),
                1,
                session_type=SessionType.PRIVATE,
                categories=('Leadership',),
                recommended_for=('Team leads',),
            ),
            mentees[12:16],
            EnrollmentType.INVITED,
        ),
        (
            _session(
                'Office hours: ask me anything',
                mentor_id,
                mentor_id,
                now + timedelta(minutes=5),
                1,
                categories=('Career guidance',),
                meeting=zoom,
            ),
            mentees[16:18],
            EnrollmentType.ENROLLED,
        ),
        (
            _session(
                'Science experiments at home',
                mentor_id,
                mentor_id,
                now - timedelta(minutes=20),
                1.5,
                categories=('Science',),
                started_at=now - timedelta(minutes=18),
                meeting=MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij'),
            ),
            mentees[18:22],
            EnrollmentType.ENROLLED,
        ),
        (
            _session(
                'Writing a strong personal statement',
                mentor_id,
                mentor_id,
                hour - timedelta(days=3),
                1,
                categories=('Languages', 'Career guidance'),
                started_at=hour - timedelta(days=3),
                completed_at=hour - timedelta(days=3) + timedelta(hours=1),
            ),
            mentees[22:27],
            EnrollmentType.ENROLLED,
        ),
        (
            _session(
                'Wellbeing check-in for teachers',
                manager_id,
                manager_id,
                hour - timedelta(days=8),
                1,
                categories=('Wellbeing',),
                recommended_for=('Teachers', 'Head teachers'),
                started_at=hour - timedelta(days=8),
                completed_at=hour - timedelta(days=8) + timedelta(hours=1),
            ),
            mentees[27:30],
            EnrollmentType.ENROLLED,
        ),
    ]
    for draft, mentee_ids, kind in plans:
        stored = uow.sessions.add(draft)
        for mentee_id in mentee_ids:
            uow.enrollments.add(Enrollment(stored.id, mentee_id, kind, draft.created_at or now))
