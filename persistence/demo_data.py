"""R3/X1: a realistic demo data set for --demo, which never ages.

Accounts, organisations and options are seeded once; every demo password is `mentor-demo`. The demo's own
sessions are re-placed around *now* on every start (X1): three months of completed history with attendance,
one session live, one startable, and the next four weeks, so every state is there however old the database.
A demo session is known by its creator (a demo account) and its title; sessions users create are left alone.
Each demo session shows a picture drawn with Pillow at seed time and stored as an upload would be.
"""

from __future__ import annotations

import colorsys
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

from domain.entities import (
    Enrollment,
    EnrollmentType,
    MeetingInfo,
    MentoringSession,
    OptionKind,
    Platform,
    Role,
    SessionType,
)
from domain.ports import PasswordHasher, UnitOfWork
from persistence.demo_feedback import seed_feedback

DEMO_PASSWORD = 'mentor-demo'  # noqa: S105 - documented demo credential, demo mode only
MANAGER_EMAIL = 'manager@demo.test'
MENTOR_EMAIL = 'mentor@demo.test'
ADMIN_EMAIL = 'admin@demo.test'

# X1: the history and the coming weeks enrol these, so the hand-made sessions keep their own mentees (1-40).
ALUMNI_NAMES = (  # in an organization of their own, after everyone else by name: the pickers' first pages stay
    'Wanda Achebe',
    'Wesley Brandt',
    'Wiktor Zielinski',
    'Xavier Moreau',
    'Xenia Popescu',
    'Ximena Ruiz',
    'Yara Nassar',
    'Yusuf Demir',
    'Yvonne Keller',
    'Zainab Bello',
    'Zane Whitaker',
    'Zofia Wrona',
)
ALUMNI_ORGANIZATION, ALUMNI_DESIGNATION = 'Alumni Network', 'Alumnus'
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


HISTORY_DAYS = 91  # X1: three months of completed sessions
HISTORY_EVERY_DAYS = 4
FUTURE_DAYS = 28  # X1: the next four weeks
FUTURE_EVERY_DAYS = 3
HISTORY_TOPICS = (
    ('Study habits that stick', ('Wellbeing', 'Communication')),
    ('Algebra without fear', ('Mathematics',)),
    ('Your first code review', ('Technology', 'Career guidance')),
    ('Classroom storytelling', ('Arts', 'Communication')),
    ('Leading meetings people enjoy', ('Leadership',)),
    ('Lab safety and curiosity', ('Science',)),
    ('Conversational Spanish warm-up', ('Languages',)),
    ('Interview practice', ('Career guidance',)),
)


def seed_demo(uow_factory: Callable[[], UnitOfWork], hasher: PasswordHasher, now: datetime) -> bool:
    """Seed the demo accounts unless they are there, and (re-)place the demo sessions around `now`.
    True if this call seeded the accounts."""
    # One hash for every demo account (same password, fast start), made when first needed: a restart adds none.
    password_hash = cache(lambda: hasher.hash(DEMO_PASSWORD))
    with uow_factory() as uow:
        manager = uow.users.by_email(MANAGER_EMAIL)
        seeded = manager is None
        if seeded:
            _seed_accounts(uow, password_hash())
        manager, mentor = uow.users.by_email(MANAGER_EMAIL), uow.users.by_email(MENTOR_EMAIL)
        if manager is None or mentor is None:
            raise LookupError('the demo manager or mentor account is missing')
        mentees = [
            found.id
            for number in range(1, len(MENTEE_NAMES) + 1)
            if (found := uow.users.by_email(f'mentee{number}@demo.test')) is not None
        ]
        _place_sessions(uow, manager.id, mentor.id, mentees, _alumni(uow, password_hash), now)
        uow.commit()
    return seeded


def _alumni(uow: UnitOfWork, password_hash: Callable[[], str]) -> list[int]:
    """The alumni's ids, adding those a demo database of an earlier version lacks."""
    ids = []
    organizations = {organization.name: organization for organization in uow.users.organizations()}
    for number, name in enumerate(ALUMNI_NAMES, start=len(MENTEE_NAMES) + 1):
        email = f'mentee{number}@demo.test'
        found = uow.users.by_email(email)
        if found is None:
            organization = organizations.get(ALUMNI_ORGANIZATION) or uow.users.add_organization(ALUMNI_ORGANIZATION)
            organizations[organization.name] = organization
            found = uow.users.add(
                name, email, organization.id, ALUMNI_DESIGNATION, frozenset({Role.MENTEE}), password_hash()
            )
        ids.append(found.id)
    return ids


def _seed_accounts(uow: UnitOfWork, password_hash: str) -> None:
    orgs = [uow.users.add_organization(name) for name in ORGANIZATIONS]
    uow.users.add(
        'Priya Raman',
        MANAGER_EMAIL,
        orgs[0].id,
        'Program Coordinator',
        frozenset({Role.MENTOR, Role.SESSION_MANAGER}),
        password_hash,
    )
    uow.users.add('Daniel Okafor', MENTOR_EMAIL, orgs[1].id, 'Senior Teacher', frozenset({Role.MENTOR}), password_hash)
    uow.users.add('Grace Liu', ADMIN_EMAIL, orgs[0].id, 'Administrator', frozenset({Role.ORG_ADMIN}), password_hash)
    for number, name in enumerate(MENTEE_NAMES, start=1):
        uow.users.add(
            name,
            f'mentee{number}@demo.test',
            orgs[number % len(orgs)].id,
            MENTEE_DESIGNATIONS[number % len(MENTEE_DESIGNATIONS)],
            frozenset({Role.MENTEE}),
            password_hash,
        )
    for kind, labels in OPTIONS.items():  # R7: the demo's own lists, in place of a fresh install's starting ones
        uow.options.reset(kind, labels)


@dataclass(frozen=True)
class _Plan:
    """One demo session, placed relative to now: its times, and who is in it (attended: joined)."""

    session: MentoringSession
    mentees: list[int]
    kind: EnrollmentType = EnrollmentType.ENROLLED
    attended: int = 0
    rated: bool = False  # A1, F1: with no-show marks, answers and the mentor's form


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


def _place_sessions(
    uow: UnitOfWork, manager_id: int, mentor_id: int, mentees: list[int], alumni: list[int], now: datetime
) -> None:
    """X1: update each demo session to its place around now, adding those not there yet."""
    existing = _demo_sessions(uow, (manager_id, mentor_id), now)
    images: dict[str, str] = {}
    for plan in _plans(manager_id, mentor_id, mentees, alumni, now):
        draft = plan.session
        found = existing.get((draft.creator_id, draft.title))
        image_id = (found.image_id if found else None) or _category_image(uow, manager_id, draft.categories[0], images)
        if found is not None:
            placed = replace(
                found,
                start_at=draft.start_at,
                end_at=draft.end_at,
                created_at=draft.created_at,
                started_at=draft.started_at,
                completed_at=draft.completed_at,
                deleted_at=None,
                starting_soon_sent_at=None,
                image_id=image_id,
            )
            if placed != found:  # a restart within the hour moves only the few sessions placed by the minute (P7)
                uow.sessions.update(placed)
            continue
        stored = uow.sessions.add(replace(draft, image_id=image_id))
        joined_at = draft.started_at + timedelta(minutes=2) if draft.started_at else None
        for number, mentee_id in enumerate(plan.mentees):
            attended = joined_at if number < plan.attended else None
            uow.enrollments.add(Enrollment(stored.id, mentee_id, plan.kind, draft.created_at or now, attended))
        if plan.rated:
            seed_feedback(uow, stored, plan.mentees, plan.attended)


def _demo_sessions(uow: UnitOfWork, owners: tuple[int, ...], now: datetime) -> dict[tuple[int, str], MentoringSession]:
    """The not-deleted sessions the demo accounts mentor or created, by (creator, title)."""
    found: dict[tuple[int, str], MentoringSession] = {}
    for owner in owners:
        for finished in (False, True):
            for summary in uow.sessions.for_mentor(owner, 1, 10_000, finished=finished, now=now).items:
                session = summary.session
                if session.creator_id in owners:
                    found.setdefault((session.creator_id, session.title), session)
    return found


def _plans(manager_id: int, mentor_id: int, mentees: list[int], alumni: list[int], now: datetime) -> list[_Plan]:
    return [
        *_history(manager_id, mentor_id, alumni, now),
        *_around_now(manager_id, mentor_id, mentees, now),
        *_next_weeks(manager_id, mentor_id, alumni, now),
    ]


def _history(manager_id: int, mentor_id: int, mentees: list[int], now: datetime) -> list[_Plan]:
    """Completed sessions every few days over the last three months, most attended."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    plans = []
    for number, days_ago in enumerate(range(HISTORY_DAYS, 1, -HISTORY_EVERY_DAYS)):
        topic, categories = HISTORY_TOPICS[number % len(HISTORY_TOPICS)]
        mentor = (mentor_id, manager_id)[number % 2]
        start = hour - timedelta(days=days_ago, hours=number % 5)
        seats = 4 + number % 6
        plans.append(
            _Plan(
                _session(
                    f'{topic} (round {number // len(HISTORY_TOPICS) + 1})',
                    mentor,
                    mentor,
                    start,
                    1,
                    categories=categories,
                    medium=(OPTIONS[OptionKind.MEDIUM][number % 3],),
                    seat_limit=10,
                    started_at=start,
                    completed_at=start + timedelta(hours=1),
                ),
                _rotate(mentees, number * 3, seats),
                attended=seats - 1 - number % 2,
                rated=True,
            )
        )
    return plans


def _next_weeks(manager_id: int, mentor_id: int, mentees: list[int], now: datetime) -> list[_Plan]:
    """Upcoming sessions over the next four weeks, beyond the hand-made ones of the next days."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    plans = []
    for number, days_ahead in enumerate(range(6, FUTURE_DAYS + 1, FUTURE_EVERY_DAYS)):
        topic, categories = HISTORY_TOPICS[(number + 3) % len(HISTORY_TOPICS)]
        mentor = (manager_id, mentor_id)[number % 2]
        plans.append(
            _Plan(
                _session(
                    f'{topic} (next)' if number < len(HISTORY_TOPICS) else f'{topic} (later)',
                    mentor,
                    mentor,
                    hour + timedelta(days=days_ahead, hours=2 + number % 4),
                    1,
                    categories=categories,
                    created_at=hour - timedelta(days=2),
                ),
                _rotate(mentees, number * 5, 2 + number % 4),
            )
        )
    return plans


def _rotate(mentees: list[int], start: int, count: int) -> list[int]:
    if not mentees:
        return []
    return [mentees[(start + offset) % len(mentees)] for offset in range(min(count, len(mentees)))]


def _category_image(uow: UnitOfWork, owner_id: int, category: str, made: dict[str, str]) -> str:
    """One picture per category, drawn once per start and stored as an upload is (C2)."""
    if category not in made:
        from persistence.images import process_image  # Pillow only when a picture is drawn, not at every start (P7)

        picture = process_image(_draw(category))
        made[category] = uuid.uuid4().hex
        uow.images.add(made[category], owner_id, picture.full, picture.thumbnail, picture.content_type)
    return made[category]


def _draw(category: str) -> bytes:
    """A soft two-colour landscape with circles, its hue taken from the category's name."""
    from PIL import Image, ImageDraw  # only when a picture is drawn, not at every start (P7)

    hue = (sum(map(ord, category)) % 360) / 360
    top = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.78, 0.55))
    bottom = tuple(round(c * 255) for c in colorsys.hls_to_rgb((hue + 0.08) % 1, 0.45, 0.6))
    width, height = 800, 450
    picture = Image.new('RGB', (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / (height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    for number in range(5):
        radius = 40 + 25 * number
        x, y = 120 + 150 * number, 300 - 30 * (number % 3)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(255, 255, 255), width=6)
    out = io.BytesIO()
    picture.save(out, 'PNG')
    return out.getvalue()


def _around_now(manager_id: int, mentor_id: int, mentees: list[int], now: datetime) -> list[_Plan]:
    """Hand-made sessions of the days around now: upcoming, full, private, startable, live, just completed."""
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
    # Attendance on the completed ones only: who joins the live one is the visitor's to try (M2).
    return [
        _Plan(draft, mentee_ids, kind, attended=len(mentee_ids) - 1 if draft.completed_at else 0)
        for draft, mentee_ids, kind in plans
    ]
