"""Engines: SQLite in WAL mode with foreign keys and serialised writers; PostgreSQL through psycopg 3."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from domain.entities import Enrollment, EnrollmentType
from domain.errors import TryAgain
from persistence import database
from persistence.database import make_engine, migrate_to_head, normalize_url
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import NOW


def test_a_sqlite_file_is_created_with_its_directory_in_wal_mode_with_foreign_keys(tmp_sqlite_path: Path) -> None:
    engine = make_engine(f'sqlite:///{tmp_sqlite_path}')
    try:
        with engine.connect() as connection:
            assert connection.scalar(text('PRAGMA journal_mode')) == 'wal'
            assert connection.scalar(text('PRAGMA foreign_keys')) == 1
            assert connection.scalar(text('PRAGMA busy_timeout')) == 30_000
        assert tmp_sqlite_path.exists()
    finally:
        engine.dispose()


def test_sqlite_refuses_rows_that_point_nowhere(tmp_sqlite_path: Path) -> None:
    engine = make_engine(f'sqlite:///{tmp_sqlite_path}')
    migrate_to_head(engine)
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='fk')
    try:
        with pytest.raises(IntegrityError), factory() as uow:
            uow.enrollments.add(Enrollment(404, 405, EnrollmentType.ENROLLED, NOW))
    finally:
        engine.dispose()


def test_sqlite_write_units_of_work_take_turns_while_readers_go_on(tmp_sqlite_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer waits for the first to finish (through many of its waiting slices, P4);
    a reader does not wait."""
    engine = make_engine(f'sqlite:///{tmp_sqlite_path}')
    migrate_to_head(engine)
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='wal')
    order: list[str] = []
    first_has_lock = threading.Event()

    def second_writer() -> None:
        first_has_lock.wait(5)
        with factory() as uow:
            seen = [org.name for org in uow.users.organizations()]
            order.append(f'second writer began and saw {seen}')
            uow.users.add_organization('Second')
            uow.commit()

    try:
        thread = threading.Thread(target=second_writer)
        thread.start()
        with factory() as uow:
            uow.users.organizations()  # the first statement begins the IMMEDIATE transaction
            first_has_lock.set()
            time.sleep(0.3)
            with factory(read_only=True) as reader:
                assert reader.users.organizations() == []
            order.append('first writer commits')
            uow.users.add_organization('First')
            uow.commit()
        thread.join(10)
        assert order == ['first writer commits', "second writer began and saw ['First']"]
    finally:
        engine.dispose()


def test_sqlite_a_writer_kept_from_the_lock_too_long_hears_database_is_locked(
    tmp_sqlite_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `BUSY_SECONDS` of waiting slices a writer's "database is locked" reaches the unit of work as the passing
    fault it is (TryAgain: "Nothing was changed; please try again."), its connection waits as long as before for
    what follows, and the next writer gets in once the lock is free."""
    monkeypatch.setattr(database, 'BUSY_SECONDS', 1)
    engine = make_engine(f'sqlite:///{tmp_sqlite_path}')
    migrate_to_head(engine)
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='locked')
    holder = sqlite3.connect(tmp_sqlite_path, isolation_level=None)
    try:
        holder.execute('BEGIN IMMEDIATE')
        with pytest.raises(TryAgain) as refused, factory() as uow:
            uow.users.organizations()
        assert isinstance(refused.value.__cause__, OperationalError)
        assert 'database is locked' in str(refused.value.__cause__)
        holder.execute('ROLLBACK')
        with factory() as uow:
            uow.users.add_organization('After the wait')
            uow.commit()
        with engine.connect() as connection:
            assert connection.scalar(text('PRAGMA busy_timeout')) == 1_000  # not the 20 ms of a slice
        with factory(read_only=True) as reader:
            assert [org.name for org in reader.users.organizations()] == ['After the wait']
    finally:
        holder.close()
        engine.dispose()


def test_sqlite_a_writer_s_begin_on_a_lost_connection_fails_as_sqlalchemy_says_and_drops_it(
    tmp_sqlite_path: Path,
) -> None:
    """Any other driver error while a writer begins comes as SQLAlchemy's own error (what the unit of work knows),
    not the driver's, and a connection that is gone is not handed out again."""
    engine = make_engine(f'sqlite:///{tmp_sqlite_path}')
    try:
        with engine.connect() as connection:
            driver = connection.connection.dbapi_connection
            assert driver is not None
            driver.close()  # the database went away under the pooled connection
            writer = connection.execution_options(**{database.WRITE_OPTION: True})
            with pytest.raises(DBAPIError, match='closed database') as refused:
                writer.begin()
            assert refused.value.connection_invalidated
    finally:
        engine.dispose()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url('postgresql://u@h/db').drivername == 'postgresql+psycopg'
    assert normalize_url('postgresql+psycopg://u@h/db').drivername == 'postgresql+psycopg'
    engine = make_engine('postgresql://u@127.0.0.1:1/db')
    try:
        assert engine.dialect.driver == 'psycopg'
        assert engine.pool._pre_ping
    finally:
        engine.dispose()
