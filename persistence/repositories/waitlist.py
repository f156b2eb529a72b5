"""W1: who waits for a seat in which session, first come first served."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, bindparam, delete, func, insert
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from domain.entities import User
from domain.ports import DuplicateEnrollment
from persistence.driver_statements import DriverStatement
from persistence.mapping import user_from_row
from persistence.repositories.querying import CoreRepository, is_unique_violation
from persistence.tables import OrganizationRow, UserRow, WaitlistRow

# Joining, leaving and promotions run these once-built statements on the driver's cursor, as enrolling does
# (P4 with the waitlist in use; persistence/driver_statements.py).
_waitlist: Table = WaitlistRow.__table__  # type: ignore[attr-defined]
_IN_SESSION = _waitlist.c.session_id == bindparam('session_id')
_THE_PAIR = (_IN_SESSION, _waitlist.c.mentee_id == bindparam('mentee_id'))
_ADD_ROW = insert(_waitlist).values(
    session_id=bindparam('session_id'), mentee_id=bindparam('mentee_id'), created_at=bindparam('created_at')
)
_ADD = DriverStatement(_ADD_ROW)
# PostgreSQL: the row and its place in line in one statement (P4 with the waitlist in use). The count reads the
# statement's snapshot, which lacks the new row but holds everyone else's: the caller has locked the session
# row, which every writer of its line locks first.
_ADD_AT_THE_END = DriverStatement(
    core_select((func.count() + 1).label('place'))
    .select_from(_waitlist)
    .where(_IN_SESSION)
    .add_cte(_ADD_ROW.returning(_waitlist.c.id).cte('added'))
)
_REMOVE = DriverStatement(delete(_waitlist).where(*_THE_PAIR))
# Taking the first in line out of it: one DELETE that returns them (a promotion, the line closing). The rows come
# back in no set order: their ids give it.
_LINE = core_select(_waitlist.c.id).where(_IN_SESSION).order_by(_waitlist.c.id)
_TAKEN = (_waitlist.c.id, _waitlist.c.mentee_id)
_TAKE_ALL = DriverStatement(delete(_waitlist).where(_IN_SESSION).returning(*_TAKEN))
_TAKE_FIRST = DriverStatement(
    delete(_waitlist).where(_waitlist.c.id.in_(_LINE.limit(bindparam('limit')).scalar_subquery())).returning(*_TAKEN)
)
_MINE = core_select(_waitlist.c.id).where(*_THE_PAIR).scalar_subquery()
_POSITION = DriverStatement(core_select(func.count().label('places')).where(_IN_SESSION, _waitlist.c.id <= _MINE))


class SqlWaitlistRepository(CoreRepository):
    def add(self, session_id: int, mentee_id: int, now: datetime) -> int:
        """The unique (session, mentee) pair refuses a second place in line; the caller then rolls back."""
        connection = self._core()
        values = {'session_id': session_id, 'mentee_id': mentee_id, 'created_at': now}
        try:
            if connection.dialect.name == 'postgresql':
                return int(_ADD_AT_THE_END.all(connection, values)[0].place)  # a count: always one row
            _ADD.run(connection, values)
        except IntegrityError as error:
            if is_unique_violation(error):
                raise DuplicateEnrollment(f'{mentee_id} already waits for session {session_id}') from error
            raise
        return self.position(session_id, mentee_id) or 0

    def remove(self, session_id: int, mentee_id: int) -> bool:
        return _REMOVE.run(self._core(), {'session_id': session_id, 'mentee_id': mentee_id}) == 1

    def take(self, session_id: int, limit: int | None = None) -> list[int]:
        if limit is None:
            rows = _TAKE_ALL.all(self._core(), {'session_id': session_id})
        else:
            rows = _TAKE_FIRST.all(self._core(), {'session_id': session_id, 'limit': limit})
        return [row.mentee_id for row in sorted(rows)]  # by id: first come first

    def position(self, session_id: int, mentee_id: int) -> int | None:
        row = _POSITION.first(self._core(), {'session_id': session_id, 'mentee_id': mentee_id})
        return (row.places if row is not None else 0) or None

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
