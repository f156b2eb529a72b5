"""Rows ⇄ domain entities, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row

from domain import rules
from domain.bulk_jobs import BulkJob, JobKind, JobStatus, Outcome, RowResult
from domain.entities import (
    CalendarFeed,
    Enrollment,
    EnrollmentType,
    LoginSession,
    MailKind,
    MeetingInfo,
    MentoringSession,
    Notice,
    Notification,
    Option,
    OptionKind,
    Platform,
    Role,
    SessionType,
    User,
)
from persistence.tables import (
    BulkJobResultRow,
    BulkJobRow,
    CalendarFeedRow,
    EnrollmentRow,
    LoginRow,
    NotificationRow,
    OptionRow,
    OrganizationRow,
    SessionOptionRow,
    SessionRow,
    UserRow,
)

ROLE_COLUMNS = {
    Role.MENTEE: 'is_mentee',
    Role.MENTOR: 'is_mentor',
    Role.SESSION_MANAGER: 'is_session_manager',
    Role.ORG_ADMIN: 'is_org_admin',
}

SessionOptions = dict[OptionKind, tuple[str, ...]]


def row_id(
    row: BulkJobRow | OrganizationRow | UserRow | SessionRow | NotificationRow | OptionRow | EnrollmentRow,
) -> int:
    """The primary key of a flushed row."""
    if row.id is None:
        raise RuntimeError(f'{type(row).__name__} has no id: it was not flushed')
    return row.id


def user_from_row(row: UserRow, organization_name: str) -> User:
    roles = frozenset(role for role, column in ROLE_COLUMNS.items() if getattr(row, column))
    return User(
        id=row_id(row),
        name=row.name,
        email=row.email,
        organization_id=row.organization_id,
        organization_name=organization_name,
        designation=row.designation,
        roles=roles,
        active=row.is_active,
    )


def session_from_row(row: SessionRow | Row[Any], options: SessionOptions) -> MentoringSession:
    """From an ORM row, or from a Core row of the sessions table's columns (the same names, no ORM cost)."""
    return MentoringSession(
        id=row_id(row) if isinstance(row, SessionRow) else row.id,
        title=row.title,
        description=row.description,
        session_type=SessionType(row.session_type),
        mentor_id=row.mentor_id,
        creator_id=row.creator_id,
        start_at=row.start_at,
        end_at=row.end_at,
        time_zone=row.time_zone,
        seat_limit=row.seat_limit,
        recommended_for=options.get(OptionKind.RECOMMENDED_FOR, ()),
        categories=options.get(OptionKind.CATEGORIES, ()),
        medium=options.get(OptionKind.MEDIUM, ()),
        meeting=MeetingInfo(
            platform=Platform(row.platform),
            link=row.meeting_link,
            meeting_id=row.meeting_id,
            passcode=row.meeting_passcode,
        ),
        image_id=row.image_id,
        created_at=row.created_at,
        started_at=row.started_at,
        completed_at=row.completed_at,
        deleted_at=row.deleted_at,
        starting_soon_sent_at=row.starting_soon_sent_at,
        calendar_sequence=row.calendar_sequence,
        details_version=row.details_version,
    )


def session_values(session: MentoringSession) -> dict[str, Any]:
    """Every stored column of the entity but the id (option lists are rows of their own)."""
    return {
        'title': session.title,
        'search_title': rules.folded(session.title),
        'description': session.description,
        'session_type': session.session_type.value,
        'mentor_id': session.mentor_id,
        'creator_id': session.creator_id,
        'start_at': session.start_at,
        'end_at': session.end_at,
        'time_zone': session.time_zone,
        'seat_limit': session.seat_limit,
        'platform': session.meeting.platform.value,
        'meeting_link': session.meeting.link,
        'meeting_id': session.meeting.meeting_id,
        'meeting_passcode': session.meeting.passcode,
        'image_id': session.image_id,
        'created_at': session.created_at or datetime.now(UTC),
        'started_at': session.started_at,
        'completed_at': session.completed_at,
        'deleted_at': session.deleted_at,
        'starting_soon_sent_at': session.starting_soon_sent_at,
        'calendar_sequence': session.calendar_sequence,
        'details_version': session.details_version,
    }


def session_option_lists(session: MentoringSession) -> SessionOptions:
    return {
        OptionKind.RECOMMENDED_FOR: session.recommended_for,
        OptionKind.CATEGORIES: session.categories,
        OptionKind.MEDIUM: session.medium,
    }


def session_option_rows(session_id: int, session: MentoringSession) -> list[SessionOptionRow]:
    return [
        SessionOptionRow(session_id=session_id, kind=kind.value, label=label, position=position)
        for kind, labels in session_option_lists(session).items()
        for position, label in enumerate(labels)
    ]


def group_session_options(rows: Iterable[SessionOptionRow | Row[Any]]) -> dict[int, SessionOptions]:
    """Option rows of several sessions (ordered by position) → per session, per kind, the labels."""
    grouped: dict[int, dict[OptionKind, list[str]]] = {}
    for row in rows:
        grouped.setdefault(row.session_id, {}).setdefault(OptionKind(row.kind), []).append(row.label)
    return {sid: {kind: tuple(labels) for kind, labels in lists.items()} for sid, lists in grouped.items()}


def enrollment_from_row(row: EnrollmentRow) -> Enrollment:
    return Enrollment(
        session_id=row.session_id,
        mentee_id=row.mentee_id,
        enrollment_type=EnrollmentType(row.enrollment_type),
        created_at=row.created_at,
        joined_at=row.joined_at,
    )


def option_from_row(row: OptionRow) -> Option:
    return Option(kind=OptionKind(row.kind), label=row.label, custom=row.custom, retired=row.retired)


def login_from_row(row: LoginRow) -> LoginSession:
    return LoginSession(
        token_hash=row.token_hash,
        user_id=row.user_id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        time_zone=row.time_zone,
        revoked_at=row.revoked_at,
    )


def login_to_row(login: LoginSession) -> LoginRow:
    return LoginRow(
        token_hash=login.token_hash,
        user_id=login.user_id,
        created_at=login.created_at,
        expires_at=login.expires_at,
        time_zone=login.time_zone,
        revoked_at=login.revoked_at,
    )


def notification_from_row(row: NotificationRow) -> Notification:
    return Notification(
        id=row_id(row),
        user_id=row.user_id,
        text=row.text,
        created_at=row.created_at,
        session_id=row.session_id,
        read_at=row.read_at,
        notice=_notice(row),
    )


def _notice(row: NotificationRow) -> Notice | None:
    if row.kind is None or row.title is None or row.starts_at is None or row.kind not in _MAIL_KINDS:
        return None
    return Notice(MailKind(row.kind), row.title, row.starts_at)


_MAIL_KINDS = frozenset(kind.value for kind in MailKind)


def calendar_feed_from_row(row: CalendarFeedRow) -> CalendarFeed:
    return CalendarFeed(row.token_hash, row.user_id, row.created_at, row.revoked_at)


def calendar_feed_to_row(feed: CalendarFeed) -> CalendarFeedRow:
    return CalendarFeedRow(
        token_hash=feed.token_hash, user_id=feed.user_id, created_at=feed.created_at, revoked_at=feed.revoked_at
    )


def bulk_job_from_row(row: BulkJobRow) -> BulkJob:
    return BulkJob(
        id=row_id(row),
        owner_id=row.owner_id,
        file_name=row.file_name,
        time_zone=row.time_zone,
        total_rows=row.total_rows,
        done_rows=row.done_rows,
        status=JobStatus(row.status),
        created_at=row.created_at,
        cancel_requested=row.cancel_requested,
        finished_at=row.finished_at,
        kind=JobKind(row.kind),
        leased_until=row.leased_until,
    )


def row_result_from_row(row: BulkJobResultRow) -> RowResult:
    return RowResult(row.row, row.action, row.session_id, Outcome(row.outcome), row.message)


def row_result_to_row(job_id: int, result: RowResult) -> BulkJobResultRow:
    return BulkJobResultRow(
        job_id=job_id,
        row=result.row,
        action=result.action[:20],
        session_id=result.session_id,
        outcome=result.outcome.value,
        message=result.message,
    )
