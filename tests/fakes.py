"""In-memory stand-ins for every port in domain/ports.py, faithful to their documented semantics.

`InMemoryUnitOfWork` works on a copy of its data inside `with`; `commit()` keeps the copy and publishes
the recorded events, leaving without commit throws the copy away — so a refused service changes nothing.
Outside `with`, repositories read and write the committed data directly (handy for seeding tests).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from domain import rules
from domain.bulk_jobs import BulkJob, JobKind, JobStatus, RowResult
from domain.dashboard import DashboardFigures, DashboardFilter, Period, SessionListRow
from domain.drafts import DraftPart, FormDraft
from domain.entities import (
    CalendarFeed,
    Enrollment,
    LoginSession,
    MailKind,
    MailStatus,
    MentoringSession,
    Notice,
    Notification,
    Option,
    OptionKind,
    Organization,
    OutboxMessage,
    Page,
    PasswordToken,
    Recipient,
    Role,
    SessionStatus,
    SessionSummary,
    SessionType,
    User,
)
from domain.feedback import Attendance, Feedback, MentorFeedback, RatingSummary, aggregate
from domain.ports import (
    BulkJobRepository,
    CalendarFeedRepository,
    DashboardRepository,
    DomainEvent,
    DuplicateEnrollment,
    EnrollmentRepository,
    EventPublisher,
    ExploreQuery,
    FeedbackRepository,
    FormDraftRepository,
    ImageRepository,
    LeaseLost,
    LoginRepository,
    MailOutcome,
    MailRepository,
    MailToQueue,
    NotificationRepository,
    OptionRepository,
    PasswordTokenRepository,
    SeatCheck,
    SecondActiveFeed,
    SessionDetails,
    SessionRepository,
    UserQuery,
    UserRepository,
    WaitlistRepository,
)

T = TypeVar('T')

DEFAULT_OPTIONS: dict[OptionKind, tuple[str, ...]] = {
    OptionKind.RECOMMENDED_FOR: ('Students', 'Early-career professionals', 'Team leads'),
    OptionKind.CATEGORIES: ('Career growth', 'Leadership', 'Data science'),
    OptionKind.MEDIUM: ('English', 'Hindi', 'French'),
}


def paged(items: Sequence[T], page: int, per_page: int) -> Page[T]:
    start = (page - 1) * per_page
    return Page(tuple(items[start : start + per_page]), len(items), page, per_page)


def _has_role(user: User, role: Role) -> bool:
    """A session manager counts as a mentor (User.is_mentor), as in the SQL repository."""
    return user.is_mentor if role is Role.MENTOR else role in user.roles


def _by_name(user: User) -> tuple[str, str, int]:
    return user.name.casefold(), user.name, user.id


class FakePasswordHasher:
    """Not a hash at all, but the same contract: verify() says whether the password made the hash."""

    def hash(self, password: str) -> str:
        return f'fake-hash:{password}'

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == f'fake-hash:{password}'

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith('fake-hash:')


class RecordingEventPublisher:
    """Keeps every published event, in order."""

    def __init__(self) -> None:
        self.events: list[DomainEvent] = []

    def publish(self, events: Sequence[DomainEvent]) -> None:
        self.events.extend(events)


@dataclass
class UserRecord:
    user: User
    password_hash: str
    failures: int = 0
    last_failure: datetime | None = None
    time_zone: str = 'UTC'
    muted: frozenset[MailKind] = frozenset()


@dataclass
class InMemoryData:
    users: dict[int, UserRecord] = field(default_factory=dict)
    organizations: dict[int, Organization] = field(default_factory=dict)
    sessions: dict[int, MentoringSession] = field(default_factory=dict)
    enrollments: dict[tuple[int, int], Enrollment] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    logins: dict[str, LoginSession] = field(default_factory=dict)
    notifications: dict[int, Notification] = field(default_factory=dict)
    images: dict[str, tuple[int, bytes, bytes, str]] = field(default_factory=dict)
    outbox: dict[int, OutboxMessage] = field(default_factory=dict)
    outbox_keys: dict[str, int] = field(default_factory=dict)
    leases: dict[int, datetime] = field(default_factory=dict)
    calendar_feeds: dict[str, CalendarFeed] = field(default_factory=dict)
    waitlist: dict[tuple[int, int], int] = field(default_factory=dict)  # (session, mentee) → place, rising
    password_tokens: dict[str, PasswordToken] = field(default_factory=dict)
    bulk_jobs: dict[int, tuple[BulkJob, str, str]] = field(default_factory=dict)
    bulk_results: dict[int, dict[int, RowResult]] = field(default_factory=dict)
    attendance: dict[tuple[int, int], Attendance] = field(default_factory=dict)  # A1: (session, mentee) → mark
    feedback: dict[tuple[int, int], Feedback] = field(default_factory=dict)  # F1: (session, person) → answer
    mentor_feedback: dict[int, MentorFeedback] = field(default_factory=dict)
    form_drafts: dict[tuple[int, int, DraftPart], FormDraft] = field(default_factory=dict)
    last_ids: dict[str, int] = field(default_factory=dict)

    def next_id(self, table: str) -> int:
        self.last_ids[table] = self.last_ids.get(table, 0) + 1
        return self.last_ids[table]


class _Repository:
    def __init__(self, data: Callable[[], InMemoryData]) -> None:
        self._data = data

    @property
    def data(self) -> InMemoryData:
        return self._data()


class InMemoryUserRepository(_Repository):
    def get(self, user_id: int) -> User | None:
        record = self.data.users.get(user_id)
        return None if record is None else record.user

    def get_many(self, user_ids: Sequence[int]) -> list[User]:
        return [self.data.users[i].user for i in dict.fromkeys(user_ids) if i in self.data.users]

    def by_email(self, email: str) -> User | None:
        wanted = email.casefold()
        return next((r.user for r in self.data.users.values() if r.user.email.casefold() == wanted), None)

    def add(
        self, name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role], password_hash: str
    ) -> User:
        organization = self.data.organizations[organization_id]
        user = User(self.data.next_id('users'), name, email, organization_id, organization.name, designation, roles)
        self.data.users[user.id] = UserRecord(user, password_hash)
        return user

    def password_hash(self, user_id: int) -> str | None:
        record = self.data.users.get(user_id)
        return None if record is None else record.password_hash

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.data.users[user_id].password_hash = password_hash

    def update(
        self, user_id: int, name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role]
    ) -> None:
        record = self.data.users[user_id]
        organization = self.data.organizations[organization_id].name
        record.user = replace(
            record.user,
            name=name,
            email=email.strip(),
            organization_id=organization_id,
            organization_name=organization,
            designation=designation,
            roles=roles,
        )

    def rename_organization(self, organization_id: int, name: str) -> None:
        self.data.organizations[organization_id] = Organization(organization_id, name)
        for record in self.data.users.values():
            if record.user.organization_id == organization_id:
                record.user = replace(record.user, organization_name=name)

    def set_active(self, user_id: int, active: bool) -> None:
        record = self.data.users[user_id]
        record.user = replace(record.user, active=active)

    def search(self, query: UserQuery) -> Page[User]:
        found = [
            u
            for u in (r.user for r in self.data.users.values())
            if rules.matches_search(query.text, u.name, u.email)
            and (query.role is None or _has_role(u, query.role))
            and (query.organization_id is None or u.organization_id == query.organization_id)
            and (query.designation is None or u.designation == query.designation)
            and u.id not in query.exclude_ids
            and (query.active is None or u.active == query.active)
        ]
        return paged(sorted(found, key=_by_name), query.page, query.per_page)

    def add_organization(self, name: str) -> Organization:
        organization = Organization(self.data.next_id('organizations'), name)
        self.data.organizations[organization.id] = organization
        return organization

    def organizations(self) -> list[Organization]:
        return sorted(self.data.organizations.values(), key=lambda o: (o.name, o.id))

    def designations(self) -> list[str]:
        return sorted({r.user.designation for r in self.data.users.values()})

    def record_failed_sign_in(self, user_id: int, now: datetime) -> int:
        record = self.data.users[user_id]
        record.failures += 1
        record.last_failure = now
        return record.failures

    def failed_sign_ins(self, user_id: int) -> tuple[int, datetime | None]:
        record = self.data.users[user_id]
        return record.failures, record.last_failure

    def reset_failed_sign_ins(self, user_id: int) -> None:
        record = self.data.users[user_id]
        record.failures, record.last_failure = 0, None


class InMemorySessionRepository(_Repository):
    def add(self, session: MentoringSession) -> MentoringSession:
        stored = replace(session, id=self.data.next_id('sessions'))
        self.data.sessions[stored.id] = stored
        return stored

    def get(self, session_id: int, *, lock: bool = False) -> MentoringSession | None:
        return self.data.sessions.get(session_id)

    def update(self, session: MentoringSession) -> None:
        if session.id not in self.data.sessions:
            raise KeyError(session.id)
        self.data.sessions[session.id] = session

    def _live(self) -> list[MentoringSession]:
        return [s for s in self.data.sessions.values() if s.deleted_at is None]

    def mentor_sessions_between(self, mentor_id: int, start_at: datetime, end_at: datetime) -> list[MentoringSession]:
        return [s for s in self._live() if s.mentor_id == mentor_id and s.start_at < end_at and start_at < s.end_at]

    def _summary(self, session: MentoringSession) -> SessionSummary:
        mentor = self.data.users.get(session.mentor_id)
        count = sum(1 for (sid, _), _e in self.data.enrollments.items() if sid == session.id)
        return SessionSummary(session, '' if mentor is None else mentor.user.name, count)

    def _listing(
        self, sessions: Iterable[MentoringSession], page: int, per_page: int, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        chosen = [s for s in sessions if (rules.status_at(s, now) is SessionStatus.COMPLETED) is finished]
        chosen.sort(key=lambda s: (s.start_at, s.id), reverse=finished)
        return paged([self._summary(s) for s in chosen], page, per_page)

    def for_mentor(
        self, user_id: int, page: int, per_page: int, *, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        mine = [s for s in self._live() if user_id in (s.mentor_id, s.creator_id)]
        return self._listing(mine, page, per_page, finished, now)

    def for_mentee(
        self, mentee_id: int, page: int, per_page: int, *, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        mine = [s for s in self._live() if (s.id, mentee_id) in self.data.enrollments]
        return self._listing(mine, page, per_page, finished, now)

    def explore(self, query: ExploreQuery, now: datetime) -> Page[SessionSummary]:
        found = [
            summary
            for summary in (self._summary(s) for s in self._live() if s.session_type is SessionType.PUBLIC)
            if rules.status_at(summary.session, now) is not SessionStatus.COMPLETED
            and rules.matches_search(query.text, summary.session.title, summary.mentor_name)
            and (query.category is None or query.category in summary.session.categories)
            and (query.medium is None or query.medium in summary.session.medium)
            and (query.recommended_for is None or query.recommended_for in summary.session.recommended_for)
        ]
        found.sort(key=lambda summary: (summary.session.start_at, summary.session.id))
        return paged(found, query.page, query.per_page)

    def details(self, session_id: int, viewer_id: int) -> SessionDetails | None:
        session = self.data.sessions.get(session_id)
        mentor = None if session is None else self.data.users.get(session.mentor_id)
        if session is None or mentor is None:
            return None
        return SessionDetails(self._summary(session), mentor.user, self.data.enrollments.get((session_id, viewer_id)))

    def with_image(self, image_id: str) -> MentoringSession | None:
        return next((s for s in self._live() if s.image_id == image_id), None)

    def due_for_completion(self, now: datetime) -> list[MentoringSession]:
        return [s for s in self._live() if s.completed_at is None and s.end_at <= now]

    def due_for_starting_soon(self, now: datetime, window_start: datetime) -> list[MentoringSession]:
        return [
            s
            for s in self._live()
            if s.started_at is None and s.starting_soon_sent_at is None and now <= s.start_at <= window_start
        ]

    def mark_completed(self, session_id: int, now: datetime) -> bool:
        session = self.data.sessions[session_id]
        if session.completed_at is not None:
            return False
        self.data.sessions[session_id] = replace(session, completed_at=now)
        return True

    def mark_starting_soon_sent(self, session_id: int, now: datetime) -> bool:
        session = self.data.sessions[session_id]
        if session.starting_soon_sent_at is not None:
            return False
        self.data.sessions[session_id] = replace(session, starting_soon_sent_at=now)
        return True


class InMemoryEnrollmentRepository(_Repository):
    """Verifies in `take_seat` what `seat_check` read, as PostgreSQL does, so it remembers unlocked reads too (the
    instance's memory outlives transactions): the services meet remembered seat checks on the fakes as well."""

    def __init__(self, data: Callable[[], InMemoryData]) -> None:
        super().__init__(data)
        self.remembered: dict[int, SeatCheck] = {}

    def add(self, enrollment: Enrollment) -> None:
        key = (enrollment.session_id, enrollment.mentee_id)
        if key in self.data.enrollments:
            raise DuplicateEnrollment(key)
        self.data.enrollments[key] = enrollment

    def take_seat(self, enrollment: Enrollment, mail: MailToQueue, seen: SeatCheck) -> int | None:
        now = self.seat_check(enrollment.session_id, enrollment.mentee_id)
        if now is None or now.session != seen.session or now.seats_taken >= now.session.seat_limit:
            return None
        self.add(enrollment)
        queued = InMemoryMailRepository(self._data)
        queued.add(enrollment.mentee_id, mail.kind, mail.text, enrollment.created_at, enrollment.session_id, None)
        return self.seats_taken(enrollment.session_id)

    def seat_check(
        self, session_id: int, mentee_id: int, *, lock: bool = True, recent: bool = False
    ) -> SeatCheck | None:
        if recent and not lock and session_id in self.remembered:
            return self.remembered[session_id]
        session = self.data.sessions.get(session_id)
        if session is None:
            return None
        bare = replace(session, recommended_for=(), categories=(), medium=())  # options are not read
        enrollment = self.data.enrollments.get((session_id, mentee_id))
        kind = enrollment.enrollment_type if enrollment else None
        check = SeatCheck(bare, self.seats_taken(session_id), kind, (session_id, mentee_id) in self.data.waitlist)
        if not lock:
            self.remembered[session_id] = check.as_remembered()
        return check

    def get(self, session_id: int, mentee_id: int) -> Enrollment | None:
        return self.data.enrollments.get((session_id, mentee_id))

    def remove(self, session_id: int, mentee_id: int) -> bool:
        return self.data.enrollments.pop((session_id, mentee_id), None) is not None

    def remove_all(self, session_id: int) -> list[int]:
        ids = self.mentee_ids(session_id)
        for mentee_id in ids:
            del self.data.enrollments[(session_id, mentee_id)]
        return ids

    def seats_taken(self, session_id: int) -> int:
        return len(self.mentee_ids(session_id))

    def mentee_ids(self, session_id: int) -> list[int]:
        return [mentee_id for sid, mentee_id in self.data.enrollments if sid == session_id]

    def mentee_list(self, session_id: int) -> list[tuple[User, Enrollment]]:
        rows = [
            (self.data.users[e.mentee_id].user, e) for (sid, _), e in self.data.enrollments.items() if sid == session_id
        ]
        return sorted(rows, key=lambda row: _by_name(row[0]))

    def mentee_rows(self, session_id: int) -> list[tuple[str, str, str, str, str]]:
        return [
            (u.name, u.designation, u.organization_name, u.email, e.enrollment_type.value)
            for u, e in self.mentee_list(session_id)
        ]

    def record_join(self, session_id: int, mentee_id: int, now: datetime) -> None:
        key = (session_id, mentee_id)
        self.data.enrollments[key] = replace(self.data.enrollments[key], joined_at=now)


class InMemoryWaitlistRepository(_Repository):
    def add(self, session_id: int, mentee_id: int, now: datetime) -> int:
        key = (session_id, mentee_id)
        if key in self.data.waitlist:
            raise DuplicateEnrollment(key)
        self.data.waitlist[key] = self.data.next_id('waitlist')
        return len(self._line(session_id))

    def remove(self, session_id: int, mentee_id: int) -> bool:
        return self.data.waitlist.pop((session_id, mentee_id), None) is not None

    def take(self, session_id: int, limit: int | None = None) -> list[int]:
        taken = self._line(session_id)[:limit]
        for mentee_id in taken:
            del self.data.waitlist[(session_id, mentee_id)]
        return taken

    def position(self, session_id: int, mentee_id: int) -> int | None:
        line = self._line(session_id)
        return line.index(mentee_id) + 1 if mentee_id in line else None

    def count(self, session_id: int) -> int:
        return len(self._line(session_id))

    def waiting_users(self, session_id: int) -> list[User]:
        return [self.data.users[mentee_id].user for mentee_id in self._line(session_id)]

    def _line(self, session_id: int) -> list[int]:
        line = sorted((place, mentee_id) for (sid, mentee_id), place in self.data.waitlist.items() if sid == session_id)
        return [mentee_id for _, mentee_id in line]


class InMemoryOptionRepository(_Repository):
    def list(self, kind: OptionKind, *, retired: bool = False) -> list[Option]:
        shown = [o for o in self.data.options if o.kind is kind and (retired or not o.retired)]
        built_in = [o for o in shown if not o.custom]
        custom = sorted((o for o in shown if o.custom), key=lambda o: o.label.casefold())
        return [*built_in, *custom]

    def add(self, option: Option) -> Option:
        existing = self.find(option.kind, option.label)
        if existing is not None:
            return existing
        self.data.options.append(option)
        return option

    def find(self, kind: OptionKind, label: str) -> Option | None:
        key = rules.option_key(label)
        return next((o for o in self.data.options if o.kind is kind and rules.option_key(o.label) == key), None)

    def rename(self, kind: OptionKind, label: str, new_label: str) -> None:
        found = self.find(kind, label)
        if found is None:
            return
        self.data.options[self.data.options.index(found)] = replace(found, label=new_label)
        for session_id, session in self.data.sessions.items():
            lists = {
                OptionKind.RECOMMENDED_FOR: session.recommended_for,
                OptionKind.CATEGORIES: session.categories,
                OptionKind.MEDIUM: session.medium,
            }
            renamed = tuple(new_label if item == found.label else item for item in lists[kind])
            if kind is OptionKind.RECOMMENDED_FOR:
                session = replace(session, recommended_for=renamed)
            elif kind is OptionKind.CATEGORIES:
                session = replace(session, categories=renamed)
            else:
                session = replace(session, medium=renamed)
            self.data.sessions[session_id] = session

    def set_retired(self, kind: OptionKind, label: str, retired: bool) -> None:
        found = self.find(kind, label)
        if found is not None:
            self.data.options[self.data.options.index(found)] = replace(found, retired=retired)

    def reset(self, kind: OptionKind, labels: Sequence[str]) -> None:
        self.data.options = [o for o in self.data.options if o.kind is not kind] + [Option(kind, x) for x in labels]


class InMemoryLoginRepository(_Repository):
    def add(self, login: LoginSession) -> None:
        self.data.logins[login.token_hash] = login

    def get(self, token_hash: str) -> LoginSession | None:
        return self.data.logins.get(token_hash)

    def revoke(self, token_hash: str, now: datetime) -> None:
        login = self.data.logins.get(token_hash)
        if login is not None and login.revoked_at is None:
            self.data.logins[token_hash] = replace(login, revoked_at=now)

    def revoke_all(self, user_id: int, now: datetime) -> list[str]:
        live = [h for h, login in self.data.logins.items() if login.user_id == user_id and login.revoked_at is None]
        for token_hash in live:
            self.revoke(token_hash, now)
        return live


class InMemoryPasswordTokenRepository(_Repository):
    def add(self, token: PasswordToken) -> None:
        self.data.password_tokens[token.token_hash] = token

    def get(self, token_hash: str) -> PasswordToken | None:
        return self.data.password_tokens.get(token_hash)

    def use(self, token_hash: str, now: datetime) -> bool:
        token = self.data.password_tokens.get(token_hash)
        if token is None or token.used_at is not None:
            return False
        self.data.password_tokens[token_hash] = replace(token, used_at=now)
        return True

    def void_unused(self, user_id: int, now: datetime) -> None:
        for token in list(self.data.password_tokens.values()):
            if token.user_id == user_id:
                self.use(token.token_hash, now)

    def count_since(self, user_id: int, since: datetime) -> int:
        return sum(t.user_id == user_id and t.created_at >= since for t in self.data.password_tokens.values())


class InMemoryNotificationRepository(_Repository):
    def add(
        self, user_id: int, text: str, now: datetime, session_id: int | None = None, notice: Notice | None = None
    ) -> None:
        notification = Notification(self.data.next_id('notifications'), user_id, text, now, session_id, notice=notice)
        self.data.notifications[notification.id] = notification

    def for_user(self, user_id: int, limit: int = 50) -> list[Notification]:
        mine = [n for n in self.data.notifications.values() if n.user_id == user_id]
        return sorted(mine, key=lambda n: (n.created_at, n.id), reverse=True)[:limit]

    def unread_count(self, user_id: int) -> int:
        return sum(1 for n in self.data.notifications.values() if n.user_id == user_id and n.read_at is None)

    def mark_all_read(self, user_id: int, now: datetime) -> None:
        for n in list(self.data.notifications.values()):
            if n.user_id == user_id and n.read_at is None:
                self.data.notifications[n.id] = replace(n, read_at=now)


class InMemoryImageRepository(_Repository):
    def add(self, image_id: str, owner_id: int, full: bytes, thumbnail: bytes, content_type: str) -> None:
        self.data.images[image_id] = (owner_id, full, thumbnail, content_type)

    def owner(self, image_id: str) -> int | None:
        stored = self.data.images.get(image_id)
        return None if stored is None else stored[0]

    def get(self, image_id: str, *, thumbnail: bool) -> tuple[bytes, str] | None:
        stored = self.data.images.get(image_id)
        if stored is None:
            return None
        return (stored[2] if thumbnail else stored[1]), stored[3]

    def delete(self, image_id: str) -> None:
        self.data.images.pop(image_id, None)

    def delete_unused(self, *, uploaded_before: datetime) -> int:
        """The fakes keep no upload times: every image counts as uploaded long ago."""
        shown = {session.image_id for session in self.data.sessions.values()}
        unused = [image_id for image_id in self.data.images if image_id not in shown]
        for image_id in unused:
            del self.data.images[image_id]
        return len(unused)


class InMemoryMailRepository(_Repository):
    def add(
        self, user_id: int, kind: MailKind, text: str, now: datetime, session_id: int | None, dedupe_key: str | None
    ) -> bool:
        if dedupe_key is not None and dedupe_key in self.data.outbox_keys:
            return False
        message_id = self.data.next_id('outbox')
        self.data.outbox[message_id] = OutboxMessage(
            message_id, user_id, kind, session_id, text, now, next_attempt_at=now
        )
        if dedupe_key is not None:
            self.data.outbox_keys[dedupe_key] = message_id
        return True

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[OutboxMessage]:
        due = [
            m
            for m in self.data.outbox.values()
            if m.status is MailStatus.PENDING
            and m.next_attempt_at is not None
            and m.next_attempt_at <= now
            and self.data.leases.get(m.id, now) <= now
        ]
        claimed = sorted(due, key=lambda m: (m.next_attempt_at or now, m.id))[:limit]
        for message in claimed:
            self.data.leases[message.id] = lease_until
        return claimed

    def record_outcomes(self, outcomes: Sequence[MailOutcome], now: datetime) -> None:
        for outcome in outcomes:
            message = self.data.outbox[outcome.message_id]
            self.data.leases.pop(outcome.message_id, None)
            self.data.outbox[outcome.message_id] = replace(
                message,
                status=outcome.status,
                tries=message.tries + 1,
                last_error=outcome.error,
                sent_at=now if outcome.status is MailStatus.SENT else message.sent_at,
                next_attempt_at=outcome.retry_at or message.next_attempt_at,
            )

    def recipients(self, user_ids: Sequence[int]) -> dict[int, Recipient]:
        found = (self.data.users.get(user_id) for user_id in user_ids)
        return {
            r.user.id: Recipient(r.user.id, r.user.name, r.user.email, r.time_zone, r.muted)
            for r in found
            if r is not None
        }

    def latest(self, limit: int) -> list[OutboxMessage]:
        newest = sorted(self.data.outbox.values(), key=lambda m: -m.id)[:limit]
        return [replace(m, recipient=self.data.users[m.user_id].user.email) for m in newest]

    def counts(self) -> dict[MailStatus, int]:
        return {s: sum(m.status is s for m in self.data.outbox.values()) for s in MailStatus}

    def set_muted(self, user_id: int, kinds: frozenset[MailKind]) -> None:
        self.data.users[user_id].muted = kinds

    def set_time_zone(self, user_id: int, time_zone: str) -> None:
        self.data.users[user_id].time_zone = time_zone

    def upcoming_starts(self, start_after: datetime, start_until: datetime) -> list[tuple[int, int, datetime, str]]:
        return [
            (s.id, s.mentor_id, s.start_at, s.title)
            for s in self.data.sessions.values()
            if start_after < s.start_at <= start_until and s.deleted_at is None and s.started_at is None
        ]


class InMemoryCalendarFeedRepository(_Repository):
    def add(self, feed: CalendarFeed) -> None:
        if feed.revoked_at is None and self.active_for(feed.user_id) is not None:
            raise SecondActiveFeed()
        self.data.calendar_feeds[feed.token_hash] = feed

    def get(self, token_hash: str) -> CalendarFeed | None:
        return self.data.calendar_feeds.get(token_hash)

    def active_for(self, user_id: int) -> CalendarFeed | None:
        feeds = self.data.calendar_feeds.values()
        return next((f for f in feeds if f.user_id == user_id and f.revoked_at is None), None)

    def revoke_all(self, user_id: int, now: datetime) -> None:
        for feed in list(self.data.calendar_feeds.values()):
            if feed.user_id == user_id and feed.revoked_at is None:
                self.data.calendar_feeds[feed.token_hash] = replace(feed, revoked_at=now)

    def sessions_of(self, user_id: int, since: datetime, limit: int) -> list[MentoringSession]:
        mine = [
            replace(s, recommended_for=(), categories=(), medium=())
            for s in self.data.sessions.values()
            if s.deleted_at is None
            and s.end_at >= since
            and (s.mentor_id == user_id or (s.id, user_id) in self.data.enrollments)
        ]
        return sorted(mine, key=lambda s: (s.start_at, s.id))[:limit]


class InMemoryBulkJobRepository(_Repository):
    def add(self, job: BulkJob, text: str, delimiter: str) -> BulkJob:
        job = replace(job, id=self.data.next_id('bulk_jobs'))
        self.data.bulk_jobs[job.id] = (job, text, delimiter)
        return job

    def get(self, job_id: int) -> BulkJob | None:
        found = self.data.bulk_jobs.get(job_id)
        return found[0] if found else None

    def upload_text(self, job_id: int) -> tuple[str, str]:
        found = self.data.bulk_jobs.get(job_id)
        return (found[1], found[2]) if found else ('', ',')

    def latest_for(self, owner_id: int, kind: JobKind = JobKind.SESSIONS) -> BulkJob | None:
        mine = [job for job, _, _ in self.data.bulk_jobs.values() if job.owner_id == owner_id and job.kind is kind]
        return max(mine, key=lambda job: job.id, default=None)

    def _update(self, job_id: int, **changes: Any) -> BulkJob:
        job, text, delimiter = self.data.bulk_jobs[job_id]
        job = replace(job, **changes)
        self.data.bulk_jobs[job_id] = (job, text, delimiter)
        return job

    def record_results(
        self, job_id: int, results: Sequence[RowResult], done_before: int, leased_until: datetime
    ) -> bool:
        if self.data.bulk_jobs[job_id][0].done_rows != done_before:
            raise LeaseLost()
        stored = self.data.bulk_results.setdefault(job_id, {})
        for result in results:
            stored[result.row] = result
        changes = {'done_rows': done_before + len(results), 'leased_until': leased_until}
        return self._update(job_id, **changes).cancel_requested

    def claim_stalled(self, now: datetime, leased_until: datetime) -> list[int]:
        stalled = [
            job.id
            for job, _, _ in self.data.bulk_jobs.values()
            if job.status is JobStatus.RUNNING and (job.leased_until is None or job.leased_until < now)
        ]
        for job_id in stalled:
            self._update(job_id, leased_until=leased_until)
        return stalled

    def request_cancel(self, job_id: int) -> None:
        self._update(job_id, cancel_requested=True)

    def finish(self, job_id: int, status: JobStatus, now: datetime) -> None:
        if self.data.bulk_jobs[job_id][0].status is JobStatus.RUNNING:
            self._update(job_id, status=status, finished_at=now)

    def results(self, job_id: int, offset: int = 0, limit: int | None = None) -> list[RowResult]:
        ordered = sorted(self.data.bulk_results.get(job_id, {}).values(), key=lambda result: result.row)
        return ordered[offset : None if limit is None else offset + limit]


class InMemoryFeedbackRepository(_Repository):
    def marks(self, session_id: int) -> dict[int, Attendance]:
        return {mentee: mark for (sid, mentee), mark in self.data.attendance.items() if sid == session_id}

    def set_mark(self, session_id: int, mentee_id: int, mark: Attendance, marked_by: int, now: datetime) -> None:
        self.data.attendance[(session_id, mentee_id)] = mark

    def answer(self, session_id: int, user_id: int) -> Feedback | None:
        return self.data.feedback.get((session_id, user_id))

    def save_answer(self, answer: Feedback) -> None:
        self.data.feedback[(answer.session_id, answer.user_id)] = answer

    def answers(self, session_id: int) -> list[tuple[User, Feedback]]:
        mine = [a for (sid, _), a in self.data.feedback.items() if sid == session_id]
        return [(self.data.users[a.user_id].user, a) for a in sorted(mine, key=lambda a: a.answered_at)]

    def mentor_answer(self, session_id: int) -> MentorFeedback | None:
        return self.data.mentor_feedback.get(session_id)

    def save_mentor_answer(self, answer: MentorFeedback) -> None:
        self.data.mentor_feedback[answer.session_id] = answer

    def mentor_ratings(self, mentor_id: int) -> RatingSummary:
        sessions = self.data.sessions
        return aggregate(
            a.rating
            for (sid, _), a in self.data.feedback.items()
            if a.rating is not None and sessions[sid].mentor_id == mentor_id and sessions[sid].deleted_at is None
        )


class InMemoryFormDraftRepository(_Repository):
    def get(self, user_id: int, session_key: int, part: DraftPart) -> FormDraft | None:
        return self.data.form_drafts.get((user_id, session_key, part))

    def put(self, user_id: int, session_key: int, part: DraftPart, draft: FormDraft) -> None:
        self.data.form_drafts[(user_id, session_key, part)] = draft

    def delete(self, user_id: int, session_key: int, part: DraftPart) -> None:
        self.data.form_drafts.pop((user_id, session_key, part), None)


class DatabaseOnlyDashboard:
    """D1's figures are SQL aggregates: they are tested on the real databases (tests/integration/test_dashboard.py)."""

    def figures(self, chosen: DashboardFilter, period: Period, now: datetime) -> DashboardFigures:
        raise NotImplementedError('the dashboard is computed by the database: use an integration test')

    def session_list(
        self, chosen: DashboardFilter, period: Period, now: datetime, batch: int = 1000
    ) -> Generator[Sequence[SessionListRow], None, None]:
        raise NotImplementedError('the session list is streamed by the database: use an integration test')


class InMemoryUnitOfWork:
    """One transaction over in-memory data; events are published only after a commit."""

    def __init__(
        self, publisher: EventPublisher | None = None, options: dict[OptionKind, tuple[str, ...]] = DEFAULT_OPTIONS
    ) -> None:
        self.publisher: EventPublisher = publisher if publisher is not None else RecordingEventPublisher()
        self.committed = InMemoryData(
            options=[Option(kind, label) for kind, labels in options.items() for label in labels]
        )
        self._working: InMemoryData | None = None
        self._events: list[DomainEvent] = []
        self.users: UserRepository = InMemoryUserRepository(self.current)
        self.sessions: SessionRepository = InMemorySessionRepository(self.current)
        self.enrollments: EnrollmentRepository = InMemoryEnrollmentRepository(self.current)
        self.waitlist: WaitlistRepository = InMemoryWaitlistRepository(self.current)
        self.options: OptionRepository = InMemoryOptionRepository(self.current)
        self.logins: LoginRepository = InMemoryLoginRepository(self.current)
        self.notifications: NotificationRepository = InMemoryNotificationRepository(self.current)
        self.images: ImageRepository = InMemoryImageRepository(self.current)
        self.mail: MailRepository = InMemoryMailRepository(self.current)
        self.calendar_feeds: CalendarFeedRepository = InMemoryCalendarFeedRepository(self.current)
        self.password_tokens: PasswordTokenRepository = InMemoryPasswordTokenRepository(self.current)
        self.bulk_jobs: BulkJobRepository = InMemoryBulkJobRepository(self.current)
        self.dashboard: DashboardRepository = DatabaseOnlyDashboard()
        self.feedback: FeedbackRepository = InMemoryFeedbackRepository(self.current)
        self.form_drafts: FormDraftRepository = InMemoryFormDraftRepository(self.current)

    def __call__(self, *, read_only: bool = False) -> Self:
        """Its own factory (`domain.ports.UnitOfWorkFactory`): one `with` block after another."""
        return self

    def current(self) -> InMemoryData:
        """The data a repository call sees now: the transaction's copy inside `with`, else the committed data."""
        return self.committed if self._working is None else self._working

    def __enter__(self) -> Self:
        if self._working is not None:
            raise RuntimeError('InMemoryUnitOfWork is not re-entrant: one `with uow:` per use case')
        self._working = copy.deepcopy(self.committed)
        self._events = []
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._working = None
        self._events = []

    def commit(self) -> None:
        if self._working is None:
            raise RuntimeError('commit() outside `with uow:`')
        self.committed = self._working
        self._working = copy.deepcopy(self.committed)
        events, self._events = self._events, []
        self.publisher.publish(events)

    def rollback(self) -> None:
        if self._working is not None:
            self._working = copy.deepcopy(self.committed)
        self._events = []

    def record(self, event: DomainEvent) -> None:
        self._events.append(event)


class FakeMeetingRooms:
    """A BigBlueButton stand-in: remembers opened rooms and hands out recognisable links."""

    def __init__(self) -> None:
        self.opened: list[int] = []

    def open_room(self, session: MentoringSession) -> None:
        self.opened.append(session.id)

    def join_link(self, session: MentoringSession, user: User, *, moderator: bool) -> str:
        role = 'MODERATOR' if moderator else 'VIEWER'
        return f'https://bbb.test/join?meetingID={session.id}&user={user.id}&role={role}'
