"""M1, C5, C6, R5: search matches every word, case and accents folded — each searchable text stored folded beside
it (`sessions.search_title`, `users.search_name`, `users.search_email`, as `rules.folded` writes them), so that a
search compares stored columns and folds nothing but its own words.

Plain ADD COLUMN (not a batch copy), as in 0006 and 0007; the rows there are folded once, here.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from domain.rules import folded

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {'sessions': {'search_title': 'title'}, 'users': {'search_name': 'name', 'search_email': 'email'}}


def upgrade() -> None:
    connection = op.get_bind()
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, sa.Column(column, sa.Text(), server_default='', nullable=False))
        sources = ', '.join(columns.values())
        rows = connection.execute(sa.text(f'SELECT id, {sources} FROM {table}')).all()  # noqa: S608  our own names
        setting = ', '.join(f'{column} = :{column}' for column in columns)
        update = sa.text(f'UPDATE {table} SET {setting} WHERE id = :id')  # noqa: S608  our own names
        values = [{'id': row[0], **dict(zip(columns, map(folded, row[1:]), strict=True))} for row in rows]
        if values:
            connection.execute(update, values)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
