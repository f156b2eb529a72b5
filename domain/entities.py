"""The things the product talks about, as plain immutable values."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar('T')


class Role(enum.StrEnum):
    MENTEE = 'mentee'
    MENTOR = 'mentor'
    SESSION_MANAGER = 'session manager'
    ORG_ADMIN = 'org admin'


class SessionType(enum.StrEnum):
    PUBLIC = 'Public'
    PRIVATE = 'Private'


SESSION_TYPE_HELP = {
    SessionType.PUBLIC: 'Discoverable. Mentees can enroll and attend',
    SessionType.PRIVATE: 'Non-discoverable. Invited mentees can attend',
}


class SessionStatus(enum.StrEnum):
    UPCOMING = 'Upcoming'
    LIVE = 'Live'
    COMPLETED = 'Completed'


class Platform(enum.StrEnum):
    BIGBLUEBUTTON = 'BigBlueButton'
    GOOGLE_MEET = 'Google Meet'
    WHATSAPP = 'WhatsApp'
    ZOOM = 'Zoom'


class EnrollmentType(enum.StrEnum):
    ENROLLED = 'Enrolled'
    INVITED = 'Invited'


class OptionKind(enum.StrEnum):
    RECOMMENDED_FOR = 'Recommended for'
    CATEGORIES = 'Categories'
    MEDIUM = 'Medium'


@dataclass(frozen=True)
class Organization:
    id: int
    name: str


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str
    organization_id: int
    organization_name: str
    designation: str
    roles: frozenset[Role]
    active: bool = True  # R5: a deactivated user cannot sign in and their logins end

    @property
    def is_session_manager(self) -> bool:
        return Role.SESSION_MANAGER in self.roles

    @property
    def is_mentor(self) -> bool:
        return Role.MENTOR in self.roles or self.is_session_manager

    @property
    def is_mentee(self) -> bool:
        return Role.MENTEE in self.roles

    @property
    def is_org_admin(self) -> bool:
        return Role.ORG_ADMIN in self.roles

    @property
    def role_label(self) -> str:
        """The single role name shown in the header: the most privileged one."""
        for role in (Role.ORG_ADMIN, Role.SESSION_MANAGER, Role.MENTOR, Role.MENTEE):
            if role in self.roles:
                return role.value
        return ''


@dataclass(frozen=True)
class MeetingInfo:
    platform: Platform = Platform.BIGBLUEBUTTON
    link: str = ''
    meeting_id: str = ''
    passcode: str = ''


@dataclass(frozen=True)
class SessionDraft:
    """What a mentor types on the "Edit session" tab, before any rule has looked at it."""

    title: str
    description: str
    start_at: datetime | None  # None: not chosen (or not readable), refused with the other problems
    end_at: datetime | None
    time_zone: str
    recommended_for: tuple[str, ...]
    categories: tuple[str, ...]
    medium: tuple[str, ...]
    session_type: SessionType = SessionType.PUBLIC
    mentor_id: int | None = None
    seat_limit: int | None = None
    image_id: str | None = None
    # The session's whole mentee list as a session manager wants it; None leaves it as it is.
    mentee_ids: tuple[int, ...] | None = None
    # U1: the session's details_version the form was opened on; None: saved without that check.
    version: int | None = None


@dataclass(frozen=True)
class MentoringSession:
    id: int
    title: str
    description: str
    session_type: SessionType
    mentor_id: int
    creator_id: int
    start_at: datetime
    end_at: datetime
    time_zone: str
    seat_limit: int
    recommended_for: tuple[str, ...]
    categories: tuple[str, ...]
    medium: tuple[str, ...]
    meeting: MeetingInfo = field(default_factory=MeetingInfo)
    image_id: str | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    deleted_at: datetime | None = None
    starting_soon_sent_at: datetime | None = None
    # N3: the SEQUENCE of its calendar files, raised on every change a calendar shows (domain/calendar.py).
    calendar_sequence: int = 0
    # U1: raised by every save of the details; a form saves only over the version it was opened on.
    details_version: int = 0


@dataclass(frozen=True)
class Enrollment:
    session_id: int
    mentee_id: int
    enrollment_type: EnrollmentType
    created_at: datetime
    joined_at: datetime | None = None


@dataclass(frozen=True)
class MenteeListEntry:
    """One row of the Mentee list window and of its CSV."""

    mentee: User
    enrollment_type: EnrollmentType
    joined_at: datetime | None = None


@dataclass(frozen=True)
class SessionSummary:
    """A session together with the figures a tile shows."""

    session: MentoringSession
    mentor_name: str
    mentee_count: int

    @property
    def seats_left(self) -> int:
        return max(0, self.session.seat_limit - self.mentee_count)


@dataclass(frozen=True)
class SessionView:
    """The Session Details page for one viewer: what they may see and do.

    `meeting` is None unless the viewer manages the session or is its mentee while it is Live (M2):
    the link is not sent to a browser that may not use it.
    """

    summary: SessionSummary
    mentor: User
    status: SessionStatus
    viewer_enrollment: EnrollmentType | None
    meeting: MeetingInfo | None
    may_manage: bool
    may_edit_details: bool
    may_edit_meeting: bool
    may_start: bool
    may_end: bool
    may_delete: bool
    may_enroll: bool
    may_unenroll: bool
    may_join: bool
    waitlist_position: int | None = None  # W1: the viewer's place in line, 1 first; None when not waiting
    waitlist_size: int = 0
    may_join_waitlist: bool = False  # W1: offered instead of "Enroll" while the session is full
    says_seats_full: bool = False  # M1: "session seats full" where "Enroll" would be (not in it; not completed)


@dataclass(frozen=True)
class Option:
    kind: OptionKind
    label: str
    custom: bool = False
    retired: bool = False  # R7: kept on the sessions that have it, offered in no picker


@dataclass(frozen=True)
class LoginSession:
    token_hash: str
    user_id: int
    created_at: datetime
    expires_at: datetime
    time_zone: str = 'UTC'
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class CalendarFeed:
    """N3: a personal calendar feed address. Only the token's SHA-256 is kept; revoked ones stay, revoked."""

    token_hash: str
    user_id: int
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class Notice:
    """E3: what a notice is about, as data, so that each reader sees its time in their own zone
    (domain/notices.py words it)."""

    kind: MailKind
    title: str
    starts_at: datetime


@dataclass(frozen=True)
class Notification:
    id: int
    user_id: int
    text: str  # the notice worded in UTC; the only words of notices stored before they were kept as data
    created_at: datetime
    session_id: int | None = None
    read_at: datetime | None = None
    notice: Notice | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list: the items, and how many there are in all."""

    items: tuple[T, ...]
    total: int
    page: int
    per_page: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.per_page))


class MailKind(enum.StrEnum):
    """N1, N2, N4: what an e-mail is about; each user chooses which kinds they get."""

    INVITED = 'invited'
    REMOVED = 'removed'
    ENROLLED = 'enrolled'
    UNENROLLED = 'unenrolled'
    MENTOR_ASSIGNED = 'mentor assigned'
    MENTOR_REPLACED = 'mentor replaced'  # U1: a session manager gave the session another mentor
    RESCHEDULED = 'rescheduled'
    EDITED = 'edited'
    MEETING = 'meeting link'
    CANCELLED = 'cancelled'
    LIVE = 'live'
    REMINDER = 'reminder'
    FEEDBACK = 'feedback'  # F1: "How was <title>?" after the session
    ACCOUNT = 'account'  # R6: invitations to the app and password resets (always sent: see domain/mail.py)


class MailStatus(enum.StrEnum):
    """N5: where an outbox message stands."""

    PENDING = 'pending'  # waits for its (next) try, or for an SMTP server to be configured
    SENT = 'sent'
    FAILED = 'failed'  # the server refused it for good, or the tries ran out
    SKIPPED = 'skipped'  # the recipient turned this kind off, or the reminder's session is gone


@dataclass(frozen=True)
class OutboxMessage:
    """N5: one e-mail, written in the same transaction as the change that causes it."""

    id: int
    user_id: int
    kind: MailKind
    session_id: int | None
    text: str  # the notice as the inbox words it
    created_at: datetime
    status: MailStatus = MailStatus.PENDING
    tries: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ''
    sent_at: datetime | None = None
    recipient: str = ''  # the recipient's e-mail address, for the Outbox page


@dataclass(frozen=True)
class Recipient:
    """What a mail needs to know about the person it goes to."""

    id: int
    name: str
    email: str
    time_zone: str
    muted: frozenset[MailKind]


class TokenPurpose(enum.StrEnum):
    """R6: why a set-password link was made."""

    INVITATION = 'invitation'
    RESET = 'reset'


@dataclass(frozen=True)
class PasswordToken:
    """R6: a single-use set-password link; only its SHA-256 is stored."""

    token_hash: str
    user_id: int
    purpose: TokenPurpose
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
