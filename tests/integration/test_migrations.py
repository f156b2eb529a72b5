"""The migrations produce exactly the schema persistence/tables.py declares, on both databases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import persistence.tables  # noqa: F401  (the tables on the metadata)
from persistence.database import SCHEMA_HEAD, WRITE_OPTION, alembic_config, migrate_to_head
from persistence.tables import in_these_tables
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user, enroll

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        opts = {'compare_type': True, 'include_object': in_these_tables}
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, SQLModel.metadata))


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_a_migrated_database_matches_the_tables_exactly(engine: Engine) -> None:
    assert _differences(engine) == []
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert _current_revision(engine) == head


def test_migrating_again_changes_nothing(engine: Engine) -> None:
    migrate_to_head(engine)
    assert _differences(engine) == []


def test_the_migrations_can_be_undone_and_done_again(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            command.downgrade(alembic_config(connection=connection), 'base')
    assert set(inspect(engine).get_table_names()) == {'alembic_version'}
    migrate_to_head(engine)
    assert _differences(engine) == []


def _migrate(engine: Engine, action: str, revision: str) -> None:
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            getattr(command, action)(alembic_config(connection=connection), revision)


def test_migration_0003_counts_the_seats_already_taken(uow_factory: SqlUnitOfWorkFactory, engine: Engine) -> None:
    """M1, P4: a database with enrollments from before `sessions.seats_taken` starts with the right counts."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    empty = add_session(uow_factory, add_mentor(uow_factory, 'Otto'), start_at=NOW + 5 * HOUR)
    enroll(uow_factory, session, add_user(uow_factory, 'Ann'))
    bob = add_user(uow_factory, 'Bob')  # before the downgrade: the users table of today has later columns
    _migrate(engine, 'downgrade', '0002')
    assert 'seats_taken' not in {column['name'] for column in inspect(engine).get_columns('sessions')}
    with engine.begin() as connection:  # written while no trigger kept the count
        connection.execute(
            text(
                'INSERT INTO enrollments (session_id, mentee_id, enrollment_type, created_at)'
                " VALUES (:s, :m, 'Invited', :at)"
            ),
            {'s': session.id, 'm': bob.id, 'at': NOW},
        )
    _migrate(engine, 'upgrade', 'head')
    with uow_factory() as uow:
        checks = [uow.enrollments.seat_check(found.id, 404) for found in (session, empty)]
    assert [check.seats_taken for check in checks if check is not None] == [2, 0]


def test_schema_head_names_the_newest_migration() -> None:
    """P7: start-up skips Alembic when the database is at SCHEMA_HEAD, so the constant must follow the scripts."""
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


_START_APP_DATABASE = """
import sys
import main  # the whole app, as `python main.py` imports it
from persistence.database import make_engine, migrate_to_head
from sqlalchemy import text
engine = make_engine(sys.argv[1])
migrate_to_head(engine)
with engine.connect() as connection:
    print(connection.execute(text('SELECT version_num FROM alembic_version')).scalar_one())
print(sorted(name for name in ('alembic', 'psycopg') if name in sys.modules))
"""


def _start_in_new_process(url: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, '-c', _START_APP_DATABASE, url],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.split('\n')[:2]


def test_a_database_at_head_starts_without_importing_alembic_or_psycopg(tmp_path: Path) -> None:
    """P7: on a SQLite database already at the newest revision, neither Alembic nor psycopg is loaded."""
    url = f'sqlite:///{tmp_path / "mentor.db"}'
    assert _start_in_new_process(url) == [SCHEMA_HEAD, "['alembic']"]  # a new database is migrated
    assert _start_in_new_process(url) == [SCHEMA_HEAD, '[]']  # the next start only reads its revision


def test_migration_0014_gives_a_fresh_install_starting_lists_and_leaves_lists_in_use_alone(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    """R7: a fresh install's pickers are not empty; an install whose lists are in use keeps them as they are."""
    from domain.entities import OptionKind

    _migrate(engine, 'downgrade', '0013')
    _migrate(engine, 'upgrade', 'head')  # the options table is empty: a fresh install
    with uow_factory(read_only=True) as uow:
        starting = {kind: [o.label for o in uow.options.list(kind)] for kind in OptionKind}
    assert starting[OptionKind.MEDIUM] == ['English', 'Hindi', 'Spanish', 'French']
    assert 'Career development' in starting[OptionKind.CATEGORIES]
    assert 'Students' in starting[OptionKind.RECOMMENDED_FOR]
    assert all(len(labels) >= 4 for labels in starting.values())
    with engine.begin() as connection:
        connection.execute(text('DELETE FROM options'))
    _migrate(engine, 'downgrade', '0013')
    with engine.begin() as connection:  # the table of 0013, without the column `retired`
        connection.execute(
            text(
                'INSERT INTO options (kind, label, label_key, custom, position)'
                " VALUES (:k, 'Esperanto', 'esperanto', :c, 1)"
            ),
            {'k': OptionKind.MEDIUM.value, 'c': False},
        )
    _migrate(engine, 'upgrade', 'head')
    with uow_factory(read_only=True) as uow:
        assert [o.label for o in uow.options.list(OptionKind.MEDIUM)] == ['Esperanto']
        assert uow.options.list(OptionKind.CATEGORIES) == []
