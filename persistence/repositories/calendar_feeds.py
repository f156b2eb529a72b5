"""N3: personal calendar feeds (the token's hash only) and the sessions a feed lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CompoundSelect, union, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.entities import CalendarFeed, MentoringSession
from domain.ports import SecondActiveFeed
from persistence.mapping import calendar_feed_from_row, calendar_feed_to_row, session_from_row
from persistence.repositories.querying import is_unique_violation
from persistence.tables import CalendarFeedRow, EnrollmentRow, SessionRow


class SqlCalendarFeedRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, feed: CalendarFeed) -> None:
        try:
            with self._session.begin_nested():  # a SAVEPOINT: the refusal spares the transaction
                self._session.add(calendar_feed_to_row(feed))
        except IntegrityError as error:
            if is_unique_violation(error):
                raise SecondActiveFeed() from error
            raise

    def get(self, token_hash: str) -> CalendarFeed | None:
        row = self._session.get(CalendarFeedRow, token_hash)
        return calendar_feed_from_row(row) if row else None

    def active_for(self, user_id: int) -> CalendarFeed | None:
        statement = select(CalendarFeedRow).where(
            col(CalendarFeedRow.user_id) == user_id, col(CalendarFeedRow.revoked_at).is_(None)
        )
        row = self._session.exec(statement).first()
        return calendar_feed_from_row(row) if row else None

    def revoke_all(self, user_id: int, now: datetime) -> None:
        statement = (
            update(CalendarFeedRow)
            .where(col(CalendarFeedRow.user_id) == user_id, col(CalendarFeedRow.revoked_at).is_(None))
            .values(revoked_at=now)
        )
        self._session.exec(statement.execution_options(synchronize_session='fetch'))
        self._session.flush()

    def sessions_of(self, user_id: int, since: datetime, limit: int) -> list[MentoringSession]:
        # A union of two index lookups (sessions by mentor, enrollments by mentee) rather than an OR over every
        # session: calendar apps poll each feed again and again.
        mine: CompoundSelect[tuple[int | None]] = union(
            select(SessionRow.id).where(col(SessionRow.mentor_id) == user_id),
            select(EnrollmentRow.session_id).where(col(EnrollmentRow.mentee_id) == user_id),
        )
        statement = (
            select(SessionRow)
            .where(
                col(SessionRow.id).in_(mine),
                col(SessionRow.deleted_at).is_(None),
                col(SessionRow.end_at) >= since,
            )
            .order_by(col(SessionRow.start_at), col(SessionRow.id))
            .limit(limit)
        )
        return [session_from_row(row, {}) for row in self._session.exec(statement).all()]
