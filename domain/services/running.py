"""Running a session: its meeting information, starting, ending and the background jobs (C10, U2, U3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain import rules
from domain.drafts import DraftPart
from domain.entities import MailKind, MeetingInfo, MentoringSession, Platform, SessionStatus, User
from domain.errors import PermissionDenied, WrongState
from domain.ports import MeetingRooms, SessionChanged, UnitOfWork
from domain.services._shared import bigbluebutton, notify, queue_mail, visible_session, when
from domain.services.aftermath import ask_for_feedback
from domain.services.enrollment import close_waitlist
from domain.services.form_drafts import drop_saved_draft


def _check_is_mentor(actor: User, session: MentoringSession, what: str) -> None:
    if actor.id != session.mentor_id:
        raise PermissionDenied(f"Only the session's mentor can {what} it.")


def edit_meeting(
    uow: UnitOfWork,
    actor: User,
    session_id: int,
    info: MeetingInfo,
    now: datetime,
    *,
    bigbluebutton_available: bool = True,
) -> MentoringSession:
    """C10, U2: set the meeting platform and link, while the session is Upcoming or Live.

    BigBlueButton is refused when the server has none configured, so that "Start session" is not the first
    to say so.
    """
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        rules.check_manages_session(actor, session)
        rules.check_meeting_editable(session, now)
        rules.check_platform_available(info.platform, bigbluebutton_available)
        updated = replace(session, meeting=rules.clean_meeting(info))
        uow.sessions.update(updated)
        if updated.meeting != session.meeting and updated.meeting.link:
            text = f'The meeting link of {session.title} on {when(session.start_at)} was added or changed.'
            # By e-mail only: the session page shows the link, the inbox does not need a notice of it.
            queue_mail(uow, uow.enrollments.mentee_ids(session.id), MailKind.MEETING, text, now, session.id)
        drop_saved_draft(uow, actor, session.id, DraftPart.MEETING)  # E2: submitted, so the draft is done
        uow.record(SessionChanged(session.id))
        uow.commit()
        return updated


def start_session(
    uow: UnitOfWork, actor: User, session_id: int, now: datetime, rooms: MeetingRooms | None = None
) -> MentoringSession:
    """U2: the mentor starts the session, from 10 minutes before its start time; it shows as Live.

    On BigBlueButton the room is opened first; without a configured server the mentor is asked to
    choose another platform.
    """
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        _check_is_mentor(actor, session, 'start')
        rules.check_startable(session, now)
        if session.meeting.platform is Platform.BIGBLUEBUTTON:
            bigbluebutton(rooms).open_room(session)
        updated = replace(session, started_at=now)
        uow.sessions.update(updated)
        mentee_ids = uow.enrollments.mentee_ids(session.id)
        notify(uow, mentee_ids, MailKind.LIVE, session, now)
        uow.record(SessionChanged(session.id))
        uow.commit()
        return updated


def end_session(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> MentoringSession:
    """U3: the mentor ends a Live session; it shows as Completed."""
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        _check_is_mentor(actor, session, 'end')
        if rules.status_at(session, now) is not SessionStatus.LIVE or not uow.sessions.mark_completed(session.id, now):
            raise WrongState('You can end a session only while it is Live.')
        close_waitlist(uow, session, now, 'the session has ended.')
        ask_for_feedback(uow, session, now)
        uow.record(SessionChanged(session.id))
        uow.commit()
        return replace(session, completed_at=now)


def complete_due_sessions(uow: UnitOfWork, now: datetime) -> list[int]:
    """U3 background job: mark every session whose end time passed as Completed; return their ids.

    The conditional update lets several app instances run the job at once: only the winner reports it.
    """
    with uow:
        completed = [s for s in uow.sessions.due_for_completion(now) if uow.sessions.mark_completed(s.id, s.end_at)]
        for session in completed:
            close_waitlist(uow, session, now, 'the session has ended.')
            ask_for_feedback(uow, session, now)
            uow.record(SessionChanged(session.id))
        uow.commit()
        return [session.id for session in completed]


def send_starting_soon_notices(uow: UnitOfWork, now: datetime) -> list[int]:
    """Background job: tell the mentor and mentees, once, that a session starts within 15 minutes."""
    with uow:
        sent = []
        for session in uow.sessions.due_for_starting_soon(now, now + rules.STARTING_SOON):
            if not rules.starting_soon_due(session, now) or not uow.sessions.mark_starting_soon_sent(session.id, now):
                continue
            told = [session.mentor_id, *uow.enrollments.mentee_ids(session.id)]
            # In the inbox only: the e-mail reminders (N2) have their own schedule (domain/services/reminders.py).
            notify(uow, told, MailKind.REMINDER, session, now, mail=False)
            sent.append(session.id)
        uow.commit()
        return sent
