"""Alembic environment: run programmatically by `persistence.database.migrate_to_head`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import persistence.tables  # (registers the tables on the metadata)

target_metadata = SQLModel.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == 'sqlite',  # SQLite alters tables by copying them
        compare_type=True,
        include_object=persistence.tables.in_these_tables,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get('connection')
    if connection is None:
        raise RuntimeError('run migrations through persistence.database.migrate_to_head(engine)')
    run_migrations(connection)


main()
