"""Statements run on the database driver's own cursor: the enrollment's, its e-mail's and notices', and the
waitlist's (P4), and the dashboard's session list (P9).

Around each execution, SQLAlchemy's work (events, execution context, Result and Row objects) took about as much
Python time as the driver's own, and the threads of an app instance share one GIL: an enrollment cost twice a
plain INSERT. A `DriverStatement` is a Core statement compiled once per dialect. It runs inside the Connection's
transaction with the same SQL, the same conversions of values by the columns' types, and the same errors as
`Connection.execute` (a lost connection is invalidated, so that the pool replaces it). It leaves out
SQLAlchemy's execution events and statement logging (`echo`).

Kept only where P4 or P9 needs it: through `Connection.execute` the seat check and the insert bring P4 below
0.5× on both databases (docs/performance.md, "P4 on SQLAlchemy's public API"); through the ORM, joining the
waitlist and un-enrolling cost 10–50 enrollments each (docs/performance.md, "issue 18, second round"), and a
promoted mentee's notice half an un-enrollment (docs/performance.md, "seventh session"); D2's download reads up
to 100,000 rows, and SQLAlchemy's Result added about as much as the `csv` module's whole writing of them
(docs/performance.md, "P9 dashboard at scale"). It relies on documented attributes of SQLAlchemy's compiler
(`binds`, `positiontup`) and dialects (`is_disconnect`, the types' bind and result processors): SQLAlchemy is
pinned to the minor version tested, and tests/integration/test_driver_statements.py compares it with
`Connection.execute`.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Generator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Select, UpdateBase
from sqlalchemy.exc import DBAPIError

_Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # the parameters' order, for drivers that take them by position (SQLite)
    defaults: dict[str, Any]  # values bound in the statement itself
    bind_processors: dict[str, _Processor]
    row_type: Callable[..., Any] | None  # a named tuple of the selected columns' keys
    converters: tuple[tuple[int, _Processor], ...]  # the selected columns that convert, by position


def _compile(statement: Select[Any] | UpdateBase, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    binds = compiled.binds.items()  # by their names in the SQL
    bind_processors = {name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in binds}
    columns = list(statement.exported_columns)  # a SELECT's columns, or what an INSERT or DELETE returns
    return _Compiled(
        sql=compiled.string,
        positions=tuple(compiled.positiontup) if compiled.positiontup is not None else None,
        defaults={name: bind.value for name, bind in binds if bind.value is not None},
        bind_processors={key: processor for key, processor in bind_processors.items() if processor is not None},
        row_type=namedtuple('Row', [str(column.key) for column in columns], rename=True) if columns else None,
        # The types of these columns (integers, texts, date-times, booleans) convert regardless of the driver's
        # type code, which SQLAlchemy would pass as the second argument.
        converters=tuple(
            (index, processor)
            for index, column in enumerate(columns)
            if (processor := _result_processor(column.type, dialect)) is not None
        ),
    )


class DriverStatement:
    """A Core SELECT, INSERT or DELETE (with RETURNING or not) with named bind parameters, executed on the
    driver's cursor of a Connection."""

    def __init__(self, statement: Select[Any] | UpdateBase) -> None:
        self._statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def run(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """Execute it; nothing is read back. The number of rows it inserted or deleted."""
        cursor = self._execute(connection, self._compiled(connection.dialect), params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def first(self, connection: Connection, params: Mapping[str, Any]) -> Any | None:
        """The first row, as a named tuple of the selected columns' keys, or None."""
        rows = self._rows(connection, params, one=True)
        return rows[0] if rows else None

    def all(self, connection: Connection, params: Mapping[str, Any]) -> list[Any]:
        """Every row, as named tuples of the selected columns' keys."""
        return self._rows(connection, params, one=False)

    def batches(
        self, connection: Connection, params: Mapping[str, Any], size: int
    ) -> Generator[list[tuple[Any, ...]], None, None]:
        """Every row, as plain tuples (not named), in lists of `size`: constant memory however many there are.
        With psycopg the server sends them in chunks of `size` as it makes them, one round trip in all
        (`Cursor.stream`, libpq's chunked mode): a server-side cursor's FETCH round trips took twice the time
        (P9). Other drivers' cursors (SQLite's) step through the result with `fetchmany`.

        Read it to the end or close it before the transaction ends: on PostgreSQL an unfinished stream holds the
        connection (closing it cancels the query, after which the transaction can only be rolled back)."""
        compiled = self._compiled(connection.dialect)
        arguments = self._arguments(connection, compiled, params)
        cursor = self._cursor(connection)
        converters = compiled.converters
        streamed: Any = None
        try:
            if hasattr(cursor, 'stream'):  # psycopg 3
                streamed = cursor.stream(compiled.sql, arguments, size=size)
                batches = iter(lambda: list(islice(streamed, size)), [])
            else:
                cursor.execute(compiled.sql, arguments)
                batches = iter(partial(cursor.fetchmany, size), [])
            for batch in batches:
                yield [tuple(_converted(converters, row)) for row in batch] if converters else batch
        except connection.dialect.loaded_dbapi.Error as error:
            raise as_sqlalchemy_error(connection, compiled.sql, arguments, error, cursor) from error
        finally:
            if streamed is not None:
                streamed.close()  # psycopg: an unfinished query is cancelled, the connection's lock let go
            with suppress(connection.dialect.loaded_dbapi.Error):  # a cursor of a lost connection
                cursor.close()

    def _rows(self, connection: Connection, params: Mapping[str, Any], *, one: bool) -> list[Any]:
        compiled = self._compiled(connection.dialect)
        cursor = self._execute(connection, compiled, params)
        try:
            found = [row for row in [cursor.fetchone()] if row is not None] if one else cursor.fetchall()
        finally:
            cursor.close()
        if compiled.row_type is None:
            return []
        converters, row_type = compiled.converters, compiled.row_type
        return [row_type(*_converted(converters, row)) for row in found]

    def _compiled(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect.name)
        if compiled is None:
            compiled = self._by_dialect[dialect.name] = _compile(self._statement, dialect)
        return compiled

    @staticmethod
    def _execute(connection: Connection, compiled: _Compiled, params: Mapping[str, Any]) -> Any:
        arguments = DriverStatement._arguments(connection, compiled, params)
        cursor = DriverStatement._cursor(connection)
        try:
            cursor.execute(compiled.sql, arguments)
        except connection.dialect.loaded_dbapi.Error as error:
            raise as_sqlalchemy_error(connection, compiled.sql, arguments, error, cursor) from error
        return cursor

    @staticmethod
    def _arguments(connection: Connection, compiled: _Compiled, params: Mapping[str, Any]) -> Any:
        """The values as the driver takes them, in the Connection's transaction (begun if need be)."""
        if not connection.in_transaction():
            connection.begin()  # SQLite's begin hook sends BEGIN (IMMEDIATE for writers); psycopg begins by itself
        values = {**compiled.defaults, **params} if compiled.defaults else dict(params)
        for key, process in compiled.bind_processors.items():
            if (value := values.get(key)) is not None:
                values[key] = process(value)
        return values if compiled.positions is None else tuple(values[key] for key in compiled.positions)

    @staticmethod
    def _cursor(connection: Connection) -> Any:
        dbapi_connection = connection.connection.dbapi_connection
        assert dbapi_connection is not None  # `connection.connection` reconnects, or raises if it cannot
        return dbapi_connection.cursor()


def as_sqlalchemy_error(
    connection: Connection, sql: str, arguments: Any, error: Exception, cursor: Any
) -> BaseException:
    """The error `Connection.execute` would raise (IntegrityError, OperationalError, …), the connection
    invalidated when the database is gone. `cursor`: the one the statement ran on (None: none could be made)."""
    dialect = connection.dialect
    gone = dialect.is_disconnect(cast(Any, error), connection.connection.dbapi_connection, cursor)
    if cursor is not None:
        with suppress(dialect.loaded_dbapi.Error):  # a cursor of a lost connection
            cursor.close()
    if gone:
        connection.invalidate(error)
    return DBAPIError.instance(
        sql, arguments, error, dialect.loaded_dbapi.Error, connection_invalidated=gone, dialect=dialect
    )


def _converted(converters: tuple[tuple[int, _Processor], ...], row: tuple[Any, ...]) -> list[Any]:
    values = list(row)
    for index, process in converters:
        values[index] = process(values[index])
    return values


def _result_processor(column_type: Any, dialect: Dialect) -> _Processor | None:
    return column_type.dialect_impl(dialect).result_processor(dialect, None)  # type: ignore[no-any-return]
