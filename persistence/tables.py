"""The database tables. Rows are converted to domain entities in `persistence/mapping.py` only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# Named constraints: migrations (and SQLite batch migrations in particular) can then refer to them.
SQLModel.metadata.naming_convention = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}


# Indexes that migrations make on SQLite only, outside these tables (so that PostgreSQL has none of them): D2's
# covering index of the session list (migration 0016, P9). Comparisons of the tables with a database skip them.
SQLITE_ONLY_INDEXES = frozenset({'ix_sessions_d2_session_list'})


def in_these_tables(item: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's `include_object`: whether a schema item found in a database is one these tables describe."""
    return not (type_ == 'index' and name in SQLITE_ONLY_INDEXES)


class OrganizationRow(SQLModel, table=True):
    __tablename__ = 'organizations'

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255, unique=True)


class UserRow(SQLModel, table=True):
    __tablename__ = 'users'

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255)
    email: str = Field(max_length=320)
    # lower(email): the unique key that makes sign-in and sign-up case-insensitive.
    email_key: str = Field(max_length=320, unique=True)
    organization_id: int = Field(foreign_key='organizations.id', index=True)
    designation: str = Field(max_length=255)
    is_mentee: bool = False
    is_mentor: bool = False
    is_session_manager: bool = False
    is_org_admin: bool = False
    password_hash: str = Field(max_length=255)
    failed_sign_ins: int = 0
    last_failed_sign_in_at: datetime | None = None
    # N1: the zone of the user's latest sign-in, named in their mails; N4: the kinds of mail they turned off.
    time_zone: str = Field(default='UTC', max_length=64, sa_column_kwargs={'server_default': 'UTC'})
    muted_mail: str = Field(default='', max_length=512, sa_column_kwargs={'server_default': ''})
    # R5: a deactivated user cannot sign in. The index serves the People filter and the last-admin check.
    is_active: bool = Field(default=True, index=True, sa_column_kwargs={'server_default': text('true')})
    # C5, C6, R5: name and e-mail address as search compares them (rules.folded; migration 0013).
    search_name: str = Field(default='', sa_column=Column(Text, nullable=False, server_default=''))
    search_email: str = Field(default='', sa_column=Column(Text, nullable=False, server_default=''))


class PasswordTokenRow(SQLModel, table=True):
    """R6: a single-use set-password link (invitation or reset); only the token's SHA-256 is stored."""

    __tablename__ = 'password_tokens'

    token_hash: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    purpose: str = Field(max_length=16)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class ImageRow(SQLModel, table=True):
    """Images live in the database so that every app instance can serve them."""

    __tablename__ = 'images'

    id: str = Field(max_length=64, primary_key=True)
    owner_id: int = Field(foreign_key='users.id', index=True)
    full: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    content_type: str = Field(max_length=64)
    created_at: datetime


CREATED_FOR_OTHERS = 'creator_id <> mentor_id'


class SessionRow(SQLModel, table=True):
    __tablename__ = 'sessions'
    # T1's lists (P1): "upcoming and live" walks (mentor, completed_at NULL) by start time; "completed" walks
    # (mentor, start time) backwards; what a user created for other mentors has its own, partial, index.
    __table_args__ = (
        Index('ix_sessions_mentor_id_start_at', 'mentor_id', 'start_at'),
        Index('ix_sessions_mentor_id_completed_at_start_at', 'mentor_id', 'completed_at', 'start_at'),
        Index(
            'ix_sessions_creator_id_start_at_for_others',
            'creator_id',
            'start_at',
            sqlite_where=text(CREATED_FOR_OTHERS),
            postgresql_where=text(CREATED_FOR_OTHERS),
        ),
        Index('ix_sessions_start_at', 'start_at'),
        # D1's aggregates (migration 0007): created and deleted in a period.
        Index('ix_sessions_created_at', 'created_at'),
        Index('ix_sessions_deleted_at', 'deleted_at'),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=255)
    description: str = Field(sa_column=Column(Text, nullable=False))
    session_type: str = Field(max_length=16)
    mentor_id: int = Field(foreign_key='users.id')
    creator_id: int = Field(foreign_key='users.id')
    start_at: datetime
    end_at: datetime
    time_zone: str = Field(max_length=64)
    seat_limit: int
    platform: str = Field(max_length=32)
    meeting_link: str = Field(default='', max_length=2048)
    meeting_id: str = Field(default='', max_length=32)
    meeting_passcode: str = Field(default='', max_length=64)
    image_id: str | None = Field(
        default=None,
        sa_column=Column(String(64), ForeignKey('images.id', ondelete='SET NULL'), nullable=True, index=True),
    )
    created_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None
    deleted_at: datetime | None = None
    starting_soon_sent_at: datetime | None = None
    # Enrolled plus invited mentees (M1). Kept by the database's triggers on `enrollments` (migration 0003), so
    # that the locked session row tells the seats taken (P4); the app never writes it.
    seats_taken: int = Field(default=0, sa_column_kwargs={'server_default': text('0')})
    # N3: the SEQUENCE of the session's calendar files; the services raise it on each change a calendar shows.
    calendar_sequence: int = Field(default=0, sa_column_kwargs={'server_default': text('0')})
    # U1: raised by every save of the details; a save opened on an older version is refused.
    details_version: int = Field(default=0, sa_column_kwargs={'server_default': text('0')})
    # M1: the title as search compares it (rules.folded; migration 0013).
    search_title: str = Field(default='', sa_column=Column(Text, nullable=False, server_default=''))


class SessionOptionRow(SQLModel, table=True):
    """One chosen item of a session's Recommended for / Categories / Medium list."""

    __tablename__ = 'session_options'
    # The unique triple also serves the lookups by session (its leading column).
    # D1 (migration 0007): the category and medium filters and the busiest categories walk (kind, label).
    __table_args__ = (
        UniqueConstraint('session_id', 'kind', 'position'),
        Index('ix_session_options_kind_label_session_id', 'kind', 'label', 'session_id'),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(Integer, ForeignKey('sessions.id', ondelete='CASCADE'), nullable=False))
    kind: str = Field(max_length=32)
    label: str = Field(max_length=255)
    position: int


class EnrollmentRow(SQLModel, table=True):
    __tablename__ = 'enrollments'
    # The unique pair also serves lookups and counts by session (its leading column).
    __table_args__ = (UniqueConstraint('session_id', 'mentee_id'),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(Integer, ForeignKey('sessions.id', ondelete='CASCADE'), nullable=False))
    mentee_id: int = Field(foreign_key='users.id', index=True)
    enrollment_type: str = Field(max_length=16)
    created_at: datetime
    joined_at: datetime | None = None


class WaitlistRow(SQLModel, table=True):
    """W1: a mentee waiting for a seat; the id orders the line (first come first served)."""

    __tablename__ = 'waitlist'
    # The unique pair also serves the line of a session (its leading column).
    __table_args__ = (UniqueConstraint('session_id', 'mentee_id'),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(Integer, ForeignKey('sessions.id', ondelete='CASCADE'), nullable=False))
    mentee_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime


class OptionRow(SQLModel, table=True):
    """The catalogue of items offered in the three "+Select …" windows, built-in and custom."""

    __tablename__ = 'options'
    __table_args__ = (UniqueConstraint('kind', 'label_key'),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    label: str = Field(max_length=255)
    label_key: str = Field(max_length=255)  # lower(label): one item per spelling, whatever the case
    custom: bool = False
    position: int = 0
    # R7 (migration 0014): retired by an org admin: kept on the sessions that have it, offered in no picker.
    retired: bool = Field(default=False, sa_column_kwargs={'server_default': text('false')})


class LoginRow(SQLModel, table=True):
    __tablename__ = 'logins'

    token_hash: str = Field(max_length=128, primary_key=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime
    expires_at: datetime
    time_zone: str = Field(default='UTC', max_length=64)
    revoked_at: datetime | None = None


class NotificationRow(SQLModel, table=True):
    __tablename__ = 'notifications'
    __table_args__ = (Index('ix_notifications_user_id_created_at', 'user_id', 'created_at'),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key='users.id')
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    session_id: int | None = Field(default=None, foreign_key='sessions.id')
    read_at: datetime | None = None
    # E3: the notice as data (domain Notice); None on notices stored before, which keep their text.
    kind: str | None = Field(default=None, max_length=32)
    title: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    starts_at: datetime | None = None


DUE_MAIL = "status = 'pending'"


class OutboxRow(SQLModel, table=True):
    """N5: one e-mail, written in the transaction of the change that causes it; the sender records its fate."""

    __tablename__ = 'outbox'
    __table_args__ = (
        # The sender's claim walks the pending rows by due time; sent ones leave the index.
        Index(
            'ix_outbox_due',
            'next_attempt_at',
            'id',
            sqlite_where=text(DUE_MAIL),
            postgresql_where=text(DUE_MAIL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key='users.id')  # not indexed (migration 0018): no query looks a user's mail up
    kind: str = Field(max_length=32)
    session_id: int | None = Field(default=None, foreign_key='sessions.id')
    text: str = Field(sa_column=Column(Text, nullable=False))
    # A reminder's key (session, person, offset, start): unique, so it is queued once by whichever instance.
    dedupe_key: str | None = Field(default=None, max_length=128, unique=True)
    created_at: datetime
    status: str = Field(max_length=16)
    tries: int = 0
    next_attempt_at: datetime
    leased_until: datetime | None = None
    last_error: str = Field(default='', sa_column=Column(Text, nullable=False, server_default=''))
    sent_at: datetime | None = None


ACTIVE_FEED = 'revoked_at IS NULL'


class CalendarFeedRow(SQLModel, table=True):
    """N3: a personal calendar feed address. Only the token's SHA-256 is stored; at most one active per user."""

    __tablename__ = 'calendar_feeds'
    __table_args__ = (
        Index(
            'ix_calendar_feeds_user_id_active',
            'user_id',
            unique=True,
            sqlite_where=text(ACTIVE_FEED),
            postgresql_where=text(ACTIVE_FEED),
        ),
    )

    token_hash: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key='users.id', index=True)
    created_at: datetime
    revoked_at: datetime | None = None


RUNNING_JOB = "status = 'Running'"


class BulkJobRow(SQLModel, table=True):
    """B1: a bulk upload and how far its rows got (the file's text is in `bulk_job_files`)."""

    __tablename__ = 'bulk_jobs'
    # S1: every instance looks for running jobs whose lease ran out; finished ones leave the index.
    __table_args__ = (
        Index('ix_bulk_jobs_lease', 'leased_until', sqlite_where=text(RUNNING_JOB), postgresql_where=text(RUNNING_JOB)),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key='users.id', index=True)
    file_name: str = Field(max_length=200)
    time_zone: str = Field(max_length=64)
    total_rows: int
    done_rows: int = 0
    status: str = Field(max_length=20)
    cancel_requested: bool = False
    created_at: datetime
    finished_at: datetime | None = None
    # R5 (migration 0014): what the rows are, sessions or people; each kind has its own page and latest job.
    kind: str = Field(default='sessions', max_length=16, sa_column_kwargs={'server_default': 'sessions'})
    # S1 (migration 0017): until when the instance running the job holds it.
    leased_until: datetime | None = None


class BulkJobFileRow(SQLModel, table=True):
    """B1: the text of an uploaded file (at most 5 MB), apart from its job: the job's row is updated as rows
    are done, and rewriting a row rewrites all of it."""

    __tablename__ = 'bulk_job_files'

    job_id: int = Field(foreign_key='bulk_jobs.id', primary_key=True)
    delimiter: str = Field(max_length=1)
    content: str = Field(sa_column=Column(Text, nullable=False))


class BulkJobResultRow(SQLModel, table=True):
    """B1: the fate of one row of a bulk upload."""

    __tablename__ = 'bulk_job_results'

    job_id: int = Field(foreign_key='bulk_jobs.id', primary_key=True)
    row: int = Field(primary_key=True)
    action: str = Field(max_length=20)
    session_id: int | None = None
    outcome: str = Field(max_length=20)
    message: str = Field(sa_column=Column(Text, nullable=False))


# --- A1, F1: after the session (migration 0012) ---------------------------------------------------------------


class AttendanceMarkRow(SQLModel, table=True):
    """A1: the mentor's or a session manager's mark for one enrolled or invited mentee: attended or no-show."""

    __tablename__ = 'attendance_marks'
    __table_args__ = (UniqueConstraint('session_id', 'mentee_id'),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(Integer, ForeignKey('sessions.id', ondelete='CASCADE'), nullable=False))
    mentee_id: int = Field(foreign_key='users.id')
    mark: str = Field(max_length=16)
    marked_by: int = Field(foreign_key='users.id')
    marked_at: datetime


class FeedbackRow(SQLModel, table=True):
    """F1: one attendee's answer about one session (rating None: skipped); one row per person per session."""

    __tablename__ = 'session_feedback'
    __table_args__ = (UniqueConstraint('session_id', 'user_id'),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(Integer, ForeignKey('sessions.id', ondelete='CASCADE'), nullable=False))
    user_id: int = Field(foreign_key='users.id', index=True)
    rating: int | None = None
    went_well: str = Field(default='', sa_column=Column(Text, nullable=False))
    could_be_better: str = Field(default='', sa_column=Column(Text, nullable=False))
    answered_at: datetime


class MentorFeedbackRow(SQLModel, table=True):
    """F1: the mentor's short form about their session."""

    __tablename__ = 'mentor_feedback'

    session_id: int = Field(
        sa_column=Column(Integer, ForeignKey('sessions.id', ondelete='CASCADE'), primary_key=True, nullable=False)
    )
    mentor_id: int = Field(foreign_key='users.id')
    engagement: int
    notes: str = Field(default='', sa_column=Column(Text, nullable=False))
    answered_at: datetime


class FormDraftRow(SQLModel, table=True):
    """E2 (migration 0015): what a user typed into one tab of a session form and has not saved yet; session_key
    is the session's id, 0 for the "Create a new session" form. `content`: the boxes as JSON."""

    __tablename__ = 'form_drafts'

    user_id: int = Field(foreign_key='users.id', primary_key=True)
    session_key: int = Field(primary_key=True)
    part: str = Field(max_length=16, primary_key=True)
    content: str = Field(sa_column=Column(Text, nullable=False))
    version: int | None = None
    saved_at: datetime
