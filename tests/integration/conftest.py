"""Real databases: every test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL is named by MENTOR_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test).
Unset: the PostgreSQL cases are skipped. Set but unreachable: they fail, so that CI cannot skip them silently.
Each test module gets a fresh, uniquely named PostgreSQL database, dropped afterwards; each test starts empty.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from persistence.database import make_engine, migrate_to_head, normalize_url
from persistence.events import InMemoryEventBus, libpq_dsn
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import RecordingSubscriber

POSTGRES_ENV = 'MENTOR_TEST_POSTGRES_URL'
DATABASES = ['sqlite', pytest.param('postgres', marks=pytest.mark.postgres)]


def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f'{POSTGRES_ENV} is not set')
    return url


def _admin_connect(server_url: str) -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(libpq_dsn(server_url), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f'{POSTGRES_ENV} is set but PostgreSQL is unreachable: {error}', pytrace=False)


@pytest.fixture(scope='module')
def fresh_postgres_url() -> Iterator[str]:
    """A new, empty database on the test server, dropped after the module."""
    server_url = postgres_server_url()
    name = f'mentor_test_{uuid.uuid4().hex[:12]}'
    with _admin_connect(server_url) as admin:
        admin.execute(f'CREATE DATABASE {name}')
    try:
        yield normalize_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin_connect(server_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')


@pytest.fixture(scope='module', params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty database of each kind (SQLite file in a directory that does not exist yet)."""
    if request.param == 'sqlite':
        return f'sqlite:///{tmp_path_factory.mktemp("db") / "not-yet" / "mentor.db"}'
    url: str = request.getfixturevalue('fresh_postgres_url')
    return url


def _empty_all_tables(engine: Engine) -> None:
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == 'postgresql':
            names = ', '.join(table.name for table in tables)
            connection.execute(text(f'TRUNCATE {names} RESTART IDENTITY CASCADE'))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database, emptied after the test; a fresh install's starting option lists (R7) are emptied
    before it too, so every test starts from nothing."""
    engine = make_engine(database_url)
    migrate_to_head(engine)
    with engine.begin() as connection:
        connection.execute(text('DELETE FROM options'))
    try:
        yield engine
    finally:
        try:
            _empty_all_tables(engine)
        finally:
            engine.dispose()


@pytest.fixture
def bus() -> InMemoryEventBus:
    return InMemoryEventBus()


@pytest.fixture
def received(bus: InMemoryEventBus) -> RecordingSubscriber:
    subscriber = RecordingSubscriber()
    bus.subscribe(subscriber)
    return subscriber


@pytest.fixture
def uow_factory(engine: Engine, bus: InMemoryEventBus) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine, bus, instance_id='test-instance')


@pytest.fixture
def tmp_sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / 'nested' / 'dir' / 'mentor.db'
