"""DriverStatement (P4): on the driver's cursor, the same values, transaction and errors as `Connection.execute`."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import Engine, Table, bindparam, delete, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from domain.entities import Enrollment, EnrollmentType
from domain.errors import TryAgain
from domain.services.enrollment import enroll
from persistence.database import WRITE_OPTION
from persistence.driver_statements import DriverStatement
from persistence.events import libpq_dsn
from persistence.tables import EnrollmentRow, SessionRow
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import NOW, add_mentor, add_session, add_user

_enrollments: Table = EnrollmentRow.__table__  # type: ignore[attr-defined]
_sessions: Table = SessionRow.__table__  # type: ignore[attr-defined]
_COLUMNS = ('session_id', 'mentee_id', 'enrollment_type', 'created_at', 'joined_at')
_INSERT = insert(_enrollments).values({name: bindparam(name) for name in _COLUMNS})
_SESSION = select(_sessions, (_sessions.c.seat_limit - _sessions.c.seats_taken).label('seats_left')).where(
    _sessions.c.id == bindparam('session_id')
)
WHEN = datetime(2031, 3, 9, 14, 5, 7, 123456, tzinfo=UTC)


def _people(uow_factory: SqlUnitOfWorkFactory) -> tuple[int, int, int]:
    session = add_session(uow_factory, add_mentor(uow_factory))
    return session.id, add_user(uow_factory, 'Mia Mentee').id, add_user(uow_factory, 'Max Mentee').id


def _row(session_id: int, mentee_id: int) -> dict[str, object]:
    return {'session_id': session_id, 'mentee_id': mentee_id, 'enrollment_type': 'Enrolled', 'created_at': WHEN}


def test_p4_values_are_stored_as_sqlalchemy_stores_them(engine: Engine, uow_factory: SqlUnitOfWorkFactory) -> None:
    """The same bytes in the table as through `Connection.execute` (SQLite keeps date-times as text)."""
    session_id, mia, max_ = _people(uow_factory)
    with engine.begin() as connection:
        DriverStatement(_INSERT).run(connection, _row(session_id, mia) | {'joined_at': WHEN})
        connection.execute(_INSERT, _row(session_id, max_) | {'joined_at': WHEN})
    as_text = text('SELECT mentee_id, CAST(created_at AS TEXT), CAST(joined_at AS TEXT) FROM enrollments')
    with engine.connect() as connection:
        stored = {row[0]: row[1:] for row in connection.execute(as_text)}
    assert stored[mia] == stored[max_]
    assert '2031-03-09' in str(stored[mia][0])


def test_p4_a_row_comes_back_converted_as_connection_execute_gives_it(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    session_id, *_ = _people(uow_factory)
    with engine.connect() as connection:
        fetched = DriverStatement(_SESSION).first(connection, {'session_id': session_id})
        expected = connection.execute(_SESSION, {'session_id': session_id}).one()
        missing = DriverStatement(_SESSION).first(connection, {'session_id': session_id + 1000})
    assert fetched is not None
    assert tuple(fetched) == tuple(expected)
    assert fetched._fields == tuple(expected._fields)
    assert isinstance(fetched.start_at, datetime) and fetched.seats_left == expected.seats_left
    assert missing is None


def test_p4_a_delete_gives_back_what_it_returns_converted_as_connection_execute_gives_it(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    """W1's promotion takes the first in line with one DELETE … RETURNING."""
    session_id, mia, max_ = _people(uow_factory)
    returned = (_enrollments.c.mentee_id, _enrollments.c.created_at)
    taking = delete(_enrollments).where(_enrollments.c.mentee_id == bindparam('mentee_id')).returning(*returned)
    with engine.begin() as connection:
        for mentee_id in (mia, max_):
            connection.execute(_INSERT, _row(session_id, mentee_id) | {'joined_at': None})
        taken = DriverStatement(taking).all(connection, {'mentee_id': mia})
        expected = connection.execute(taking, {'mentee_id': max_}).all()
        left = connection.execute(select(_enrollments.c.id)).all()
    (row,), (other,) = taken, expected
    assert row._fields == tuple(other._fields)
    assert (row.mentee_id, row.created_at) == (mia, other.created_at)  # both stored as WHEN
    assert isinstance(row.created_at, datetime)
    assert left == []  # both deleted


def test_p9_batches_give_the_rows_connection_execute_gives_converted_in_lists_of_the_size(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    mentor = add_mentor(uow_factory)
    for _ in range(5):
        add_session(uow_factory, mentor)
    every = select(_sessions.c.id, _sessions.c.title, _sessions.c.start_at).order_by(_sessions.c.id)
    with engine.connect() as connection:
        batches = list(DriverStatement(every).batches(connection, {}, 2))
        expected = [tuple(row) for row in connection.execute(every)]
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert [row for batch in batches for row in batch] == expected
    assert isinstance(batches[0][0][2], datetime)  # SQLite's text converted as by Connection.execute


def test_p4_it_runs_in_the_connections_transaction(engine: Engine, uow_factory: SqlUnitOfWorkFactory) -> None:
    session_id, mia, _ = _people(uow_factory)
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        DriverStatement(_INSERT).run(connection, _row(session_id, mia) | {'joined_at': None})
        assert connection.in_transaction()
        connection.rollback()
    with engine.connect() as connection:
        assert connection.execute(select(_enrollments.c.id)).all() == []


def test_p4_a_refusal_of_the_database_is_sqlalchemys_error(engine: Engine, uow_factory: SqlUnitOfWorkFactory) -> None:
    """The repositories catch IntegrityError as before (a second enrollment of the same mentee)."""
    session_id, mia, _ = _people(uow_factory)
    statement = DriverStatement(_INSERT)
    with engine.connect() as connection:
        statement.run(connection, _row(session_id, mia) | {'joined_at': None})
        with pytest.raises(IntegrityError) as refused:
            statement.run(connection, _row(session_id, mia) | {'joined_at': None})
        assert not refused.value.connection_invalidated
        connection.rollback()


def _end_other_connections(engine: Engine) -> None:
    """What a restart of PostgreSQL does to the app's pooled connections."""
    with psycopg.connect(libpq_dsn(engine.url.render_as_string(hide_password=False)), autocommit=True) as admin:
        admin.execute(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity'
            ' WHERE datname = current_database() AND pid <> pg_backend_pid()'
        )


@pytest.mark.parametrize('database_url', [pytest.param('postgres', marks=pytest.mark.postgres)], indirect=True)
def test_p4_a_lost_connection_is_invalidated_and_the_user_may_try_again(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    """E2: PostgreSQL ends the connection in the middle of an enrollment: "try again", and the next one works."""
    session_id, mia, _ = _people(uow_factory)
    with engine.connect() as connection:
        connection.execute(text('SELECT 1'))
        _end_other_connections(engine)
        with pytest.raises(OperationalError) as lost:
            DriverStatement(_SESSION).first(connection, {'session_id': session_id})
        assert lost.value.connection_invalidated
    with uow_factory(read_only=True) as uow:
        mentee = uow.users.get(mia)
    assert mentee is not None
    enrollment = Enrollment(session_id, mia, EnrollmentType.ENROLLED, NOW)
    with pytest.raises(TryAgain), uow_factory() as uow:
        assert uow.enrollments.seat_check(session_id, mia) is not None
        _end_other_connections(engine)
        uow.enrollments.add(enrollment)
    enroll(uow_factory(), mentee, session_id, NOW)
    with engine.connect() as connection:
        assert connection.execute(select(_enrollments.c.mentee_id)).scalars().all() == [mia]
