"""Engines for SQLite and PostgreSQL, and the Alembic upgrade the app runs on start."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.pool import ConnectionPoolEntry

from persistence.driver_statements import as_sqlalchemy_error

if TYPE_CHECKING:
    from alembic.config import Config

# Connection execution option a write unit of work sets: SQLite then starts with BEGIN IMMEDIATE.
WRITE_OPTION = 'mentor_write'
MIGRATIONS_DIR = Path(__file__).parent / 'migrations'
# The newest migration's revision; tests/integration/test_migrations.py checks it against the scripts.
SCHEMA_HEAD = '0018'
CONNECT_SECONDS = 5
# How long a statement waits for SQLite's write lock before "database is locked" (the driver's busy timeout).
BUSY_SECONDS = 30
# A writer's BEGIN IMMEDIATE waits for that lock in slices this long (P4). SQLite's busy handler sleeps 1, 2, 5, 10,
# 15 … up to 100 ms between tries, however soon the lock comes free: under a stream of writers, one that has waited
# long sleeps long, and the others' work ends waiting for it. Each slice starts that schedule over (no sleep over
# 10 ms); shorter slices mean more tries in Python, which take the GIL from the lock's holder (docs/performance.md,
# eighteenth session).
WRITE_WAIT_SLICE_MS = 20
_URL_OPTION = '--database-url (or MENTOR_DATABASE_URL)'
# Any constant: serialises migrations of app instances that start together on one PostgreSQL.
_MIGRATION_LOCK_KEY = 727_001


class DatabaseUnavailableError(Exception):
    """The app cannot open its database; the message is one line that says what to do."""


def normalize_url(url: str) -> URL:
    """`postgresql://…` becomes `postgresql+psycopg://…` (psycopg 3 is the only driver installed)."""
    parsed = make_url(url)
    if parsed.drivername in ('postgresql', 'postgres'):
        parsed = parsed.set(drivername='postgresql+psycopg')
    return parsed


def make_engine(url: str) -> Engine:
    """An engine for a SQLite file (WAL, foreign keys, IMMEDIATE write transactions) or PostgreSQL."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == 'sqlite':
        return _sqlite_engine(parsed)
    # A server that does not answer fails a connection attempt after CONNECT_SECONDS, not the system's minutes.
    return create_engine(parsed, pool_pre_ping=True, connect_args={'connect_timeout': CONNECT_SECONDS})


def database_answers(engine: Engine) -> bool:
    """True when the database runs a trivial query (for /healthz)."""
    try:
        with engine.connect() as connection:
            connection.execute(text('SELECT 1'))
    except sa_exc.DBAPIError:
        return False
    return True


def open_database(url: str) -> Engine:
    """An engine on a database migrated to SCHEMA_HEAD, or DatabaseUnavailableError saying how to fix the URL."""
    parsed = normalize_url(url)
    try:
        engine = make_engine(url)
        migrate_to_head(engine)
    except OSError as error:  # the SQLite file's directory could not be made
        problem = 'a file is in the way' if isinstance(error, FileExistsError) else error.strerror
        raise DatabaseUnavailableError(
            f'cannot create the directory {error.filename} for the SQLite database ({problem}); '
            f'choose another path with {_URL_OPTION}, e.g. sqlite:///data/mentor.db'
        ) from None
    except sa_exc.DBAPIError as error:
        raise DatabaseUnavailableError(_unavailable_message(parsed, error)) from None
    return engine


def _unavailable_message(url: URL, error: sa_exc.DBAPIError) -> str:
    reason = _driver_reason(error)
    if url.get_backend_name() == 'sqlite':
        if 'not a database' in reason:
            return f'{url.database} is not a SQLite database ({reason}); choose another file with {_URL_OPTION}'
        return (
            f'cannot open the SQLite database {url.database} ({reason}); make its directory writable '
            f'or choose another path with {_URL_OPTION}'
        )
    where = f'{url.host or "localhost"}:{url.port or 5432}'
    user = url.username or 'postgres'
    if f'database "{url.database}" does not exist' in reason:
        create = f'createdb -h {url.host or "localhost"} -p {url.port or 5432} -U {user} {url.database}'
        return f'PostgreSQL at {where} has no database "{url.database}"; create it: {create}'
    if 'password authentication failed' in reason or f'role "{user}" does not exist' in reason:
        return f'PostgreSQL at {where} refused user "{user}" ({reason}); check the user and password in {_URL_OPTION}'
    if 'Connection refused' in reason or 'resolve host' in reason or 'timeout expired' in reason:
        return (
            f'cannot reach PostgreSQL at {where} ({reason}); start the server there '
            f'or correct the host and port in {_URL_OPTION}'
        )
    return f'cannot open the database {url.render_as_string(hide_password=True)} ({reason})'


def _driver_reason(error: sa_exc.DBAPIError) -> str:
    """The driver's own words, on one line: psycopg's text after "failed:", without "FATAL:"."""
    first_line = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else type(error.orig).__name__
    reason = first_line.rsplit(' failed: ', 1)[-1]
    return reason.removeprefix('FATAL:').strip()


def _unicode_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ':memory:' and not url.database.startswith('file:'):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={'check_same_thread': False, 'timeout': BUSY_SECONDS})

    @event.listens_for(engine, 'connect')
    def on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from the driver; `on_begin` below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        # Unicode-aware lower() so that case-insensitive search behaves as on PostgreSQL.
        dbapi_connection.create_function('lower', 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute('PRAGMA journal_mode=WAL')
            cursor.execute('PRAGMA foreign_keys=ON')
            cursor.execute(f'PRAGMA busy_timeout={BUSY_SECONDS * 1000}')
            cursor.execute('PRAGMA synchronous=NORMAL')
        finally:
            cursor.close()

    @event.listens_for(engine, 'begin')
    def on_begin(connection: Connection) -> None:
        # Writers take the write lock up front, so a seat check and its insert cannot interleave.
        if connection.get_execution_options().get(WRITE_OPTION, False):
            _begin_writing(connection)
        else:
            connection.exec_driver_sql('BEGIN')

    return engine


def _begin_writing(connection: Connection) -> None:
    """BEGIN IMMEDIATE, waiting for SQLite's write lock in slices of `WRITE_WAIT_SLICE_MS` for up to
    `BUSY_SECONDS`; a driver error (at last "database is locked": TryAgain) raised as SQLAlchemy raises it."""
    driver = connection.connection.dbapi_connection
    assert driver is not None  # `connection.connection` reconnects, or raises if it cannot
    cursor = None
    try:
        cursor = driver.cursor()
        cursor.execute(f'PRAGMA busy_timeout={WRITE_WAIT_SLICE_MS}')
        try:
            _begin_immediate(cursor, time.monotonic() + BUSY_SECONDS)
        finally:
            cursor.execute(f'PRAGMA busy_timeout={BUSY_SECONDS * 1000}')  # every other statement waits as long
        cursor.close()
    except sqlite3.Error as error:
        raise as_sqlalchemy_error(connection, 'BEGIN IMMEDIATE', (), error, cursor) from error


def _begin_immediate(cursor: DBAPICursor, deadline: float) -> None:
    """Try BEGIN IMMEDIATE until it gets the lock or `deadline` (time.monotonic) passes; other errors at once."""
    while True:
        try:
            cursor.execute('BEGIN IMMEDIATE')
            return
        except sqlite3.OperationalError as error:
            code = getattr(error, 'sqlite_errorcode', 0)  # extended codes keep SQLITE_BUSY in the low byte
            if code & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise


def alembic_config(**attributes: Any) -> Config:
    """Alembic configuration without an alembic.ini file."""
    from alembic.config import Config  # Alembic costs a quarter second to import: only when migrating (P7)

    config = Config()
    config.set_main_option('script_location', str(MIGRATIONS_DIR))
    config.attributes.update(attributes)
    return config


def migrate_to_head(engine: Engine) -> None:
    """Bring the database schema to the newest revision, in one transaction.

    A database already at SCHEMA_HEAD costs one query, and Alembic is not even imported (P7).
    """
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if engine.dialect.name == 'postgresql':
                connection.execute(text('SELECT pg_advisory_xact_lock(:key)'), {'key': _MIGRATION_LOCK_KEY})
            if _schema_revisions(connection) == [SCHEMA_HEAD]:
                return
            from alembic import command

            command.upgrade(alembic_config(connection=connection), 'head')


def _schema_revisions(connection: Connection) -> list[str]:
    """What Alembic recorded as the database's revision; empty for a new database."""
    if not inspect(connection).has_table('alembic_version'):
        return []
    return list(connection.execute(text('SELECT version_num FROM alembic_version')).scalars())
