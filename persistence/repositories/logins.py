"""Sign-in sessions (the browser's token, stored hashed) and the notification inbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, bindparam, func, insert, update
from sqlmodel import Session, col, select

from domain.entities import LoginSession, Notice, Notification
from persistence.driver_statements import DriverStatement
from persistence.mapping import login_from_row, login_to_row, notification_from_row
from persistence.repositories.querying import CoreRepository
from persistence.tables import LoginRow, NotificationRow

_notifications: Table = NotificationRow.__table__  # type: ignore[attr-defined]
# Every notice of a promotion, a cancellation or a reminder is one row: a plain INSERT on the driver's cursor, as the
# enrollment's and its e-mail's (P4 with the waitlist in use: through the ORM it was half of an un-enrollment).
_ADD_COLUMNS = ('user_id', 'text', 'created_at', 'session_id', 'kind', 'title', 'starts_at')
_ADD = DriverStatement(insert(_notifications).values({name: bindparam(name) for name in _ADD_COLUMNS}))


class SqlLoginRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, login: LoginSession) -> None:
        self._session.add(login_to_row(login))
        self._session.flush()

    def get(self, token_hash: str) -> LoginSession | None:
        row = self._session.get(LoginRow, token_hash)
        return login_from_row(row) if row else None

    def revoke(self, token_hash: str, now: datetime) -> None:
        """Keeps the first revocation time."""
        statement = (
            update(LoginRow)
            .where(col(LoginRow.token_hash) == token_hash, col(LoginRow.revoked_at).is_(None))
            .values(revoked_at=now)
        )
        self._session.exec(statement.execution_options(synchronize_session='fetch'))

    def revoke_all(self, user_id: int, now: datetime) -> list[str]:
        live = col(LoginRow.user_id) == user_id, col(LoginRow.revoked_at).is_(None)
        hashes = list(self._session.exec(select(LoginRow.token_hash).where(*live)).all())
        statement = update(LoginRow).where(*live).values(revoked_at=now)
        self._session.exec(statement.execution_options(synchronize_session='fetch'))
        return hashes


class SqlNotificationRepository(CoreRepository):
    def add(
        self, user_id: int, text: str, now: datetime, session_id: int | None = None, notice: Notice | None = None
    ) -> None:
        values = {
            'user_id': user_id,
            'text': text,
            'created_at': now,
            'session_id': session_id,
            'kind': notice.kind.value if notice else None,
            'title': notice.title if notice else None,
            'starts_at': notice.starts_at if notice else None,
        }
        _ADD.run(self._core(), values)

    def for_user(self, user_id: int, limit: int = 50) -> list[Notification]:
        """Newest first."""
        statement = (
            select(NotificationRow)
            .where(col(NotificationRow.user_id) == user_id)
            .order_by(col(NotificationRow.created_at).desc(), col(NotificationRow.id).desc())
            .limit(limit)
        )
        return [notification_from_row(row) for row in self._session.exec(statement).all()]

    def unread_count(self, user_id: int) -> int:
        statement = (
            select(func.count())
            .select_from(NotificationRow)
            .where(col(NotificationRow.user_id) == user_id, col(NotificationRow.read_at).is_(None))
        )
        return self._session.exec(statement).one()

    def mark_all_read(self, user_id: int, now: datetime) -> None:
        statement = (
            update(NotificationRow)
            .where(col(NotificationRow.user_id) == user_id, col(NotificationRow.read_at).is_(None))
            .values(read_at=now)
        )
        self._session.exec(statement.execution_options(synchronize_session='fetch'))
