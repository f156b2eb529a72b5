"""Who takes a seat in a session: enrollment by mentees, joining (M1, M2). Session managers invite and remove
mentees through the edit (authoring.edit_details, U1)."""

from __future__ import annotations

from datetime import datetime

from domain import rules
from domain.entities import (
    Enrollment,
    EnrollmentType,
    MailKind,
    MeetingInfo,
    Platform,
    SessionStatus,
    SessionType,
    User,
)
from domain.errors import AlreadyDone, NotFound, PermissionDenied, WrongState
from domain.ports import DuplicateEnrollment, MeetingRooms, RosterChange, SessionChanged, UnitOfWork
from domain.services._shared import bigbluebutton, queue_mail, visible_session

ALREADY_IN = 'You are already in this session.'


def enroll(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    """M1: a mentee takes a seat in a Public session that has not ended; "session seats full" when none is left.

    The session row is locked before the seats are counted, so two mentees cannot take the last seat.
    One locked seat check and one plain insert (P4): everything the rules need comes with the seat check.
    """
    with uow:
        if not actor.is_mentee:
            raise PermissionDenied('Only mentees can enroll in sessions.')
        if not rules.valid_id(session_id):
            raise NotFound()
        check = uow.enrollments.seat_check(session_id, actor.id)
        if check is None or not rules.may_see_session(actor, check.session, check.mentee_is_in):
            raise NotFound()  # the same answer as visible_session gives
        session = check.session
        if check.mentee_is_in:
            raise AlreadyDone(ALREADY_IN)
        if session.session_type is not SessionType.PUBLIC:
            raise PermissionDenied('Only invited mentees can attend a Private session.')
        if actor.id == session.mentor_id:
            raise PermissionDenied('You are the mentor of this session.')
        if not rules.enrollment_open(session, now):
            raise WrongState('This session has ended.')
        rules.check_seat_available(check.seats_taken, session.seat_limit)
        try:
            uow.enrollments.add(Enrollment(session.id, actor.id, EnrollmentType.ENROLLED, now))
        except DuplicateEnrollment:
            raise AlreadyDone(ALREADY_IN) from None
        queue_mail(uow, [actor.id], MailKind.ENROLLED, f'You enrolled in {session.title}.', now, session.id)
        uow.record(SessionChanged(session.id, RosterChange(actor.id, EnrollmentType.ENROLLED, check.seats_taken + 1)))
        uow.commit()


def unenroll(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    """M1: a mentee who enrolled gives the seat back, until 10 minutes before the start."""
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        enrollment = uow.enrollments.get(session.id, actor.id)
        if enrollment is None:
            raise AlreadyDone('You are not enrolled in this session.')
        if enrollment.enrollment_type is EnrollmentType.INVITED:
            raise WrongState('You were invited to this session; ask the session manager to remove you.')
        rules.check_unenroll_allowed(session, now)
        uow.enrollments.remove(session.id, actor.id)
        queue_mail(uow, [actor.id], MailKind.UNENROLLED, f'You left {session.title}.', now, session.id)
        uow.record(SessionChanged(session.id, RosterChange(actor.id, None, uow.enrollments.seats_taken(session.id))))
        uow.commit()


def join_session(
    uow: UnitOfWork, actor: User, session_id: int, now: datetime, rooms: MeetingRooms | None = None
) -> MeetingInfo:
    """M2: the meeting information for the session's mentor and mentees while it is Live; records a mentee's join.

    On BigBlueButton the link is a signed join URL: moderator for the mentor, attendee for mentees.
    """
    with uow:
        session = visible_session(uow, actor, session_id)
        enrollment = uow.enrollments.get(session.id, actor.id)
        if enrollment is None and actor.id != session.mentor_id:
            raise PermissionDenied('Only the mentor and the mentees of this session can join it.')
        status = rules.status_at(session, now)
        if status is SessionStatus.COMPLETED:
            raise WrongState('This session has ended.')
        if status is SessionStatus.UPCOMING:
            raise WrongState('You can join once the mentor has started the session.')
        meeting = session.meeting
        if meeting.platform is Platform.BIGBLUEBUTTON:
            link = bigbluebutton(rooms).join_link(session, actor, moderator=actor.id == session.mentor_id)
            meeting = MeetingInfo(Platform.BIGBLUEBUTTON, link=link)
        if enrollment is not None and enrollment.joined_at is None:
            uow.enrollments.record_join(session.id, actor.id, now)
            uow.record(SessionChanged(session.id))
        uow.commit()
        return meeting
