"""R6: set-password links (invitations and resets). Only each token's SHA-256 is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from domain.entities import PasswordToken, TokenPurpose
from persistence.tables import PasswordTokenRow


class SqlPasswordTokenRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, token: PasswordToken) -> None:
        row = PasswordTokenRow(
            token_hash=token.token_hash,
            user_id=token.user_id,
            purpose=token.purpose.value,
            created_at=token.created_at,
            expires_at=token.expires_at,
            used_at=token.used_at,
        )
        self._session.add(row)
        self._session.flush()

    def get(self, token_hash: str) -> PasswordToken | None:
        row = self._session.get(PasswordTokenRow, token_hash)
        if row is None:
            return None
        return PasswordToken(
            row.token_hash, row.user_id, TokenPurpose(row.purpose), row.created_at, row.expires_at, row.used_at
        )

    def use(self, token_hash: str, now: datetime) -> bool:
        # One conditional update: of two tabs submitting the same link, exactly one changes the row.
        statement = (
            update(PasswordTokenRow)
            .where(col(PasswordTokenRow.token_hash) == token_hash, col(PasswordTokenRow.used_at).is_(None))
            .values(used_at=now)
        )
        result = self._session.exec(statement.execution_options(synchronize_session=False))
        return bool(result.rowcount)

    def void_unused(self, user_id: int, now: datetime) -> None:
        statement = (
            update(PasswordTokenRow)
            .where(col(PasswordTokenRow.user_id) == user_id, col(PasswordTokenRow.used_at).is_(None))
            .values(used_at=now)
        )
        self._session.exec(statement.execution_options(synchronize_session=False))

    def count_since(self, user_id: int, since: datetime) -> int:
        statement = (
            select(func.count())
            .select_from(PasswordTokenRow)
            .where(col(PasswordTokenRow.user_id) == user_id, col(PasswordTokenRow.created_at) >= since)
        )
        return self._session.exec(statement).one()
