"""N1, N4, N5: the outbox and each user's mail choices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from domain.entities import MailKind, MailStatus, OutboxMessage, Recipient
from domain.ports import MailOutcome
from persistence.driver_statements import DriverStatement
from persistence.repositories.querying import CoreRepository
from persistence.tables import OutboxRow, SessionRow, UserRow

_SEPARATOR = ','
# Built once, values as parameters, run on the driver's cursor as the enrollment's own statements are: built per
# call, its `.values()` coercion and cache key had made an enrollment's mail cost more than the enrollment itself,
# and through `Connection.execute` it still cost a third of an enrollment (P4, persistence/driver_statements.py).
# ON CONFLICT DO NOTHING: a dedupe key used already adds no row (the row count says so).
_ADD_COLUMNS = ('user_id', 'kind', 'session_id', 'text', 'dedupe_key', 'created_at', 'status', 'tries')
_ADD_VALUES: dict[str, Any] = {name: bindparam(name) for name in (*_ADD_COLUMNS, 'next_attempt_at', 'last_error')}
_ADD_POSTGRESQL = DriverStatement(
    postgresql_insert(OutboxRow).values(_ADD_VALUES).on_conflict_do_nothing(index_elements=['dedupe_key'])
)
_ADD_SQLITE = DriverStatement(
    sqlite_insert(OutboxRow).values(_ADD_VALUES).on_conflict_do_nothing(index_elements=['dedupe_key'])
)

# P8: one statement for every outcome (a batch's at once), built once: a statement made per outcome cost more
# than the database's work. Unchanged columns keep their value through COALESCE.
_outbox: Table = OutboxRow.__table__  # type: ignore[attr-defined]
_RECORD_OUTCOME = (
    update(_outbox)
    .where(_outbox.c.id == bindparam('message_id'))
    .values(
        status=bindparam('new_status'),
        tries=_outbox.c.tries + 1,
        last_error=bindparam('error'),
        leased_until=None,
        sent_at=func.coalesce(bindparam('sent', type_=_outbox.c.sent_at.type), _outbox.c.sent_at),
        next_attempt_at=func.coalesce(
            bindparam('retry', type_=_outbox.c.next_attempt_at.type), _outbox.c.next_attempt_at
        ),
    )
)


def outbox_values(
    user_id: int, kind: MailKind, text: str, now: datetime, session_id: int | None, dedupe_key: str | None
) -> dict[str, Any]:
    """The values of a new outbox row: pending, due now."""
    return {
        'user_id': user_id,
        'kind': kind.value,
        'session_id': session_id,
        'text': text,
        'dedupe_key': dedupe_key,
        'created_at': now,
        'status': MailStatus.PENDING.value,
        'tries': 0,
        'next_attempt_at': now,
        'last_error': '',
    }


def queue_statement(connection: Connection) -> DriverStatement:
    """The outbox's INSERT of `outbox_values` in the connection's dialect."""
    return _ADD_POSTGRESQL if connection.dialect.name == 'postgresql' else _ADD_SQLITE


def _id(row: OutboxRow | UserRow) -> int:
    if row.id is None:
        raise RuntimeError('an outbox or user row without its id')
    return row.id


def _muted(stored: str) -> frozenset[MailKind]:
    return frozenset(MailKind[name] for name in stored.split(_SEPARATOR) if name in MailKind.__members__)


def _message(row: OutboxRow, recipient: str = '') -> OutboxMessage:
    return OutboxMessage(
        id=_id(row),
        user_id=row.user_id,
        kind=MailKind(row.kind),
        session_id=row.session_id,
        text=row.text,
        created_at=row.created_at,
        status=MailStatus(row.status),
        tries=row.tries,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        sent_at=row.sent_at,
        recipient=recipient,
    )


class SqlMailRepository(CoreRepository):
    """The driver-cursor insert (P4) and the sender's outcomes (P8) run on the unit of work's connection alone."""

    def add(
        self, user_id: int, kind: MailKind, text: str, now: datetime, session_id: int | None, dedupe_key: str | None
    ) -> bool:
        connection = self._core()
        values = outbox_values(user_id, kind, text, now, session_id, dedupe_key)
        return queue_statement(connection).run(connection, values) == 1

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[OutboxMessage]:
        due = (
            select(OutboxRow)
            .where(col(OutboxRow.status) == MailStatus.PENDING.value, col(OutboxRow.next_attempt_at) <= now)
            .where((col(OutboxRow.leased_until).is_(None)) | (col(OutboxRow.leased_until) <= now))
            .order_by(col(OutboxRow.next_attempt_at), col(OutboxRow.id))
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite's writers already run one at a time
        )
        rows = list(self._session.exec(due).all())
        if rows:
            ids = [_id(row) for row in rows]
            lease = update(OutboxRow).where(col(OutboxRow.id).in_(ids)).values(leased_until=lease_until)
            self._session.connection().execute(lease)
        return [_message(row) for row in rows]

    def record_outcomes(self, outcomes: Sequence[MailOutcome], now: datetime) -> None:
        if not outcomes:
            return
        values = [
            {
                'message_id': outcome.message_id,
                'new_status': outcome.status.value,
                'error': outcome.error,
                'sent': now if outcome.status is MailStatus.SENT else None,
                'retry': outcome.retry_at,
            }
            for outcome in outcomes
        ]
        self._core().execute(_RECORD_OUTCOME, values)

    def recipients(self, user_ids: Sequence[int]) -> dict[int, Recipient]:
        if not user_ids:
            return {}
        query = select(UserRow).where(col(UserRow.id).in_(set(user_ids)))
        return {
            _id(row): Recipient(_id(row), row.name, row.email, row.time_zone, _muted(row.muted_mail))
            for row in self._session.exec(query).all()
        }

    def latest(self, limit: int) -> list[OutboxMessage]:
        query = (
            select(OutboxRow, UserRow.email)
            .join(UserRow, col(UserRow.id) == col(OutboxRow.user_id))
            .order_by(col(OutboxRow.id).desc())
            .limit(limit)
        )
        return [_message(row, email) for row, email in self._session.exec(query).all()]

    def counts(self) -> dict[MailStatus, int]:
        query = select(OutboxRow.status, func.count()).group_by(col(OutboxRow.status))
        found = {MailStatus(status): count for status, count in self._session.exec(query).all()}
        return {status: found.get(status, 0) for status in MailStatus}

    def set_muted(self, user_id: int, kinds: frozenset[MailKind]) -> None:
        stored = _SEPARATOR.join(sorted(kind.name for kind in kinds))
        self._session.connection().execute(update(UserRow).where(col(UserRow.id) == user_id).values(muted_mail=stored))

    def set_time_zone(self, user_id: int, time_zone: str) -> None:
        statement = update(UserRow).where(col(UserRow.id) == user_id).values(time_zone=time_zone)
        self._session.connection().execute(statement)

    def upcoming_starts(self, start_after: datetime, start_until: datetime) -> list[tuple[int, int, datetime, str]]:
        query = select(SessionRow.id, SessionRow.mentor_id, SessionRow.start_at, SessionRow.title).where(
            col(SessionRow.start_at) > start_after,
            col(SessionRow.start_at) <= start_until,
            col(SessionRow.deleted_at).is_(None),
            col(SessionRow.started_at).is_(None),
        )
        return [(int(i or 0), mentor, start, title) for i, mentor, start, title in self._session.exec(query).all()]
