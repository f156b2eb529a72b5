"""Sign-in sessions (the browser's token, stored hashed) and the notification inbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from domain.entities import LoginSession, Notice, Notification
from persistence.mapping import login_from_row, login_to_row, notification_from_row
from persistence.tables import LoginRow, NotificationRow


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


class SqlNotificationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self, user_id: int, text: str, now: datetime, session_id: int | None = None, notice: Notice | None = None
    ) -> Notification:
        row = NotificationRow(user_id=user_id, text=text, created_at=now, session_id=session_id)
        if notice is not None:
            row.kind, row.title, row.starts_at = notice.kind.value, notice.title, notice.starts_at
        self._session.add(row)
        self._session.flush()
        return notification_from_row(row)

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
