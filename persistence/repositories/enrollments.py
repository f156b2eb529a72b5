"""Who is enrolled in or invited to which session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.entities import Enrollment, User
from domain.ports import DuplicateEnrollment
from persistence.mapping import enrollment_from_row, enrollment_to_row, user_from_row
from persistence.tables import EnrollmentRow, OrganizationRow, UserRow


def is_unique_violation(error: IntegrityError) -> bool:
    """PostgreSQL says SQLSTATE 23505; SQLite says so in words."""
    original = error.orig
    return getattr(original, 'sqlstate', None) == '23505' or 'UNIQUE constraint failed' in str(original)


class SqlEnrollmentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, enrollment: Enrollment) -> None:
        """Raises DuplicateEnrollment if the (session, mentee) pair exists; the transaction goes on."""
        try:
            with self._session.begin_nested():  # a SAVEPOINT, so that the violation spares the transaction
                self._session.add(enrollment_to_row(enrollment))
        except IntegrityError as error:
            if is_unique_violation(error):
                raise DuplicateEnrollment(
                    f'{enrollment.mentee_id} is already in session {enrollment.session_id}'
                ) from error
            raise

    def get(self, session_id: int, mentee_id: int) -> Enrollment | None:
        row = self._session.exec(select(EnrollmentRow).where(*_pair(session_id, mentee_id))).first()
        return enrollment_from_row(row) if row else None

    def remove(self, session_id: int, mentee_id: int) -> bool:
        statement = delete(EnrollmentRow).where(*_pair(session_id, mentee_id))
        return self._session.exec(statement.execution_options(synchronize_session='fetch')).rowcount == 1

    def remove_all(self, session_id: int) -> list[int]:
        """Remove every enrollment of the session; return the mentee ids."""
        mentee_ids = self.mentee_ids(session_id)
        statement = delete(EnrollmentRow).where(col(EnrollmentRow.session_id) == session_id)
        self._session.exec(statement.execution_options(synchronize_session='fetch'))
        return mentee_ids

    def count(self, session_id: int) -> int:
        """Enrolled plus invited: the seats taken."""
        statement = select(func.count()).select_from(EnrollmentRow).where(col(EnrollmentRow.session_id) == session_id)
        return self._session.exec(statement).one()

    def mentee_ids(self, session_id: int) -> list[int]:
        """In the order they joined the list."""
        statement = (
            select(EnrollmentRow.mentee_id)
            .where(col(EnrollmentRow.session_id) == session_id)
            .order_by(col(EnrollmentRow.id))
        )
        return list(self._session.exec(statement).all())

    def mentee_list(self, session_id: int) -> list[tuple[User, Enrollment]]:
        """T3: every mentee with their enrollment, ordered by name."""
        statement = (
            select(UserRow, OrganizationRow.name, EnrollmentRow)
            .join(EnrollmentRow, col(EnrollmentRow.mentee_id) == col(UserRow.id))
            .join(OrganizationRow, col(OrganizationRow.id) == col(UserRow.organization_id))
            .where(col(EnrollmentRow.session_id) == session_id)
            .order_by(func.lower(UserRow.name), col(UserRow.name), col(UserRow.id))
        )
        return [
            (user_from_row(user, organization), enrollment_from_row(enrollment))
            for user, organization, enrollment in self._session.exec(statement).all()
        ]

    def record_join(self, session_id: int, mentee_id: int, now: datetime) -> None:
        """Keeps the first time the mentee joined."""
        statement = (
            update(EnrollmentRow)
            .where(*_pair(session_id, mentee_id), col(EnrollmentRow.joined_at).is_(None))
            .values(joined_at=now)
        )
        self._session.exec(statement.execution_options(synchronize_session='fetch'))


def _pair(session_id: int, mentee_id: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return col(EnrollmentRow.session_id) == session_id, col(EnrollmentRow.mentee_id) == mentee_id
