"""The migrations produce exactly the schema persistence/tables.py declares, on both databases."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import persistence.tables  # noqa: F401  (the tables on the metadata)
from persistence.database import WRITE_OPTION, alembic_config, migrate_to_head


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={'compare_type': True})
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
