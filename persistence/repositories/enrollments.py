"""Who is enrolled in or invited to which session."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Table, bindparam, delete, func, insert, true, update
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from domain.entities import Enrollment, EnrollmentType, User
from domain.ports import DuplicateEnrollment, MailToQueue, SeatCheck
from persistence.driver_statements import DriverStatement
from persistence.mapping import enrollment_from_row, session_from_row, user_from_row
from persistence.repositories.mail import outbox_values, queue_statement
from persistence.repositories.querying import CoreRepository, UnitOfWorkDatabase, is_unique_violation
from persistence.tables import EnrollmentRow, OrganizationRow, OutboxRow, SessionRow, UserRow, WaitlistRow

# Statements built once: the hot paths (P3, P4) neither build a statement nor compute its cache key per call;
# the enrollment's and un-enrollment's run on the driver's cursor (persistence/driver_statements.py).
_sessions: Table = SessionRow.__table__  # type: ignore[attr-defined]
_enrollments: Table = EnrollmentRow.__table__  # type: ignore[attr-defined]
_users: Table = UserRow.__table__  # type: ignore[attr-defined]
_organizations: Table = OrganizationRow.__table__  # type: ignore[attr-defined]
_outbox: Table = OutboxRow.__table__  # type: ignore[attr-defined]
_waitlist: Table = WaitlistRow.__table__  # type: ignore[attr-defined]
# M1 seat check: the session row, locked unless enrolling (see `_TAKE_SEAT`), with its seats taken (a column the
# database keeps, migration 0003) and whether the mentee is in. FOR UPDATE on PostgreSQL returns the newest
# version of the row after any wait, so the seats are never stale; SQLite's write transaction (BEGIN IMMEDIATE)
# is exclusive already. The mentee test reads the statement's snapshot: a concurrent enrollment of the same
# mentee slips past it only to meet the unique constraint.
_THE_PAIR = (
    _enrollments.c.session_id == bindparam('session_id'),
    _enrollments.c.mentee_id == bindparam('mentee_id'),
)
_MENTEE_ENROLLMENT = (
    core_select(_enrollments.c.enrollment_type).where(*_THE_PAIR).scalar_subquery().label('mentee_enrollment')
)
_MENTEE_WAITING = (
    core_select(_waitlist.c.id)
    .where(_waitlist.c.session_id == bindparam('session_id'), _waitlist.c.mentee_id == bindparam('mentee_id'))
    .exists()
    .label('mentee_waiting')
)
_SEAT_CHECK = core_select(_sessions, _MENTEE_ENROLLMENT, _MENTEE_WAITING).where(
    _sessions.c.id == bindparam('session_id')
)
_LOCKED_SEAT_CHECK = DriverStatement(_SEAT_CHECK.with_for_update(of=_sessions))
_UNLOCKED_SEAT_CHECK = DriverStatement(_SEAT_CHECK)
_ENROLLMENT_COLUMNS = ('session_id', 'mentee_id', 'enrollment_type', 'created_at', 'joined_at')
_INSERT = DriverStatement(insert(_enrollments).values({name: bindparam(name) for name in _ENROLLMENT_COLUMNS}))
# M1's enrollment on PostgreSQL (`take_seat`), one statement: lock the session row only if a seat is free and
# every column but `seats_taken` is as the unlocked seat check read it (`seen_<column>`; after waiting for
# another transaction's lock, FOR UPDATE checks the row's newest version again), insert the enrollment, queue
# its e-mail (`mail_<column>`), and give the seats taken after it. Run as the unit of work's first write, it
# commits by itself: the lock is held while the database runs it, not across the app's round trips (P4
# "crowded": docs/performance.md, "fourteenth session").
_SEEN = tuple(column for column in _sessions.c if column.name not in ('id', 'seats_taken'))
_MAIL_VALUES = ('kind', 'text', 'dedupe_key', 'created_at', 'status', 'tries', 'next_attempt_at', 'last_error')
_FREE_SEAT = (
    core_select(_sessions.c.id, _sessions.c.seats_taken)
    .where(
        _sessions.c.id == bindparam('session_id'),
        _sessions.c.seats_taken < _sessions.c.seat_limit,
        *(column.is_not_distinct_from(bindparam(f'seen_{column.name}', type_=column.type)) for column in _SEEN),
    )
    .with_for_update()
    .cte('free_seat')
)
_SEAT_TAKEN = (
    insert(_enrollments)
    .from_select(
        _ENROLLMENT_COLUMNS,
        core_select(
            _FREE_SEAT.c.id,
            *(bindparam(name, type_=_enrollments.c[name].type) for name in _ENROLLMENT_COLUMNS[1:]),
        ),
    )
    .returning(_enrollments.c.session_id, _enrollments.c.mentee_id)
    .cte('seat_taken')
)
_MAILED = (
    insert(_outbox)
    .from_select(
        ['user_id', 'session_id', *_MAIL_VALUES],
        core_select(
            _SEAT_TAKEN.c.mentee_id,
            _SEAT_TAKEN.c.session_id,
            *(bindparam(f'mail_{name}', type_=_outbox.c[name].type) for name in _MAIL_VALUES),
        ),
    )
    .returning(_outbox.c.id)
    .cte('mailed')
)
_TAKE_SEAT = DriverStatement(
    core_select((_FREE_SEAT.c.seats_taken + 1).label('seats_taken')).select_from(_FREE_SEAT.join(_MAILED, true()))
)
# Un-enrolling and promotions (W1, P4 with the waitlist in use).
_REMOVE = DriverStatement(delete(_enrollments).where(*_THE_PAIR))
_SEATS_TAKEN = DriverStatement(core_select(_sessions.c.seats_taken).where(_sessions.c.id == bindparam('session_id')))
_MENTEE_ROWS = (
    core_select(
        _users.c.name, _users.c.designation, _organizations.c.name, _users.c.email, _enrollments.c.enrollment_type
    )
    .select_from(_enrollments)
    .join(_users, _users.c.id == _enrollments.c.mentee_id)
    .join(_organizations, _organizations.c.id == _users.c.organization_id)
    .where(_enrollments.c.session_id == bindparam('session_id'))
    .order_by(func.lower(_users.c.name), _users.c.name, _users.c.id)
)


class RememberedSeatChecks:
    """An app instance's last unlocked seat check of each session enrolled into lately, the mentee's part left
    out: `seat_check(recent=True)` answers from it without a statement (P4). Only where `take_seat` verifies the
    session against what was read (PostgreSQL), so a remembered read that is out of date costs a try, never a
    wrong enrollment. At most SIZE sessions, the least lately read going first."""

    SIZE = 256

    def __init__(self) -> None:
        self._checks: OrderedDict[int, SeatCheck] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: int) -> SeatCheck | None:
        with self._lock:
            return self._checks.get(session_id)

    def count(self, session_id: int, seats_taken: int) -> None:
        """Seats taken as an enrollment left them: the remembered count does not lag behind this instance's own
        enrollments (the larger count is kept when two cross; one too many only costs a fresh read)."""
        with self._lock:
            check = self._checks.get(session_id)
            if check is not None and check.seats_taken < seats_taken:
                self._checks[session_id] = replace(check, seats_taken=seats_taken)

    def keep(self, check: SeatCheck) -> None:
        with self._lock:
            self._checks[check.session.id] = check.as_remembered()
            self._checks.move_to_end(check.session.id)
            if len(self._checks) > self.SIZE:
                self._checks.popitem(last=False)


class SqlEnrollmentRepository(CoreRepository):
    def __init__(self, database: UnitOfWorkDatabase, remembered: RememberedSeatChecks | None) -> None:
        """`database`: the unit of work's; the Core statements of the hot paths (P3, P4) need no ORM Session.
        `remembered`: the app instance's (PostgreSQL only)."""
        super().__init__(database)
        self._remembered = remembered

    def seat_check(
        self, session_id: int, mentee_id: int, *, lock: bool = True, recent: bool = False
    ) -> SeatCheck | None:
        """M1: the session row (locked unless `lock=False`) with its seats taken and how the mentee is in: one
        statement, or none when `recent` and remembered."""
        remembered = self._remembered
        if recent and not lock and remembered is not None and (check := remembered.get(session_id)) is not None:
            return check
        connection = self._core()
        if not lock:
            _commit_each_statement(connection)  # `take_seat` then commits by itself
        statement = _LOCKED_SEAT_CHECK if lock else _UNLOCKED_SEAT_CHECK
        row = statement.first(connection, {'session_id': session_id, 'mentee_id': mentee_id})
        if row is None:
            return None
        enrollment = EnrollmentType(row.mentee_enrollment) if row.mentee_enrollment is not None else None
        check = SeatCheck(session_from_row(row, {}), row.seats_taken, enrollment, bool(row.mentee_waiting), seen=row)
        if not lock and remembered is not None:
            remembered.keep(check)
        return check

    def add(self, enrollment: Enrollment) -> None:
        """A plain INSERT: the unique constraint refuses a second one; the caller then rolls back."""
        try:
            _INSERT.run(self._core(), _enrollment_values(enrollment))
        except IntegrityError as error:
            _raise_if_duplicate(enrollment, error)
            raise

    def take_seat(self, enrollment: Enrollment, mail: MailToQueue, seen: SeatCheck) -> int | None:
        connection = self._core()
        values = _enrollment_values(enrollment)
        queued = outbox_values(
            enrollment.mentee_id, mail.kind, mail.text, enrollment.created_at, enrollment.session_id, None
        )
        if connection.dialect.name != 'postgresql':  # SQLite: nothing changed since `seen` (see the port)
            self.add(enrollment)
            queue_statement(connection).run(connection, queued)
            return seen.seats_taken + 1
        _commit_each_statement(connection)  # when `seen` was remembered, this is the unit of work's first statement
        row = seen.seen
        values |= {f'seen_{column.name}': getattr(row, column.name) for column in _SEEN}
        values |= {f'mail_{name}': queued[name] for name in _MAIL_VALUES}
        try:
            taken = _TAKE_SEAT.first(connection, values)
        except IntegrityError as error:
            _raise_if_duplicate(enrollment, error)
            raise
        if taken is None:
            return None
        if self._remembered is not None:
            self._remembered.count(enrollment.session_id, taken.seats_taken)
        return int(taken.seats_taken)

    def get(self, session_id: int, mentee_id: int) -> Enrollment | None:
        row = self._session.exec(select(EnrollmentRow).where(*_pair(session_id, mentee_id))).first()
        return enrollment_from_row(row) if row else None

    def remove(self, session_id: int, mentee_id: int) -> bool:
        return _REMOVE.run(self._core(), {'session_id': session_id, 'mentee_id': mentee_id}) == 1

    def remove_all(self, session_id: int) -> list[int]:
        """Remove every enrollment of the session; return the mentee ids."""
        mentee_ids = self.mentee_ids(session_id)
        statement = delete(EnrollmentRow).where(col(EnrollmentRow.session_id) == session_id)
        self._session.exec(statement.execution_options(synchronize_session='fetch'))
        return mentee_ids

    def seats_taken(self, session_id: int) -> int:
        """Enrolled plus invited: the session row's `seats_taken`, the one figure the seat check reads too."""
        row = _SEATS_TAKEN.first(self._core(), {'session_id': session_id})
        return row.seats_taken if row is not None else 0

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

    def mentee_rows(self, session_id: int) -> list[tuple[str, str, str, str, str]]:
        """T3 "Download": name, designation, organization, e-mail, enrollment type; ordered as mentee_list."""
        result = self._core().execute(_MENTEE_ROWS, {'session_id': session_id})
        try:
            # The driver's own tuples (five text columns: SQLAlchemy would not convert anything). 10,000 Row
            # objects cost time to make and, unlike tuples of text, stay tracked by the garbage collector,
            # which they push into full collections of the whole process (P3).
            return list(result.cursor.fetchall())
        finally:
            result.close()

    def record_join(self, session_id: int, mentee_id: int, now: datetime) -> None:
        """Keeps the first time the mentee joined."""
        statement = (
            update(EnrollmentRow)
            .where(*_pair(session_id, mentee_id), col(EnrollmentRow.joined_at).is_(None))
            .values(joined_at=now)
        )
        self._session.exec(statement.execution_options(synchronize_session='fetch'))


def _commit_each_statement(connection: Connection) -> None:
    """On PostgreSQL, before the unit of work's first statement: each statement commits by itself (autocommit);
    SQLAlchemy sets the connection back when the pool gets it back."""
    if not connection.in_transaction() and connection.dialect.name == 'postgresql':
        connection.execution_options(isolation_level='AUTOCOMMIT')


def _enrollment_values(enrollment: Enrollment) -> dict[str, object]:
    return {
        'session_id': enrollment.session_id,
        'mentee_id': enrollment.mentee_id,
        'enrollment_type': enrollment.enrollment_type.value,
        'created_at': enrollment.created_at,
        'joined_at': enrollment.joined_at,
    }


def _raise_if_duplicate(enrollment: Enrollment, error: IntegrityError) -> None:
    if is_unique_violation(error):
        raise DuplicateEnrollment(f'{enrollment.mentee_id} is already in session {enrollment.session_id}') from error


def _pair(session_id: int, mentee_id: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return col(EnrollmentRow.session_id) == session_id, col(EnrollmentRow.mentee_id) == mentee_id
