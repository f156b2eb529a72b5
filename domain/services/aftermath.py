"""A1, F1: after the session — attendance marks, the attendees' feedback, the mentor's form and the summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain import feedback as fb
from domain import rules
from domain.entities import MailKind, MentoringSession, Notice, User
from domain.errors import NotFound
from domain.feedback import Attendance, Feedback, MentorFeedback, RatingSummary
from domain.notices import notice_text
from domain.ports import InboxChanged, RatingChanged, SessionChanged, UnitOfWork
from domain.services._shared import queue_mail, visible_session, when


@dataclass(frozen=True)
class AttendanceEntry:
    mentee: User
    attendance: Attendance | None  # None: neither joined nor marked


@dataclass(frozen=True)
class AttendanceSheet:
    """A1: each mentee's attendance; `closed_reason` None while marks can change."""

    entries: tuple[AttendanceEntry, ...]
    closed_reason: str | None
    started: bool  # Live or completed: before, there is nothing to mark

    @property
    def attended(self) -> int:
        return sum(1 for e in self.entries if e.attendance is Attendance.ATTENDED)

    @property
    def enrolled(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Comment:
    author: str | None  # F1: None for the mentor (comments reach them without names)
    rating: int
    went_well: str
    could_be_better: str


@dataclass(frozen=True)
class FeedbackSummary:
    """F1: a session's ratings, comments and the mentor's form, for the session's managers."""

    ratings: RatingSummary
    comments: tuple[Comment, ...]
    skipped: int
    mentor_answer: MentorFeedback | None


@dataclass(frozen=True)
class FeedbackRequest:
    """F1: what the viewer's feedback form shows: their answer so far and whether they may (still) answer."""

    session: MentoringSession
    as_mentor: bool
    answer: Feedback | None
    mentor_answer: MentorFeedback | None
    closed_reason: str | None


def _attendance(uow: UnitOfWork, session_id: int) -> list[AttendanceEntry]:
    marks = uow.feedback.marks(session_id)
    return [
        AttendanceEntry(user, fb.attendance_of(e.joined_at, marks.get(user.id)))
        for user, e in uow.enrollments.mentee_list(session_id)
    ]


def _attendance_of(uow: UnitOfWork, session_id: int, user_id: int) -> Attendance | None:
    enrollment = uow.enrollments.get(session_id, user_id)
    if enrollment is None:
        return None
    return fb.attendance_of(enrollment.joined_at, uow.feedback.marks(session_id).get(user_id))


def ask_for_feedback(uow: UnitOfWork, session: MentoringSession, now: datetime) -> None:
    """F1: at completion each attendee is asked "How was <title>?" in the inbox and by e-mail. The caller is the
    transaction that marked the session Completed (a conditional update), so this happens once, on one instance."""
    _ask(uow, [e.mentee.id for e in _attendance(uow, session.id) if e.attendance is Attendance.ATTENDED], session, now)


def _ask(uow: UnitOfWork, mentee_ids: list[int], session: MentoringSession, now: datetime) -> None:
    """F1: "How was <title>?" in the inbox and by e-mail, once per mentee and session however often they become an
    attendee: the e-mail's dedupe key is the record that they were asked (a second one adds nothing)."""
    notice = Notice(MailKind.FEEDBACK, session.title, session.start_at)
    text = notice_text(notice, when(session.start_at), now)
    for mentee_id in mentee_ids:
        if queue_mail(uow, [mentee_id], MailKind.FEEDBACK, text, now, session.id, fb.asked_key(session.id, mentee_id)):
            uow.notifications.add(mentee_id, text, now, session.id, notice)
            uow.record(InboxChanged(mentee_id))


def attendance_sheet(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> AttendanceSheet:
    """A1: the Mentee list window's attendance; for the session's managers only."""
    with uow:
        session = visible_session(uow, actor, session_id)
        rules.check_manages_session(actor, session)
        started = session.started_at is not None or fb.completed_at(session, now) is not None
        return AttendanceSheet(tuple(_attendance(uow, session.id)), fb.attendance_closed_reason(session, now), started)


def mark_attendance(uow: UnitOfWork, actor: User, session_id: int, mentee_id: int, mark: object, now: datetime) -> None:
    """A1: the mentor or a session manager marks a mentee Attended or No-show, while Live and 48 hours after."""
    attendance = fb.clean_attendance(mark)
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        rules.check_manages_session(actor, session)
        fb.check_attendance_open(session, now)
        if not rules.valid_id(mentee_id) or uow.enrollments.get(session.id, mentee_id) is None:
            raise NotFound('This mentee is not in the session.')
        uow.feedback.set_mark(session.id, mentee_id, attendance, actor.id, now)
        if fb.asks_on_mark(session, attendance, now):  # marked Attended after completion: asked now, once
            _ask(uow, [mentee_id], session, now)
        elif fb.completed_at(session, now) is not None:  # a No-show withdraws the request on My sessions, which
            uow.record(InboxChanged(mentee_id))  # follows the mentee's inbox news
        uow.record(SessionChanged(session.id))
        uow.commit()


def feedback_request(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> FeedbackRequest:
    """F1: the viewer's form — an attendee's rating form or the mentor's short form; refused to anyone else."""
    with uow:
        session = visible_session(uow, actor, session_id)
        if actor.id == session.mentor_id:
            reason = fb.feedback_closed_reason(session, now)
            return FeedbackRequest(session, True, None, uow.feedback.mentor_answer(session.id), reason)
        fb.check_is_rater(actor, session, _attendance_of(uow, session.id, actor.id))
        reason = fb.feedback_closed_reason(session, now)
        return FeedbackRequest(session, False, uow.feedback.answer(session.id, actor.id), None, reason)


def submit_feedback(
    uow: UnitOfWork,
    actor: User,
    session_id: int,
    rating: object,
    went_well: object,
    could_be_better: object,
    now: datetime,
) -> Feedback:
    """F1: an attendee's rating and two optional texts; one answer per person, changed until 7 days after."""
    answer = Feedback(
        session_id,
        actor.id,
        fb.clean_rating(rating),
        fb.clean_comment(went_well, 'went_well', 'What went well?'),
        fb.clean_comment(could_be_better, 'could_be_better', 'What could be better?'),
        now,
    )
    return _save(uow, actor, answer)


def skip_feedback(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> Feedback:
    """F1: "Skip" — the attendee answers without a rating (and may still rate within the 7 days)."""
    return _save(uow, actor, Feedback(session_id, actor.id, None, '', '', now))


def _save(uow: UnitOfWork, actor: User, answer: Feedback) -> Feedback:
    with uow:
        session = visible_session(uow, actor, answer.session_id, lock=True)
        fb.check_may_rate(actor, session, _attendance_of(uow, session.id, actor.id), answer.answered_at)
        uow.feedback.save_answer(answer)
        uow.record(SessionChanged(session.id))
        uow.record(RatingChanged(session.mentor_id))  # F1: every page showing the mentor's average follows
        uow.commit()
        return answer


def submit_mentor_feedback(
    uow: UnitOfWork, actor: User, session_id: int, engagement: object, notes: object, now: datetime
) -> MentorFeedback:
    """F1: the mentor's short form — how engaged the mentees were (1–5) and notes."""
    answer = MentorFeedback(
        session_id, actor.id, fb.clean_rating(engagement, 'engagement'), fb.clean_comment(notes, 'notes', 'Notes'), now
    )
    with uow:
        session = visible_session(uow, actor, session_id, lock=True)
        fb.check_mentor_may_answer(actor, session, now)
        uow.feedback.save_mentor_answer(answer)
        uow.record(SessionChanged(session.id))
        uow.commit()
        return answer


def _summary(uow: UnitOfWork, actor: User, session: MentoringSession) -> FeedbackSummary:
    answers = uow.feedback.answers(session.id)
    named = actor.is_session_manager
    comments = tuple(
        Comment(user.name if named else None, a.rating, a.went_well, a.could_be_better)
        for user, a in answers
        if a.rating is not None
    )
    return FeedbackSummary(
        fb.aggregate(c.rating for c in comments),
        comments,
        sum(1 for _, a in answers if a.rating is None),
        uow.feedback.mentor_answer(session.id),
    )


def feedback_summary(uow: UnitOfWork, actor: User, session_id: int) -> FeedbackSummary:
    """F1: the session's ratings and comments — for the mentor without names, for session managers with names."""
    with uow:
        session = visible_session(uow, actor, session_id)
        rules.check_manages_session(actor, session)
        return _summary(uow, actor, session)


@dataclass(frozen=True)
class AftermathView:
    """A1, F1: what the session page shows of the aftermath to this viewer, in one read."""

    mentor_id: int  # whose rating `mentor_rating` is (the page follows that mentor's new ratings)
    mentor_rating: RatingSummary
    attendance: tuple[int, int] | None  # attended, enrolled: for the session's managers once it went Live
    summary: FeedbackSummary | None  # for the session's managers once it completed
    may_answer: bool  # an attendee or the mentor, while answers can be given or changed
    answered: bool


def aftermath_view(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> AftermathView:
    with uow:
        session = visible_session(uow, actor, session_id)
        manages = rules.manages_session(actor, session)
        started = session.started_at is not None or fb.completed_at(session, now) is not None
        attendance = None
        if manages and started:
            sheet = _attendance(uow, session.id)
            attendance = (sum(1 for e in sheet if e.attendance is Attendance.ATTENDED), len(sheet))
        completed = fb.completed_at(session, now) is not None
        as_mentor = actor.id == session.mentor_id
        rater = as_mentor or _attendance_of(uow, session.id, actor.id) is Attendance.ATTENDED
        if as_mentor:
            answered = uow.feedback.mentor_answer(session.id) is not None
        else:
            answered = rater and uow.feedback.answer(session.id, actor.id) is not None
        return AftermathView(
            session.mentor_id,
            uow.feedback.mentor_ratings(session.mentor_id),
            attendance,
            _summary(uow, actor, session) if manages and completed else None,
            rater and fb.feedback_closed_reason(session, now) is None,
            answered,
        )


def mentor_rating(uow: UnitOfWork, actor: User, session_id: int) -> RatingSummary:
    """F1: the rating of the session's mentor over all their sessions (the average shown from 3 ratings)."""
    with uow:
        session = visible_session(uow, actor, session_id)
        return uow.feedback.mentor_ratings(session.mentor_id)


def feedback_waiting(uow: UnitOfWork, actor: User, now: datetime) -> list[MentoringSession]:
    """F1 on My sessions: the completed sessions the mentee attended and may still answer about, not yet answered.
    The newest 50 completed sessions cover the 7 days the answers stay open."""
    with uow:
        recent = uow.sessions.for_mentee(actor.id, 1, 50, finished=True, now=now).items
        return [
            s.session
            for s in recent
            if fb.feedback_closed_reason(s.session, now) is None
            and _attendance_of(uow, s.session.id, actor.id) is Attendance.ATTENDED
            and uow.feedback.answer(s.session.id, actor.id) is None
        ]
