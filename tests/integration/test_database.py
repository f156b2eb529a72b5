"""Engines: SQLite in WAL mode with foreign keys and serialised writers; PostgreSQL through psycopg 3."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from domain.entities import Enrollment, EnrollmentType
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
    """BEGIN IMMEDIATE: a second writer waits for the first to finish; a reader does not wait."""
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


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url('postgresql://u@h/db').drivername == 'postgresql+psycopg'
    assert normalize_url('postgresql+psycopg://u@h/db').drivername == 'postgresql+psycopg'
    engine = make_engine('postgresql://u@127.0.0.1:1/db')
    try:
        assert engine.dialect.driver == 'psycopg'
        assert engine.pool._pre_ping
    finally:
        engine.dispose()
