"""A1, F1: after the session — attendance marks, feedback and ratings. Entities and pure rules; the services
(domain/services/aftermath.py) enforce them and the UI uses the same ones to show or hide the forms."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import rules
from domain.entities import MentoringSession, SessionStatus, User
from domain.errors import InvalidInput, PermissionDenied, WrongState

ATTENDANCE_WINDOW = timedelta(hours=48)  # A1: marks can change while Live and this long after completion
FEEDBACK_WINDOW = timedelta(days=7)  # F1: answers can be given and changed this long after completion
COMMENT_MAX = 2000
RATINGS_SHOWN_FROM = 3  # F1: an average of fewer ratings is not shown (it would name its raters)
RATINGS = (1, 2, 3, 4, 5)


class Attendance(enum.StrEnum):
    ATTENDED = 'attended'
    NO_SHOW = 'no-show'


@dataclass(frozen=True)
class Feedback:
    """F1: one attendee's answer about one session; a skipped request has no rating and no texts."""

    session_id: int
    user_id: int
    rating: int | None
    went_well: str
    could_be_better: str
    answered_at: datetime

    @property
    def skipped(self) -> bool:
        return self.rating is None


@dataclass(frozen=True)
class MentorFeedback:
    """F1: the mentor's short form — how engaged the mentees were (1–5) and notes."""

    session_id: int
    mentor_id: int
    engagement: int
    notes: str
    answered_at: datetime


@dataclass(frozen=True)
class RatingSummary:
    """F1: how many gave each rating, 1 to 5; the average only from RATINGS_SHOWN_FROM ratings on."""

    distribution: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)

    @property
    def count(self) -> int:
        return sum(self.distribution)

    @property
    def average(self) -> float | None:
        if self.count < RATINGS_SHOWN_FROM:
            return None
        return sum(stars * n for stars, n in zip(RATINGS, self.distribution, strict=True)) / self.count


def aggregate(ratings: Iterable[int]) -> RatingSummary:
    """F1: the summary of the given ratings (each 1..5)."""
    counts = [0] * len(RATINGS)
    for rating in ratings:
        counts[rating - 1] += 1
    return RatingSummary((counts[0], counts[1], counts[2], counts[3], counts[4]))


def aggregate_counts(counts: Mapping[int, int]) -> RatingSummary:
    """F1: the summary of ratings counted by the database (rating → how many); other keys ignored."""
    got = [counts.get(stars, 0) for stars in RATINGS]
    return RatingSummary((got[0], got[1], got[2], got[3], got[4]))


def attendance_of(joined_at: datetime | None, mark: Attendance | None) -> Attendance | None:
    """A1: a mark given wins; else a mentee who joined while Live attended; else nothing is known yet."""
    if mark is not None:
        return mark
    return Attendance.ATTENDED if joined_at is not None else None


def completed_at(session: MentoringSession, now: datetime) -> datetime | None:
    """U3: when the session completed (ended by its mentor, or its end time passed); None while it has not."""
    if session.completed_at is not None:
        return session.completed_at
    return session.end_at if now >= session.end_at else None


def attendance_closed_reason(session: MentoringSession, now: datetime) -> str | None:
    """A1: None while marks can change (Live, or within 48 hours of completion); else why they cannot."""
    status = rules.status_at(session, now)
    if status is SessionStatus.UPCOMING:
        return 'Attendance can be marked once the session is Live.'
    done = completed_at(session, now)
    if done is not None and now >= done + ATTENDANCE_WINDOW:
        return 'Attendance is read-only: it can be changed only up to 48 hours after the session ended.'
    return None


def asks_on_mark(session: MentoringSession, mark: Attendance, now: datetime) -> bool:
    """F1: a mentee marked Attended once the session completed is asked for feedback then (those who attended at
    completion were asked at completion; `asked_key` makes sure each is asked once)."""
    return mark is Attendance.ATTENDED and completed_at(session, now) is not None


def asked_key(session_id: int, mentee_id: int) -> str:
    """F1: the one "How was …?" e-mail of a mentee about a session (the outbox adds a key only once)."""
    return f'feedback:{session_id}:{mentee_id}'


def check_attendance_open(session: MentoringSession, now: datetime) -> None:
    reason = attendance_closed_reason(session, now)
    if reason is not None:
        raise WrongState(reason)


def feedback_closed_reason(session: MentoringSession, now: datetime) -> str | None:
    """F1: None while answers can be given or changed (7 days from completion); else why they cannot."""
    done = completed_at(session, now)
    if done is None:
        return 'You can give feedback once the session is completed.'
    if now >= done + FEEDBACK_WINDOW:
        return 'Feedback closed 7 days after the session ended.'
    return None


def check_may_rate(user: User, session: MentoringSession, attendance: Attendance | None, now: datetime) -> None:
    """F1: only attendees rate, after completion and for 7 days; the mentor answers their own form instead."""
    check_is_rater(user, session, attendance)
    reason = feedback_closed_reason(session, now)
    if reason is not None:
        raise WrongState(reason)


def check_is_rater(user: User, session: MentoringSession, attendance: Attendance | None) -> None:
    """F1: only attendees rate; the mentor answers their own form instead."""
    if user.id == session.mentor_id:
        raise PermissionDenied('You mentor this session: answer the mentor’s form instead of rating it.')
    if attendance is not Attendance.ATTENDED:
        raise PermissionDenied('Only mentees who attended this session can rate it.')


def check_mentor_may_answer(user: User, session: MentoringSession, now: datetime) -> None:
    """F1: the mentor's own short form, in the same window as the attendees' answers."""
    if user.id != session.mentor_id:
        raise PermissionDenied('Only the session’s mentor answers the mentor’s form.')
    reason = feedback_closed_reason(session, now)
    if reason is not None:
        raise WrongState(reason)


def clean_attendance(value: object) -> Attendance:
    """A1: attended or no-show, nothing else (a tampered value is refused, not a crash)."""
    if isinstance(value, str) and value in {a.value for a in Attendance}:
        return Attendance(value)
    raise InvalidInput('Choose Attended or No-show.', 'attendance')


def clean_rating(value: object, field: str = 'rating') -> int:
    """F1: a whole number from 1 to 5, nothing else (a tampered 0, 6, 2.5 or text is refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        raise InvalidInput('Choose a rating from 1 to 5.', field)
    return value


def clean_comment(text: object, field: str, what: str) -> str:
    """F1: an optional text of at most 2,000 characters, any Unicode, always shown as text."""
    if not isinstance(text, str):
        raise InvalidInput(f'{what} must be text.', field)
    value = text.strip()
    if len(value) > COMMENT_MAX:
        raise InvalidInput(f'{what} can be at most {COMMENT_MAX:,} characters.', field)
    if rules._has_forbidden_controls(value) or not rules.storable(value):
        raise InvalidInput(f'{what} cannot contain control characters.', field)
    if rules.has_hidden_controls(value):
        raise InvalidInput(rules._hidden_controls_message(what), field)
    return value
