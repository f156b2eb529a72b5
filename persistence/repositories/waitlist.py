"""W1: who waits for a seat in which session, first come first served."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.entities import User
from domain.ports import DuplicateEnrollment
from persistence.mapping import user_from_row
from persistence.repositories.enrollments import is_unique_violation
from persistence.tables import OrganizationRow, UserRow, WaitlistRow


class SqlWaitlistRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, session_id: int, mentee_id: int, now: datetime) -> None:
        """The unique (session, mentee) pair refuses a second place in line; the caller then rolls back."""
        self._session.add(WaitlistRow(session_id=session_id, mentee_id=mentee_id, created_at=now))
        try:
            self._session.flush()
        except IntegrityError as error:
            if is_unique_violation(error):
                raise DuplicateEnrollment(f'{mentee_id} already waits for session {session_id}') from error
            raise

    def remove(self, session_id: int, mentee_id: int) -> bool:
        statement = delete(WaitlistRow).where(
            col(WaitlistRow.session_id) == session_id, col(WaitlistRow.mentee_id) == mentee_id
        )
        return self._session.exec(statement.execution_options(synchronize_session=False)).rowcount == 1

    def waiting(self, session_id: int, limit: int | None = None) -> list[int]:
        statement = (
            select(WaitlistRow.mentee_id).where(col(WaitlistRow.session_id) == session_id).order_by(col(WaitlistRow.id))
        )
        if limit is not None:
            statement = statement.limit(limit)
        return list(self._session.exec(statement).all())

    def position(self, session_id: int, mentee_id: int) -> int | None:
        mine = (
            select(WaitlistRow.id)
            .where(col(WaitlistRow.session_id) == session_id, col(WaitlistRow.mentee_id) == mentee_id)
            .scalar_subquery()
        )
        statement = select(func.count()).where(col(WaitlistRow.session_id) == session_id, col(WaitlistRow.id) <= mine)
        ahead_and_me = self._session.exec(statement).one()
        return ahead_and_me or None

    def count(self, session_id: int) -> int:
        statement = select(func.count()).where(col(WaitlistRow.session_id) == session_id)
        return self._session.exec(statement).one()

    def waiting_users(self, session_id: int) -> list[User]:
        statement = (
            select(UserRow, OrganizationRow.name)
            .join(WaitlistRow, col(WaitlistRow.mentee_id) == col(UserRow.id))
            .join(OrganizationRow, col(OrganizationRow.id) == col(UserRow.organization_id))
            .where(col(WaitlistRow.session_id) == session_id)
            .order_by(col(WaitlistRow.id))
        )
        return [user_from_row(user, organization) for user, organization in self._session.exec(statement).all()]

    def clear(self, session_id: int) -> list[int]:
        line = self.waiting(session_id)
        statement = delete(WaitlistRow).where(col(WaitlistRow.session_id) == session_id)
        self._session.exec(statement.execution_options(synchronize_session=False))
        return line
