"""A1, F1: attendance marks, attendees' answers and the mentor's form. Writers lock the session row first
(the services do), so one person's answer is found and replaced, never added twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from domain.entities import User
from domain.feedback import Attendance, Feedback, MentorFeedback, RatingSummary, aggregate_counts
from persistence.mapping import user_from_row
from persistence.tables import AttendanceMarkRow, FeedbackRow, MentorFeedbackRow, OrganizationRow, SessionRow, UserRow


def _feedback(row: FeedbackRow) -> Feedback:
    return Feedback(row.session_id, row.user_id, row.rating, row.went_well, row.could_be_better, row.answered_at)


class SqlFeedbackRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def marks(self, session_id: int) -> dict[int, Attendance]:
        statement = select(AttendanceMarkRow.mentee_id, AttendanceMarkRow.mark).where(
            col(AttendanceMarkRow.session_id) == session_id
        )
        return {mentee_id: Attendance(mark) for mentee_id, mark in self._session.exec(statement).all()}

    def set_mark(self, session_id: int, mentee_id: int, mark: Attendance, marked_by: int, now: datetime) -> None:
        row = self._session.exec(
            select(AttendanceMarkRow).where(
                col(AttendanceMarkRow.session_id) == session_id, col(AttendanceMarkRow.mentee_id) == mentee_id
            )
        ).first() or AttendanceMarkRow(session_id=session_id, mentee_id=mentee_id, mark='', marked_by=0, marked_at=now)
        row.mark, row.marked_by, row.marked_at = mark.value, marked_by, now
        self._session.add(row)
        self._session.flush()

    def _answer_row(self, session_id: int, user_id: int) -> FeedbackRow | None:
        statement = select(FeedbackRow).where(
            col(FeedbackRow.session_id) == session_id, col(FeedbackRow.user_id) == user_id
        )
        return self._session.exec(statement).first()

    def answer(self, session_id: int, user_id: int) -> Feedback | None:
        row = self._answer_row(session_id, user_id)
        return None if row is None else _feedback(row)

    def save_answer(self, answer: Feedback) -> None:
        row = self._answer_row(answer.session_id, answer.user_id) or FeedbackRow(
            session_id=answer.session_id, user_id=answer.user_id, answered_at=answer.answered_at
        )
        row.rating, row.went_well, row.could_be_better = answer.rating, answer.went_well, answer.could_be_better
        row.answered_at = answer.answered_at
        self._session.add(row)
        self._session.flush()

    def answers(self, session_id: int) -> list[tuple[User, Feedback]]:
        statement = (
            select(UserRow, OrganizationRow.name, FeedbackRow)
            .join(FeedbackRow, col(FeedbackRow.user_id) == col(UserRow.id))
            .join(OrganizationRow, col(OrganizationRow.id) == col(UserRow.organization_id))
            .where(col(FeedbackRow.session_id) == session_id)
            .order_by(col(FeedbackRow.answered_at), col(FeedbackRow.id))
        )
        return [(user_from_row(user, org), _feedback(row)) for user, org, row in self._session.exec(statement).all()]

    def mentor_answer(self, session_id: int) -> MentorFeedback | None:
        row = self._session.get(MentorFeedbackRow, session_id)
        if row is None:
            return None
        return MentorFeedback(row.session_id, row.mentor_id, row.engagement, row.notes, row.answered_at)

    def save_mentor_answer(self, answer: MentorFeedback) -> None:
        row = self._session.get(MentorFeedbackRow, answer.session_id) or MentorFeedbackRow(
            session_id=answer.session_id,
            mentor_id=answer.mentor_id,
            engagement=answer.engagement,
            answered_at=answer.answered_at,
        )
        row.mentor_id, row.engagement, row.notes, row.answered_at = (
            answer.mentor_id,
            answer.engagement,
            answer.notes,
            answer.answered_at,
        )
        self._session.add(row)
        self._session.flush()

    def mentor_ratings(self, mentor_id: int) -> RatingSummary:
        statement = (
            select(FeedbackRow.rating, func.count())
            .join(SessionRow, col(SessionRow.id) == col(FeedbackRow.session_id))
            .where(
                col(SessionRow.mentor_id) == mentor_id,
                col(SessionRow.deleted_at).is_(None),
                col(FeedbackRow.rating).is_not(None),
            )
            .group_by(col(FeedbackRow.rating))
        )
        return aggregate_counts({rating: n for rating, n in self._session.exec(statement).all() if rating is not None})
