"""What the domain needs from the outside world. `persistence/` implements these; tests use fakes."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from domain.bulk_jobs import BulkJob, JobKind, JobStatus, RowResult
from domain.dashboard import DashboardFigures, DashboardFilter, Period, SessionListRow
from domain.drafts import DraftPart, FormDraft
from domain.entities import (
    CalendarFeed,
    Enrollment,
    EnrollmentType,
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
    SessionSummary,
    User,
)
from domain.feedback import Attendance, Feedback, MentorFeedback, RatingSummary
from domain.mail import Mail

# --- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterChange:
    """One mentee enrolled or un-enrolled (M1), and nothing else changed: with the seats now taken, an open page
    can show the new figures at once, without reading them (P2)."""

    mentee_id: int
    enrollment: EnrollmentType | None  # the mentee's enrollment now: None once they left
    mentee_count: int  # enrolled plus invited, as committed


@dataclass(frozen=True)
class SessionChanged:
    """Anything about one session changed: details, status, enrollments, deletion. `roster` when only one
    mentee's enrollment did."""

    session_id: int
    roster: RosterChange | None = None


@dataclass(frozen=True)
class InboxChanged:
    """A user's notifications changed (new one, or read)."""

    user_id: int


@dataclass(frozen=True)
class RatingChanged:
    """F1: a mentor's ratings changed (an answer given, changed or skipped): every open page that shows that
    mentor's average follows, whichever of their sessions it shows."""

    mentor_id: int


@dataclass(frozen=True)
class PeopleChanged:
    """R5: someone was added, changed, deactivated or reactivated; or an organization changed."""


@dataclass(frozen=True)
class OptionsChanged:
    """R7: an org admin added, renamed, retired or restored an item of an option list."""


@dataclass(frozen=True)
class OutboxChanged:
    """N5: outbox messages were added or their status changed (the Outbox page follows it)."""


@dataclass(frozen=True)
class LoginRevoked:
    """A login ended before its time (sign-out): every open page of it, on every instance, must end too (R1)."""

    token_hash: str


DomainEvent = (
    SessionChanged | InboxChanged | OutboxChanged | LoginRevoked | PeopleChanged | OptionsChanged | RatingChanged
)


class EventPublisher(Protocol):
    def publish(self, events: Sequence[DomainEvent]) -> None:
        """Deliver events that were committed. Never raises for a listener's fault."""


# --- queries --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserQuery:
    """The Mentor list / Mentee list windows and the People page: Search box, filters and paging (C5, C6, R5)."""

    text: str = ''
    role: Role | None = None
    organization_id: int | None = None
    designation: str | None = None
    exclude_ids: tuple[int, ...] = ()
    page: int = 1
    per_page: int = 10
    active: bool | None = True  # R5: the pickers offer active people only; People can show every one


@dataclass(frozen=True)
class ExploreQuery:
    """M1: search Public sessions by title and mentor, filter by the three option lists."""

    text: str = ''
    category: str | None = None
    medium: str | None = None
    recommended_for: str | None = None
    page: int = 1
    per_page: int = 12


# --- repositories ---------------------------------------------------------------------------------
# Repositories never commit; the unit of work does.


class UserRepository(Protocol):
    def get(self, user_id: int) -> User | None: ...
    def get_many(self, user_ids: Sequence[int]) -> list[User]: ...
    def by_email(self, email: str) -> User | None:
        """Case-insensitive."""

    def add(
        self, name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role], password_hash: str
    ) -> User: ...
    def password_hash(self, user_id: int) -> str | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def set_active(self, user_id: int, active: bool) -> None: ...
    def update(
        self, user_id: int, name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role]
    ) -> None:
        """R5: an org admin's change of someone's details and roles."""

    def rename_organization(self, organization_id: int, name: str) -> None: ...
    def search(self, query: UserQuery) -> Page[User]:
        """Name or e-mail contains `text` (case-insensitive); ordered by name, then id."""

    def add_organization(self, name: str) -> Organization: ...
    def organizations(self) -> list[Organization]: ...
    def designations(self) -> list[str]:
        """Distinct designations of all users, sorted."""

    def record_failed_sign_in(self, user_id: int, now: datetime) -> int:
        """Count a failed attempt; return the number of consecutive failures."""

    def failed_sign_ins(self, user_id: int) -> tuple[int, datetime | None]:
        """Consecutive failures and when the last one happened."""

    def reset_failed_sign_ins(self, user_id: int) -> None: ...


@dataclass(frozen=True)
class SessionDetails:
    """T2: what the Session Details page shows, for one viewer (P2: read in one go, not call by call)."""

    summary: SessionSummary
    mentor: User
    viewer_enrollment: Enrollment | None  # the viewer is enrolled or invited: a participant (may_see_session)


class SessionRepository(Protocol):
    def add(self, session: MentoringSession) -> MentoringSession:
        """Store a new session (its `id` is ignored) and return it with its id."""

    def get(self, session_id: int, *, lock: bool = False) -> MentoringSession | None:
        """Deleted sessions are returned too (callers check `deleted_at`). `lock`: SELECT … FOR UPDATE."""

    def update(self, session: MentoringSession) -> None: ...
    def mentor_sessions_between(self, mentor_id: int, start_at: datetime, end_at: datetime) -> list[MentoringSession]:
        """Not-deleted sessions of the mentor whose interval intersects [start_at, end_at)."""

    def for_mentor(
        self, user_id: int, page: int, per_page: int, *, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        """T1: not-deleted sessions where the user is mentor or creator. finished=False: not completed
        (upcoming and live, soonest first); finished=True: completed (most recent first)."""

    def for_mentee(
        self, mentee_id: int, page: int, per_page: int, *, finished: bool, now: datetime
    ) -> Page[SessionSummary]:
        """M2: not-deleted sessions the mentee is enrolled in or invited to, same ordering as for_mentor."""

    def explore(self, query: ExploreQuery, now: datetime) -> Page[SessionSummary]:
        """M1: not-deleted, not-completed Public sessions matching the query, soonest first.
        `text` matches the title or the mentor's name (case-insensitive); each filter is an exact item."""

    def details(self, session_id: int, viewer_id: int) -> SessionDetails | None:
        """T2: the session with its lists and mentee count, its mentor and the viewer's enrollment, read together.
        Deleted sessions too, as `get` (callers decide what the viewer may see). None if there is no such
        session or its mentor is missing."""

    def with_image(self, image_id: str) -> MentoringSession | None:
        """The not-deleted session that shows this image, if any."""

    def due_for_completion(self, now: datetime) -> list[MentoringSession]:
        """Not-deleted sessions whose end has passed but that have no completed_at."""

    def due_for_starting_soon(self, now: datetime, window_start: datetime) -> list[MentoringSession]:
        """Not-deleted, not-started sessions starting in [now, window_start] with no notice sent yet."""

    def mark_completed(self, session_id: int, now: datetime) -> bool:
        """Set completed_at only if still unset (a conditional update one instance wins). True if this call won."""

    def mark_starting_soon_sent(self, session_id: int, now: datetime) -> bool:
        """Set starting_soon_sent_at only if still unset. True if this call won."""


@dataclass(frozen=True)
class SeatCheck:
    """M1: what enrolling one mentee needs to know, read with the session row locked (or, for `take_seat`, not).

    `session` holds the session's own columns only: its option lists (recommended_for, categories, medium)
    are not read and stay empty, since no enrollment rule looks at them.

    `remembered`: not read now but this app instance's last unlocked read of the session (`seat_check(recent=
    True)`): the session and its seats as they were then, the mentee's part unknown (shown as not in, not
    waiting). Good for deciding to take a seat that `take_seat` verifies; a refusal is decided on a fresh read.
    """

    session: MentoringSession
    seats_taken: int  # enrolled plus invited, the figure `seats_taken` and every summary's mentee count give
    mentee_enrollment: EnrollmentType | None  # how the mentee is in (enrolled or invited), None when not
    mentee_waiting: bool = False  # W1: the mentee is on the session's waitlist
    # The session as the repository read it, for `take_seat` to tell whether it changed since; opaque to rules.
    seen: object = field(default=None, compare=False, repr=False)
    remembered: bool = False

    @property
    def mentee_is_in(self) -> bool:
        return self.mentee_enrollment is not None

    def as_remembered(self) -> SeatCheck:
        """This read as an instance keeps it for later: the session's part only."""
        return replace(self, mentee_enrollment=None, mentee_waiting=False, remembered=True)


@dataclass(frozen=True)
class MailToQueue:
    """N5: an e-mail to one person, queued in the outbox with the change it tells of."""

    kind: MailKind
    text: str


class EnrollmentRepository(Protocol):
    def add(self, enrollment: Enrollment) -> None:
        """The way in for invitations and promotions from the waitlist, whose callers lock the session
        (`seat_check`, or `sessions.get(lock=True)`) and check the seats first. Raises DuplicateEnrollment if the
        (session, mentee) pair exists; after that refusal the transaction cannot go on (the use case rolls back)."""

    def take_seat(self, enrollment: Enrollment, mail: MailToQueue, seen: SeatCheck) -> int | None:
        """M1: a mentee's own enrollment, after an unlocked `seat_check`: inserted with the mentee's e-mail (as
        `MailRepository.add` queues one: due now, no dedupe key) only if a seat is free and the session is still
        as `seen` read it, its seats taken apart. The seats taken after it; None if the session filled or changed
        meanwhile (read it again and decide again). Raises DuplicateEnrollment as `add` does.

        P4: on PostgreSQL one statement, which locks the session row only while the database runs it and, when
        nothing was written before it in the unit of work, commits, so enrollments into one session do not wait
        for each other's round trips (when `seen` was remembered, it is the unit of work's only statement). On
        SQLite the write transaction is exclusive from its first statement: the session cannot change between the
        two calls."""

    def seat_check(
        self, session_id: int, mentee_id: int, *, lock: bool = True, recent: bool = False
    ) -> SeatCheck | None:
        """M1: the session row, locked (SELECT … FOR UPDATE), with the seats taken as of the lock, how the mentee
        is in and whether they wait (enrolling, un-enrolling and joining the waitlist need nothing else). None if
        there is no such session (deleted ones are returned: callers check `deleted_at`).

        `lock=False` (enrolling, before `take_seat`): nothing is locked, and on PostgreSQL, when it is the unit of
        work's first statement, each statement of the unit of work commits by itself from here on.

        `recent=True` (with `lock=False`: enrolling's first try): where `take_seat` verifies the session against
        what was read (PostgreSQL; not SQLite, whose `take_seat` relies on its exclusive transaction), the answer
        may be this app instance's last unlocked read of the session, without a statement (`remembered`, P4)."""

    def get(self, session_id: int, mentee_id: int) -> Enrollment | None: ...
    def remove(self, session_id: int, mentee_id: int) -> bool: ...
    def remove_all(self, session_id: int) -> list[int]:
        """Remove every enrollment of the session; return the mentee ids."""

    def seats_taken(self, session_id: int) -> int:
        """Enrolled plus invited, as of this transaction: the same figure as `seat_check` and the summaries
        give (0 for no such session)."""

    def mentee_ids(self, session_id: int) -> list[int]: ...
    def mentee_list(self, session_id: int) -> list[tuple[User, Enrollment]]:
        """T3: every mentee with their enrollment, ordered by name."""

    def mentee_rows(self, session_id: int) -> list[tuple[str, str, str, str, str]]:
        """T3 "Download": per mentee (name, designation, organization name, e-mail, enrollment type value),
        in the order of `mentee_list`. Plain tuples: the CSV of 10,000 mentees stays cheap (P3)."""

    def record_join(self, session_id: int, mentee_id: int, now: datetime) -> None: ...


class DuplicateEnrollment(Exception):  # noqa: N818 - the names read as refusals
    """The unique (session, mentee) constraint said no."""


class LeaseLost(Exception):  # noqa: N818
    """S1: another instance took the bulk job over (its lease had run out); this one stops without recording."""


class WaitlistRepository(Protocol):
    """W1: who waits for a seat in which session, first come first served. Callers lock the session row first
    (`enrollments.seat_check`, or `sessions.get(lock=True)`)."""

    def add(self, session_id: int, mentee_id: int, now: datetime) -> int:
        """Put the mentee at the end of the line; their position (1 for the first). Raises DuplicateEnrollment if
        they wait already."""

    def remove(self, session_id: int, mentee_id: int) -> bool: ...
    def take(self, session_id: int, limit: int | None = None) -> list[int]:
        """Take the first `limit` mentees out of the line (everyone when None); their ids, first come first."""

    def position(self, session_id: int, mentee_id: int) -> int | None:
        """1 for the first in line; None when the mentee is not waiting."""

    def count(self, session_id: int) -> int: ...
    def waiting_users(self, session_id: int) -> list[User]:
        """T3: the mentees in line, in order."""


class OptionRepository(Protocol):
    def list(self, kind: OptionKind, *, retired: bool = False) -> list[Option]:
        """Built-in items first in their order, then custom ones by label; retired ones only when asked (R7)."""

    def add(self, option: Option) -> Option:
        """Idempotent: an existing label (case and white space folded) of that kind is returned as it is."""

    def find(self, kind: OptionKind, label: str) -> Option | None:
        """R7: the item of that label (case and white space folded), retired or not."""

    def rename(self, kind: OptionKind, label: str, new_label: str) -> None:
        """R7: the item and every session that has it take the new label."""

    def set_retired(self, kind: OptionKind, label: str, retired: bool) -> None:
        """R7: a retired item stays on the sessions that have it and leaves the pickers."""

    def reset(self, kind: OptionKind, labels: Sequence[str]) -> None:
        """The list becomes `labels`, in this order (the demo replaces a fresh install's starting list)."""


class LoginRepository(Protocol):
    def add(self, login: LoginSession) -> None: ...
    def get(self, token_hash: str) -> LoginSession | None: ...
    def revoke(self, token_hash: str, now: datetime) -> None: ...
    def revoke_all(self, user_id: int, now: datetime) -> list[str]:
        """R5, R6: end every login of the user (a reset password, a deactivated account); the token hashes ended."""


class PasswordTokenRepository(Protocol):
    """R6: set-password links (invitations and resets), stored as SHA-256 hashes."""

    def add(self, token: PasswordToken) -> None: ...
    def get(self, token_hash: str) -> PasswordToken | None: ...
    def use(self, token_hash: str, now: datetime) -> bool:
        """Mark an unused token used, atomically; False when it was already used (a second tab, a replay)."""

    def void_unused(self, user_id: int, now: datetime) -> None:
        """Mark every unused token of the user used: a newer link or a new password makes them worthless."""

    def count_since(self, user_id: int, since: datetime) -> int:
        """How many links were made for the user from `since` on (the rate limit)."""


class DashboardRepository(Protocol):
    def figures(self, chosen: DashboardFilter, period: Period, now: datetime) -> DashboardFigures:
        """D1: aggregates computed by the database."""
        ...

    def session_list(
        self, chosen: DashboardFilter, period: Period, now: datetime, batch: int = 1000
    ) -> Generator[Sequence[SessionListRow], None, None]:
        """D2: the sessions the figures count, by start time, streamed `batch` at a time; their status at `now`.
        Read it to the end or close it before the unit of work ends (the stream may hold the connection)."""
        ...


class CalendarFeedRepository(Protocol):
    """N3: personal calendar feeds, at most one active per user (a unique index on the active ones)."""

    def add(self, feed: CalendarFeed) -> None:
        """Raises SecondActiveFeed if the user has an active feed already (another transaction made one)."""

    def get(self, token_hash: str) -> CalendarFeed | None: ...
    def active_for(self, user_id: int) -> CalendarFeed | None: ...
    def revoke_all(self, user_id: int, now: datetime) -> None:
        """Revoke the user's active feed, if any."""

    def sessions_of(self, user_id: int, since: datetime, limit: int) -> list[MentoringSession]:
        """Not-deleted sessions the user mentors or is enrolled in or invited to, ending at or after `since`;
        soonest first, at most `limit`. Their option lists are not read and stay empty."""


class SecondActiveFeed(Exception):  # noqa: N818 - the names read as refusals
    """The unique index on active calendar feeds said no: a concurrent transaction made one first."""


class NotificationRepository(Protocol):
    def add(
        self, user_id: int, text: str, now: datetime, session_id: int | None = None, notice: Notice | None = None
    ) -> None: ...
    def for_user(self, user_id: int, limit: int = 50) -> list[Notification]:
        """Newest first."""

    def unread_count(self, user_id: int) -> int: ...
    def mark_all_read(self, user_id: int, now: datetime) -> None: ...


@dataclass(frozen=True)
class MailOutcome:
    """N5: what became of one try at an outbox message."""

    message_id: int
    status: MailStatus
    error: str = ''
    retry_at: datetime | None = None


class MailRepository(Protocol):
    """N1, N2, N4, N5: the outbox and each user's mail choices."""

    def add(
        self, user_id: int, kind: MailKind, text: str, now: datetime, session_id: int | None, dedupe_key: str | None
    ) -> bool:
        """Queue one message. With a `dedupe_key` already used, nothing is added (and the transaction goes on):
        False."""

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[OutboxMessage]:
        """Pending messages due at `now` and not leased, oldest first, leased to the caller until `lease_until`.
        PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent instances claim different rows."""

    def record_outcomes(self, outcomes: Sequence[MailOutcome], now: datetime) -> None:
        """Count one try of each message and store its outcome, in one statement; `retry_at` puts a message back
        to pending until then."""

    def recipients(self, user_ids: Sequence[int]) -> dict[int, Recipient]: ...
    def latest(self, limit: int) -> list[OutboxMessage]:
        """The newest messages first, with their recipients' addresses."""

    def counts(self) -> dict[MailStatus, int]: ...
    def set_muted(self, user_id: int, kinds: frozenset[MailKind]) -> None: ...
    def set_time_zone(self, user_id: int, time_zone: str) -> None: ...
    def upcoming_starts(self, start_after: datetime, start_until: datetime) -> list[tuple[int, int, datetime, str]]:
        """(session id, mentor id, start, title) of not-deleted, not-started sessions starting in (after, until]."""


class ImageRepository(Protocol):
    def add(self, image_id: str, owner_id: int, full: bytes, thumbnail: bytes, content_type: str) -> None: ...
    def owner(self, image_id: str) -> int | None:
        """Who uploaded it (None: no such image)."""

    def get(self, image_id: str, *, thumbnail: bool) -> tuple[bytes, str] | None:
        """The bytes and their content type."""

    def delete(self, image_id: str) -> None: ...
    def delete_unused(self, *, uploaded_before: datetime) -> int:
        """Delete the images uploaded before that moment that no session shows; how many."""


class BulkJobRepository(Protocol):
    """B1: bulk upload jobs, the text of their file and the result of each row."""

    def add(self, job: BulkJob, text: str, delimiter: str) -> BulkJob:
        """Store the job with its file's text; returns it with its id."""

    def get(self, job_id: int) -> BulkJob | None: ...
    def upload_text(self, job_id: int) -> tuple[str, str]:
        """The file's text and its cell delimiter."""

    def latest_for(self, owner_id: int, kind: JobKind = JobKind.SESSIONS) -> BulkJob | None: ...
    def record_results(
        self, job_id: int, results: Sequence[RowResult], done_before: int, leased_until: datetime
    ) -> bool:
        """Store the rows' results and count them done, the lease renewed until `leased_until`; True when a cancel
        was requested. Raises LeaseLost, storing nothing, unless the job still stands at `done_before` rows."""

    def claim_stalled(self, now: datetime, leased_until: datetime) -> list[int]:
        """S1: the running jobs whose lease ran out before `now` (their instance stopped), each now leased until
        `leased_until` to the caller; of callers at once, one gets each job."""

    def request_cancel(self, job_id: int) -> None: ...
    def finish(self, job_id: int, status: JobStatus, now: datetime) -> None: ...
    def results(self, job_id: int, offset: int = 0, limit: int | None = None) -> list[RowResult]:
        """The results in row order."""


class FeedbackRepository(Protocol):
    """A1, F1: attendance marks, attendees' answers and the mentor's form, per session."""

    def marks(self, session_id: int) -> dict[int, Attendance]:
        """The marks given, by mentee id."""

    def set_mark(self, session_id: int, mentee_id: int, mark: Attendance, marked_by: int, now: datetime) -> None:
        """Give or change one mentee's mark."""

    def answer(self, session_id: int, user_id: int) -> Feedback | None: ...
    def save_answer(self, answer: Feedback) -> None:
        """Add or replace the person's one answer about the session."""

    def answers(self, session_id: int) -> list[tuple[User, Feedback]]:
        """Every answer about the session with its author, oldest first."""

    def mentor_answer(self, session_id: int) -> MentorFeedback | None: ...
    def save_mentor_answer(self, answer: MentorFeedback) -> None: ...
    def mentor_ratings(self, mentor_id: int) -> RatingSummary:
        """Every rating given to the mentor's sessions (skipped answers not counted)."""


class FormDraftRepository(Protocol):
    """E2: one draft per user, form (a session's id, 0 for a new session) and tab."""

    def get(self, user_id: int, session_key: int, part: DraftPart) -> FormDraft | None: ...
    def put(self, user_id: int, session_key: int, part: DraftPart, draft: FormDraft) -> None: ...
    def delete(self, user_id: int, session_key: int, part: DraftPart) -> None: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the `with` block without `commit()` rolls back.

    Events recorded with `record` are published only after a successful commit.
    """

    # Read-only: an implementation may make each on first use.
    @property
    def users(self) -> UserRepository: ...
    @property
    def sessions(self) -> SessionRepository: ...
    @property
    def enrollments(self) -> EnrollmentRepository: ...
    @property
    def waitlist(self) -> WaitlistRepository: ...
    @property
    def options(self) -> OptionRepository: ...
    @property
    def logins(self) -> LoginRepository: ...
    @property
    def notifications(self) -> NotificationRepository: ...
    @property
    def images(self) -> ImageRepository: ...
    @property
    def mail(self) -> MailRepository: ...
    @property
    def calendar_feeds(self) -> CalendarFeedRepository: ...
    @property
    def password_tokens(self) -> PasswordTokenRepository: ...
    @property
    def bulk_jobs(self) -> BulkJobRepository: ...
    @property
    def dashboard(self) -> DashboardRepository: ...
    @property
    def feedback(self) -> FeedbackRepository: ...
    @property
    def form_drafts(self) -> FormDraftRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def record(self, event: DomainEvent) -> None: ...


class MeetingRooms(Protocol):
    """BigBlueButton, the default platform: rooms on the configured server (absent when not configured)."""

    def open_room(self, session: MentoringSession) -> None:
        """Create the session's room; raises a DomainError when the server refuses or cannot be reached."""

    def join_link(self, session: MentoringSession, user: User, *, moderator: bool) -> str: ...


class MailNotSent(Exception):  # noqa: N818 - reads as the outcome
    """The SMTP server refused a message or could not be reached. `permanent`: trying again will not help."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class PreparedMail:
    """A mail as the server is handed it: the envelope (RFC 5321) and the whole message, built and encoded.
    Prepared apart from handing over, so that the next mail is built while the previous one is on the wire (P8)."""

    mail_from: str
    rcpt_to: str
    data: bytes
    smtputf8: bool  # an address beyond ASCII: the server must offer SMTPUTF8 (RFC 6531)


class MailConnection(Protocol):
    def send(self, mail: PreparedMail) -> None:
        """Hand one message to the server; raises MailNotSent."""


class MailSender(Protocol):
    """N1: the SMTP server (persistence/smtp.py)."""

    def prepare(self, mail: Mail) -> PreparedMail:
        """Check the address, build the MIME message and encode it; raises MailNotSent (permanent) for an address
        that cannot be one. Needs no connection and may run on another thread."""

    def connect(self) -> AbstractContextManager[MailConnection]:
        """One connection for a batch of messages; raises MailNotSent when the server cannot be reached."""


class UnitOfWorkFactory(Protocol):
    """`factory()` → a unit of work that writes; `factory(read_only=True)` → one that only reads."""

    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than today's."""


@dataclass(frozen=True)
class ProcessedImage:
    full: bytes
    thumbnail: bytes
    content_type: str
    width: int
    height: int


class ImageProcessor(Protocol):
    """C2: checks an uploaded picture and makes the stored image and its thumbnail (persistence/images.py).

    The UI runs `process` in a worker process (`run.cpu_bound`), so an implementation must pickle.
    """

    max_upload_bytes: int  # the largest upload accepted

    def check_size(self, size: int) -> None:
        """Raises ImageRejected when an upload of `size` bytes is too big: checked before it is read."""

    def process(self, data: bytes) -> ProcessedImage:
        """Raises ImageRejected for anything but a readable picture of an accepted format and size."""
