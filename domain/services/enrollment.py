"""Who takes a seat in a session: enrollment by mentees, the waitlist, joining (M1, W1, M2). Session managers
invite and remove mentees through the edit (authoring.edit_details, U1)."""

from __future__ import annotations

from datetime import datetime

from domain import rules
from domain.entities import (
    Enrollment,
    EnrollmentType,
    MailKind,
    MeetingInfo,
    MentoringSession,
    Platform,
    SessionStatus,
    SessionType,
    User,
)
from domain.errors import AlreadyDone, DomainError, NotFound, PermissionDenied, TryAgain, WrongState
from domain.ports import (
    DuplicateEnrollment,
    MailToQueue,
    MeetingRooms,
    OutboxChanged,
    RosterChange,
    SeatCheck,
    SessionChanged,
    UnitOfWork,
)
from domain.services._shared import bigbluebutton, notify, queue_mail, visible_session, when

ALREADY_IN = 'You are already in this session.'
# How often `enroll` reads and decides again when the session changed between its read and its write.
ENROLL_TRIES = 5


def enroll(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    """M1: a mentee takes a seat in a Public session that has not ended; "session seats full" when none is left.

    The seats are read without a lock, and the seat is taken by one write that the database carries out only if
    a seat is still free and the session unchanged; if not, it is read and decided again. So two mentees cannot
    take the last seat, and enrollments into one session do not wait for each other (P4). The first try may
    decide on the app instance's last read of the session (the write verifies it; a refusal is decided again on
    a fresh read), which spares enrolling into a session many are enrolling into a round trip.
    """
    with uow:
        if not actor.is_mentee:
            raise PermissionDenied('Only mentees can enroll in sessions.')
        if not rules.valid_id(session_id):
            raise NotFound()
        for attempt in range(ENROLL_TRIES):
            taken = _take_seat(uow, actor, session_id, now, recent=attempt == 0)
            if taken is not None:
                break
        else:
            raise TryAgain()  # the session changed under every try: another moment will do
        uow.record(OutboxChanged())
        uow.record(SessionChanged(session_id, RosterChange(actor.id, EnrollmentType.ENROLLED, taken)))
        uow.commit()


def _take_seat(uow: UnitOfWork, actor: User, session_id: int, now: datetime, *, recent: bool) -> int | None:
    """One try of `enroll`: the seats taken after it, or None if the session filled or changed since it was read
    (or a remembered read, `recent`, would refuse: then it is read and decided again)."""
    check = uow.enrollments.seat_check(session_id, actor.id, lock=False, recent=recent)
    if check is None:
        raise NotFound()
    try:
        mail = _enrollment_mail(check, actor, now)
    except DomainError:
        if check.remembered:
            return None
        raise
    enrollment = Enrollment(check.session.id, actor.id, EnrollmentType.ENROLLED, now)
    try:
        return uow.enrollments.take_seat(enrollment, mail, check)
    except DuplicateEnrollment:
        raise AlreadyDone(ALREADY_IN) from None


def _enrollment_mail(check: SeatCheck, actor: User, now: datetime) -> MailToQueue:
    """M1's rules for a mentee taking a seat: the e-mail that tells them, or the refusal."""
    session = check.session
    if not rules.may_see_session(actor, session, check.mentee_is_in):
        raise NotFound()
    if check.mentee_is_in:
        raise AlreadyDone(ALREADY_IN)
    if session.session_type is not SessionType.PUBLIC:
        raise PermissionDenied('Only invited mentees can attend a Private session.')
    if actor.id == session.mentor_id:
        raise PermissionDenied('You are the mentor of this session.')
    if not rules.enrollment_open(session, now):
        raise WrongState('This session has ended.')
    rules.check_seat_available(check.seats_taken, session.seat_limit)
    return MailToQueue(MailKind.ENROLLED, f'You enrolled in {session.title}.')


def unenroll(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    """M1: a mentee who enrolled gives the seat back, until 10 minutes before the start."""
    with uow:
        check = _seat_check(uow, actor, session_id)
        session = check.session
        if check.mentee_enrollment is None:
            raise AlreadyDone('You are not enrolled in this session.')
        if check.mentee_enrollment is EnrollmentType.INVITED:
            raise WrongState('You were invited to this session; ask the session manager to remove you.')
        rules.check_unenroll_allowed(session, now)
        uow.enrollments.remove(session.id, actor.id)
        queue_mail(uow, [actor.id], MailKind.UNENROLLED, f'You left {session.title}.', now, session.id)
        uow.record(SessionChanged(session.id, RosterChange(actor.id, None, check.seats_taken - 1)))
        promote_waiting(uow, session, now, seats_taken=check.seats_taken - 1)
        uow.commit()


def join_waitlist(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> int:
    """W1: a mentee lines up for a seat of a full Public session that has not started; their position."""
    with uow:
        if not actor.is_mentee:
            raise PermissionDenied('Only mentees can join a waitlist.')
        check = _seat_check(uow, actor, session_id)
        session = check.session
        if actor.id == session.mentor_id:
            raise PermissionDenied('You are the mentor of this session.')
        is_in, is_waiting = check.mentee_is_in, check.mentee_waiting
        rules.check_may_join_waitlist(session, now, check.seats_taken, is_in=is_in, is_waiting=is_waiting)
        try:
            position = uow.waitlist.add(session.id, actor.id, now)
        except DuplicateEnrollment:
            raise AlreadyDone(rules.ALREADY_WAITING) from None
        uow.record(SessionChanged(session.id))
        uow.commit()
        return position


def leave_waitlist(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> None:
    """W1: a mentee leaves the line, at any moment (`now`: as every page action gives it); those behind move
    up."""
    del now
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        if not uow.waitlist.remove(session.id, actor.id):
            raise AlreadyDone('You are not on the waitlist of this session.')  # a second tap: done already
        uow.record(SessionChanged(session.id))
        uow.commit()


def remove_from_waitlist(uow: UnitOfWork, actor: User, session_id: int, mentee_id: int, now: datetime) -> None:
    """W1: a session manager takes a mentee off the waitlist; the mentee is told."""
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        rules.check_manages_session(actor, session)
        if not uow.waitlist.remove(session.id, mentee_id):
            raise WrongState('That mentee is not on the waitlist any more.')
        text = f'You were removed from the waitlist of {session.title} on {when(session.start_at)}.'
        notify(uow, [mentee_id], MailKind.REMOVED, session, now, text=text)
        uow.record(SessionChanged(session.id))
        uow.commit()


def _seat_check(uow: UnitOfWork, actor: User, session_id: int) -> SeatCheck:
    """The session row, locked, with its seats taken and how the actor is in (one statement, P4); NotFound as
    `visible_session` answers it."""
    if not rules.valid_id(session_id):
        raise NotFound()
    check = uow.enrollments.seat_check(session_id, actor.id)
    if check is None or not rules.may_see_session(actor, check.session, check.mentee_is_in):
        raise NotFound()
    return check


def promote_waiting(
    uow: UnitOfWork, session: MentoringSession, now: datetime, *, seats_taken: int | None = None
) -> list[int]:
    """W1: the free seats go to the first in line, in the caller's transaction (the session row is locked);
    each promoted mentee is told once. Nothing happens once the session has started. `session` as it is now
    (a raised seat limit included); `seats_taken` as the caller knows them in this transaction, else read."""
    if not rules.waitlist_open(session, now):
        return []
    taken = uow.enrollments.seats_taken(session.id) if seats_taken is None else seats_taken
    free = rules.free_seats(taken, session.seat_limit)
    if free == 0:
        return []  # the line is touched only when a seat is free
    promoted = uow.waitlist.take(session.id, limit=free)  # first come first served, one per free seat
    for mentee_id in promoted:
        rules.check_seat_available(taken, session.seat_limit)
        uow.enrollments.add(Enrollment(session.id, mentee_id, EnrollmentType.ENROLLED, now))
        taken += 1
        uow.record(SessionChanged(session.id, RosterChange(mentee_id, EnrollmentType.ENROLLED, taken)))
    text = f'A seat opened in {session.title} on {when(session.start_at)}: you are enrolled now.'
    notify(uow, promoted, MailKind.ENROLLED, session, now, text=text)  # N1: e-mailed through the outbox
    return promoted


def close_waitlist(uow: UnitOfWork, session: MentoringSession, now: datetime, reason: str) -> list[int]:
    """W1: the line is emptied (the session completed or was cancelled) and those in it are told."""
    waiting = uow.waitlist.take(session.id)
    text = f'The waitlist of {session.title} on {when(session.start_at)} closed: {reason}'
    notify(uow, waiting, None, session, now, text=text)
    return waiting


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
